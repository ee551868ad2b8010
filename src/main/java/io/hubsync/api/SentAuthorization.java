package io.hubsync.api;

import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The {@code Authorization} header as the client sent it, read from the HTTP request itself. The
 * message's headers will not do: platform-http copies query parameters and form fields into them
 * too, so {@code ?Authorization=Bearer%20KEY} would pass for the header (and land in access logs and
 * browser histories).
 */
final class SentAuthorization {
    private SentAuthorization() { }

    /**
     * The bearer key sent, or null when there is none. Also null for a message that did not come from
     * platform-http's Vert.x server (another HTTP engine, a direct: call): no other source is trusted
     * with a key.
     */
    static String bearer(Exchange exchange) {
        if (!(exchange.getIn() instanceof HttpMessage http) || http.getRequest() == null) {
            return null;
        }
        String header = http.getRequest().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return header.substring(7).trim();
    }
}
