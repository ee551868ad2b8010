package io.hubsync.core;

import java.util.List;
import java.util.Map;

/**
 * A portal's custom objects as one run saw them in {@code GET /crm-object-schemas/v3/schemas}
 * (docs/hubspot.md §15): how a type named in a setting, by name, fully qualified name or object type id,
 * is stored (its name, as records are: docs/configuration.md "Object types") and how HubSpot's paths name
 * it (its object type id). Standard types are both as named. The pairs of sync.associations.&lt;type&gt;
 * use it, so that {@code sync.associations.contacts = cars} calls HubSpot with {@code 2-…} and stores
 * {@code cars} (docs/associations.md).
 */
public final class CustomObjectNames {
    /** Not looked up: a custom type named here fails with a clear message. */
    public static final CustomObjectNames NONE = new CustomObjectNames(null, List.of());

    private final String connectionId;
    /** each: name, fullyQualifiedName, hubspotType (PortalObjectTypes.customTypes) */
    private final List<Map<String, String>> types;

    public CustomObjectNames(String connectionId, List<Map<String, String>> types) {
        this.connectionId = connectionId;
        this.types = List.copyOf(types);
    }

    /** Whether the portal's schemas were read (a run that names a custom type needs them). */
    public boolean isLookedUp() { return this != NONE; }

    /** The name records and associations of this type are stored under. */
    public String stored(String named) {
        Map<String, String> t = find(named);
        return t == null ? named : t.get("name");
    }

    /** How HubSpot's paths name this type: a custom object's object type id, a standard type as named. */
    public String hubspot(String named) {
        Map<String, String> t = find(named);
        return t == null ? named : t.get("hubspotType");
    }

    /**
     * Why a type named in {@code key} cannot be read in this portal, or null when it can: a custom
     * object the portal has not (the message names the key, the connection and the portal's objects).
     */
    public String problem(String key, String named) {
        if (!ObjectTypes.isCustom(named) || find(named) != null) {
            return null;
        }
        return key + " names " + Quoted.of(named) + ", which is no custom object of connection " + connectionId
                + ": its portal has " + (types.isEmpty() ? "none" : String.join(", ", types.stream().map(t ->
                t.get("name") + " (" + t.get("fullyQualifiedName") + ", " + t.get("hubspotType") + ")").toList()));
    }

    private Map<String, String> find(String named) {
        if (!ObjectTypes.isCustom(named)) {
            return null;
        }
        for (Map<String, String> t : types) {
            if (named.equals(t.get("name")) || named.equals(t.get("fullyQualifiedName"))
                    || named.equals(t.get("hubspotType"))) {
                return t;
            }
        }
        return null;
    }
}
