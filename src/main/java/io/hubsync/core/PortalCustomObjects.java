package io.hubsync.core;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each connection's custom objects as this node's runs last read them ({@link CustomObjectNames}), for
 * what cannot read the schemas itself: a webhook event names a custom object only by its object type id
 * ({@code object.*} with {@code objectTypeId} {@code 2-<n>}, docs/hubspot.md §7), and must be answered
 * within 5 seconds, so it is stored under the name a run of the connection found
 * (docs/deletes-and-webhooks.md). A connection no run has looked up on this node yet has none here.
 */
public final class PortalCustomObjects {
    private final Map<String, CustomObjectNames> byConnection = new ConcurrentHashMap<>();

    /** What a run just read of the connection's schemas. */
    public void seen(String connectionId, CustomObjectNames names) {
        byConnection.put(connectionId, names);
    }

    /** The connection's custom objects as last read, or {@link CustomObjectNames#NONE}. */
    public CustomObjectNames of(String connectionId) {
        return byConnection.getOrDefault(connectionId, CustomObjectNames.NONE);
    }
}
