package io.hubsync.hubspot;

import io.hubsync.core.HubSpotErrorBody;
import io.hubsync.core.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs when HubSpot answers 429 (the routes' onExceptionOccurred), before Camel schedules the retry:
 * sets how long to wait from the response, as docs/behavior.md rule 7 says: Retry-After when present, else by
 * policy (SECONDLY a second, TEN_SECONDLY_ROLLING until the window frees). Camel reads the delay
 * from the {@code CamelRedeliveryDelay} header.
 */
public final class ThrottleDelay implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(ThrottleDelay.class);
    private final long secondlyMillis;
    private final long tenSecondlyMillis;

    public ThrottleDelay(long secondlyMillis, long tenSecondlyMillis) {
        this.secondlyMillis = secondlyMillis;
        this.tenSecondlyMillis = tenSecondlyMillis;
    }

    /** From application.properties: {@code hubspot.secondly-wait} and {@code hubspot.ten-secondly-wait}. */
    public ThrottleDelay(String secondlyWait, String tenSecondlyWait) {
        this(io.hubsync.core.Durations.millis("hubspot.secondly-wait", secondlyWait),
                io.hubsync.core.Durations.millis("hubspot.ten-secondly-wait", tenSecondlyWait));
    }

    @Override
    public void process(Exchange exchange) {
        HttpOperationFailedException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, HttpOperationFailedException.class);
        if (e == null) {
            e = exchange.getException(HttpOperationFailedException.class);
        }
        if (e == null || e.getStatusCode() != 429) {
            return;
        }
        long wait = delay(e);
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        if (run != null) {
            run.countThrottled();
        }
        exchange.getMessage().setHeader(Exchange.REDELIVERY_DELAY, wait);
        LOG.warn("HubSpot answered 429 ({}); retrying the same request in {} ms", policy(e), wait);
    }

    long delay(HttpOperationFailedException e) {
        String retryAfter = e.getResponseHeaders() == null ? null : e.getResponseHeaders().get("Retry-After");
        if (retryAfter != null) {
            try {
                return Math.max(0, (long) (Double.parseDouble(retryAfter.trim()) * 1000));
            } catch (NumberFormatException ignored) {
                // an HTTP date or garbage: fall back to the policy
            }
        }
        return "SECONDLY".equals(policy(e)) ? secondlyMillis : tenSecondlyMillis;
    }

    /** The 429's policyName (SECONDLY, TEN_SECONDLY_ROLLING, DAILY), or "unknown". */
    public String policy(HttpOperationFailedException e) {
        String policy = HubSpotErrorBody.field(e, "policyName");
        return policy == null ? "unknown" : policy;
    }
}
