package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.core.TokenCipher;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.store.ConnectionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connections stored in the database: their tokens, overrides, pauses and breakers, as the schedules see them. */
class ConnectionsTest {
    EmulatorFixture emu;
    SyncHarness sync;
    ConnectionStore connections;
    io.hubsync.store.ConnectionStatus status;
    String key = TokenCipher.newKey();

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.portals = 2;
            c.contacts = 250;
        });
        sync = new SyncHarness(emu).set("hubspot.access-token", "").set("db.token-key", key)
                .set("sync.breaker-failures", "2").set("sync.breaker-open-for", "1h");
        sync.start();
        connections = sync.context().getRegistry().lookupByNameAndType("connections", ConnectionStore.class);
        status = sync.context().getRegistry().lookupByNameAndType("connectionStatus", io.hubsync.store.ConnectionStatus.class);
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    long portal(int i) {
        return emu.emulator.config().portalId(i);
    }

    void add(String name, int portalIndex) throws Exception {
        connections.addPrivateApp(name, emu.emulator.auth().privateAppToken(portal(portalIndex)), portal(portalIndex));
    }

    @Test
    void storedTokensAreEncryptedAndTheKeyIsRequiredToStart() throws Exception {
        add("one", 0);
        String token = emu.emulator.auth().privateAppToken(portal(0));
        try (Connection c = sync.jdbc(); ResultSet rs = c.createStatement()
                .executeQuery("SELECT access_token FROM connections WHERE id = 'one'")) {
            assertTrue(rs.next());
            assertFalse(rs.getString(1).contains(token), "stored encrypted");
        }
        assertEquals(250, sync.runOnce().get(0).getAdded());
        sync.stop();
        // the same database without the key: start-up refuses, naming the key and how to make one
        Exception e = assertThrows(Exception.class, () -> sync.set("db.token-key", "").start());
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("db.token-key is not set"), root.getMessage());
        assertTrue(root.getMessage().contains("openssl rand -base64 32"), root.getMessage());
    }

    @Test
    void aConnectionUnderADeletedOnesNameStartsOnItsRecordsOnlyWhenAdopted() throws Exception {
        add("acme", 0);
        assertEquals(250, sync.runOnce().get(0).getAdded());
        assertTrue(connections.delete("acme", false));
        assertEquals(250, sync.count("SELECT COUNT(*) FROM records WHERE connection_id = 'acme'"), "the records stay");

        // another portal under the name: refused, so no run reads or writes the old portal's records
        ConnectionStore.LeftoverData refused = assertThrows(ConnectionStore.LeftoverData.class, () -> add("acme", 1));
        assertTrue(refused.getMessage().contains("(250 records)") && refused.getMessage().contains("--adopt-records")
                && refused.getMessage().contains("delete acme --records"), refused.getMessage());
        assertEquals(List.of(), connections.list());
        assertEquals(250, sync.count("SELECT COUNT(*) FROM records WHERE connection_id = 'acme'"));

        // removed first: the new connection holds its own portal's records and nothing else
        assertTrue(connections.delete("acme", true));
        add("acme", 1);
        assertEquals(250, sync.runOnce().get(0).getAdded());
        assertEquals(List.of(), sync.differences("acme", portal(1), "contacts", BackfillAndIncrementalTest.STORED));

        // adopted by the same portal: it starts on the kept records (a new backfill finds them all there)
        assertTrue(connections.delete("acme", false));
        ConnectionStore.Leftovers adopted = connections.addPrivateApp("acme",
                emu.emulator.auth().privateAppToken(portal(1)), portal(1), true);
        assertEquals(250, adopted.records());
        SyncRun run = sync.runOnce().get(0);
        assertTrue(run.isSucceeded(), run.getError());
        assertEquals(0, run.getAdded());
        assertEquals(List.of(), sync.differences("acme", portal(1), "contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void propertyOverridesAndPausesApplyPerConnection() throws Exception {
        add("narrow", 0);
        add("paused", 1);
        connections.setProperties("narrow", "contacts", "email,lastmodifieddate");
        status.setStatus("paused", ConnectionStore.PAUSED, "by hand");
        List<SyncRun> runs = sync.runOnce();
        assertEquals(1, runs.size(), "the paused connection does not run");
        assertEquals("narrow", runs.get(0).getConnectionId());
        assertTrue(runs.get(0).getProperties().contains("email"));
        assertFalse(runs.get(0).getProperties().contains("firstname"), "the override replaces sync.properties.contacts");
        assertEquals(0, sync.count("SELECT COUNT(*) FROM records WHERE properties LIKE '%firstname%'"));
        assertEquals(250, sync.count("SELECT COUNT(*) FROM records WHERE properties LIKE '%\"email\"%'"));

        status.setStatus("paused", ConnectionStore.ACTIVE, null);
        assertEquals(List.of("paused"), sync.runOnce().stream().filter(r -> r.getAdded() > 0)
                .map(SyncRun::getConnectionId).toList());
    }

    @Test
    void aConnectionWithItsOwnScheduleRunsOnItWhileTheSharedOneWaits() throws Exception {
        add("own", 0);
        add("shared", 1);
        connections.setSchedule("own", "0/1 * * * * ?");
        assertEquals(List.of("shared"), status.due("contacts"), "the shared schedule leaves it alone");
        sync.stop();
        // the shared schedule never fires during the test; the connection's own fires every second
        sync.set("sync.schedule", "0 0 0 1 1 ? 2099").start(true);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                sync.count("SELECT COUNT(*) FROM records WHERE connection_id = 'own'") == 250);
        assertEquals(0, sync.count("SELECT COUNT(*) FROM sync_runs WHERE connection_id = 'shared'"));
        assertEquals(List.of(), sync.differences("own", portal(0), "contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void theDailyLimitPausesTheConnectionUntilTheReset() throws Exception {
        add("daily", 0);
        add("healthy", 1);
        // portal 0 has spent its day: every request gets HubSpot's DAILY 429
        assertEquals(201, emu.admin("POST", "/faults", "{\"endpoint\":\"crm.*\",\"portalId\":" + portal(0)
                + ",\"fault\":{\"kind\":\"429\",\"policy\":\"DAILY\"}}").status());
        List<SyncRun> runs = SyncMain.runOnce(sync.context());
        SyncRun daily = runs.stream().filter(r -> r.getConnectionId().equals("daily")).findFirst().orElseThrow();
        assertFalse(daily.isSucceeded());
        assertTrue(daily.getError().contains("daily API limit"), daily.getError());
        Instant midnight = LocalDate.now(ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        assertEquals(midnight, connections.get("daily").pausedUntil());
        // the size estimate's search and the first page, each refused once: a DAILY 429 is not retried
        long refused = emu.emulator.stats().count(null, 429, 0);
        assertEquals(2, refused);

        // until the reset the schedules skip it; the other portal goes on
        List<SyncRun> next = sync.runOnce();
        assertEquals(List.of("healthy"), next.stream().map(SyncRun::getConnectionId).toList());
        assertEquals(refused, emu.emulator.stats().count(null, 429, 0));
    }

    @Test
    void aConnectionThatKeepsFailingIsSkippedByItsBreaker() throws Exception {
        add("broken", 0);
        add("healthy", 1);
        assertEquals(201, emu.admin("POST", "/faults", "{\"endpoint\":\"crm.*\",\"portalId\":" + portal(0)
                + ",\"fault\":{\"kind\":\"status\",\"status\":403}}").status());
        for (int i = 0; i < 2; i++) {
            assertFalse(SyncMain.runOnce(sync.context()).stream().filter(r -> r.getConnectionId().equals("broken")).findFirst()
                    .orElseThrow().isSucceeded());
        }
        long calls = emu.emulator.stats().count(null, 403, portal(0));
        ConnectionBreakers breakers = sync.context().getRegistry().lookupByNameAndType("connectionBreakers",
                ConnectionBreakers.class);
        assertEquals("OPEN", breakers.state("broken"));
        List<SyncRun> third = sync.runOnce();
        assertEquals(List.of("healthy"), third.stream().map(SyncRun::getConnectionId).toList());
        assertEquals(calls, emu.emulator.stats().count(null, 403, portal(0)), "the open breaker sent nothing");
    }

    @Test
    void aSlowBackfillHoldsUpNoOtherConnectionOnTheSharedSchedule() throws Exception {
        add("slow", 0);
        add("fast", 1);
        // every answer to portal 0 takes 1.5 s: its backfill of 250 contacts takes several seconds
        assertEquals(201, emu.admin("POST", "/faults", "{\"endpoint\":\"crm.*\",\"portalId\":" + portal(0)
                + ",\"fault\":{\"kind\":\"slow\",\"delayMillis\":1500}}").status());
        sync.stop();
        sync.set("sync.schedule", "0/1 * * * * ?").start(true);
        String finished = "SELECT COUNT(*) FROM sync_runs WHERE finished_at IS NOT NULL AND connection_id = ";
        // a tick queues the runs and returns: the next ticks run the fast portal again and again
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                sync.count(finished + "'fast'") >= 3);
        assertEquals(0, sync.count(finished + "'slow'"), "the slow backfill is still on its first run");
        // and the slow one was not queued again behind itself: one run, under way
        assertEquals(1, sync.count("SELECT COUNT(*) FROM sync_runs WHERE connection_id = 'slow'"));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() ->
                sync.count(finished + "'slow'") >= 1);
        assertEquals(List.of(), sync.differences("slow", portal(0), "contacts", BackfillAndIncrementalTest.STORED));
        assertEquals(List.of(), sync.differences("fast", portal(1), "contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void twoRunsOfOnePairInOneProcessNeverBothHoldTheLease() throws Exception {
        add("one", 0);
        io.hubsync.store.CheckpointStore checkpoints = sync.context().getRegistry()
                .lookupByNameAndType("checkpoints", io.hubsync.store.CheckpointStore.class);
        SyncRun first = checkpoints.begin("one", "contacts");
        assertTrue(first.isClaimed());
        SyncRun second = checkpoints.begin("one", "contacts");
        assertFalse(second.isClaimed(), "the same process holds the lease for another run");
        checkpoints.finish(second);
        assertEquals(first.getClaimToken(), sync.jdbcString("SELECT claimed_by FROM sync_state "
                + "WHERE connection_id = 'one'"), "the refused run did not release the other's lease");
        first.setSucceeded(true);
        checkpoints.finish(first);
        assertTrue(checkpoints.begin("one", "contacts").isClaimed(), "released, the next run claims it");
    }

    @Test
    void aRunThatCannotStartCountsAgainstItsBreakerAndTheTrialRunIsNotLost() throws Exception {
        sync.stop();
        sync.set("sync.breaker-failures", "1").set("sync.breaker-open-for", "1s").start();
        ConnectionBreakers breakers = sync.context().getRegistry().lookupByNameAndType("connectionBreakers",
                ConnectionBreakers.class);
        org.apache.camel.ProducerTemplate template = sync.context().createProducerTemplate();
        // a connection that is not there: the run fails in its claim, before any request
        java.util.function.Supplier<Exception> run = () -> template.request("direct:sync-connection", e -> {
            e.setProperty("connectionId", "ghost");
            e.setProperty("objectType", "contacts");
        }).getException();
        Exception first = run.get();
        assertTrue(first != null && first.getMessage().contains("no connection named 'ghost'"), String.valueOf(first));
        assertEquals("OPEN", breakers.state("ghost"), "a run that could not start is a failed run");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> {
            // once the wait is over, one trial: it fails as well and opens the breaker again
            Exception e = run.get();
            return e != null && e.getMessage().contains("no connection named");
        });
        assertEquals("OPEN", breakers.state("ghost"), "the trial's failure was counted, not leaked");
    }
}
