package io.hubsync.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.sync.SyncSchedules;

import javax.sql.DataSource;
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

/**
 * Turns a webhook request's events into inbox events: which connections sync the event's portal,
 * which object type its {@code subscriptionType} names (HUBSPOT.md §7: {@code contact.*},
 * {@code company.*}, {@code deal.*}, {@code ticket.*}, or {@code object.*} with {@code objectTypeId}),
 * and what kind of change it is. Events of object types not in {@code sync.objects} and kinds that
 * change no record (associationChange) are dropped; an event for a portal no connection syncs
 * refuses the whole request (400), so a misrouted webhook is noticed.
 */
public final class WebhookEvents {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebhookEvents.class);
    static final Set<String> KINDS = Set.of("creation", "propertyChange", "deletion", "privacyDeletion", "merge",
            "restore");
    private static final Map<String, String> TYPES = Map.of("contact", "contacts", "company", "companies",
            "deal", "deals", "ticket", "tickets");
    /** HubSpot's objectTypeIds of the standard objects */
    private static final Map<String, String> TYPE_IDS = Map.of("0-1", "contacts", "0-2", "companies",
            "0-3", "deals", "0-5", "tickets");

    private final DataSource ds;
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

    /** The inbox events of a request body (a JSON array of events); refuses the request when one is bad. */
    public List<InboxEvent> resolve(JsonNode body) throws SQLException {
        if (body == null || !body.isArray()) {
            throw new WebhookRefused(400, "the body must be a JSON array of HubSpot webhook events");
        }
        List<String> synced = SyncSchedules.objectTypes(objectTypes);
        Map<Long, List<String>> connections = new HashMap<>();
        List<InboxEvent> out = new ArrayList<>();
        java.util.Set<Long> unknown = new java.util.TreeSet<>();
        int known = 0;
        int i = 0;
        for (JsonNode e : body) {
            String at = "event " + i++;
            long portal = number(e, "portalId", at);
            String subscription = text(e, "subscriptionType", at);
            long occurred = number(e, "occurredAt", at);
            List<String> to = connections.computeIfAbsent(portal, this::connectionsOf);
            if (to.isEmpty()) {
                // HubSpot batches an app's events of all its installs: one portal hubsync no longer syncs
                // (a deleted connection, the app still installed) must not cost the others their events
                unknown.add(portal);
                continue;
            }
            known++;
            int dot = subscription.indexOf('.');
            String kind = dot < 0 ? "" : subscription.substring(dot + 1);
            String type = objectType(subscription.substring(0, Math.max(0, dot)), e.path("objectTypeId").asText(null));
            if (type == null || !synced.contains(type) || !KINDS.contains(kind)) {
                continue;
            }
            long objectId = number(e, "objectId", at);
            List<Long> merged = new ArrayList<>();
            if (kind.equals("merge")) {
                // the survivor is the new record when HubSpot made one, else the primary
                long primary = e.hasNonNull("primaryObjectId") ? e.get("primaryObjectId").asLong() : objectId;
                objectId = e.hasNonNull("newObjectId") ? e.get("newObjectId").asLong() : primary;
                e.path("mergedObjectIds").forEach(id -> merged.add(id.asLong()));
                if (primary != objectId) {
                    merged.add(primary);
                }
            }
            String key = portal + "/" + e.path("eventId").asText("") + "/" + subscription + "/"
                    + e.path("objectId").asText("") + "/" + occurred;
            for (String connection : to) {
                out.add(new InboxEvent(connection, type, kind, objectId, List.copyOf(merged),
                        Instant.ofEpochMilli(occurred), e.toString(), dedupKey(connection + "/" + key)));
            }
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
        return out;
    }

    /**
     * The key Camel's idempotent repository keeps (its messageId column holds 100 characters): the
     * event's identity as a SHA-256 hex digest, whatever the length of the connection's name.
     */
    static String dedupKey(String identity) {
        return java.util.HexFormat.of().formatHex(io.hubsync.auth.Digests.sha256(identity));
    }

    static String objectType(String prefix, String objectTypeId) {
        return prefix.equals("object") ? TYPE_IDS.get(objectTypeId) : TYPES.get(prefix);
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

    private static long number(JsonNode e, String field, String at) {
        JsonNode v = e.path(field);
        if (v.isIntegralNumber() && v.canConvertToLong() || v.isTextual() && v.asText().matches("\\d{1,18}")) {
            return v.asLong();
        }
        throw new WebhookRefused(400, at + " has no numeric " + field);
    }

    private static String text(JsonNode e, String field, String at) {
        JsonNode v = e.path(field);
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new WebhookRefused(400, at + " has no " + field);
        }
        return v.asText();
    }
}
