package io.hubsync.emulator.crm;

import java.util.List;

/**
 * A change the emulator made to a record, as HubSpot would announce it by webhook.
 *
 * @param kind creation, propertyChange, deletion, privacyDeletion, merge or restore
 * @param mergedObjectIds for a merge: the ids merged into {@code objectId}
 * @param propertiesMoved for a merge: how many property values the primary took from the merged
 *                        record (the webhook's {@code numberOfPropertiesMoved}); 0 otherwise
 */
public record CrmEvent(long portalId, ObjectType type, String kind, long objectId, String propertyName,
                       String propertyValue, List<Long> mergedObjectIds, long occurredAt, String changeSource,
                       int propertiesMoved) {

    /** An event that moved no properties (everything but a merge). */
    public CrmEvent(long portalId, ObjectType type, String kind, long objectId, String propertyName,
                    String propertyValue, List<Long> mergedObjectIds, long occurredAt, String changeSource) {
        this(portalId, type, kind, objectId, propertyName, propertyValue, mergedObjectIds, occurredAt, changeSource, 0);
    }

    public String subscriptionType() {
        return type.singular() + "." + kind;
    }
}
