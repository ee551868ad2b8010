package io.hubsync.notify;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import io.hubsync.core.Digests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;

/**
 * Signs a notice for its receiver: {@code X-Hubsync-Timestamp} (Unix seconds) and
 * {@code X-Hubsync-Signature: v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" under notify.secret>}.
 * The timestamp is inside the signature so that a receiver can refuse old replays.
 */
public final class NoticeSigner implements Processor {
    static final int MIN_SECRET = 32;
    private final byte[] key;
    private final Clock clock;

    /**
     * @param url {@code notify.url}: with it set, start-up refuses a missing or short secret
     * @param secret {@code notify.secret}
     */
    public NoticeSigner(Object url, Object secret) {
        this(url, secret, Clock.systemUTC());
    }

    NoticeSigner(Object url, Object secret, Clock clock) {
        String s = secret == null ? "" : secret.toString().trim();
        boolean on = url != null && !url.toString().isBlank();
        if (on && s.length() < MIN_SECRET) {
            throw new IllegalArgumentException("notify.secret is " + (s.isEmpty() ? "not set" : "too short ("
                    + s.length() + " characters, at least " + MIN_SECRET + ")") + ", and notices to notify.url are "
                    + "signed with it: make one with `openssl rand -base64 32`, export it as NOTIFY_SECRET and give "
                    + "the same value to the receiver");
        }
        this.key = s.isEmpty() ? null : s.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        exchange.getMessage().setHeader("X-Hubsync-Timestamp", timestamp);
        exchange.getMessage().setHeader("X-Hubsync-Signature", "v1=" + sign(timestamp, body));
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body}: what a receiver computes to check a notice. */
    public String sign(String timestamp, String body) {
        if (key == null) {
            throw new IllegalStateException("notify.secret is not set");
        }
        return HexFormat.of().formatHex(Digests.hmacSha256(key, Digests.utf8(timestamp + "." + body)));
    }

    @Override
    public String toString() {
        return "NoticeSigner[***]";
    }
}
