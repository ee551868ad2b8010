package io.hubsync.api;

import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpHeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategy;

import java.util.Locale;
import java.util.Set;

/**
 * Which message headers leave hubsync's own HTTP endpoints as response headers: only the few an
 * answer needs. platform-http otherwise echoes every request header and query parameter back
 * (Authorization with the API key, an OAuth callback's code and state among them). Request headers
 * come in as camel-http's default strategy lets them.
 */
public final class ResponseHeaders implements HeaderFilterStrategy {
    private static final Set<String> OUT = Set.of("content-type", "location", "cache-control", "www-authenticate");

    private final HeaderFilterStrategy in = new HttpHeaderFilterStrategy();
    private final Set<String> out;

    public ResponseHeaders() {
        this.out = OUT;
    }

    /** @param also more headers that may leave, comma-separated (the dashboard's Set-Cookie) */
    public ResponseHeaders(String also) {
        Set<String> more = new java.util.HashSet<>(OUT);
        for (String h : also.split(",")) {
            more.add(h.trim().toLowerCase(Locale.ROOT));
        }
        this.out = Set.copyOf(more);
    }

    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !out.contains(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return in.applyFilterToExternalHeaders(name, value, exchange);
    }
}
