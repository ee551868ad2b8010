package io.hubsync.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scale-out users run: three {@code hubsync run} processes from the built jar on one PostgreSQL,
 * thirty connections on thirty emulator portals with HubSpot's rate limits on and users at work,
 * and one node killed (SIGKILL) mid-backfill. The other two take its work over within about a
 * lease; every connection ends equal to its portal; no two runs of one connection's object type
 * ever overlapped, whichever nodes ran them; no node logged a stack trace at ERROR; HubSpot refused
 * nothing (0 × 429).
 */
class SeveralNodesIT extends ProcessesTest {
    static final int PORTALS = 30;
    static final String API_KEY = "admin-key-0123456789-abcdefghijklmnopqrstu";

    @Test
    void threeNodesShareThirtyConnectionsAndSurviveTheLossOfOne() throws Exception {
        Path dir = Path.of("target", "it", "SeveralNodesIT-" + System.nanoTime());
        ItDatabase db = ItDatabase.postgres();
        open.add(db);
        emu = EmulatorJar.start(dir, "--portals", String.valueOf(PORTALS), "--contacts", "600", "--rate-limits",
                "starter", "--index-delay", "300ms", "--seed", "5");
        open.add(emu);
        List<JsonNode> portals = emu.portals();
        int port = SchedulesIT.freePort();
        Map<String, String> env = new HashMap<>(db.env());
        env.putAll(Map.ofEntries(
                Map.entry("HUBSPOT_BASE_URL", emu.base),
                // the first portal is the one of hubspot.access-token (connection "default"); the others are added below
                Map.entry("HUBSPOT_ACCESS_TOKEN", portals.get(0).get("privateAppToken").asText()),
                Map.entry("HUBSPOT_RATE_LIMIT", "starter"),
                Map.entry("DB_TOKEN_KEY", ItDatabase.randomTokenKey()),
                Map.entry("SYNC_SCHEDULE", "0/2 * * * * ?"), Map.entry("SYNC_ARCHIVED_SCHEDULE", "1/6 * * * * ?"),
                Map.entry("SYNC_SEARCH_LAG", "2s"), Map.entry("SYNC_CLAIM_LEASE", "6s"),
                // three workers a node: thirty backfills come in waves that every node takes part in, so a
                // node is caught mid-backfill (with sixteen, two nodes could take all thirty in one tick)
                Map.entry("SYNC_WORKERS", "3"),
                Map.entry("SYNC_RECONCILE_EVERY", "0")));
        Map<String, String> first = new HashMap<>(env);
        first.putAll(Map.of("SERVER_ENABLED", "true", "SERVER_PORT", String.valueOf(port), "SERVER_API_KEY", API_KEY));
        // pages slow enough that a node dies with backfills under way
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":400}}");

        // three nodes up before the connections arrive, so that every node finds backfills to claim
        nodes.add(JarProcess.start("node-1", dir, first, "256m", "run"));
        nodes.get(0).awaitLog(") started in ", Duration.ofSeconds(90));
        nodes.add(JarProcess.start("node-2", dir, env, "256m", "run"));
        nodes.add(JarProcess.start("node-3", dir, env, "256m", "run"));
        nodes.get(1).awaitLog(") started in ", Duration.ofSeconds(90));
        nodes.get(2).awaitLog(") started in ", Duration.ofSeconds(90));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 1; i < PORTALS; i++) {
            String body = "{\"name\":\"portal-" + i + "\",\"token\":\"" + portals.get(i).get("privateAppToken").asText()
                    + "\",\"rateLimit\":\"starter\"}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/api/v1/connections")).header("Authorization", "Bearer " + API_KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode(), r.body());
        }
        // the jar's REST DSL: the APIs' OpenAPI document without a key, and a 405 naming the methods a path takes
        HttpResponse<String> doc = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, doc.statusCode(), doc.body());
        assertTrue(doc.body().contains("/api/v1/connections/{name}/records/{objectType}"), doc.body());
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/connections")).header("Authorization", "Bearer " + API_KEY)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, put.statusCode(), put.body());
        assertEquals("GET, POST", put.headers().firstValue("Allow").orElse(""));
        emu.admin("POST", "/activity", "{\"perSecond\":10,\"mix\":{\"create\":30,\"edit\":50,\"archive\":10,"
                + "\"restore\":5,\"merge\":5,\"gdprDelete\":0}}");

        // a node without the API dies while it backfills: the first of nodes 2 and 3 caught with a backfill under way
        JarProcess[] caught = new JarProcess[1];
        await("node-2 or node-3 mid-backfill").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(() -> {
                    for (JarProcess n : List.of(nodes.get(1), nodes.get(2))) {
                        if (count(db, "SELECT COUNT(*) FROM sync_runs WHERE phase = 'INITIAL' AND finished_at IS NULL "
                                + "AND node LIKE '" + n.pid() + "@%'") > 0) {
                            caught[0] = n;
                            return true;
                        }
                    }
                    return false;
                });
        JarProcess victim = caught[0];
        String victimId = victim.pid() + "@";
        victim.kill();
        Instant killedAt = Instant.now();

        await("settled").atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .untilAsserted(() -> {
                    if (emu.admin("GET", "/activity", null).path("changes").asLong() >= 300) {
                        emu.admin("DELETE", "/activity", null);
                        emu.admin("DELETE", "/faults", null);
                    }
                    assertTrue(!emu.admin("GET", "/activity", null).path("running").asBoolean(), "users still at work");
                    List<String> diff = new ArrayList<>();
                    try (Connection c = db.connect()) {
                        for (int i = 0; i < PORTALS; i++) {
                            diff.addAll(Oracle.differences(c, emu, i == 0 ? "default" : "portal-" + i,
                                    portals.get(i).get("portalId").asLong(), "contacts", true));
                        }
                    }
                    assertEquals(List.of(), diff);
                });

        try (Connection c = db.connect()) {
            List<Oracle.Run> runs = Oracle.runs(c);
            assertEquals(List.of(), Oracle.overlaps(runs));
            List<Oracle.Run> abandoned = runs.stream().filter(Oracle.Run::abandoned).toList();
            assertTrue(!abandoned.isEmpty() && abandoned.stream().allMatch(r -> r.node().startsWith(victimId)),
                    "the dead node's runs, and only those, are abandoned: " + abandoned);
            for (Oracle.Run r : abandoned) {
                assertTrue(Duration.between(killedAt, r.finished().toInstant()).toSeconds() < 60,
                        "taken over within about a minute: " + r);
            }
            for (JarProcess n : nodes.stream().filter(n -> n != victim).toList()) {
                String id = n.pid() + "@";
                assertTrue(runs.stream().anyMatch(r -> r.node().startsWith(id) && r.phase().equals("INITIAL")),
                        n.name + " backfilled some connections: the nodes share the work");
            }
        }
        assertEquals(0, emu.answered(429), "no 429: one node at a time spends a connection's budget");
        for (JarProcess n : nodes) {
            assertEquals(List.of(), Oracle.errorTraces(n.output()), n.name);
        }
    }

    static long count(ItDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
