package io.hubsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.core.AssociationSweep;
import io.hubsync.emulator.EmulatorFixture;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Associations in the emulator (made through its v4 API, read from its admin dump) against the
 * {@code associations} table, and the association sweep run as its route: for the tests of the sync,
 * the notices and verify.
 */
public final class AssociationsFixture {
    private final EmulatorFixture emu;
    private final SyncHarness sync;

    public AssociationsFixture(EmulatorFixture emu, SyncHarness sync) {
        this.emu = emu;
        this.sync = sync;
    }

    public void assertSame(String from, String to) throws Exception {
        Map<Long, Map<Long, Set<Integer>>> want = expected(from, to);
        Map<Long, Map<Long, Set<Integer>>> have = stored(from, to);
        if (!want.equals(have)) {
            List<String> diff = new ArrayList<>();
            Set<Long> ids = new TreeSet<>(want.keySet());
            ids.addAll(have.keySet());
            for (Long id : ids) {
                if (!java.util.Objects.equals(want.get(id), have.get(id)) && diff.size() < 5) {
                    diff.add(id + ": want " + want.get(id) + ", have " + have.get(id));
                }
            }
            throw new AssertionError(from + "→" + to + " differs (" + want.size() + " records want, " + have.size()
                    + " have): " + diff);
        }
    }

    public List<Long> ids(String type) {
        JsonNode dump = emu.admin("GET", "/portals/" + emu.portalId + "/" + type + "/dump", null).json();
        List<Long> out = new ArrayList<>();
        for (JsonNode r : dump.get("records")) {
            if (r.get("state").asText().equals("live")) {
                out.add(r.get("id").asLong());
            }
        }
        return out;
    }

    public boolean linked(long contact, long company) {
        JsonNode links = emu.get("/crm/v4/objects/contacts/" + contact + "/associations/companies").json();
        for (JsonNode l : links.get("results")) {
            if (l.get("toObjectId").asLong() == company) {
                return true;
            }
        }
        return false;
    }

    /** Unlabeled associations through the emulator's v4 batch endpoint, 1,000 a call. */
    public void associate(String from, String to, List<long[]> pairs) {
        for (int i = 0; i < pairs.size(); i += 1_000) {
            StringBuilder b = new StringBuilder("{\"inputs\":[");
            for (int k = i; k < Math.min(pairs.size(), i + 1_000); k++) {
                b.append(k == i ? "" : ",").append("{\"from\":{\"id\":\"").append(pairs.get(k)[0])
                 .append("\"},\"to\":{\"id\":\"").append(pairs.get(k)[1]).append("\"}}");
            }
            int status = emu.post("/crm/v4/associations/" + from + "/" + to + "/batch/associate/default", b + "]}").status();
            assertEquals(200, status);
        }
    }

    /** The emulator's live associations: from id → to id → type ids (records without any left out). */
    public Map<Long, Map<Long, Set<Integer>>> expected(String from, String to) {
        JsonNode dump = emu.admin("GET", "/portals/" + emu.portalId + "/" + from + "/dump?associations=" + to, null).json();
        Map<Long, Map<Long, Set<Integer>>> out = new TreeMap<>();
        for (JsonNode r : dump.get("records")) {
            JsonNode links = r.path("associations").path(to);
            for (JsonNode l : links) {
                Set<Integer> types = out.computeIfAbsent(r.get("id").asLong(), k -> new TreeMap<>())
                        .computeIfAbsent(l.get("id").asLong(), k -> new TreeSet<>());
                l.get("typeIds").forEach(t -> types.add(t.asInt()));
            }
        }
        return out;
    }

    public Map<Long, Map<Long, Set<Integer>>> stored(String from, String to) throws Exception {
        Map<Long, Map<Long, Set<Integer>>> out = new TreeMap<>();
        try (Connection c = sync.jdbc(); PreparedStatement ps = c.prepareStatement("SELECT from_id, to_id, type_id "
                + "FROM associations WHERE from_type = ? AND to_type = ? AND deleted IS NULL")) {
            ps.setString(1, from);
            ps.setString(2, to);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getLong(1), k -> new TreeMap<>())
                       .computeIfAbsent(rs.getLong(2), k -> new TreeSet<>()).add(rs.getInt(3));
                }
            }
        }
        return out;
    }

    public AssociationSweep sweep(String type) {
        try (ProducerTemplate t = sync.context().createProducerTemplate()) {
            Exchange done = t.request("direct:association-sweep", e -> {
                e.setProperty("connectionId", "default");
                e.setProperty("objectType", type);
            });
            if (done.getException() != null) {
                throw new AssertionError(done.getException());
            }
            return done.getMessage().getBody(AssociationSweep.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
