package io.hubsync.webhook;

import java.time.Instant;
import java.util.List;

/**
 * One HubSpot webhook event for one connection, as it goes into the inbox.
 *
 * @param kind      creation, propertyChange, deletion, privacyDeletion, merge or restore
 * @param objectId  the record; for a merge, the survivor
 * @param mergedIds for a merge, the ids merged into the survivor
 * @param dedupKey  what makes two deliveries the same event (HubSpot may send one twice, and does not
 *                  promise eventIds unique on their own)
 */
public record InboxEvent(String connectionId, String objectType, String kind, long objectId, List<Long> mergedIds,
                         Instant occurredAt, String json, String dedupKey) {
}
