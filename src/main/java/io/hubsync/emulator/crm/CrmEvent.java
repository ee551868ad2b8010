package io.hubsync.emulator.crm;

import java.util.List;

/**
 * A change the emulator made to a record, as HubSpot would announce it by webhook.
 *
 * @param kind creation, propertyChange, deletion, privacyDeletion, merge or restore
 * @param mergedObjectIds for a merge: the ids merged into {@code objectId}
 */
public record CrmEvent(long portalId, ObjectType type, String kind, long objectId, String propertyName,
                       String propertyValue, List<Long> mergedObjectIds, long occurredAt, String changeSource) {

    public String subscriptionType() {
        return type.singular() + "." + kind;
    }
}
