package io.hubsync.emulator.crm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The property definitions of one object type in one portal: HubSpot's built-in ones plus those
 * created through the properties API. Each definition has a fixed slot, the index of its value in
 * a record's value array. Reads are lock-free (copy on write): definitions change rarely.
 */
public final class PropertySchema {
    private static final List<String> LIFECYCLE = List.of("subscriber", "lead", "marketingqualifiedlead",
            "salesqualifiedlead", "opportunity", "customer", "evangelist", "other");

    private final ObjectType type;
    private volatile List<PropertyDef> defs;
    private volatile Map<String, Integer> slots;

    public PropertySchema(ObjectType type) {
        this.type = type;
        List<PropertyDef> list = new ArrayList<>(builtIns(type));
        this.defs = List.copyOf(list);
        this.slots = index(list);
    }

    public ObjectType type() { return type; }
    public List<PropertyDef> all() { return defs; }
    public int size() { return defs.size(); }

    public PropertyDef get(String name) {
        Integer i = slots.get(name);
        return i == null ? null : defs.get(i);
    }

    /** The slot of a property, or -1 when it is not defined. */
    public int slot(String name) {
        Integer i = slots.get(name);
        return i == null ? -1 : i;
    }

    public boolean has(String name) { return slots.containsKey(name); }

    /** Adds a definition; false when the name is taken. */
    public synchronized boolean add(PropertyDef def) {
        if (slots.containsKey(def.name())) {
            return false;
        }
        List<PropertyDef> list = new ArrayList<>(defs);
        list.add(def);
        Map<String, Integer> idx = index(list);
        defs = List.copyOf(list);
        slots = idx;
        return true;
    }

    private static Map<String, Integer> index(List<PropertyDef> list) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            m.put(list.get(i).name(), i);
        }
        return m;
    }

    private static List<PropertyDef> builtIns(ObjectType type) {
        List<PropertyDef> l = new ArrayList<>();
        l.add(PropertyDef.builtIn("hs_object_id", "Record ID", "number", "number", "system", List.of(), true));
        l.add(PropertyDef.builtIn("createdate", "Create Date", "datetime", "date", "system", List.of(), true));
        l.add(PropertyDef.builtIn(type.lastModifiedProperty(), "Last Modified Date", "datetime", "date",
                "system", List.of(), true));
        l.add(PropertyDef.builtIn("hs_merged_object_ids", "Merged Record IDs", "enumeration", "checkbox",
                "system", List.of(), true));
        l.add(PropertyDef.builtIn("hubspot_owner_id", "Owner", "enumeration", "select", "system",
                List.of("101", "102", "103", "104"), false));
        switch (type) {
            case CONTACTS -> {
                String g = "contactinformation";
                for (String n : List.of("email", "firstname", "lastname", "phone", "mobilephone", "fax",
                        "company", "jobtitle", "website", "address", "city", "state", "zip", "country",
                        "hs_additional_emails")) {
                    l.add(PropertyDef.builtIn(n, label(n), n.contains("phone") || n.equals("fax")
                            ? "phone_number" : "string", n.contains("phone") || n.equals("fax")
                            ? "phonenumber" : "text", g, List.of(), false));
                }
                l.add(PropertyDef.builtIn("lifecyclestage", "Lifecycle Stage", "enumeration", "radio", g,
                        LIFECYCLE, false));
                l.add(PropertyDef.builtIn("hs_lead_status", "Lead Status", "enumeration", "radio", "sales_properties",
                        List.of("NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT",
                                "CONNECTED", "BAD_TIMING"), false));
                l.add(PropertyDef.builtIn("hs_marketable_until_renewal", "Marketing contact until next update",
                        "enumeration", "booleancheckbox", g, List.of("true", "false"), false));
                l.add(PropertyDef.builtIn("num_notes", "Number of Sales Activities", "number", "number",
                        "sales_properties", List.of(), true));
                l.add(PropertyDef.builtIn("notes_last_updated", "Last Activity Date", "datetime", "date",
                        "sales_properties", List.of(), true));
            }
            case COMPANIES -> {
                String g = "companyinformation";
                for (String n : List.of("name", "domain", "website", "phone", "city", "state", "country",
                        "description")) {
                    l.add(PropertyDef.builtIn(n, label(n), n.equals("phone") ? "phone_number" : "string",
                            n.equals("description") ? "textarea" : "text", g, List.of(), false));
                }
                l.add(PropertyDef.builtIn("industry", "Industry", "enumeration", "select", g,
                        List.of("COMPUTER_SOFTWARE", "FINANCIAL_SERVICES", "HOSPITAL_HEALTH_CARE", "RETAIL",
                                "EDUCATION_MANAGEMENT"), false));
                l.add(PropertyDef.builtIn("numberofemployees", "Number of Employees", "number", "number", g,
                        List.of(), false));
                l.add(PropertyDef.builtIn("annualrevenue", "Annual Revenue", "number", "number", g, List.of(), false));
                l.add(PropertyDef.builtIn("lifecyclestage", "Lifecycle Stage", "enumeration", "radio", g,
                        LIFECYCLE, false));
            }
            case DEALS -> {
                String g = "dealinformation";
                l.add(PropertyDef.builtIn("dealname", "Deal Name", "string", "text", g, List.of(), false));
                l.add(PropertyDef.builtIn("amount", "Amount", "number", "number", g, List.of(), false));
                l.add(PropertyDef.builtIn("closedate", "Close Date", "datetime", "date", g, List.of(), false));
                l.add(PropertyDef.builtIn("pipeline", "Pipeline", "enumeration", "select", g, List.of("default"),
                        false));
                l.add(PropertyDef.builtIn("dealstage", "Deal Stage", "enumeration", "radio", g,
                        List.of("appointmentscheduled", "qualifiedtobuy", "presentationscheduled",
                                "decisionmakerboughtin", "contractsent", "closedwon", "closedlost"), false));
                l.add(PropertyDef.builtIn("dealtype", "Deal Type", "enumeration", "radio", g,
                        List.of("newbusiness", "existingbusiness"), false));
                l.add(PropertyDef.builtIn("description", "Deal Description", "string", "textarea", g, List.of(),
                        false));
            }
            case TICKETS -> {
                String g = "ticketinformation";
                l.add(PropertyDef.builtIn("subject", "Ticket name", "string", "text", g, List.of(), false));
                l.add(PropertyDef.builtIn("content", "Ticket description", "string", "textarea", g, List.of(),
                        false));
                l.add(PropertyDef.builtIn("hs_pipeline", "Pipeline", "enumeration", "select", g, List.of("0"),
                        false));
                l.add(PropertyDef.builtIn("hs_pipeline_stage", "Ticket status", "enumeration", "select", g,
                        List.of("1", "2", "3", "4"), false));
                l.add(PropertyDef.builtIn("hs_ticket_priority", "Priority", "enumeration", "select", g,
                        List.of("LOW", "MEDIUM", "HIGH", "URGENT"), false));
                l.add(PropertyDef.builtIn("hs_ticket_category", "Category", "enumeration", "checkbox", g,
                        List.of("PRODUCT_ISSUE", "BILLING_ISSUE", "FEATURE_REQUEST", "GENERAL_INQUIRY"), false));
                l.add(PropertyDef.builtIn("source_type", "Source", "enumeration", "select", g,
                        List.of("EMAIL", "CHAT", "PHONE", "FORM"), false));
            }
            default -> throw new IllegalStateException(type.name());
        }
        return l;
    }

    private static String label(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('_', ' ');
    }
}
