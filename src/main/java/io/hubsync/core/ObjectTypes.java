package io.hubsync.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The CRM object types hubsync syncs (docs/hubspot.md §15, §18) and what differs between them for the
 * sync (docs/hubspot.md §10): HubSpot's standard objects by name, custom objects by name, fully
 * qualified name ({@code p<portal>_<name>}) or object type id ({@code 2-<n>}), and {@code *} for every
 * type a connection's portal has and its token may read.
 *
 * <p>A custom object is stored under its schema's {@code name} ({@code records.object_type}): stable
 * within a portal, readable, and the same whichever of the three ways {@code sync.objects} names it.
 * Its object type id is looked up per connection each run (routes/object-types.camel.yaml) and is
 * what the run's HubSpot calls use ({@link SyncRun#getHubspotType()}).
 */
public final class ObjectTypes {
    /** Every type the portal has and the token may read, discovered per connection each run. */
    public static final String ALL = "*";

    /** One standard object: its path name, object type id, last-modified property and read scope. */
    public record Standard(String name, String id, String lastModified, String readScope) { }

    private static final Map<String, Standard> STANDARD = new LinkedHashMap<>();

    static {
        // ids and scopes: docs/hubspot.md §18, each with how sure it is
        std("contacts", "0-1", "lastmodifieddate", "crm.objects.contacts.read");
        std("companies", "0-2", "hs_lastmodifieddate", "crm.objects.companies.read");
        std("deals", "0-3", "hs_lastmodifieddate", "crm.objects.deals.read");
        std("tickets", "0-5", "hs_lastmodifieddate", "tickets");
        std("products", "0-7", "hs_lastmodifieddate", "crm.objects.products.read");
        std("line_items", "0-8", "hs_lastmodifieddate", "crm.objects.line_items.read");
        std("quotes", "0-14", "hs_lastmodifieddate", "crm.objects.quotes.read");
        std("communications", "0-18", "hs_lastmodifieddate", "crm.objects.contacts.read");
        std("tasks", "0-27", "hs_lastmodifieddate", "crm.objects.tasks.read");
        std("notes", "0-46", "hs_lastmodifieddate", "crm.objects.notes.read");
        std("meetings", "0-47", "hs_lastmodifieddate", "crm.objects.meetings.read");
        std("calls", "0-48", "hs_lastmodifieddate", "crm.objects.calls.read");
        std("emails", "0-49", "hs_lastmodifieddate", "crm.objects.emails.read");
        std("postal_mail", "0-116", "hs_lastmodifieddate", "crm.objects.contacts.read");
        std("leads", "0-136", "hs_lastmodifieddate", "crm.objects.leads.read");
    }

    /** The standard types hubsync syncs, by name, in HubSpot's order of ids. */
    public static final List<String> SUPPORTED = List.copyOf(STANDARD.keySet());

    /** The scope that lists custom objects' schemas (or crm.schemas.custom.read; docs/hubspot.md §15). */
    public static final String CUSTOM_READ_SCOPE = "crm.objects.custom.read";

    /**
     * HubSpot's standard objects hubsync does not sync (docs/hubspot.md §18): a name among them is a
     * mistake in sync.objects, not a custom object.
     */
    private static final Set<String> OTHER_STANDARD = Set.of("appointments", "courses", "listings", "services",
            "orders", "invoices", "subscriptions", "payments", "marketing_events", "feedback_submissions", "users",
            "goal_targets", "campaigns", "carts", "discounts", "fees", "taxes", "engagements", "owners");

    /** The longest type name the tables hold (object_type VARCHAR(100), V11__object_type_names.sql). */
    public static final int MAX_NAME = 100;

    private static final Pattern CUSTOM_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");
    private static final Pattern QUALIFIED = Pattern.compile("p[0-9]+_([A-Za-z][A-Za-z0-9_]*)");
    private static final Pattern CUSTOM_ID = Pattern.compile("2-[0-9]{1,18}");
    private static final Pattern STANDARD_ID = Pattern.compile("0-[0-9]{1,9}");

    private ObjectTypes() { }

    private static void std(String name, String id, String lastModified, String scope) {
        STANDARD.put(name, new Standard(name, id, lastModified, scope));
    }

    /** The standard type of this name or id (0-48 is calls), or null. */
    public static Standard standard(String nameOrId) {
        Standard s = STANDARD.get(nameOrId);
        if (s != null || nameOrId == null) {
            return s;
        }
        return STANDARD.values().stream().filter(t -> t.id().equals(nameOrId)).findFirst().orElse(null);
    }

    public static boolean isStandard(String nameOrId) {
        return standard(nameOrId) != null;
    }

    /** Whether this names a custom object (by name, fully qualified name or 2-id), not a standard one. */
    public static boolean isCustom(String type) {
        return type != null && !isStandard(type) && problem(type) == null && !ALL.equals(type);
    }

    /**
     * The property that search filters on for incremental windows: {@code lastmodifieddate} on contacts
     * only, {@code hs_lastmodifieddate} on every other standard and every custom object (docs/hubspot.md §10).
     */
    public static String lastModifiedProperty(String objectType) {
        Standard s = standard(objectType);
        if (s != null) {
            return s.lastModified();
        }
        String problem = problem(objectType);
        if (problem != null || ALL.equals(objectType)) {
            throw new IllegalArgumentException("sync.objects: " + Quoted.of(objectType) + " "
                    + (problem != null ? problem : "is not one object type"));
        }
        return "hs_lastmodifieddate";
    }

    /** The scope a standard type's records need, or the custom objects' read scope. */
    public static String readScope(String objectType) {
        Standard s = standard(objectType);
        return s != null ? s.readScope() : CUSTOM_READ_SCOPE;
    }

    /**
     * Why one entry of sync.objects cannot be an object type, or null when it may be: a standard name
     * or id, {@code *}, or what a custom object is named (checked against the portal at run time). A
     * name that looks like a standard one (a singular, another case, a one-letter typo in a name of six
     * letters or more, a standard object hubsync does not sync, a 0- id not in the table) is refused:
     * taken for a custom object, it would fail only at run time, in every portal.
     */
    public static String problem(String type) {
        if (type == null || type.isBlank()) {
            return "is empty";
        }
        if (ALL.equals(type) || isStandard(type) || CUSTOM_ID.matcher(type).matches()
                || QUALIFIED.matcher(type).matches()) {
            return null;
        }
        String valid = "use any of " + String.join(", ", SUPPORTED) + "; a custom object's name, "
                + "p<portal>_<name> or 2-<id>; or * for every type";
        if (STANDARD_ID.matcher(type).matches()) {
            return "is not the id of a standard object hubsync syncs; " + valid;
        }
        if (!CUSTOM_NAME.matcher(type).matches()) {
            return "is not an object type (letters, digits and _ only); " + valid;
        }
        String t = type.toLowerCase(Locale.ROOT);
        if (OTHER_STANDARD.contains(t) || OTHER_STANDARD.contains(t + "s")) {
            return "is a HubSpot object hubsync does not sync; " + valid;
        }
        String near = nearStandard(t);
        if (near != null) {
            return "looks like the standard object " + near + ", not a custom one (a custom object of that "
                    + "name: give its p<portal>_<name> or 2-<id>); " + valid;
        }
        return null;
    }

    /** The standard name this (lower-cased) one is probably meant to be, or null. */
    private static String nearStandard(String t) {
        for (String s : SUPPORTED) {
            String bare = s.replace("_", "");
            if (t.equals(s) || t.equals(s + "s") || s.equals(t + "s") || t.replace("_", "").equals(bare)
                    || (t + "s").replace("_", "").equals(bare) || t.length() >= 6 && distance(t, s) <= 1) {
                return s;
            }
        }
        return null;
    }

    /** Levenshtein distance, for typos of standard names (nothing in the JDK or our libraries has it). */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }

    /**
     * The entries of sync.objects, trimmed, standard ids as names (0-48 is calls), each once; checked.
     *
     * @throws IllegalArgumentException naming sync.objects and the valid values
     */
    public static List<String> parse(String list) {
        List<String> out = new ArrayList<>();
        for (String t : (list == null ? "" : list).split(",")) {
            String type = t.trim();
            if (type.isEmpty()) {
                continue;
            }
            String problem = problem(type);
            if (problem != null) {
                throw new IllegalArgumentException("sync.objects: " + Quoted.of(type) + " " + problem);
            }
            Standard s = standard(type);
            String name = s != null ? s.name() : type;
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("sync.objects is empty: list at least one of "
                    + String.join(", ", SUPPORTED) + ", a custom object, or *");
        }
        return out;
    }

    /** Whether a portal's custom object may be stored under this name (no standard one's, letters, digits, _). */
    public static boolean customName(String name) {
        return name != null && CUSTOM_NAME.matcher(name).matches() && !isStandard(name);
    }

    /** Whether a stored type name may be asked for (records API, verify): a standard name or a custom object's name. */
    public static boolean storable(String type) {
        return STANDARD.containsKey(type) || customName(type);
    }
}
