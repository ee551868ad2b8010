package io.hubsync.emulator.webhook;

import io.hubsync.emulator.EmulatorConfig;
import io.hubsync.emulator.crm.CrmEvent;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What the emulator delivers and where: one immutable value, swapped whole when the admin API
 * changes it, so the store's listener reads a consistent set without locking.
 *
 * @param targetUrl       where to POST; null turns delivery off
 * @param subscriptions   the subscription types delivered (never "*": {@link #withSubscriptions} expands it)
 * @param properties      the property names whose {@code propertyChange} is delivered; "*" = all
 * @param duplicates      deliver every batch twice
 * @param maxRetries      retries after the first attempt before a batch is dropped
 * @param retryBaseMillis delay before the first retry; it doubles with each further retry
 * @param timeoutMillis   a delivery without a response within this long has failed (HubSpot: 5 s)
 */
public record WebhookSettings(String targetUrl, Set<String> subscriptions, Set<String> properties,
                              boolean duplicates, int maxRetries, long retryBaseMillis, long timeoutMillis) {
    /** HubSpot fails a delivery that has no response within 5 seconds (docs/hubspot.md §7). */
    public static final long HUBSPOT_TIMEOUT_MILLIS = 5_000;
    public static final String ALL = "*";

    public WebhookSettings {
        subscriptions = Set.copyOf(subscriptions);
        properties = Set.copyOf(properties);
    }

    /** The startup settings: every subscription, every property. */
    public static WebhookSettings of(EmulatorConfig config) {
        return new WebhookSettings(config.webhookUrl, new LinkedHashSet<>(WebhookSubscriptions.all()), Set.of(ALL),
                config.webhookDuplicates, config.webhookMaxRetries, config.webhookRetryBaseMillis,
                HUBSPOT_TIMEOUT_MILLIS);
    }

    public boolean enabled() { return targetUrl != null; }

    /** Whether this event is subscribed to. */
    public boolean wants(CrmEvent e) {
        if (!subscriptions.contains(e.subscriptionType())) {
            return false;
        }
        return !"propertyChange".equals(e.kind()) || properties.contains(ALL) || properties.contains(e.propertyName());
    }

    public WebhookSettings withTargetUrl(String url) {
        return new WebhookSettings(url, subscriptions, properties, duplicates, maxRetries, retryBaseMillis,
                timeoutMillis);
    }

    /** "*" stands for every supported type; the caller has checked that the others are supported. */
    public WebhookSettings withSubscriptions(Set<String> types) {
        Set<String> expanded = types.contains(ALL) ? new LinkedHashSet<>(WebhookSubscriptions.all()) : types;
        return new WebhookSettings(targetUrl, expanded, properties, duplicates, maxRetries, retryBaseMillis,
                timeoutMillis);
    }

    public WebhookSettings withProperties(Set<String> names) {
        return new WebhookSettings(targetUrl, subscriptions, names, duplicates, maxRetries, retryBaseMillis,
                timeoutMillis);
    }

    public WebhookSettings withDuplicates(boolean on) {
        return new WebhookSettings(targetUrl, subscriptions, properties, on, maxRetries, retryBaseMillis,
                timeoutMillis);
    }

    public WebhookSettings withRetries(int max, long baseMillis) {
        return new WebhookSettings(targetUrl, subscriptions, properties, duplicates, max, baseMillis, timeoutMillis);
    }

    public WebhookSettings withTimeoutMillis(long millis) {
        return new WebhookSettings(targetUrl, subscriptions, properties, duplicates, maxRetries, retryBaseMillis,
                millis);
    }
}
