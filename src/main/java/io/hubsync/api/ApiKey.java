package io.hubsync.api;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.security.MessageDigest;

/**
 * The admin API's bearer key ({@code server.api-key}). With the server on, start-up refuses a
 * missing or short key; each request must send {@code Authorization: Bearer <key>} (the header
 * only, see {@link SentAuthorization}), compared in
 * constant time (digests of equal length, {@link MessageDigest#isEqual}), so that timing tells an
 * attacker nothing about how much of a guess was right.
 */
public final class ApiKey implements Processor {
    static final int MIN_LENGTH = 32;
    static final String HOW_TO = "make one with `openssl rand -base64 32` (or `java -jar hubsync.jar connections "
            + "new-key`) and export it as SERVER_API_KEY, or set server.api-key";

    private final byte[] digest;

    /**
     * Object parameters because Camel's bean binding turns "true" into a Boolean (and a key of digits
     * into a number) before it looks for a constructor.
     *
     * @param enabled {@code server.enabled}
     * @param key {@code server.api-key}
     */
    public ApiKey(Object enabled, Object key) {
        String k = key == null ? "" : key.toString().trim();
        if (Boolean.parseBoolean(String.valueOf(enabled).trim())) {
            if (k.isEmpty()) {
                throw new IllegalArgumentException("server.api-key is not set, and the admin API (server.enabled=true) "
                        + "needs one: " + HOW_TO);
            }
            if (k.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("server.api-key is too short (" + k.length() + " characters, at least "
                        + MIN_LENGTH + "): " + HOW_TO);
            }
        }
        this.digest = k.isEmpty() ? null : sha256(k);
    }

    /** Lets the request through, or fails it with a 401 that says what is missing (never the key). */
    @Override
    public void process(Exchange exchange) {
        String key = SentAuthorization.bearer(exchange);
        if (key == null) {
            throw new ApiError(401, "unauthorized", null, "send the admin API key (server.api-key) as "
                    + "'Authorization: Bearer <key>'");
        }
        if (!accepts(key)) {
            throw new ApiError(401, "unauthorized", null, "the API key is not the one in server.api-key");
        }
    }

    /** Whether this is the admin key (compared in constant time); the records API also takes read keys. */
    public boolean accepts(String key) {
        return digest != null && key != null && MessageDigest.isEqual(digest, sha256(key.trim()));
    }

    static byte[] sha256(String s) {
        return io.hubsync.core.Digests.sha256(s);
    }

    @Override
    public String toString() {
        return "ApiKey[***]";
    }
}
