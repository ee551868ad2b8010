package io.hubsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.auth.LogCapture;
import io.hubsync.core.HubSpotOwnersPage;
import io.hubsync.core.MalformedResponseException;
import io.hubsync.core.OwnersRead;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.auth.Scopes;
import io.hubsync.store.ConnectionStore;
import io.hubsync.store.StoredOwners;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HubSpot's owners (docs/owners.md) read in full from the emulator over HTTP into the owners table on
 * H2: every page of both lists, changes as new change_seq values (and only changes), archived and
 * vanished owners as tombstones, a missing scope as one WARN and no failure, a malformed page as a
 * failed read that writes nothing; records join their owners in SQL.
 */
class OwnersSyncTest {
    /** 1,500 seeded: the last fifth archived, so 1,200 live (three pages of 500) and 300 archived */
    static final int OWNERS = 1500;
    EmulatorFixture emu;
    SyncHarness sync;

    @BeforeEach
    void start() {
        emu = new EmulatorFixture(c -> {
            c.contacts = 40;
            c.owners = OWNERS;
        });
        sync = new SyncHarness(emu);
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    @Test
    void everyOwnerIsReadAcrossPagesAndRecordsJoinThem() throws Exception {
        sync.start();
        sync.runOnce();
        OwnersRead read = read();
        SyncRun run = read.getRun();
        assertTrue(run.isSucceeded(), run.getError());
        assertEquals(1200, sync.count("SELECT COUNT(*) FROM owners WHERE deleted IS NULL AND archived = FALSE"));
        assertEquals(300, sync.count("SELECT COUNT(*) FROM owners WHERE deleted = 'ARCHIVED' AND archived = TRUE"));
        assertEquals(1200, run.getAdded());
        assertEquals(300, run.getDeleted(), "archived owners never stored: tombstones of their own");
        assertEquals(4, run.getRequests(), "three pages of 500 live owners, one of archived ones");
        assertEquals(1, sync.count("SELECT COUNT(*) FROM sync_runs WHERE object_type = 'owners' AND phase = 'OWNERS' "
                + "AND success = TRUE AND added = 1200 AND deleted = 300 AND requests = 4"));
        assertEquals(dump(), stored(), "every owner as the emulator has it");

        // records name their owners by hubspot_owner_id: the join finds every one
        long assigned = sync.count("SELECT COUNT(*) FROM records WHERE object_type = 'contacts' "
                + "AND hs_prop(properties, 'hubspot_owner_id') IS NOT NULL");
        assertTrue(assigned > 0, "the emulator assigns owners to most contacts");
        assertEquals(assigned, sync.count("SELECT COUNT(*) FROM records r JOIN owners o ON o.connection_id = "
                + "r.connection_id AND o.id = hs_prop(r.properties, 'hubspot_owner_id') WHERE r.object_type = 'contacts' "
                + "AND o.deleted IS NULL"));

        // the same again: nothing changes, no change_seq moves
        long seq = sync.count("SELECT MAX(change_seq) FROM owners");
        OwnersRead again = read();
        assertEquals(0, again.getRun().getAdded() + again.getRun().getUpdated() + again.getRun().getDeleted());
        assertEquals(OWNERS, again.getRun().getUnchanged());
        assertEquals(seq, sync.count("SELECT MAX(change_seq) FROM owners"));

        // run --once: every connection never read is due, then none until the schedule's next time
        try (Connection c = sync.jdbc()) {
            c.createStatement().executeUpdate("DELETE FROM sync_runs WHERE object_type = 'owners'");
        }
        assertEquals(1, SyncMain.ownersDue(sync.context()).size());
        assertEquals(List.of(), SyncMain.ownersDue(sync.context()), "read within the hour: not due");

        // a connection deleted with its records takes its owners along
        assertTrue(sync.context().getRegistry().lookupByNameAndType("connections", ConnectionStore.class)
                .delete("default", true));
        assertEquals(0, sync.count("SELECT COUNT(*) FROM owners"));
    }

    @Test
    void anEditAnArchiveAndARestoreEachMoveOnlyTheirOwner() throws Exception {
        sync.start();
        assertTrue(read().getRun().isSucceeded());
        Map<String, Long> before = seqs();

        JsonNode edited = emu.admin("PATCH", "/portals/" + emu.portalId + "/owners/105",
                "{\"lastName\":\"Renamed\",\"teams\":[{\"id\":\"9\",\"name\":\"Nine\",\"primary\":true}]}").json();
        OwnersRead afterEdit = read();
        assertEquals(1, afterEdit.getRun().getUpdated());
        assertEquals(OWNERS - 1, afterEdit.getRun().getUnchanged());
        Map<String, Long> seqs = seqs();
        assertTrue(seqs.get("105") > before.get("105"));
        assertEquals(changedOnly(before, seqs), Set.of("105"), "only the edited owner has a new change_seq");
        assertEquals("Renamed", sync.jdbcString("SELECT last_name FROM owners WHERE id = '105'"));
        assertEquals("[{\"id\":\"9\",\"name\":\"Nine\",\"primary\":true}]",
                sync.jdbcString("SELECT teams FROM owners WHERE id = '105'"));
        assertEquals(java.time.Instant.parse(edited.get("updatedAt").asText()).toEpochMilli(), timestamp("105"));

        assertEquals(200, emu.admin("DELETE", "/portals/" + emu.portalId + "/owners/106", null).status());
        OwnersRead afterArchive = read();
        assertEquals(1, afterArchive.getRun().getDeleted());
        assertEquals("ARCHIVED", sync.jdbcString("SELECT deleted FROM owners WHERE id = '106'"));
        assertEquals("TRUE", sync.jdbcString("SELECT archived FROM owners WHERE id = '106'").toUpperCase());
        assertNotNull(sync.jdbcString("SELECT deleted_at FROM owners WHERE id = '106'"));
        assertNull(sync.jdbcString("SELECT user_id FROM owners WHERE id = '106'"), "an archived owner has no userId");
        Map<String, Long> archivedSeqs = seqs();
        assertEquals(Set.of("106"), changedOnly(seqs, archivedSeqs));

        assertEquals(200, emu.admin("POST", "/portals/" + emu.portalId + "/owners/106/restore", null).status());
        OwnersRead afterRestore = read();
        assertEquals(1, afterRestore.getRun().getUpdated());
        assertNull(sync.jdbcString("SELECT deleted FROM owners WHERE id = '106'"), "live again");
        assertNull(sync.jdbcString("SELECT deleted_at FROM owners WHERE id = '106'"));
        assertEquals(Set.of("106"), changedOnly(archivedSeqs, seqs()));

        // an owner HubSpot lists in neither list (stored by an earlier read, gone since): a GONE tombstone
        try (Connection c = sync.jdbc()) {
            c.createStatement().executeUpdate("INSERT INTO owners (connection_id, id, type, teams, created_at, "
                    + "updated_at, archived, change_seq, synced_at) VALUES ('default', '99999', 'PERSON', '[]', "
                    + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, FALSE, nextval('record_change_seq'), CURRENT_TIMESTAMP)");
        }
        Map<String, Long> withGhost = seqs();
        OwnersRead afterVanish = read();
        assertEquals(1, afterVanish.getRun().getDeleted());
        assertEquals("GONE", sync.jdbcString("SELECT deleted FROM owners WHERE id = '99999'"));
        assertEquals(Set.of("99999"), changedOnly(withGhost, seqs()));
        assertEquals(0, read().getRun().getDeleted(), "a GONE tombstone stays as it is");
        assertEquals(dump(), stored(), "every owner HubSpot has, as it has it");
    }

    @Test
    void aTokenWithoutTheOwnersScopeWarnsOnceAndFailsNothing() throws Exception {
        Set<String> scopes = new HashSet<>(Scopes.all());
        scopes.remove("crm.objects.owners.read");
        sync.set("hubspot.access-token", emu.emulator.auth().addPrivateApp(emu.portalId, scopes));
        sync.start();
        try (LogCapture logs = new LogCapture()) {
            sync.runOnce();
            OwnersRead first = read();
            OwnersRead second = read();
            for (OwnersRead r : List.of(first, second)) {
                assertTrue(r.getRun().isSucceeded(), "no failed read: " + r.getRun().getError());
                assertTrue(r.isMissingScope());
            }
            List<LogCapture.Line> warnings = logs.at(Level.WARN).stream()
                    .filter(l -> l.text().contains("crm.objects.owners.read")).toList();
            assertEquals(1, warnings.size(), "one WARN per connection: " + logs.all());
            assertTrue(warnings.get(0).text().contains("owners[default]"), warnings.get(0).text());
            assertEquals(List.of(), logs.at(Level.ERROR), "nothing at ERROR");
        }
        assertEquals(0, sync.count("SELECT COUNT(*) FROM owners"));
        assertEquals(2, sync.count("SELECT COUNT(*) FROM sync_runs WHERE object_type = 'owners' AND success = TRUE "
                + "AND checkpoint_to = 'missing scope crm.objects.owners.read'"));
        assertTrue(sync.liveIds().size() > 0, "the records sync went on as before");
    }

    @Test
    void aMalformedPageFailsTheReadAndWritesNothing() throws Exception {
        sync.set("hubspot.max-retries", "1");
        sync.start();
        assertTrue(read().getRun().isSucceeded());
        Map<String, List<String>> before = stored();
        Map<String, Long> seqs = seqs();
        emu.admin("PATCH", "/portals/" + emu.portalId + "/owners/110", "{\"firstName\":\"Changed\"}");
        emu.admin("DELETE", "/portals/" + emu.portalId + "/owners/111", null);
        // the first page whole, every later one cut off mid-body
        assertEquals(201, emu.admin("POST", "/faults", "{\"endpoint\":\"owners.list\",\"after\":1,"
                + "\"fault\":{\"kind\":\"truncate\",\"bytes\":300}}").status());

        OwnersRead failed = read();
        assertFalse(failed.getRun().isSucceeded());
        assertNotNull(failed.getRun().getError());
        assertEquals(before, stored(), "nothing written");
        assertEquals(seqs, seqs());
        assertEquals(1, sync.count("SELECT COUNT(*) FROM sync_runs WHERE object_type = 'owners' AND success = FALSE "
                + "AND error IS NOT NULL"));

        assertEquals(204, emu.admin("DELETE", "/faults", null).status());
        OwnersRead next = read();
        assertTrue(next.getRun().isSucceeded(), next.getRun().getError());
        assertEquals(Set.of("110", "111"), changedOnly(seqs, seqs()));
    }

    @Test
    void anOwnerLackingWhatHubSpotPromisesIsAMalformedPage() throws Exception {
        HubSpotOwnersPage noArchived = SyncHarness.JSON.readValue("{\"results\":[{\"id\":\"7\",\"type\":\"PERSON\","
                + "\"createdAt\":\"2024-01-01T00:00:00Z\",\"updatedAt\":\"2024-01-01T00:00:00Z\"}]}", HubSpotOwnersPage.class);
        assertThrows(MalformedResponseException.class, noArchived::validated);
        HubSpotOwnersPage badId = SyncHarness.JSON.readValue("{\"results\":[{\"id\":\"x7\",\"type\":\"PERSON\","
                + "\"createdAt\":\"2024-01-01T00:00:00Z\",\"updatedAt\":\"2024-01-01T00:00:00Z\",\"archived\":false}]}",
                HubSpotOwnersPage.class);
        assertThrows(MalformedResponseException.class, badId::validated);
        assertThrows(MalformedResponseException.class, () -> SyncHarness.JSON.readValue("{}", HubSpotOwnersPage.class)
                .validated());
    }

    @Test
    void twoReadsOfOneConnectionNeverOverlap() throws Exception {
        sync.start();
        StoredOwners owners = sync.context().getRegistry().lookupByNameAndType("storedOwners", StoredOwners.class);
        OwnersRead holder = owners.begin("default");
        assertTrue(holder.isClaimed());
        OwnersRead second = read();
        assertFalse(second.isClaimed(), "the lease is held");
        assertEquals(0, second.getRun().getRequests(), "no request of a read that did not get the lease");
        assertEquals(0, sync.count("SELECT COUNT(*) FROM owners"));
        holder.getRun().setSucceeded(true);
        owners.finish(holder);
        OwnersRead third = read();
        assertTrue(third.isClaimed(), "released: the next read runs");
        assertEquals(OWNERS, sync.count("SELECT COUNT(*) FROM owners"));
    }

    @Test
    void theScheduleExistsOnlyWhileOwnersAreOn() throws Exception {
        sync.start(true);
        assertNotNull(sync.context().getRoute("owners-schedule"));
        sync.stop();
        sync.set("sync.owners", "false");
        sync.start(true);
        assertNull(sync.context().getRoute("owners-schedule"));
        assertNotNull(sync.context().getRoute("schedule-contacts"), "the syncs are scheduled as before");
        assertEquals(List.of(), SyncMain.ownersDue(sync.context()), "run --once reads none either");
    }

    // ---------------------------------------------------------------- helpers

    OwnersRead read() {
        return read(sync);
    }

    /** One read of the default connection's owners, as a schedule tick or run --once starts it. */
    static OwnersRead read(SyncHarness sync) {
        try (ProducerTemplate t = sync.context().createProducerTemplate()) {
            Exchange done = t.request("direct:owners-read", e -> e.setProperty("connectionId", "default"));
            if (done.getException() != null) {
                throw new AssertionError(done.getException());
            }
            return done.getMessage().getBody(OwnersRead.class);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    long timestamp(String id) throws Exception {
        try (Connection c = sync.jdbc(); PreparedStatement ps = c.prepareStatement(
                "SELECT updated_at FROM owners WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getTimestamp(1).getTime();
            }
        }
    }

    Map<String, Long> seqs() throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = sync.jdbc(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT id, change_seq FROM owners")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    static Set<String> changedOnly(Map<String, Long> before, Map<String, Long> after) {
        Set<String> out = new java.util.TreeSet<>();
        after.forEach((id, seq) -> {
            if (!seq.equals(before.get(id))) {
                out.add(id);
            }
        });
        return out;
    }

    /** Every stored owner: its fields as the emulator's dump writes them, and its tombstone. */
    Map<String, List<String>> stored() throws Exception {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = sync.jdbc(); ResultSet rs = c.createStatement().executeQuery("SELECT id, email, first_name, "
                + "last_name, type, user_id, teams, created_at, updated_at, archived, deleted FROM owners")) {
            while (rs.next()) {
                if ("GONE".equals(rs.getString(11))) {
                    continue;
                }
                out.put(rs.getString(1), List.of(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        String.valueOf(rs.getObject(6)), rs.getString(7), rs.getTimestamp(8).toInstant().toString(),
                        rs.getTimestamp(9).toInstant().toString(), String.valueOf(rs.getBoolean(10)),
                        String.valueOf(rs.getString(11))));
            }
        }
        return out;
    }

    /** The emulator's owners (live and archived) in the same form. */
    Map<String, List<String>> dump() {
        Map<String, List<String>> out = new TreeMap<>();
        for (JsonNode o : emu.admin("GET", "/portals/" + emu.portalId + "/owners/dump", null).json().get("owners")) {
            boolean archived = o.get("archived").asBoolean();
            out.put(o.get("id").asText(), List.of(o.get("email").asText(), o.get("firstName").asText(),
                    o.get("lastName").asText(), o.get("type").asText(),
                    o.has("userId") ? o.get("userId").asText() : "null", o.get("teams").toString(),
                    java.time.Instant.parse(o.get("createdAt").asText()).toString(),
                    java.time.Instant.parse(o.get("updatedAt").asText()).toString(), String.valueOf(archived),
                    archived ? "ARCHIVED" : "null"));
        }
        return out;
    }
}
