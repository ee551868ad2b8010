package io.hubsync.connections;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.store.ConnectionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin API over real HTTP: the key, adding, listing, pausing, resuming, changing and deleting connections. */
class AdminApiTest {
    private ServerFixture server;

    @BeforeEach
    void start() throws Exception {
        server = new ServerFixture();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyEndpointWantsTheKey() throws Exception {
        String add = "{\"name\":\"acme\",\"token\":\"" + server.emu.token + "\"}";
        for (String key : new String[] {null, "wrong-key-wrong-key-wrong-key-wrong-key"}) {
            for (String[] call : new String[][] {{"GET", ""}, {"POST", ""}, {"GET", "/acme"}, {"PATCH", "/acme"},
                {"DELETE", "/acme"}, {"POST", "/acme/pause"}, {"POST", "/acme/resume"}, {"POST", "/acme/connect-link"}}) {
                HttpResponse<String> r = server.send(call[0], "/api/v1/connections" + call[1],
                        call[0].equals("POST") || call[0].equals("PATCH") ? add : null, key);
                assertEquals(401, r.statusCode(), call[0] + " " + call[1] + ": " + r.body());
                assertEquals("unauthorized", ServerFixture.json(r).get("error").asText());
                assertEquals("Bearer", r.headers().firstValue("WWW-Authenticate").orElse(null));
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            }
        }
        assertEquals(0, server.connectionsCount());
        assertFalse(server.anyAnswerContains(ServerFixture.API_KEY));
        server.assertAnswersHardened();
    }

    @Test
    void theKeyCountsOnlyInTheAuthorizationHeader() throws Exception {
        String add = "{\"name\":\"acme\",\"token\":\"" + server.emu.token + "\"}";
        assertEquals(201, server.admin("POST", "", add).statusCode());
        // platform-http makes query parameters (and form fields) message headers too: none of them is the header
        for (String name : new String[] {"Authorization", "authorization"}) {
            String query = "?" + name + "=" + URLEncoder.encode("Bearer " + ServerFixture.API_KEY, StandardCharsets.UTF_8);
            for (String[] call : new String[][] {{"GET", ""}, {"POST", ""}, {"GET", "/acme"}, {"PATCH", "/acme"},
                {"DELETE", "/acme"}, {"POST", "/acme/pause"}, {"POST", "/acme/api-keys"}}) {
                String json = call[1].isEmpty() && call[0].equals("POST") ? add.replace("acme", "beta")
                        : call[0].equals("PATCH") ? "{\"rateLimit\":\"starter\"}" : null;
                HttpResponse<String> r = server.send(call[0], "/api/v1/connections" + call[1] + query, json, null);
                assertEquals(401, r.statusCode(), call[0] + " " + call[1] + query + ": " + r.body());
                assertEquals("unauthorized", ServerFixture.json(r).get("error").asText());
            }
        }
        String form = "Authorization=" + URLEncoder.encode("Bearer " + ServerFixture.API_KEY, StandardCharsets.UTF_8);
        try (RawHttp c = new RawHttp(server.port, 10_000)) {
            RawHttp.Answer r = c.send("POST /api/v1/connections/acme/pause HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                    + "\r\nConnection: close\r\n\r\n" + form).read();
            assertEquals(401, r.status(), r.body());
        }
        // nothing changed
        assertEquals(1, server.connectionsCount());
        assertEquals(ConnectionStore.ACTIVE, server.connections().get("acme").status());
        assertNull(server.connections().get("acme").rateLimit());
        assertEquals(0, server.sync.count("SELECT COUNT(*) FROM connection_api_keys"));
        assertEquals(200, server.admin("GET", "/acme", null).statusCode(), "the header still works");
    }

    @Test
    void addListPauseResumeChangeDelete() throws Exception {
        String token = server.emu.token;
        HttpResponse<String> added = server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"" + token + "\","
                + "\"rateLimit\":\"Starter\",\"properties\":{\"contacts\":[\"email\",\"firstname\"]}}");
        assertEquals(201, added.statusCode(), added.body());
        JsonNode a = ServerFixture.json(added);
        assertEquals("acme", a.get("name").asText());
        assertEquals("PRIVATE_APP", a.get("authType").asText());
        assertEquals("ACTIVE", a.get("status").asText());
        assertEquals("starter", a.get("rateLimit").asText());
        assertEquals("email,firstname", a.get("properties").get("contacts").asText());
        assertTrue(a.get("tokenStored").asBoolean());

        HttpResponse<String> list = server.admin("GET", "", null);
        assertEquals(200, list.statusCode());
        assertEquals("acme", ServerFixture.json(list).get(0).get("name").asText());

        // the stored token works: a run syncs acme's contacts with its own property list
        server.sync.runOnce();
        long records = server.records("acme");
        assertEquals(100, records);

        JsonNode paused = ServerFixture.json(server.admin("POST", "/acme/pause", null));
        assertEquals("PAUSED", paused.get("status").asText());
        assertTrue(server.connectionStatus().due("contacts").isEmpty());
        JsonNode resumed = ServerFixture.json(server.admin("POST", "/acme/resume", null));
        assertEquals("ACTIVE", resumed.get("status").asText());
        assertEquals(java.util.List.of("acme"), server.connectionStatus().due("contacts"));

        HttpResponse<String> changed = server.admin("PATCH", "/acme", "{\"schedule\":\"0 0/5 * * * ?\","
                + "\"rateLimit\":\"250\",\"properties\":{\"companies\":\"name,domain\"}}");
        assertEquals(200, changed.statusCode(), changed.body());
        JsonNode c = ServerFixture.json(changed);
        assertEquals("0 0/5 * * * ?", c.get("schedule").asText());
        assertEquals("250", c.get("rateLimit").asText());
        assertEquals("name,domain", c.get("properties").get("companies").asText());
        assertEquals("email,firstname", c.get("properties").get("contacts").asText());
        JsonNode reset = ServerFixture.json(server.admin("PATCH", "/acme", "{\"schedule\":null}"));
        assertTrue(reset.get("schedule").isNull());
        assertEquals("250", reset.get("rateLimit").asText());

        // delete keeps the records unless asked
        HttpResponse<String> deleted = server.admin("DELETE", "/acme", null);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals(404, server.admin("GET", "/acme", null).statusCode());
        assertEquals(records, server.records("acme"));
        // a new connection under the name does not start on them: 409 naming adoptRecords and both ways out
        String again = "{\"name\":\"acme\",\"token\":\"" + token + "\"";
        HttpResponse<String> refused = server.admin("POST", "", again + "}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("adoptRecords", ServerFixture.json(refused).get("field").asText());
        String message = ServerFixture.json(refused).get("message").asText();
        assertTrue(message.contains("(" + records + " records)") && message.contains("\"adoptRecords\": true")
                && message.contains("same HubSpot portal") && message.contains("DELETE /api/v1/connections/acme?records=true"),
                message);
        assertEquals(0, server.connectionsCount());
        assertEquals(records, server.records("acme"));
        // adopted (the same portal): the connection starts on them, and deleting it again keeps them again
        assertEquals(201, server.admin("POST", "", again + ",\"adoptRecords\":true}").statusCode());
        assertEquals(records, server.records("acme"));
        assertEquals(200, server.admin("DELETE", "/acme", null).statusCode());
        // ?records=true removes what a deleted connection left, and then there is nothing left to delete
        HttpResponse<String> purged = server.admin("DELETE", "/acme?records=true", null);
        assertEquals(200, purged.statusCode(), purged.body());
        assertEquals(0, server.records("acme"));
        assertEquals(404, server.admin("DELETE", "/acme?records=true", null).statusCode());
        assertEquals(201, server.admin("POST", "", again + "}").statusCode());
        assertEquals(200, server.admin("DELETE", "/acme?records=true", null).statusCode());
        assertEquals(0, server.connectionsCount());

        assertFalse(server.anyAnswerContains(token), "an answer holds the private app's token");
        assertFalse(server.anyAnswerContains(ServerFixture.API_KEY), "an answer holds the API key");
        server.assertAnswersHardened();
    }

    @Test
    void badInputIsA400NamingTheField() throws Exception {
        String token = server.emu.token;
        assertBad(server.admin("POST", "", "{\"name\":\"no spaces\",\"token\":\"t\"}"), "name");
        assertBad(server.admin("POST", "", "{\"name\":\"acme\"}"), "token");
        assertBad(server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"t\",\"rateLimit\":\"turbo\"}"), "rateLimit");
        assertBad(server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"t\",\"schedule\":\"every minute\"}"),
                "schedule");
        assertBad(server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"t\",\"properties\":{\"contact\":\"a\"}}"),
                "properties.contact");
        assertBad(server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"t\",\"properties\":{\"contacts\":\"a b\"}}"),
                "properties.contacts");
        assertBad(server.admin("POST", "", "{\"name\":\"acme\",\"tokn\":\"t\"}"), "tokn");
        assertBad(server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"t\",\"adoptRecords\":\"yes\"}"), "adoptRecords");
        assertBad(server.admin("POST", "/acme/connect-link", "{\"expires\":\"31d\"}"), "expires");
        assertBad(server.admin("POST", "/acme/connect-link", "{\"expires\":\"soon\"}"), "expires");
        assertBad(server.admin("POST", "/acme/connect-link", "{\"adoptRecords\":1}"), "adoptRecords");
        assertBad(server.admin("POST", "/acme/connect-link", "{\"expiry\":\"1h\"}"), "expiry");
        assertBad(server.admin("POST", "/no%20spaces/connect-link", null), "name");
        assertBad(server.admin("POST", "", "{not json"), "body");
        HttpResponse<String> form = server.send("PATCH", "/api/v1/connections/acme", null, ServerFixture.API_KEY);
        assertEquals(400, form.statusCode(), form.body());
        assertEquals("Content-Type", ServerFixture.json(form).get("field").asText());
        assertEquals(0, server.connectionsCount());

        assertEquals(201, server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"" + token + "\"}").statusCode());
        HttpResponse<String> twice = server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"" + token + "\"}");
        assertEquals(409, twice.statusCode(), twice.body());
        assertBad(server.admin("PATCH", "/acme", "{\"schedule\":\"61 * * * * ?\"}"), "schedule");
        assertBad(server.admin("DELETE", "/acme?records=yes", null), "records");
        assertEquals(404, server.admin("POST", "/ghost/pause", null).statusCode());
        assertEquals(404, server.admin("PATCH", "/ghost", "{\"rateLimit\":\"starter\"}").statusCode());

        // a connection waiting for a new OAuth install is not resumed by hand
        server.tokenStore().withTokenLock("acme", t -> {
            t.needsReauth("test");
            return null;
        });
        assertEquals(409, server.admin("POST", "/acme/resume", null).statusCode());
        assertEquals(ConnectionStore.NEEDS_REAUTH, server.connections().get("acme").status());
        assertFalse(server.anyAnswerContains(token));
    }

    @Test
    void valuesTooLongForTheirColumnsAndSchedulesOfSecondsAre400s() throws Exception {
        // each would have reached its column and failed there with a 500 (lengths of V3__connections.sql)
        String longToken = "pat-na1-" + "x".repeat(4_000);
        HttpResponse<String> token = server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"" + longToken + "\"}");
        assertBad(token, "token");
        assertTrue(token.body().contains("1024"), token.body());
        assertFalse(server.anyAnswerContains(longToken.substring(0, 200)), "an answer repeats the token");
        assertBad(server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"pat\\r\\nX-Other: 1\"}"), "token");
        StringBuilder everyMinute = new StringBuilder("0 0");
        for (int m = 1; m < 60; m++) {
            everyMinute.append(',').append(m);
        }
        everyMinute.append(" * * * ?");
        assertTrue(everyMinute.length() > 128);
        assertBad(server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"t\",\"schedule\":\"" + everyMinute
                + "\"}"), "schedule");
        String manyProperties = String.join(",", java.util.Collections.nCopies(900, "property_x"));
        assertBad(server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"t\",\"properties\":{\"contacts\":\""
                + manyProperties + "\"}}"), "properties.contacts");
        // a connection's own schedule fires at most once a minute (sync.schedule stays free)
        for (String cron : new String[] {"* * * * * ?", "0/30 * * * * ?", "0,1 0 12 * * ?"}) {
            HttpResponse<String> r = server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"t\",\"schedule\":\""
                    + cron + "\"}");
            assertBad(r, "schedule");
            assertTrue(r.body().contains("once a minute") && r.body().contains("60 seconds"), r.body());
        }
        assertEquals(0, server.connectionsCount());

        // a number of requests as written with zeros would outgrow rate_limit (16): its value is stored
        HttpResponse<String> added = server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"" + server.emu.token
                + "\",\"rateLimit\":\"00000000000000000150\",\"schedule\":\"0 * * * * ?\"}");
        assertEquals(201, added.statusCode(), added.body());
        assertEquals("150", ServerFixture.json(added).get("rateLimit").asText());
        assertBad(server.admin("PATCH", "/acme", "{\"schedule\":\"*/5 * * * * ?\"}"), "schedule");
        assertEquals("0 * * * * ?", server.connections().get("acme").schedule(), "a refused PATCH changes nothing");
    }

    @Test
    void aMethodAPathDoesNotTakeIsA405NamingThoseItTakes() throws Exception {
        assertEquals(201, server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"" + server.emu.token + "\"}")
                .statusCode());
        String[][] wrong = {{"PUT", "/api/v1/connections", "GET, POST"}, {"DELETE", "/api/v1/connections", "GET, POST"},
            {"POST", "/api/v1/connections/acme", "DELETE, GET, PATCH"}, {"PUT", "/api/v1/connections/acme",
                "DELETE, GET, PATCH"}, {"GET", "/api/v1/connections/acme/pause", "POST"},
            {"DELETE", "/api/v1/connections/acme/resume", "POST"}, {"GET", "/api/v1/connections/acme/connect-link", "POST"},
            {"POST", "/api/v1/notices", "GET"}, {"GET", "/api/v1/notices/some-id/resend", "POST"}};
        for (String key : new String[] {ServerFixture.API_KEY, null}) {
            for (String[] call : wrong) {
                HttpResponse<String> r = server.send(call[0], call[1], call[0].equals("GET") ? null : "{}", key);
                String what = call[0] + " " + call[1] + ": " + r.body();
                assertEquals(405, r.statusCode(), what);
                assertEquals(call[2], r.headers().firstValue("Allow").orElse(null), what);
                assertEquals("method_not_allowed", ServerFixture.json(r).get("error").asText(), what);
                assertTrue(ServerFixture.json(r).get("message").asText().endsWith(call[2]), what);
            }
        }
        // none of them did anything
        assertEquals(ConnectionStore.ACTIVE, server.connections().get("acme").status());
        assertEquals(1, server.connectionsCount());
        server.assertAnswersHardened();
    }

    private static void assertBad(HttpResponse<String> r, String field) {
        assertEquals(400, r.statusCode(), r.body());
        JsonNode body = ServerFixture.json(r);
        assertEquals(field, body.get("field").asText(), r.body());
        assertTrue(body.get("message").asText().length() > 10, r.body());
    }
}
