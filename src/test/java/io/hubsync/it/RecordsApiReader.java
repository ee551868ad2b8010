package io.hubsync.it;

import com.fasterxml.jackson.databind.JsonNode;

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
 * A program reading a running hubsync's records API over HTTP as docs/records-api.md tells it to: page
 * after page by {@code paging.next.cursor} until no {@code paging} is left, keeping the last cursor to
 * ask from later.
 */
final class RecordsApiReader {
    /** What a read through to the end answered, and the cursor to ask from next time. */
    record Read(List<JsonNode> items, String cursor) { }

    private final String base;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** @param base the server's {@code http://host:port} */
    RecordsApiReader(String base, String key) {
        this.base = base;
        this.key = key;
    }

    /**
     * Every item of {@code path} ({@code /api/v1/connections/default/associations}, say) from
     * {@code cursor} (null: the start) to the end, 1,000 a page, ascending by changeSeq.
     */
    Read readFrom(String path, String query, String cursor) {
        List<JsonNode> out = new ArrayList<>();
        long lastSeq = cursor == null ? 0 : Long.parseLong(cursor);
        while (true) {
            JsonNode page = get(path + "?limit=1000" + (query.isEmpty() ? "" : "&" + query)
                    + (cursor == null ? "" : "&cursor=" + cursor));
            for (JsonNode item : page.get("results")) {
                assertTrue(item.get("changeSeq").asLong() > lastSeq, "ascending by changeSeq after " + lastSeq + ": " + item);
                lastSeq = item.get("changeSeq").asLong();
                out.add(item);
            }
            JsonNode next = page.path("paging").path("next").path("cursor");
            if (next.isMissingNode()) {
                return new Read(out, lastSeq == 0 ? cursor : String.valueOf(lastSeq));
            }
            cursor = next.asText();
        }
    }

    JsonNode get(String pathAndQuery) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).GET().build();
        try {
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "GET " + pathAndQuery + ": " + r.body());
            return EmulatorJar.JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + pathAndQuery + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
