package io.hubsync.core;

import java.util.List;
import java.util.Map;

/** What differs between CRM object types for the sync (docs/hubspot.md §10). */
public final class ObjectTypes {
    public static final List<String> SUPPORTED = List.of("contacts", "companies", "deals", "tickets");

    private static final Map<String, String> LAST_MODIFIED = Map.of(
            "contacts", "lastmodifieddate",
            "companies", "hs_lastmodifieddate",
            "deals", "hs_lastmodifieddate",
            "tickets", "hs_lastmodifieddate");

    private ObjectTypes() { }

    /** The property that search filters on for incremental windows. */
    public static String lastModifiedProperty(String objectType) {
        String p = LAST_MODIFIED.get(objectType);
        if (p == null) {
            throw new IllegalArgumentException("sync.objects: '" + objectType + "' is not a supported object type; "
                    + "use any of " + String.join(", ", SUPPORTED));
        }
        return p;
    }
}
