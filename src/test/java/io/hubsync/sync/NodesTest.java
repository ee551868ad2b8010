package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes (two camel-main contexts) on one database: a run keeps its short lease for as long as
 * its node lives, however slow its pages; the work of one connection stays on the node that has it
 * (every object type, sweeps too), so its budget is spent by one pacer; and runs that race for one
 * pair never fail for it.
 */
class NodesTest {
    EmulatorFixture emu;
    SyncHarness a;
    SyncHarness b;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.contacts = 400;
            c.companies = 50;
        });
        a = new SyncHarness(emu).set("sync.objects", "contacts,companies").set("sync.claim-lease", "2s");
        b = new SyncHarness(emu).set("sync.objects", "contacts,companies").set("sync.claim-lease", "2s")
                .set("db.url", a.dbUrl);
        a.start();
        b.start();
    }

    @AfterEach
    void stop() {
        emu.admin("DELETE", "/faults", null);
        b.close();
        a.close();
        emu.close();
    }

    static Exchange send(SyncHarness node, String uri, String type) {
        try (ProducerTemplate t = node.context().createProducerTemplate()) {
            return t.request(uri, e -> {
                e.setProperty("connectionId", "default");
                e.setProperty("objectType", type);
            });
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** One run as a schedule's worker runs it (behind the connection's circuit breaker). */
    static SyncRun run(SyncHarness node, String type) {
        Exchange done = send(node, "direct:sync-connection", type);
        if (done.getException() != null) {
            throw new AssertionError("the run threw", done.getException());
        }
        return done.getMessage().getBody(SyncRun.class);
    }

    @Test
    void aLeaseOutlivesPagesSlowerThanItWhileItsNodeLives() throws Exception {
        // every list page takes longer than the whole lease
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":2500}}");
        CompletableFuture<SyncRun> slow = CompletableFuture.supplyAsync(() -> run(a, "contacts"));
        await().atMost(Duration.ofSeconds(20)).until(() -> a.count("SELECT COUNT(*) FROM sync_runs") == 1);
        // for longer than two leases, node b finds the pair and the connection taken, quietly
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).pollInterval(Duration.ofMillis(500))
                .until(() -> !run(b, "contacts").isClaimed() && !slow.isDone());
        emu.admin("DELETE", "/faults", null);
        SyncRun done = slow.get(60, TimeUnit.SECONDS);
        assertTrue(done.isSucceeded(), "the slow run kept its lease to the end: " + done.getError());
        assertEquals(400, done.getAdded());
        assertEquals(0, a.count("SELECT COUNT(*) FROM sync_runs WHERE abandoned = TRUE"));
        assertEquals("CLOSED", b.context().getRegistry().lookupByNameAndType("connectionBreakers",
                ConnectionBreakers.class).state("default"), "a run held elsewhere is no failure");
    }

    @Test
    void aConnectionsWorkStaysOnTheNodeThatHasIt() throws Exception {
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":300}}");
        CompletableFuture<SyncRun> contacts = CompletableFuture.supplyAsync(() -> run(a, "contacts"));
        await().atMost(Duration.ofSeconds(20)).until(() -> a.count("SELECT COUNT(*) FROM sync_runs") == 1);
        // another type of the same connection, and its sweep: not on node b while node a works for it
        SyncRun companies = run(b, "companies");
        assertFalse(companies.isClaimed());
        assertTrue(companies.getHeldBy().contains("the node working for default"), companies.getHeldBy());
        io.hubsync.core.ArchivedSweep sweep = send(b, "direct:archived-sweep", "contacts").getMessage()
                .getBody(io.hubsync.core.ArchivedSweep.class);
        assertFalse(sweep.isClaimed(), "the sweep spends the same budget: it waits for the node that has it");
        // on node a they join the work under way
        SyncRun companiesOnA = run(a, "companies");
        assertTrue(companiesOnA.isSucceeded(), companiesOnA.getError());
        emu.admin("DELETE", "/faults", null);
        assertTrue(contacts.get(60, TimeUnit.SECONDS).isSucceeded());
        // node a is done with the connection: node b may have it now
        SyncRun later = run(b, "companies");
        assertTrue(later.isClaimed() && later.isSucceeded(), later.getHeldBy() + " " + later.getError());
        assertEquals(0, a.count("SELECT COUNT(*) FROM work_leases WHERE name = 'node' AND claimed_by IS NOT NULL"),
                "no node keeps a connection it no longer works for");
    }

    @Test
    void manyRunsAtOnceNeverStarveASmallConnectionPool() throws Exception {
        b.close();
        a.close();
        // a worker holding a pool connection while it waits for another can starve the pool with its peers
        a = new SyncHarness(emu).set("hubspot.access-token", "")
                .set("db.token-key", "q83vEjRWeJq8rN7wESIzRFVmd4iZqrvM3e7/ABEiM0Q=")
                .set("db.pool-size", "2").set("sync.workers", "8");
        a.start();
        io.hubsync.store.ConnectionStore connections = a.context().getRegistry()
                .lookupByNameAndType("connections", io.hubsync.store.ConnectionStore.class);
        for (int i = 0; i < 12; i++) {
            connections.addPrivateApp("c" + i, emu.token, null);
        }
        List<SyncRun> runs = SyncMain.runOnce(a.context());
        List<SyncRun> sweeps = SyncMain.sweepDue(a.context());
        assertEquals(12, runs.size());
        assertTrue(runs.stream().allMatch(SyncRun::isSucceeded), runs.stream().map(SyncRun::getError).toList().toString());
        // a starved pool fails them: its wait for a free connection ends after 30 s with an error
        assertTrue(sweeps.stream().allMatch(SyncRun::isSucceeded), sweeps.stream().map(SyncRun::getError).toList()
                .toString());
    }

    @Test
    void runsRacingForOnePairNeverFail() throws Exception {
        a.runOnce();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> racers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            racers.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 60; i++) {
                    Exchange done = send(a, "direct:sync-connection", "contacts");
                    if (done.getException() != null) {
                        errors.add(done.getException());
                    }
                }
            }));
        }
        CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        assertEquals(List.of(), errors);
        assertEquals("CLOSED", a.context().getRegistry().lookupByNameAndType("connectionBreakers",
                ConnectionBreakers.class).state("default"));
        assertEquals(0, a.count("SELECT COUNT(*) FROM sync_runs WHERE success = FALSE OR finished_at IS NULL"));
    }
}
