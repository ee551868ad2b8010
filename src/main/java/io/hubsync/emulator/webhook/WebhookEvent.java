package io.hubsync.emulator.webhook;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hubsync.emulator.crm.CrmEvent;
import io.hubsync.emulator.crm.ObjectType;

import java.io.IOException;
import java.util.List;

/**
 * One event as HubSpot's app webhooks v3 put it on the wire (docs/hubspot.md §7), minus
 * {@code attemptNumber}, which belongs to each delivery attempt and is written with the body.
 *
 * @param sourceId null when the emulator does not know what HubSpot would send for the source
 */
record WebhookEvent(long eventId, long subscriptionId, long portalId, long appId, long occurredAt,
                    String subscriptionType, String kind, long objectId, String propertyName, String propertyValue,
                    List<Long> mergedObjectIds, int propertiesMoved, String changeSource, String sourceId,
                    ObjectType type, CrmEvent.Association association) {

    static WebhookEvent of(CrmEvent e, long eventId, long appId) {
        return new WebhookEvent(eventId, WebhookSubscriptions.id(e.subscriptionType()), e.portalId(), appId,
                e.occurredAt(), e.subscriptionType(), e.kind(), e.objectId(), e.propertyName(), e.propertyValue(),
                e.mergedObjectIds(), e.propertiesMoved(), e.changeSource(), sourceId(e, appId), e.type(),
                e.association());
    }

    /**
     * A write through the API names the app ({@code "sourceId":"50780459"} in the §7 capture); a
     * write in HubSpot's UI names the user as {@code userId:N} (as in propertiesWithHistory, §1).
     * The user is the one the emulator's OAuth flow reports for the portal.
     */
    private static String sourceId(CrmEvent e, long appId) {
        return switch (e.changeSource()) {
            case "INTEGRATION" -> Long.toString(appId);
            case "CRM_UI" -> "userId:" + (200_000 + e.portalId() % 100_000);
            default -> null;
        };
    }

    void write(JsonGenerator g, int attemptNumber) throws IOException {
        g.writeStartObject();
        g.writeNumberField("eventId", eventId);
        g.writeNumberField("subscriptionId", subscriptionId);
        g.writeNumberField("portalId", portalId);
        g.writeNumberField("appId", appId);
        g.writeNumberField("occurredAt", occurredAt);
        g.writeStringField("subscriptionType", subscriptionType);
        g.writeNumberField("attemptNumber", attemptNumber);
        g.writeNumberField("objectId", objectId);
        if (subscriptionType.startsWith("object.")) {
            // which type the generic event is about ([C] docs/hubspot.md §7)
            g.writeStringField("objectTypeId", type.typeId());
        }
        switch (kind) {
            case "creation" -> g.writeStringField("changeFlag", "NEW");
            case "deletion" -> g.writeStringField("changeFlag", "DELETED");
            case "propertyChange" -> {
                g.writeStringField("propertyName", propertyName);
                // a cleared property is announced with an empty value, never a JSON null
                g.writeStringField("propertyValue", propertyValue == null ? "" : propertyValue);
            }
            case "merge" -> {
                g.writeNumberField("primaryObjectId", objectId);
                g.writeArrayFieldStart("mergedObjectIds");
                for (long id : mergedObjectIds) {
                    g.writeNumber(id);
                }
                g.writeEndArray();
                // the emulator's merge keeps the primary's id, so no new record is created
                g.writeNumberField("newObjectId", objectId);
                g.writeNumberField("numberOfPropertiesMoved", propertiesMoved);
            }
            case "associationChange" -> {
                // docs/hubspot.md §14: objectId is the from side; isPrimaryAssociation only where a primary exists
                g.writeStringField("associationType", association.associationType(type));
                g.writeNumberField("fromObjectId", objectId);
                g.writeNumberField("toObjectId", association.toObjectId());
                g.writeBooleanField("associationRemoved", association.removed());
                if (association.primary() != null) {
                    g.writeBooleanField("isPrimaryAssociation", association.primary());
                }
            }
            default -> { }
        }
        g.writeStringField("changeSource", changeSource);
        if (sourceId != null) {
            g.writeStringField("sourceId", sourceId);
        }
        g.writeEndObject();
    }
}
