package io.hubsync.connections;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.ratelimit.Policy;
import io.hubsync.store.ConnectionStore;
import io.hubsync.sync.SyncHarness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * hubsync as users run it with the server on (admin API and OAuth pages on a free port) against an
 * emulator, with an H2 file database under target/. Keeps every answer it got, so that a test can
 * check that none of them held a token.
 */
final class ServerFixture implements AutoCloseable {
    static final String API_KEY = "test-admin-key-0123456789-abcdefghijklmnop";
    static final String TOKEN_KEY = "q83vEjRWeJq8rN7wESIzRFVmd4iZqrvM3e7/ABEiM0Q=";

    final EmulatorFixture emu;
    final SyncHarness sync;
    final String base;
    final int port;
    final List<HttpResponse<String>> answers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    ServerFixture() throws Exception {
        this(c -> { }, java.util.Map.of());
    }

    /** @param settings more application.properties keys (server limits a test wants small) */
    ServerFixture(java.util.Map<String, String> settings) throws Exception {
        this(c -> { }, settings);
    }

    ServerFixture(java.util.function.Consumer<io.hubsync.emulator.EmulatorConfig> tune) throws Exception {
        this(tune, java.util.Map.of());
    }

    ServerFixture(java.util.function.Consumer<io.hubsync.emulator.EmulatorConfig> tune,
                  java.util.Map<String, String> settings) throws Exception {
        emu = new EmulatorFixture(tune);
        port = freePort();
        base = "http://127.0.0.1:" + port;
        sync = new SyncHarness(emu)
                .set("hubspot.access-token", "")
                .set("db.token-key", TOKEN_KEY)
                .set("server.enabled", "true")
                .set("server.port", String.valueOf(port))
                .set("server.api-key", API_KEY)
                .set("server.public-url", base)
                .set("hubspot.oauth.authorize-url", emu.base + "/oauth/authorize")
                .set("hubspot.oauth.client-id", "hubsync-emulator-client")
                .set("hubspot.oauth.client-secret", "hubsync-emulator-secret");
        settings.forEach(sync::set);
        sync.start();
    }

    static int freePort() throws IOException {
        return SyncHarness.freePort();
    }

    ConnectionStore connections() {
        return sync.context().getRegistry().lookupByNameAndType("connections", ConnectionStore.class);
    }

    io.hubsync.store.TokenStore tokenStore() {
        return sync.context().getRegistry().lookupByNameAndType("tokenStore", io.hubsync.store.TokenStore.class);
    }

    io.hubsync.store.ConnectionStatus connectionStatus() {
        return sync.context().getRegistry().lookupByNameAndType("connectionStatus", io.hubsync.store.ConnectionStatus.class);
    }

    /** One request to hubsync's server (or, with a full URL, anywhere), redirects not followed. */
    HttpResponse<String> send(String method, String pathOrUrl, String json, String key) {
        String url = pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            answers.add(r);
            return r;
        } catch (IOException e) {
            throw new AssertionError(method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    HttpResponse<String> admin(String method, String path, String json) {
        return send(method, "/api/v1/connections" + path, json, API_KEY);
    }

    /** Connections of the emulator's first portal, added through the admin API with its private-app token. */
    void addPrivateApps(String... names) {
        for (String name : names) {
            HttpResponse<String> added = admin("POST", "", "{\"name\":\"" + name + "\",\"token\":\"" + emu.token + "\"}");
            assertEquals(201, added.statusCode(), added.body());
        }
    }

    /** An install link for the connection from the admin API; {@code options} the optional JSON body. */
    String link(String connection, String options) {
        HttpResponse<String> r = admin("POST", "/" + connection + "/connect-link", options);
        if (r.statusCode() != 200) {
            throw new AssertionError("connect-link " + connection + ": " + r.statusCode() + " " + r.body());
        }
        return json(r).get("url").asText();
    }

    /**
     * The install link opened in a browser: /oauth/connect, then the emulator's consent page
     * ({@code portal} pins the portal that consents, null: the emulator's first); the callback URL
     * HubSpot sends the browser to.
     */
    String consent(String link, Long portal) {
        HttpResponse<String> connect = send("GET", link, null, null);
        if (connect.statusCode() != 302) {
            throw new AssertionError("/oauth/connect: " + connect.statusCode() + " " + connect.body());
        }
        String authorize = connect.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> consent = send("GET", authorize + (portal == null ? "" : "&portal=" + portal), null, null);
        String callback = consent.headers().firstValue("Location").orElseThrow(() -> new AssertionError(
                "the consent page did not redirect: " + consent.statusCode() + " " + consent.body()));
        if (!callback.startsWith(base + "/oauth/callback?")) {
            throw new AssertionError(callback);
        }
        return callback;
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return EmulatorFixture.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    long records(String connection) throws Exception {
        return sync.count("SELECT COUNT(*) FROM records WHERE connection_id = '" + connection + "'");
    }

    long connectionsCount() throws Exception {
        return sync.count("SELECT COUNT(*) FROM connections");
    }

    /** Whether any answer of hubsync's so far (headers or body) contains the text. */
    boolean anyAnswerContains(String text) {
        for (HttpResponse<String> r : answers) {
            if (r.uri().toString().startsWith(base) && (r.body().contains(text) || r.headers().map().toString().contains(text))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every answer of hubsync's so far (JSON, pages, redirects, errors) says that browsers must not
     * guess its type, frame it or keep it: API answers hold connection settings and records, an OAuth
     * callback's URL a code.
     */
    void assertAnswersHardened() {
        int checked = 0;
        for (HttpResponse<String> r : answers) {
            if (!r.uri().toString().startsWith(base)) {
                continue;
            }
            String what = r.request().method() + " " + r.uri().getPath() + " (" + r.statusCode() + ")";
            assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null), what);
            assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), what);
            assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null), what);
            assertTrue(r.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"),
                    what);
            checked++;
        }
        assertTrue(checked > 0, "no answers to check");
    }

    @Override
    public void close() {
        sync.close();
        emu.close();
    }
}
