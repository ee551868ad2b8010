package io.hubsync.observe;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The registry every meter of hubsync's and of Camel's lands in (routes/beans.camel.yaml binds it as
 * {@code metricsRegistry}, the name camel-micrometer-prometheus looks for, so Camel's route metrics join
 * it instead of going to a registry of their own). A factory because Prometheus' default configuration
 * is a constant a YAML bean cannot name.
 */
public final class Meters {
    private Meters() { }

    public static PrometheusMeterRegistry prometheus() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }
}
