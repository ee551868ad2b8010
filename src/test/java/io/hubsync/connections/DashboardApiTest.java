package io.hubsync.connections;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.ui.UiSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard's routes (routes/ui.camel.yaml) over real HTTP, as a browser or an attacker sends
 * them: sign-in with the admin key only; no data without the session cookie; no action without the
 * session's CSRF token in the header (not in the query), and a refused action changes nothing; the
 * cookie's flags; signing out; the pages' Content-Security-Policy; no token in any answer.
 */
class DashboardApiTest {
    private ServerFixture server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        server = new ServerFixture();
        server.addPrivateApps("acme");
        server.sync.runOnce();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void signInReadActAndSignOut() throws Exception {
        // the page itself holds no data and loads only its own script
        HttpResponse<String> page = send("GET", "/ui", null, null, null);
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), page.headers().toString());
        String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'")
                && !csp.contains("unsafe-inline"), csp);
        assertEquals(200, send("GET", "/ui/", null, null, null).statusCode(), "with a trailing slash too");
        assertEquals(200, send("GET", "/ui/assets/app.js", null, null, null).statusCode());
        assertEquals(404, send("GET", "/ui/assets/..%2Fapplication.properties", null, null, null).statusCode());
        assertEquals(404, send("GET", "/ui/assets/UiSession.class", null, null, null).statusCode());

        // nothing without a session, and the admin API's bearer key is not one
        assertEquals(401, send("GET", "/ui/api/connections", null, null, null).statusCode());
        assertEquals(false, json(send("GET", "/ui/api/session", null, null, null)).get("signedIn").asBoolean());

        // another key: 401, no cookie
        HttpResponse<String> wrong = send("POST", "/ui/api/sign-in", "{\"key\":\"" + ServerFixture.API_KEY + "x\"}",
                null, null);
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.headers().firstValue("Set-Cookie").isEmpty());
        // a form post (what another site's page could send) is not a sign-in
        assertEquals(400, send("POST", "/ui/api/sign-in", null, null, "application/x-www-form-urlencoded",
                "key=" + ServerFixture.API_KEY).statusCode());

        HttpResponse<String> in = send("POST", "/ui/api/sign-in", "{\"key\":\"" + ServerFixture.API_KEY + "\"}", null, null);
        assertEquals(200, in.statusCode(), in.body());
        String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/ui"),
                setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        assertTrue(cookie.startsWith(UiSession.COOKIE + "="), cookie);
        assertFalse(cookie.contains(ServerFixture.API_KEY));
        String csrf = json(send("GET", "/ui/api/session", null, cookie, null)).get("csrf").asText();

        // the connections page's data: the connection, its type's records, no token
        HttpResponse<String> list = send("GET", "/ui/api/connections", null, cookie, null);
        assertEquals(200, list.statusCode(), list.body());
        JsonNode acme = json(list).get(0);
        assertEquals("acme", acme.get("name").asText());
        assertEquals("ACTIVE", acme.get("status").asText());
        assertEquals("CLOSED", acme.get("breaker").asText());
        assertEquals(server.records("acme"), acme.get("types").get(0).get("records").asLong());
        assertEquals("ok", acme.get("lastRun").get("result").asText());
        HttpResponse<String> one = send("GET", "/ui/api/connections/acme", null, cookie, null);
        assertEquals(200, one.statusCode(), one.body());
        assertEquals(0, json(one).get("inboxDepth").asLong());
        HttpResponse<String> runs = send("GET", "/ui/api/connections/acme/runs?limit=5", null, cookie, null);
        assertEquals(200, runs.statusCode(), runs.body());
        assertEquals("INITIAL", json(runs).get("results").get(0).get("phase").asText());
        assertEquals(404, send("GET", "/ui/api/connections/ghost", null, cookie, null).statusCode());

        // an action without the token, with a wrong one, or with it in the query: 403, and nothing changed
        for (String[] attempt : new String[][] {{"", null}, {"", "forged"}, {"?X-CSRF-Token=" + csrf, null}}) {
            HttpResponse<String> refused = send("POST", "/ui/api/connections/acme/pause" + attempt[0], null, cookie, attempt[1]);
            assertEquals(403, refused.statusCode(), refused.body());
            assertEquals("ACTIVE", server.connections().get("acme").status());
        }
        // a token without the cookie: 401
        assertEquals(401, send("POST", "/ui/api/connections/acme/pause", null, null, csrf).statusCode());
        // a forged cookie: 401
        assertEquals(401, send("POST", "/ui/api/connections/acme/pause", null, cookie + "x", csrf).statusCode());
        assertEquals("ACTIVE", server.connections().get("acme").status());
        // adding without the token changes nothing either
        String body = "{\"name\":\"beta\",\"token\":\"" + server.emu.token + "\"}";
        assertEquals(403, send("POST", "/ui/api/connections", body, cookie, null).statusCode());
        assertEquals(1, server.connectionsCount());

        // with the token
        HttpResponse<String> paused = send("POST", "/ui/api/connections/acme/pause", null, cookie, csrf);
        assertEquals(200, paused.statusCode(), paused.body());
        assertEquals("PAUSED", server.connections().get("acme").status());
        assertEquals(200, send("POST", "/ui/api/connections/acme/resume", null, cookie, csrf).statusCode());
        assertEquals("ACTIVE", server.connections().get("acme").status());
        HttpResponse<String> added = send("POST", "/ui/api/connections", body, cookie, csrf);
        assertEquals(201, added.statusCode(), added.body());
        assertEquals(2, server.connectionsCount());
        assertEquals(404, send("POST", "/ui/api/notices/no-such-notice/resend", null, cookie, csrf).statusCode());
        HttpResponse<String> deleted = send("POST", "/ui/api/connections/beta/delete", null, cookie, csrf);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals(1, server.connectionsCount());

        // signing out clears the cookie (and needs the token too)
        assertEquals(403, send("POST", "/ui/api/sign-out", null, cookie, null).statusCode());
        HttpResponse<String> out = send("POST", "/ui/api/sign-out", null, cookie, csrf);
        assertEquals(200, out.statusCode());
        assertTrue(out.headers().firstValue("Set-Cookie").orElse("").contains("Max-Age=0"), out.headers().toString());

        // no answer held the token, the key, or echoed the cookie or the CSRF token as a header
        assertFalse(server.anyAnswerContains(server.emu.token), "a token in an answer");
        assertFalse(server.anyAnswerContains(ServerFixture.API_KEY), "the admin key in an answer");
        server.assertAnswersHardened();
    }

    private HttpResponse<String> send(String method, String path, String json, String cookie, String csrf) {
        return send(method, path, cookie, csrf, json == null ? null : "application/json", json);
    }

    private HttpResponse<String> send(String method, String path, String cookie, String csrf, String type, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrf != null) {
            b.header(UiSession.CSRF_HEADER, csrf);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            server.answers.add(r);
            assertFalse(r.headers().map().keySet().stream().anyMatch(h -> h.equalsIgnoreCase("Cookie")
                    || h.equalsIgnoreCase(UiSession.CSRF_HEADER)), "a request header echoed: " + r.headers().map());
            return r;
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        return ServerFixture.json(r);
    }
}
