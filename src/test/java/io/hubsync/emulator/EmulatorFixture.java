package io.hubsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.emulator.http.EmulatorServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** A running emulator on a free port and a plain HTTP client for it; close it after the test. */
public final class EmulatorFixture implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    public final Emulator emulator;
    public final EmulatorServer server;
    public final String base;
    public final String token;
    public final long portalId;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public EmulatorFixture(Consumer<EmulatorConfig> tune) {
        EmulatorConfig c = new EmulatorConfig();
        c.port = 0;
        c.contacts = 100;
        c.indexDelayMillis = 0;
        tune.accept(c);
        emulator = new Emulator(c);
        server = new EmulatorServer(emulator);
        server.start();
        base = server.baseUrl();
        portalId = c.portalId(0);
        token = emulator.auth().privateAppToken(portalId);
    }

    /** One HTTP exchange: status, headers, and the body as text and (when it parses) JSON. */
    public record Reply(int status, HttpResponse<String> raw) {
        public String body() { return raw.body(); }

        public JsonNode json() {
            try {
                return JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + raw.body(), e);
            }
        }

        public String header(String name) { return raw.headers().firstValue(name).orElse(null); }
    }

    public Reply send(String method, String path, String body, String bearer, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Reply get(String path) { return send("GET", path, null, token, null); }

    public Reply post(String path, String json) { return send("POST", path, json, token, "application/json"); }

    public Reply search(String type, String json) { return post("/crm/v3/objects/" + type + "/search", json); }

    public Reply admin(String method, String path, String json) {
        return send(method, "/_emulator" + path, json, null, "application/json");
    }

    @Override
    public void close() {
        server.close();
        emulator.close();
    }
}
