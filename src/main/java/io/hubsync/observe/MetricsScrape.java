package io.hubsync.observe;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.Exchange;

import java.sql.SQLException;

/**
 * GET /observe/metrics (routes/observe.camel.yaml): the gauges read afresh, then every meter in
 * Prometheus' text format, hubsync's and Camel's route metrics (camel.metrics.*) alike. The scrape is
 * Micrometer's; this bean only refreshes what Micrometer cannot read by itself.
 */
public final class MetricsScrape {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final HubSpotMeters hubspot;
    private final StoredGauges stored;

    public MetricsScrape(PrometheusMeterRegistry registry, HubSpotMeters hubspot, StoredGauges stored) {
        this.registry = registry;
        this.hubspot = hubspot;
        this.stored = stored;
    }

    public String scrape(Exchange exchange) throws SQLException {
        hubspot.refresh();
        stored.refresh();
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, CONTENT_TYPE);
        return registry.scrape(CONTENT_TYPE);
    }
}
