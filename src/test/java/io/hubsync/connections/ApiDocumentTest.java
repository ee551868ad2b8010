package io.hubsync.connections;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.apache.camel.spi.RestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAPI document the server makes of its REST DSL: every path and verb of both APIs, without a key. */
class ApiDocumentTest {
    static final String DOCUMENT = "/api/v1/openapi.json";

    /** Every path of the admin and records APIs, with its verbs. */
    static final Map<String, Set<String>> API = new TreeMap<>(Map.ofEntries(
            Map.entry("/api/v1/connections", Set.of("get", "post")),
            Map.entry("/api/v1/connections/{name}", Set.of("get", "patch", "delete")),
            Map.entry("/api/v1/connections/{name}/pause", Set.of("post")),
            Map.entry("/api/v1/connections/{name}/resume", Set.of("post")),
            Map.entry("/api/v1/connections/{name}/connect-link", Set.of("post")),
            Map.entry("/api/v1/connections/{name}/api-keys", Set.of("post")),
            Map.entry("/api/v1/connections/{name}/records/{objectType}", Set.of("get")),
            Map.entry("/api/v1/connections/{name}/owners", Set.of("get")),
            Map.entry("/api/v1/connections/{name}/runs", Set.of("get")),
            Map.entry("/api/v1/connections/{name}/associations", Set.of("get")),
            Map.entry("/api/v1/notices", Set.of("get")),
            Map.entry("/api/v1/notices/{id}/resend", Set.of("post"))));

    static ServerFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = new ServerFixture();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void listsEveryPathAndVerbOfBothApis() {
        HttpResponse<String> r = server.send("GET", DOCUMENT, null, null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode doc = ServerFixture.json(r);
        Map<String, Set<String>> documented = new TreeMap<>();
        doc.get("paths").fields().forEachRemaining(path -> {
            Set<String> verbs = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(verbs::add);
            documented.put(path.getKey(), verbs);
        });
        assertEquals(sorted(API), documented);

        // and that is what the server serves: every REST DSL service but the document itself
        Map<String, Set<String>> served = new TreeMap<>();
        for (RestRegistry.RestService s : server.sync.context().getRestRegistry().listAllRestServices()) {
            String path = s.getBasePath() + (s.getUriTemplate() == null ? "" : s.getUriTemplate());
            if (!path.equals(DOCUMENT)) {
                served.computeIfAbsent(path, p -> new TreeSet<>()).add(s.getMethod().toLowerCase(Locale.ROOT));
            }
        }
        assertEquals(sorted(API), served);

        // a valid OpenAPI 3 document (unique operation ids, resolvable security schemes), pointing at server.public-url
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(r.body(), null, null);
        assertNotNull(parsed.getOpenAPI(), String.valueOf(parsed.getMessages()));
        assertEquals(List.of(), parsed.getMessages());
        assertEquals(server.base, doc.get("servers").get(0).get("url").asText());
        Set<String> operations = new TreeSet<>();
        doc.get("paths").forEach(path -> path.forEach(op -> operations.add(op.get("operationId").asText())));
        assertEquals(API.values().stream().mapToInt(Set::size).sum(), operations.size(), "one id per operation: "
                + operations);

        // the admin key for all, a read key too for reading records
        assertEquals("[{\"adminKey\":[]}]", doc.get("security").toString());
        assertEquals("[{\"readKey\":[]},{\"adminKey\":[]}]", doc.get("paths")
                .get("/api/v1/connections/{name}/records/{objectType}").get("get").get("security").toString());
        assertEquals("[{\"readKey\":[]},{\"adminKey\":[]}]", doc.get("paths")
                .get("/api/v1/connections/{name}/associations").get("get").get("security").toString());
        // include=associations is a documented parameter of the records path
        List<String> recordParams = new java.util.ArrayList<>();
        doc.get("paths").get("/api/v1/connections/{name}/records/{objectType}").get("get").get("parameters")
                .forEach(p -> recordParams.add(p.get("name").asText()));
        assertTrue(recordParams.contains("include"), recordParams.toString());
        server.assertAnswersHardened();
    }

    @Test
    void wantsNoKeyAndTakesOnlyGet() throws Exception {
        HttpResponse<String> keyed = server.send("GET", DOCUMENT, null, ServerFixture.API_KEY);
        assertEquals(200, keyed.statusCode());
        assertEquals(server.send("GET", DOCUMENT, null, "wrong-key-wrong-key-wrong-key-wrong-key").body(), keyed.body());
        // what a request says about the server does not change the document (server.public-url does)
        HttpResponse<String> query = server.send("GET", DOCUMENT + "?X-Forwarded-Host=evil.example", null, null);
        assertEquals(server.base, ServerFixture.json(query).get("servers").get(0).get("url").asText());
        HttpResponse<String> proxied = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.base
                + DOCUMENT)).header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example")
                .header("X-Forwarded-Prefix", "/elsewhere").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(server.base, ServerFixture.json(proxied).get("servers").get(0).get("url").asText());

        HttpResponse<String> post = server.send("POST", DOCUMENT, "{}", null);
        assertEquals(405, post.statusCode(), post.body());
        assertEquals("GET", post.headers().firstValue("Allow").orElse(null));
        assertFalse(server.anyAnswerContains(ServerFixture.API_KEY));
        server.assertAnswersHardened();
    }

    private static Map<String, Set<String>> sorted(Map<String, Set<String>> api) {
        Map<String, Set<String>> out = new TreeMap<>();
        api.forEach((path, verbs) -> out.put(path, new TreeSet<>(verbs)));
        return out;
    }
}
