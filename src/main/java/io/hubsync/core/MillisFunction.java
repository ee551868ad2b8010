package io.hubsync.core;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{millis:hubspot.connect-timeout}}}: a duration setting (10s, 5m, 500ms) as the number of
 * milliseconds a Camel option wants (an HTTP timeout, a redelivery delay, a Quartz interval). Camel
 * finds it by its name in META-INF/services/org/apache/camel/properties-function/, so the routes
 * read it in any CamelContext.
 */
public final class MillisFunction implements PropertiesFunction, CamelContextAware {
    private CamelContext camelContext;

    @Override
    public String getName() {
        return "millis";
    }

    /** @param key the duration setting */
    @Override
    public String apply(String key) {
        String text = camelContext.resolvePropertyPlaceholders("{{" + key.trim() + "}}");
        return Long.toString(Durations.millis(key.trim(), text));
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
