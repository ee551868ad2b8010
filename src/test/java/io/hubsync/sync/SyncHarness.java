package io.hubsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.crm.ObjectStore;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The sync as users run it (camel-main, the YAML routes in routes/, application.properties) against
 * an emulator, with an H2 file database of its own under target/. Compares the database with the
 * emulator's dump, the oracle.
 */
public final class SyncHarness implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    public final EmulatorFixture emu;
    public final String dbUrl;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Main main;

    public SyncHarness(EmulatorFixture emu) {
        this.emu = emu;
        this.dbUrl = "jdbc:h2:file:./target/test-db/" + UUID.randomUUID() + ";AUTO_SERVER=TRUE";
        overrides.put("hubspot.base-url", emu.base);
        overrides.put("hubspot.access-token", emu.token);
        overrides.put("db.url", dbUrl);
        overrides.put("sync.search-lag", "0s");
        overrides.put("hubspot.retry-delay", "10ms");
        overrides.put("hubspot.secondly-wait", "50ms");
        overrides.put("hubspot.ten-secondly-wait", "50ms");
        overrides.put("sync.progress-every", "1s");
        // the emulator runs without rate limits unless a test turns them on (and sets these to match)
        overrides.put("hubspot.rate-limit", "10000");
        overrides.put("hubspot.searches-per-second", "1000");
    }

    public SyncHarness set(String key, String value) {
        overrides.put(key, value);
        return this;
    }

    /** The properties this harness gives the sync, as -D options for a child JVM. */
    public List<String> systemProperties() {
        List<String> out = new ArrayList<>();
        overrides.forEach((k, v) -> out.add("-D" + k + "=" + v));
        return out;
    }

    /** A JDBC connection of the test's own (the H2 file is opened in AUTO_SERVER mode, so a child JVM may hold it). */
    public Connection jdbc() throws SQLException {
        return java.sql.DriverManager.getConnection(overrides.get("db.url"), overrides.getOrDefault("db.user", "sa"),
                overrides.getOrDefault("db.password", ""));
    }

    public long count(String sql) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The first column of the first row, as text (null when there is no row). */
    public String jdbcString(String sql) throws SQLException {
        try (Connection c = jdbc(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The ids of the records stored live (no tombstone), in id order. */
    public List<Long> liveIds() throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT id FROM records WHERE deleted IS NULL ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    public Map<String, String> overrides() { return overrides; }

    /** A counter of hubsync's metrics by its Micrometer name and tags (docs/operations.md); 0 when nothing counted yet. */
    public double counter(String name, String... tags) {
        io.micrometer.core.instrument.Counter c = context().getRegistry()
                .lookupByNameAndType("hubsyncMeters", io.hubsync.observe.Meters.class).registry()
                .find(name).tags(tags).counter();
        return c == null ? 0 : c.count();
    }

    /** A port nothing listens on now, for hubsync's own server (server.port). */
    public static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public CamelContext start() throws Exception {
        return start(false);
    }

    /** @param schedules with the Quartz schedules, as {@code run} starts them */
    public CamelContext start(boolean schedules) throws Exception {
        main = new SyncMain(overrides).build(schedules);
        main.start();
        return main.getCamelContext();
    }

    public CamelContext context() { return main.getCamelContext(); }

    public DataSource dataSource() { return context().getRegistry().lookupByNameAndType("dataSource", DataSource.class); }

    /** One run per object type of sync.objects; fails the test if one failed. */
    public List<SyncRun> runOnce() {
        List<SyncRun> runs = SyncMain.runOnce(context());
        for (SyncRun r : runs) {
            if (!r.isSucceeded()) {
                throw new AssertionError("run failed: " + r.getError());
            }
        }
        return runs;
    }

    /** Runs until a run reads nothing new (backfill, then windows). */
    public void syncUntilQuiet(int maxRuns) {
        for (int i = 0; i < maxRuns; i++) {
            SyncRun r = runOnce().get(0);
            if (!r.getStartPhase().equals(SyncRun.INITIAL) && r.getAdded() + r.getUpdated() == 0) {
                return;
            }
        }
        throw new AssertionError("still changing after " + maxRuns + " runs");
    }

    public void stop() {
        if (main != null) {
            main.stop();
            main = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** A stored live record: last-modified ms and the hash of its properties as the emulator's dump computes it. */
    public record Stored(long lastModified, boolean archived, String hash) { }

    public Map<Long, Stored> stored(String objectType) throws SQLException {
        return stored(overrides.getOrDefault("sync.connection", "default"), objectType);
    }

    public Map<Long, Stored> stored(String connectionId, String objectType) throws SQLException {
        Map<Long, Stored> out = new HashMap<>();
        try (Connection c = dataSource().getConnection();
             // live records only: a tombstone (deleted set) stands for a record HubSpot no longer has
             PreparedStatement ps = c.prepareStatement("SELECT id, last_modified, archived, properties FROM records "
                     + "WHERE connection_id = ? AND object_type = ? AND deleted IS NULL")) {
            ps.setString(1, connectionId);
            ps.setString(2, objectType);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new Stored(rs.getTimestamp(2).getTime(), rs.getBoolean(3),
                            hash(rs.getString(4))));
                }
            }
        }
        return out;
    }

    public static String hash(String propertiesJson) {
        try {
            JsonNode n = JSON.readTree(propertiesJson);
            TreeMap<String, String> sorted = new TreeMap<>();
            n.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    sorted.put(e.getKey(), e.getValue().asText());
                }
            });
            StringBuilder sb = new StringBuilder();
            sorted.forEach((k, v) -> sb.append(k).append('=').append(v).append('\n'));
            return ObjectStore.sha256(sb.toString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The emulator's live records as the sync should have stored them, hashed over what it stores. */
    public Map<Long, Stored> expected(String objectType, List<String> properties) {
        return expected(emu.portalId, objectType, properties);
    }

    public Map<Long, Stored> expected(long portalId, String objectType, List<String> properties) {
        String q = "/portals/" + portalId + "/" + objectType + "/dump?properties=" + String.join(",", properties);
        JsonNode dump = emu.admin("GET", q, null).json();
        Map<Long, Stored> out = new HashMap<>();
        for (JsonNode r : dump.get("records")) {
            if (r.get("state").asText().equals("live")) {
                out.put(r.get("id").asLong(), new Stored(r.get("lastModified").asLong(), false, r.get("hash").asText()));
            }
        }
        return out;
    }

    /** What differs between the database and the emulator, in at most a few lines (empty when equal). */
    public List<String> differences(String objectType, List<String> properties) throws SQLException {
        return differences(overrides.getOrDefault("sync.connection", "default"), emu.portalId, objectType, properties);
    }

    /** The same for one connection and the emulator portal it syncs. */
    public List<String> differences(String connectionId, long portalId, String objectType, List<String> properties)
            throws SQLException {
        Map<Long, Stored> want = expected(portalId, objectType, properties);
        Map<Long, Stored> have = stored(connectionId, objectType);
        List<String> diff = new ArrayList<>();
        int missing = 0;
        int stale = 0;
        int extra = 0;
        for (Map.Entry<Long, Stored> e : want.entrySet()) {
            Stored h = have.get(e.getKey());
            if (h == null) {
                if (missing++ < 3) {
                    diff.add("missing " + e.getKey());
                }
            } else if (!h.equals(e.getValue())) {
                if (stale++ < 3) {
                    diff.add("stale " + e.getKey() + ": have " + h + " want " + e.getValue());
                }
            }
        }
        for (Long id : have.keySet()) {
            if (!want.containsKey(id) && extra++ < 3) {
                diff.add("extra " + id);
            }
        }
        if (missing + stale + extra > 0) {
            diff.add(0, missing + " missing, " + stale + " stale, " + extra + " extra of " + want.size());
        }
        return diff;
    }
}
