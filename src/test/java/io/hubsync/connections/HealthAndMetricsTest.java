package io.hubsync.connections;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /observe/health and /observe/metrics over real HTTP (docs/operations.md#health-and-metrics): the
 * probes' answers as the database and the schedules change under them, what they never say, the key
 * the metrics want, and the metrics moving while a connection syncs against the emulator.
 */
class HealthAndMetricsTest {
    private ServerFixture server;
    private org.h2.tools.Server h2;

    @AfterEach
    void stop() throws Exception {
        if (h2 != null && !h2.isRunning(false)) {
            h2.start();
        }
        if (server != null) {
            server.close();
        }
        if (h2 != null) {
            h2.stop();
        }
    }

    @Test
    void healthIsUpOnceStartedWithoutAKeyAndSaysNothingSecret() throws Exception {
        server = new ServerFixture();
        // the scheduler starts only after Camel's context has
        await().atMost(Duration.ofSeconds(30)).until(() -> server.send("GET", "/observe/health", null, null).statusCode() == 200);
        for (String path : new String[] {"/observe/health", "/observe/health/ready", "/observe/health/live"}) {
            HttpResponse<String> r = server.send("GET", path, null, null);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), path);
            assertEquals("UP", ServerFixture.json(r).get("status").asText(), r.body());
        }
        JsonNode ready = ServerFixture.json(server.send("GET", "/observe/health/ready", null, null));
        assertEquals("UP", check(ready, "database").get("status").asText(), ready.toString());
        assertEquals("UP", check(ready, "scheduler").get("status").asText(), ready.toString());
        // liveness leaves out what a restart would not mend
        JsonNode live = ServerFixture.json(server.send("GET", "/observe/health/live", null, null));
        assertEquals(null, check(live, "database"), live.toString());
        // Camel's console would add error texts and stack traces for these; this answer ignores them
        HttpResponse<String> asked = server.send("GET", "/observe/health?exposureLevel=full&stackTrace=true&data=true",
                null, null);
        assertEquals(200, asked.statusCode());
        assertFalse(asked.body().contains("stacktrace") || asked.body().contains("invocation"), asked.body());
        assertNothingSecret();
        server.assertAnswersHardened();
    }

    @Test
    void anUnmigratedDatabaseIsNotReadyButAlive() throws Exception {
        server = new ServerFixture();
        await().atMost(Duration.ofSeconds(30)).until(() -> server.send("GET", "/observe/health", null, null).statusCode() == 200);
        // an older backup restored under a running node: its history ends before this hubsync's newest migration
        String newest = server.sync.jdbcString("SELECT \"version\" FROM \"flyway_schema_history\" ORDER BY \"installed_rank\" DESC LIMIT 1");
        try (var c = server.sync.jdbc(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE \"flyway_schema_history\" SET \"success\" = FALSE WHERE \"version\" = '" + newest + "'");
        }
        HttpResponse<String> ready = server.send("GET", "/observe/health/ready", null, null);
        assertEquals(503, ready.statusCode(), ready.body());
        JsonNode database = check(ServerFixture.json(ready), "database");
        assertEquals("DOWN", database.get("status").asText());
        assertTrue(database.get("message").asText().contains("this hubsync needs " + newest), database.toString());
        assertEquals(503, server.send("GET", "/observe/health", null, null).statusCode());
        assertEquals(200, server.send("GET", "/observe/health/live", null, null).statusCode(), "no reason to restart");
        try (var c = server.sync.jdbc(); var st = c.createStatement()) {
            st.executeUpdate("UPDATE \"flyway_schema_history\" SET \"success\" = TRUE");
        }
        assertEquals(200, server.send("GET", "/observe/health/ready", null, null).statusCode());
        assertNothingSecret();
    }

    @Test
    void aDatabaseThatIsGoneIsNotReadyWithinItsTimeout() throws Exception {
        int port = ServerFixture.freePort();
        Path dir = Files.createTempDirectory(Path.of("target"), "health-db");
        h2 = org.h2.tools.Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists",
                "-baseDir", dir.toAbsolutePath().toString()).start();
        server = new ServerFixture(Map.of("db.url", "jdbc:h2:tcp://127.0.0.1:" + port + "/hubsync"));
        await().atMost(Duration.ofSeconds(30)).until(() -> server.send("GET", "/observe/health", null, null).statusCode() == 200);
        h2.stop();
        long started = System.nanoTime();
        HttpResponse<String> ready = server.send("GET", "/observe/health/ready", null, null);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, ready.statusCode(), ready.body());
        assertEquals("DOWN", check(ServerFixture.json(ready), "database").get("status").asText(), ready.body());
        assertTrue(millis < 10_000, "the probe waited " + millis + " ms, not the pool's 30 s");
        assertEquals(200, server.send("GET", "/observe/health/live", null, null).statusCode(), "no reason to restart");
        assertFalse(ready.body().contains("jdbc") || ready.body().contains(String.valueOf(port)), ready.body());
        // (not asked back: H2 answers the pool's old connections "database is already closed" once its server
        // restarts, an error HikariCP does not take for a dead connection, so the pool would keep them)
        assertNothingSecret();
    }

    @Test
    void theMetricsWantTheAdminKey() throws Exception {
        server = new ServerFixture();
        for (String key : new String[] {null, "wrong-key-wrong-key-wrong-key-wrong-key"}) {
            HttpResponse<String> r = server.send("GET", "/observe/metrics", null, key);
            assertEquals(401, r.statusCode(), r.body());
            assertEquals("unauthorized", ServerFixture.json(r).get("error").asText());
            assertFalse(r.body().contains("hubsync_"), r.body());
        }
        HttpResponse<String> r = server.send("GET", "/observe/metrics", null, ServerFixture.API_KEY);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        // hubsync's gauges and Camel's route metrics in one scrape
        assertTrue(r.body().contains("hubsync_notices{status=\"DEAD\"} 0.0"), r.body());
        assertTrue(r.body().contains("camel_exchanges_total"), r.body());
        assertNothingSecret();
        server.assertAnswersHardened();
    }

    @Test
    void serverMetricsPublicOpensThemToAScraperWithoutAKey() throws Exception {
        server = new ServerFixture(Map.of("server.metrics.public", "true"));
        HttpResponse<String> r = server.send("GET", "/observe/metrics", null, null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("hubsync_notices"), r.body());
        // the admin API is not opened with them
        assertEquals(401, server.send("GET", "/api/v1/connections", null, null).statusCode());
    }

    @Test
    void theMetricsMoveDuringASync() throws Exception {
        server = new ServerFixture(c -> c.contacts = 1_200);
        assertEquals(201, server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"" + server.emu.token + "\"}").statusCode());
        String before = scrape();
        assertEquals(0, value(before, "hubsync_records_written_total", ACME_CONTACTS + ",kind=\"added\""));
        // two 429s on the backfill's pages, which the run waits out
        assertEquals(201, server.emu.admin("POST", "/faults",
                "{\"endpoint\":\"crm.list\",\"after\":2,\"fault\":{\"kind\":\"429\",\"retryAfterSeconds\":1},\"times\":2}").status());
        server.sync.runOnce();
        String after = scrape();
        // the pacer's window still holds the backfill's requests
        assertTrue(value(after, "hubsync_hubspot_budget_used_ratio", "budget=\"ten_second\",connection=\"acme\"") > 0, after);
        assertEquals(1_200, value(after, "hubsync_records_written_total", ACME_CONTACTS + ",kind=\"added\",source=\"backfill\""), after);
        assertTrue(after.contains("camel_exchanges_total{"), after);
        // the gauges read from the database: afresh once their interval (StoredGauges.MIN_INTERVAL) has passed
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String now = scrape();
            assertTrue(now.contains("hubsync_sync_lag_seconds{" + ACME_CONTACTS + "}"), now);
            assertEquals(1, value(now, "hubsync_connection_status", "connection=\"acme\",status=\"ACTIVE\""), now);
            assertEquals(1, value(now, "hubsync_breaker_state", "connection=\"acme\",state=\"CLOSED\""), now);
        });

        // an edit, then an incremental run: the update counts, and the lag becomes the window's, not the backfill's age
        io.hubsync.emulator.crm.ObjectStore contacts = server.emu.emulator.portal(server.emu.portalId)
                .store(io.hubsync.emulator.crm.ObjectType.CONTACTS);
        contacts.update(contacts.page(0, 1, false).get(0).id(), Map.of("city", "Porto"), "TEST");
        server.sync.runOnce();
        String incremental = scrape();
        assertEquals(1, value(incremental, "hubsync_records_written_total", ACME_CONTACTS + ",kind=\"updated\""), incremental);
        assertTrue(value(incremental, "hubsync_hubspot_requests_total", "call=\"search\",status=\"200\"") >= 1, incremental);
        assertEquals(1, value(incremental, "hubsync_run_duration_seconds_count",
                "connection=\"acme\",outcome=\"succeeded\",phase=\"incremental\",type=\"contacts\""), incremental);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            double lag = value(scrape(), "hubsync_sync_lag_seconds", ACME_CONTACTS);
            assertTrue(lag > 0 && lag < 60, "lag " + lag);
        });

        // the other writers count under their own source and phase: the archived sweep (three contacts
        // archived now, beside those the emulator made archived) and the owners read, as run --once runs them
        for (io.hubsync.emulator.crm.CrmRecord r : contacts.page(0, 3, false)) {
            contacts.archive(r.id(), "TEST");
        }
        io.hubsync.sync.SyncMain.sweepDue(server.sync.context());
        io.hubsync.sync.SyncMain.ownersDue(server.sync.context());
        String others = scrape();
        assertTrue(contacts.archivedCount() >= 3);
        assertEquals(contacts.archivedCount(), value(others, "hubsync_records_written_total",
                ACME_CONTACTS + ",kind=\"deleted\",source=\"archived-sweep\""), others);
        assertEquals(1, value(others, "hubsync_run_duration_seconds_count",
                "connection=\"acme\",outcome=\"succeeded\",phase=\"archived-sweep\",type=\"contacts\""), others);
        assertEquals(server.emu.emulator.owners().of(server.emu.portalId).liveCount(),
                value(others, "hubsync_records_written_total", "connection=\"acme\",type=\"owners\",kind=\"added\",source=\"owners\""), others);
        assertEquals(1, value(others, "hubsync_run_duration_seconds_count",
                "connection=\"acme\",outcome=\"succeeded\",phase=\"owners\",type=\"owners\""), others);
        assertNothingSecret();
    }

    private static final String ACME_CONTACTS = "connection=\"acme\",type=\"contacts\"";

    private String scrape() {
        HttpResponse<String> r = server.send("GET", "/observe/metrics", null, ServerFixture.API_KEY);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /**
     * The value of the sample of that name whose labels include these ({@code k="v",…}, in any order); 0 when
     * there is none (a counter nothing has counted yet).
     */
    static double value(String scrape, String name, String labels) {
        java.util.Set<String> wanted = java.util.Set.of(labels.split(","));
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{")) {
                int close = line.lastIndexOf('}');
                java.util.Set<String> has = java.util.Set.of(line.substring(name.length() + 1, close).split(","));
                if (has.containsAll(wanted)) {
                    return Double.parseDouble(line.substring(close + 1).trim());
                }
            }
        }
        return 0;
    }

    private static JsonNode check(JsonNode health, String name) {
        for (JsonNode c : health.get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** No answer of the server's held the admin key, a token, the token key or the database's URL. */
    private void assertNothingSecret() {
        // "password=": a value, as a JDBC URL or a property dump would show it; the word alone may name the
        // key to check (the database check's DOWN message names db.password)
        for (String secret : new String[] {ServerFixture.API_KEY, server.emu.token, ServerFixture.TOKEN_KEY, "jdbc:",
            "password="}) {
            assertFalse(server.anyAnswerContains(secret), "an answer held " + secret);
        }
    }
}
