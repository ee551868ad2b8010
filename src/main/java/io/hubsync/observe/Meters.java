package io.hubsync.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * The registry every meter of hubsync's lands in: the Prometheus registry camel-micrometer-prometheus
 * keeps under {@code metricsRegistry} (camel.metrics.enabled), so that hubsync's meters and Camel's
 * route metrics come out of one scrape. Looked up at first use, not when the beans are made: Camel
 * creates its registry while it starts, before or after it reads the routes' beans depending on how it
 * was started. Without camel.metrics (a host that embeds the routes) hubsync makes and binds one.
 */
public final class Meters implements CamelContextAware {
    /** The name camel-micrometer looks for (MicrometerConstants.METRICS_REGISTRY_NAME). */
    static final String NAME = "metricsRegistry";

    private CamelContext context;
    private volatile PrometheusMeterRegistry registry;

    public PrometheusMeterRegistry registry() {
        PrometheusMeterRegistry r = registry;
        if (r == null) {
            synchronized (this) {
                if (registry == null) {
                    MeterRegistry found = context.getRegistry().lookupByNameAndType(NAME, MeterRegistry.class);
                    if (found instanceof PrometheusMeterRegistry prometheus) {
                        registry = prometheus;
                    } else if (found != null) {
                        throw new IllegalStateException("the bean " + NAME + " is a " + found.getClass().getName()
                                + ", not the PrometheusMeterRegistry /observe/metrics serves: remove it or make it one");
                    } else {
                        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                        context.getRegistry().bind(NAME, registry);
                    }
                }
                r = registry;
            }
        }
        return r;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
    }
}
