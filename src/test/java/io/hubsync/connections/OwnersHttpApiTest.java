package io.hubsync.connections;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /api/v1/connections/{name}/owners} over real HTTP: every stored owner once, paged by
 * change sequence, tombstones included; a change read again from the last cursor; bad parameters and
 * keys answered as the records API answers them.
 */
class OwnersHttpApiTest {
    private static final String API = "/api/v1/connections/";
    private ServerFixture server;

    @BeforeEach
    void start() throws Exception {
        // 25 owners: 20 live, 5 archived
        server = new ServerFixture(c -> c.owners = 25);
        HttpResponse<String> added = server.admin("POST", "", "{\"name\":\"acme\",\"token\":\"" + server.emu.token + "\"}");
        assertEquals(201, added.statusCode(), added.body());
        read("acme");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyOwnerOnceInChangeOrderThenOnlyWhatChanged() {
        List<JsonNode> all = readAll("", 7);
        assertEquals(25, all.size());
        assertEquals(5, all.stream().filter(o -> "ARCHIVED".equals(o.path("deleted").asText(null))).count());
        JsonNode first = all.stream().filter(o -> o.get("id").asText().equals("101")).findFirst().orElseThrow();
        assertTrue(first.get("email").asText().endsWith("@example.com"), first.toString());
        assertTrue(first.get("teams").isArray(), "teams as JSON, not text: " + first);
        assertTrue(first.get("updatedAt").asText().endsWith("Z"), first.toString());
        String cursor = all.get(all.size() - 1).get("changeSeq").asText();

        assertEquals(200, server.emu.admin("PATCH", "/portals/" + server.emu.portalId + "/owners/103",
                "{\"firstName\":\"Changed\"}").status());
        read("acme");
        List<JsonNode> changed = readAll("cursor=" + cursor, 100);
        assertEquals(1, changed.size());
        assertEquals("103", changed.get(0).get("id").asText());
        assertEquals("Changed", changed.get(0).get("firstName").asText());
    }

    @Test
    void badParametersAndKeysAreAnsweredAsTheRecordsApiAnswersThem() {
        assertEquals(400, server.send("GET", API + "acme/owners?limit=0", null, ServerFixture.API_KEY).statusCode());
        HttpResponse<String> unknown = server.send("GET", API + "acme/owners?filter=added", null, ServerFixture.API_KEY);
        assertEquals(400, unknown.statusCode());
        assertEquals("filter", ServerFixture.json(unknown).get("field").asText());
        assertEquals(400, server.send("GET", API + "acme/owners?cursor=abc", null, ServerFixture.API_KEY).statusCode());
        assertEquals(404, server.send("GET", API + "ghost/owners", null, ServerFixture.API_KEY).statusCode());
        assertEquals(401, server.send("GET", API + "acme/owners", null, null).statusCode());
        HttpResponse<String> issued = server.admin("POST", "/acme/api-keys", null);
        String acmeKey = ServerFixture.json(issued).get("key").asText();
        assertEquals(200, server.send("GET", API + "acme/owners?limit=1", null, acmeKey).statusCode());
        assertEquals(403, server.send("GET", API + "other/owners", null, acmeKey).statusCode());
    }

    private List<JsonNode> readAll(String query, int limit) {
        List<JsonNode> out = new ArrayList<>();
        String cursor = null;
        long lastSeq = 0;
        do {
            HttpResponse<String> r = server.send("GET", API + "acme/owners?limit=" + limit
                    + (query.isEmpty() ? "" : "&" + query) + (cursor == null ? "" : "&cursor=" + cursor), null,
                    ServerFixture.API_KEY);
            assertEquals(200, r.statusCode(), r.body());
            JsonNode page = ServerFixture.json(r);
            for (JsonNode o : page.get("results")) {
                assertTrue(o.get("changeSeq").asLong() > lastSeq, "ascending by changeSeq");
                lastSeq = o.get("changeSeq").asLong();
                out.add(o);
            }
            JsonNode next = page.path("paging").path("next").path("cursor");
            cursor = next.isMissingNode() ? null : next.asText();
            // the query's own cursor is replaced by the page's from the second page on
            query = cursor == null ? query : query.replaceAll("cursor=[0-9]+&?", "");
        } while (cursor != null);
        return out;
    }

    private void read(String connection) {
        try (ProducerTemplate t = server.sync.context().createProducerTemplate()) {
            Exchange done = t.request("direct:owners-read", e -> e.setProperty("connectionId", connection));
            if (done.getException() != null) {
                throw new AssertionError(done.getException());
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
