package io.hubsync.emulator.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as the emulator sees it, independent of the server that received it, so the
 * whole emulator can be driven in-process by tests and served by any HTTP server.
 */
public final class EmuRequest {
    private final String method;
    private final String path;
    private final String rawQuery;
    private final Map<String, List<String>> query;
    private final Map<String, String> headers;
    private final byte[] body;
    private final String baseUrl;
    private Map<String, String> pathParams = Map.of();

    /**
     * @param headers header names in any case; they are looked up case-insensitively
     * @param baseUrl scheme, host and port the client used, e.g. {@code http://127.0.0.1:8089}
     */
    public EmuRequest(String method, String path, String rawQuery, Map<String, List<String>> query,
                      Map<String, String> headers, byte[] body, String baseUrl) {
        this.method = method.toUpperCase(Locale.ROOT);
        this.path = path;
        this.rawQuery = rawQuery;
        this.query = query;
        Map<String, String> lower = new HashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        this.headers = lower;
        this.body = body == null ? new byte[0] : body;
        this.baseUrl = baseUrl;
    }

    public String method() { return method; }
    public String path() { return path; }
    public String rawQuery() { return rawQuery; }
    public byte[] body() { return body; }
    public String bodyText() { return new String(body, StandardCharsets.UTF_8); }
    public String baseUrl() { return baseUrl; }
    public Map<String, List<String>> query() { return query; }

    /** The URL the client requested, as HubSpot's v3 webhook signature and {@code link}s need it. */
    public String url() {
        return baseUrl + path + (rawQuery == null || rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }

    public String header(String name) { return headers.get(name.toLowerCase(Locale.ROOT)); }

    public String queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> queryParams(String name) {
        return query.getOrDefault(name, Collections.emptyList());
    }

    public String pathParam(String name) { return pathParams.get(name); }

    void setPathParams(Map<String, String> params) { this.pathParams = params; }

    /** Builds a request in code, for tests and in-process callers. */
    public static EmuRequest of(String method, String pathAndQuery, String body, Map<String, String> headers) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        String raw = q < 0 ? null : pathAndQuery.substring(q + 1);
        return new EmuRequest(method, path, raw, QueryString.parse(raw), headers,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), "http://localhost");
    }
}
