package io.hubsync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/** {@code java -jar target/hubsync.jar emulator ...} in its own process, and a client of its admin API. */
final class EmulatorJar implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("HubSpot emulator listening on (http://\\S+)");

    final JarProcess process;
    final String base;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private EmulatorJar(JarProcess process, String base) {
        this.process = process;
        this.base = base;
    }

    /** Starts it on a free port with these options ({@code --contacts 1000 ...}). */
    static EmulatorJar start(Path dir, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("emulator", "--port", "0"));
        args.addAll(List.of(options));
        JarProcess p = JarProcess.start("emulator", dir, Map.of(), "768m", args.toArray(String[]::new));
        String[] base = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Matcher m = LISTENING.matcher(p.output());
            if (!p.alive()) {
                throw new AssertionError("the emulator exited; " + p.tail());
            }
            base[0] = m.find() ? m.group(1) : null;
            return base[0] != null;
        });
        return new EmulatorJar(p, base[0]);
    }

    /** A call of the emulator's admin API (/_emulator/...); its JSON answer (null when empty). */
    JsonNode admin(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/_emulator" + path))
                .timeout(Duration.ofMinutes(2)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new AssertionError(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body().isBlank() ? null : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A call of the emulated HubSpot API with a token; status and body. */
    HttpResponse<String> hubspot(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The portals: id and private-app token, in order. */
    List<JsonNode> portals() {
        List<JsonNode> out = new ArrayList<>();
        admin("GET", "/portals", null).get("portals").forEach(out::add);
        return out;
    }

    /** Every record the portal's store of this type has known, by id (the tests' oracle). */
    JsonNode dump(long portalId, String type, List<String> properties) {
        return admin("GET", "/portals/" + portalId + "/" + type + "/dump?properties=" + String.join(",", properties), null);
    }

    /** How many answers of this status the emulator gave (429s, say), over every endpoint and portal. */
    long answered(int status) {
        return admin("GET", "/stats", null).path("byStatus").path(String.valueOf(status)).asLong(0);
    }

    @Override
    public void close() throws InterruptedException {
        process.close();
    }
}
