package io.hubsync.observe;

import org.apache.camel.Exchange;

import java.sql.SQLException;

/**
 * GET /observe/metrics (routes/observe.camel.yaml): the gauges read afresh, then every meter in
 * Prometheus' text format, hubsync's and Camel's route metrics (camel.metrics.*) alike. The scrape is
 * Micrometer's; this bean only refreshes what Micrometer cannot read by itself.
 */
public final class MetricsScrape {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Meters meters;
    private final HubSpotMeters hubspot;
    private final StoredGauges stored;

    public MetricsScrape(Meters meters, HubSpotMeters hubspot, StoredGauges stored) {
        this.meters = meters;
        this.hubspot = hubspot;
        this.stored = stored;
    }

    public String scrape(Exchange exchange) throws SQLException {
        hubspot.refresh();
        stored.refresh();
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        return meters.registry().scrape(CONTENT_TYPE);
    }
}
