package io.hubsync.observe;

import io.hubsync.core.SyncRun;
import io.hubsync.hubspot.RollingWindowPacer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HubSpot's side: {@code hubsync_hubspot_requests_total} by call and status (every answer, and
 * {@code error} for a timeout or a reset), {@code hubsync_hubspot_rate_limited_total} by connection
 * (the 429s), and {@code hubsync_hubspot_budget_used_ratio} by connection and budget: the share of the
 * rolling window's budget that counts now (docs/behavior.md rule 7); and
 * {@code hubsync_oauth_refreshes_total} by connection and outcome (refreshed, refused: HubSpot said no
 * and the connection needs reauth, failed: no answer after the retries).
 */
public final class HubSpotMeters {
    private final Meters meters;
    private final Map<String, RollingWindowPacer> pacers;
    private MultiGauge budgetUsed;

    /**
     * @param tenSeconds the pacer of the 10-second budget
     * @param search the pacer of the searches a second
     */
    public HubSpotMeters(Meters meters, RollingWindowPacer tenSeconds, RollingWindowPacer search) {
        this.meters = meters;
        this.pacers = Map.of("ten_second", tenSeconds, "search", search);
    }

    /**
     * After every HubSpot call, answered or not (routes/hubspot.camel.yaml, hubspot-call's doFinally): a
     * call that failed has its exception under {@link Exchange#EXCEPTION_CAUGHT} there, one that was
     * answered the status camel-http set (the route cleared every header before the call).
     */
    public void answered(Exchange exchange) {
        String call = exchange.getProperty("hubspotCall", "other", String.class);
        String status = status(exchange);
        Counter.builder("hubsync.hubspot.requests")
                .description("HubSpot requests, by call and HTTP status (error: no answer)")
                .tag("call", call).tag("status", status).register(meters.registry()).increment();
        if ("429".equals(status)) {
            SyncRun run = exchange.getProperty("run", SyncRun.class);
            Counter.builder("hubsync.hubspot.rate.limited")
                    .description("HubSpot's 429 answers, by connection")
                    .tag("connection", run == null ? "" : run.getConnectionId()).register(meters.registry()).increment();
        }
    }

    /** After an OAuth token request (routes/token-refresh.camel.yaml): refreshed, refused or failed. */
    public void refresh(Exchange exchange, String outcome) {
        Counter.builder("hubsync.oauth.refreshes")
                .description("OAuth access token refreshes, by connection and outcome (refreshed, refused, failed)")
                .tag("connection", exchange.getProperty("connectionId", "", String.class)).tag("outcome", outcome)
                .register(meters.registry()).increment();
    }

    private static String status(Exchange exchange) {
        Integer code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (code == null && failure instanceof HttpOperationFailedException http) {
            return String.valueOf(http.getStatusCode());
        }
        return code == null ? "error" : String.valueOf(code);
    }

    /** The budget gauges from what the pacers count now (at scrape time: the pacers are in memory). */
    synchronized void refresh() {
        if (budgetUsed == null) {
            budgetUsed = MultiGauge.builder("hubsync.hubspot.budget.used.ratio")
                    .description("Share of a connection's rolling-window budget that counts now (1 = spent)")
                    .register(meters.registry());
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        pacers.forEach((budget, pacer) -> pacer.used().forEach((connection, ratio) ->
                rows.add(MultiGauge.Row.of(Tags.of("connection", connection, "budget", budget), ratio))));
        budgetUsed.register(rows, true);
    }
}
