package io.hubsync.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.core.HubSpotIds;
import io.hubsync.core.ObjectTypes;
import io.hubsync.core.Quoted;
import io.hubsync.sync.SyncSchedules;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Turns a webhook request's events into inbox events: which connections sync the event's portal,
 * which object type its {@code subscriptionType} names (docs/hubspot.md §7: {@code contact.*},
 * {@code company.*}, {@code deal.*}, {@code ticket.*}, or {@code object.*} with {@code objectTypeId}),
 * and what kind of change it is. Events of object types not in {@code sync.objects} are dropped, and
 * so are associationChange events of pairs that sync.associations.<type> does not keep.
 *
 * <p>A request whose events all fail refuses the whole request (400), so a misrouted or broken
 * sender is noticed: every event for a portal no connection syncs, or every event malformed (a
 * field missing, an id that is not a HubSpot id). When some events are good, the good ones are
 * stored and answered 204, and each bad one is dropped with a WARN naming it. Why not refuse the
 * whole batch: HubSpot retries a 4xx (up to 10 times over a day) with the same events, so the bad
 * event would be just as bad on every retry while the good ones were never stored, and lost when
 * HubSpot gave up.
 */
public final class WebhookEvents {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookEvents.class);
    static final Set<String> KINDS = Set.of("creation", "propertyChange", "deletion", "privacyDeletion", "merge",
            "restore");
    /** the types with events of their own name (docs/hubspot.md §18); the rest come as object.* */
    private static final Map<String, String> TYPES = Map.of("contact", "contacts", "company", "companies",
            "deal", "deals", "ticket", "tickets", "product", "products", "line_item", "line_items");
    /** The ids an event may carry besides objectId and mergedObjectIds, checked when present */
    private static final List<String> OTHER_IDS = List.of("primaryObjectId", "newObjectId", "fromObjectId",
            "toObjectId");

    /** An association change of a record: its associations are read again when they are kept */
    static final String ASSOCIATION_CHANGE = "associationChange";

    private final DataSource ds;
    private io.hubsync.hubspot.AssociationPairs associationPairs;
    private final String configuredPortal;
    private final String configuredConnection;
    private final String objectTypes;

    /**
     * @param configuredPortal     {@code hubspot.portal-id}: the portal of hubspot.access-token (empty: unknown)
     * @param configuredConnection {@code sync.connection}: the connection that token syncs
     * @param objectTypes          {@code sync.objects}
     */
    public WebhookEvents(DataSource ds, Object configuredPortal, Object configuredConnection, Object objectTypes) {
        this.ds = ds;
        this.configuredPortal = configuredPortal == null ? "" : String.valueOf(configuredPortal).trim();
        this.configuredConnection = String.valueOf(configuredConnection);
        this.objectTypes = String.valueOf(objectTypes);
    }

    private io.hubsync.core.PortalCustomObjects customObjects;

    /** Each connection's custom objects as its runs found them: an {@code object.*} event of one is stored under its name. */
    public void setCustomObjects(io.hubsync.core.PortalCustomObjects customObjects) {
        this.customObjects = customObjects;
    }

    /** Which associations are kept: {@code associationChange} events of those pairs are stored (docs/associations.md). */
    public void setAssociationPairs(io.hubsync.hubspot.AssociationPairs pairs) {
        this.associationPairs = pairs;
    }

    /**
     * Whether an associationChange event of a record of {@code type} is about a kept pair: its
     * {@code associationType} ({@code CONTACT_TO_COMPANY}) names the to-type; one it does not name
     * (a custom object's, a label's) counts when the type keeps any pair.
     */
    private boolean keptPair(String type, JsonNode e) {
        java.util.List<String> to = associationPairs == null ? List.of() : associationPairs.toTypes(type);
        if (to.isEmpty()) {
            return false;
        }
        String name = e.path("associationType").asText("");
        int sep = name.indexOf("_TO_");
        String toType = sep < 0 ? null : TYPES.get(name.substring(sep + 4).toLowerCase(java.util.Locale.ROOT));
        return toType == null || to.contains(toType);
    }

    /** An event that cannot be stored: the message names the event and the field. */
    private static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /** The inbox events of a request body (a JSON array of events); refuses the request when none is good. */
    public List<InboxEvent> resolve(JsonNode body) throws SQLException {
        if (body == null || !body.isArray()) {
            throw new WebhookRefused(400, "the body must be a JSON array of HubSpot webhook events");
        }
        List<String> synced = SyncSchedules.objectTypes(objectTypes);
        Map<Long, List<String>> connections = new HashMap<>();
        List<InboxEvent> out = new ArrayList<>();
        java.util.Set<Long> unknown = new java.util.TreeSet<>();
        List<String> malformed = new ArrayList<>();
        int known = 0;
        int i = 0;
        for (JsonNode e : body) {
            String at = "event " + i++ + " (eventId " + eventId(e) + ")";
            try {
                long portal = id(e, "portalId", at);
                String subscription = text(e, "subscriptionType", at);
                long occurred = number(e, "occurredAt", at);
                List<String> to = connections.computeIfAbsent(portal, this::connectionsOf);
                if (to.isEmpty()) {
                    // HubSpot batches an app's events of all its installs: one portal hubsync no longer syncs
                    // (a deleted connection, the app still installed) must not cost the others their events
                    unknown.add(portal);
                    continue;
                }
                int dot = subscription.indexOf('.');
                String kind = dot < 0 ? "" : subscription.substring(dot + 1);
                String objectTypeId = e.path("objectTypeId").asText(null);
                String type = objectType(subscription.substring(0, Math.max(0, dot)), objectTypeId);
                // a custom object's events (object.* with 2-<n>): under the name a run of the connection found;
                // one no run has looked up on this node yet is left to its schedule
                io.hubsync.core.CustomObjectNames names = customObjects == null
                        ? io.hubsync.core.CustomObjectNames.NONE : customObjects.of(to.get(0));
                if (type == null && subscription.startsWith("object.") && ObjectTypes.isCustom(objectTypeId)
                        && !names.stored(objectTypeId).equals(objectTypeId)) {
                    type = names.stored(objectTypeId);
                }
                boolean association = kind.equals(ASSOCIATION_CHANGE) && type != null && keptPair(type, e);
                if (type == null || !synced(synced, type, names) || !(KINDS.contains(kind) || association)) {
                    known++;
                    continue;
                }
                // an association change: the record whose associations are read again is the from side
                long objectId = association && e.hasNonNull("fromObjectId") ? id(e, "fromObjectId", at)
                        : id(e, "objectId", at);
                for (String field : OTHER_IDS) {
                    if (e.hasNonNull(field)) {
                        id(e, field, at);
                    }
                }
                List<Long> merged = new ArrayList<>();
                if (kind.equals("merge")) {
                    // the survivor is the new record when HubSpot made one, else the primary
                    long primary = e.hasNonNull("primaryObjectId") ? id(e, "primaryObjectId", at) : objectId;
                    objectId = e.hasNonNull("newObjectId") ? id(e, "newObjectId", at) : primary;
                    merged.addAll(mergedIds(e, at));
                    if (primary != objectId) {
                        merged.add(primary);
                    }
                }
                known++;
                String key = portal + "/" + e.path("eventId").asText("") + "/" + subscription + "/"
                        + e.path("objectId").asText("") + "/" + occurred;
                for (String connection : to) {
                    out.add(new InboxEvent(connection, type, kind, objectId, List.copyOf(merged),
                            Instant.ofEpochMilli(occurred), e.toString(), dedupKey(connection + "/" + key)));
                }
            } catch (Malformed m) {
                malformed.add(m.getMessage());
            }
        }
        if (known == 0 && !malformed.isEmpty()) {
            throw new WebhookRefused(400, malformed.get(0) + (malformed.size() > 1 ? " (and " + (malformed.size() - 1)
                    + " more malformed)" : "") + "; nothing was stored");
        }
        if (!unknown.isEmpty()) {
            String which = "HubSpot portal" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown.stream().map(String::valueOf).toList()) + ", which no connection syncs";
            if (known == 0) {
                throw new WebhookRefused(400, "the events are for " + which + ": install the app for it "
                        + "(/oauth/connect), or set hubspot.portal-id for the portal of hubspot.access-token");
            }
            LOG.warn("webhook events for {} dropped; the other events are kept", which);
        }
        malformed.forEach(m -> LOG.warn("webhook {}: dropped; the other events are kept", m));
        return out;
    }

    /**
     * The key Camel's idempotent repository keeps (its messageId column holds 100 characters): the
     * event's identity as a SHA-256 hex digest, whatever the length of the connection's name.
     */
    static String dedupKey(String identity) {
        return java.util.HexFormat.of().formatHex(io.hubsync.core.Digests.sha256(identity));
    }

    /** Whether sync.objects names the type: by name, or a custom object by any of its names, or {@code *}. */
    private static boolean synced(List<String> synced, String type, io.hubsync.core.CustomObjectNames names) {
        return synced.contains(ObjectTypes.ALL) || synced.stream().anyMatch(t -> names.stored(t).equals(type));
    }

    static String objectType(String prefix, String objectTypeId) {
        if (!prefix.equals("object")) {
            return TYPES.get(prefix);
        }
        ObjectTypes.Standard standard = ObjectTypes.standard(objectTypeId);
        return standard == null || objectTypeId == null || !objectTypeId.startsWith("0-") ? null : standard.name();
    }

    private List<String> connectionsOf(long portal) {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM connections WHERE portal_id = ? OR "
                     + "(id = ? AND portal_id IS NULL AND ? = ?) ORDER BY id")) {
            ps.setLong(1, portal);
            ps.setString(2, configuredConnection);
            ps.setString(3, configuredPortal);
            ps.setString(4, Long.toString(portal));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the connections: " + e.getMessage(), e);
        }
        return out;
    }

    /** A whole number of at least 0 (occurredAt). */
    private static long number(JsonNode e, String field, String at) {
        JsonNode v = e.path(field);
        if (v.isIntegralNumber() && v.canConvertToLong() && v.longValue() >= 0
                || v.isTextual() && v.asText().matches("\\d{1,18}")) {
            return v.asLong();
        }
        throw new Malformed(at + " has no numeric " + field);
    }

    private static long id(JsonNode e, String field, String at) {
        return HubSpotIds.of(e.get(field)).orElseThrow(() -> new Malformed(at + " has " + field + " "
                + shown(e.get(field)) + "; " + HubSpotIds.RULE));
    }

    private static List<Long> mergedIds(JsonNode e, String at) {
        JsonNode ids = e.get("mergedObjectIds");
        if (ids == null || ids.isNull()) {
            return List.of();
        }
        if (!ids.isArray()) {
            throw new Malformed(at + " has mergedObjectIds " + shown(ids) + ", not a list of ids");
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            out.add(mergedId(ids, i, at));
        }
        return out;
    }

    private static long mergedId(JsonNode ids, int index, String at) {
        return HubSpotIds.of(ids.get(index)).orElseThrow(() -> new Malformed(at + " has mergedObjectIds[" + index
                + "] " + shown(ids.get(index)) + "; " + HubSpotIds.RULE));
    }

    /** The event's eventId as a log line may show it. */
    private static String eventId(JsonNode e) {
        JsonNode id = e.get("eventId");
        return id == null || id.isNull() ? "none" : id.isNumber() ? id.asText() : Quoted.of(id.asText());
    }

    private static String shown(JsonNode v) {
        return v == null ? "missing" : Quoted.of(v.toString());
    }

    private static String text(JsonNode e, String field, String at) {
        JsonNode v = e.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new Malformed(at + " has no " + field);
        }
        return v.asText();
    }
}
