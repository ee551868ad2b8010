package io.hubsync.emulator.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP response, plus the transport faults the server adapter must act out (a delay before
 * answering, a connection reset part-way through the body).
 */
public final class EmuResponse {
    public static final String JSON = "application/json;charset=utf-8";

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body;
    private long delayMillis;
    private int resetAfterBytes = -1;

    public EmuResponse(int status, String contentType, byte[] body) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
    }

    public static EmuResponse json(int status, byte[] body) { return new EmuResponse(status, JSON, body); }

    public static EmuResponse json(int status, String body) {
        return json(status, body.getBytes(StandardCharsets.UTF_8));
    }

    public static EmuResponse noContent() { return new EmuResponse(204, null, null); }

    public static EmuResponse html(int status, String html) {
        return new EmuResponse(status, "text/html;charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    public static EmuResponse redirect(String location) {
        EmuResponse r = new EmuResponse(302, null, null);
        r.header("Location", location);
        return r;
    }

    public int status() { return status; }
    public Map<String, String> headers() { return headers; }
    public byte[] body() { return body; }
    public String bodyText() { return new String(body, StandardCharsets.UTF_8); }
    public long delayMillis() { return delayMillis; }
    public int resetAfterBytes() { return resetAfterBytes; }

    public EmuResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Answer only after this many milliseconds (to outlast a client's timeout). */
    public EmuResponse delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Announce the full length, send this many bytes of the body, then reset the connection. */
    public EmuResponse resetAfter(int bytes) {
        this.resetAfterBytes = bytes;
        return this;
    }

    /** Replace the body with its first bytes, keeping the status (a well-formed HTTP message with broken JSON). */
    public EmuResponse truncateBody(int bytes) {
        if (bytes < body.length) {
            byte[] cut = new byte[bytes];
            System.arraycopy(body, 0, cut, 0, bytes);
            body = cut;
        }
        return this;
    }
}
