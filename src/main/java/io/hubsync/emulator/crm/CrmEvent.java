package io.hubsync.emulator.crm;

import java.util.List;

/**
 * A change the emulator made to a record, as HubSpot would announce it by webhook.
 *
 * @param kind creation, propertyChange, deletion, privacyDeletion, merge, restore or associationChange
 * @param mergedObjectIds for a merge: the ids merged into {@code objectId}
 * @param propertiesMoved for a merge: how many property values the primary took from the merged
 *                        record (the webhook's {@code numberOfPropertiesMoved}); 0 otherwise
 * @param association     for an associationChange: what changed ({@code objectId} is the from side); else null
 */
public record CrmEvent(long portalId, ObjectType type, String kind, long objectId, String propertyName,
                       String propertyValue, List<Long> mergedObjectIds, long occurredAt, String changeSource,
                       int propertiesMoved, Association association) {

    /**
     * One direction of an association added or removed (docs/hubspot.md §14).
     *
     * @param primary whether this event is about the primary type; null when the pair has no primary type
     */
    public record Association(ObjectType toType, long toObjectId, boolean removed, Boolean primary) {
        /** HubSpot's {@code associationType}, e.g. {@code CONTACT_TO_COMPANY}. */
        public String associationType(ObjectType from) {
            return (from.singular() + "_TO_" + toType.singular()).toUpperCase(java.util.Locale.ROOT);
        }
    }

    /** A record event (not an association change). */
    public CrmEvent(long portalId, ObjectType type, String kind, long objectId, String propertyName,
                    String propertyValue, List<Long> mergedObjectIds, long occurredAt, String changeSource,
                    int propertiesMoved) {
        this(portalId, type, kind, objectId, propertyName, propertyValue, mergedObjectIds, occurredAt, changeSource,
                propertiesMoved, null);
    }

    /** An event that moved no properties (everything but a merge). */
    public CrmEvent(long portalId, ObjectType type, String kind, long objectId, String propertyName,
                    String propertyValue, List<Long> mergedObjectIds, long occurredAt, String changeSource) {
        this(portalId, type, kind, objectId, propertyName, propertyValue, mergedObjectIds, occurredAt, changeSource, 0);
    }

    /** {@code contact.creation}; a custom type's events are the generic {@code object.*} (docs/hubspot.md §7, §18). */
    public String subscriptionType() {
        return (type.custom() ? "object" : type.singular()) + "." + kind;
    }
}
