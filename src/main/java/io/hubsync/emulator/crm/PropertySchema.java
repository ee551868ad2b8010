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
        l.add(PropertyDef.builtIn(type.createdProperty(), "Create Date", "datetime", "date", "system", List.of(), true));
        l.add(PropertyDef.builtIn(type.lastModifiedProperty(), "Last Modified Date", "datetime", "date",
                "system", List.of(), true));
        l.add(PropertyDef.builtIn("hs_merged_object_ids", "Merged Record IDs", "enumeration", "checkbox",
                "system", List.of(), true));
        l.add(PropertyDef.builtIn("hubspot_owner_id", "Owner", "enumeration", "select", "system",
                List.of("101", "102", "103", "104"), false));
        switch (type.name()) {
            case "CONTACTS" -> {
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
            case "COMPANIES" -> {
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
            case "DEALS" -> {
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
            case "TICKETS" -> {
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
            case "PRODUCTS" -> {
                String g = "productinformation";
                l.add(text("name", "Name", g));
                l.add(PropertyDef.builtIn("description", "Description", "string", "textarea", g, List.of(), false));
                l.add(number("price", "Unit price", g));
                l.add(text("hs_sku", "SKU", g));
                l.add(number("hs_cost_of_goods_sold", "Unit cost", g));
                l.add(choice("hs_product_type", "Product type", g, "inventory", "non_inventory", "service"));
                l.add(choice("hs_recurring_billing_period", "Term", g, "P1M", "P3M", "P6M", "P12M"));
            }
            case "LINE_ITEMS" -> {
                String g = "lineiteminformation";
                l.add(text("name", "Name", g));
                l.add(number("price", "Unit price", g));
                l.add(number("quantity", "Quantity", g));
                l.add(number("amount", "Net price", g));
                l.add(number("hs_product_id", "Product ID", g));
                l.add(text("hs_sku", "SKU", g));
                l.add(number("hs_discount_percentage", "Discount percentage", g));
            }
            case "QUOTES" -> {
                String g = "quoteinformation";
                l.add(text("hs_title", "Quote name", g));
                l.add(date("hs_expiration_date", "Expiration date", g));
                l.add(number("hs_quote_amount", "Amount", g));
                l.add(choice("hs_status", "Quote approval status", g, "DRAFT", "APPROVAL_NOT_NEEDED",
                        "PENDING_APPROVAL", "APPROVED", "REJECTED"));
                l.add(choice("hs_currency", "Currency", g, "USD", "EUR", "GBP"));
            }
            case "CALLS" -> {
                String g = "call";
                l.add(date("hs_timestamp", "Activity date", g));
                l.add(text("hs_call_title", "Call Title", g));
                l.add(body("hs_call_body", "Call notes", g));
                l.add(number("hs_call_duration", "Call duration", g));
                l.add(choice("hs_call_direction", "Call direction", g, "INBOUND", "OUTBOUND"));
                l.add(choice("hs_call_status", "Call status", g, "BUSY", "CALLING_CRM_USER", "CANCELED",
                        "COMPLETED", "CONNECTING", "FAILED", "IN_PROGRESS", "NO_ANSWER", "QUEUED", "RINGING"));
            }
            case "EMAILS" -> {
                String g = "email";
                l.add(date("hs_timestamp", "Activity date", g));
                l.add(text("hs_email_subject", "Email subject", g));
                l.add(body("hs_email_text", "Email body", g));
                l.add(choice("hs_email_direction", "Email direction", g, "EMAIL", "INCOMING_EMAIL",
                        "FORWARDED_EMAIL"));
                l.add(choice("hs_email_status", "Email send status", g, "BOUNCED", "FAILED", "SCHEDULED", "SENDING",
                        "SENT"));
            }
            case "MEETINGS" -> {
                String g = "meeting";
                l.add(date("hs_timestamp", "Activity date", g));
                l.add(text("hs_meeting_title", "Meeting name", g));
                l.add(body("hs_meeting_body", "Meeting description", g));
                l.add(date("hs_meeting_start_time", "Start time", g));
                l.add(date("hs_meeting_end_time", "End time", g));
                l.add(choice("hs_meeting_outcome", "Meeting outcome", g, "SCHEDULED", "COMPLETED", "RESCHEDULED",
                        "NO_SHOW", "CANCELED"));
            }
            case "NOTES" -> {
                String g = "note";
                l.add(date("hs_timestamp", "Activity date", g));
                l.add(body("hs_note_body", "Note body", g));
            }
            case "TASKS" -> {
                String g = "task";
                l.add(date("hs_timestamp", "Due date", g));
                l.add(text("hs_task_subject", "Task title", g));
                l.add(body("hs_task_body", "Notes", g));
                l.add(choice("hs_task_status", "Task status", g, "NOT_STARTED", "IN_PROGRESS", "WAITING",
                        "COMPLETED", "DEFERRED"));
                l.add(choice("hs_task_priority", "Priority", g, "NONE", "LOW", "MEDIUM", "HIGH"));
                l.add(choice("hs_task_type", "Task type", g, "EMAIL", "CALL", "TODO"));
            }
            case "COMMUNICATIONS" -> {
                String g = "communication";
                l.add(date("hs_timestamp", "Activity date", g));
                l.add(body("hs_communication_body", "Communication body", g));
                l.add(choice("hs_communication_channel_type", "Channel type", g, "WHATS_APP", "LINKEDIN_MESSAGE",
                        "SMS"));
                l.add(choice("hs_communication_logged_from", "Logged from", g, "CRM"));
            }
            case "POSTAL_MAIL" -> {
                String g = "postal_mail";
                l.add(date("hs_timestamp", "Activity date", g));
                l.add(body("hs_postal_mail_body", "Postal mail body", g));
            }
            case "LEADS" -> {
                String g = "leadinformation";
                l.add(text("hs_lead_name", "Lead name", g));
                l.add(choice("hs_pipeline", "Pipeline", g, "lead-pipeline-id"));
                l.add(choice("hs_pipeline_stage", "Lead stage", g, "new-stage-id", "attempting-stage-id",
                        "connected-stage-id", "qualified-stage-id", "unqualified-stage-id"));
                l.add(choice("hs_lead_type", "Lead type", g, "NEW_BUSINESS", "UPSELL", "RE_ATTEMPTING"));
            }
            case "CUSTOM" -> { } // a schema's own properties come from its definition
            default -> throw new IllegalStateException(type.name());
        }
        return l;
    }

    private static PropertyDef text(String name, String label, String group) {
        return PropertyDef.builtIn(name, label, "string", "text", group, List.of(), false);
    }

    private static PropertyDef body(String name, String label, String group) {
        return PropertyDef.builtIn(name, label, "string", "html", group, List.of(), false);
    }

    private static PropertyDef number(String name, String label, String group) {
        return PropertyDef.builtIn(name, label, "number", "number", group, List.of(), false);
    }

    private static PropertyDef date(String name, String label, String group) {
        return PropertyDef.builtIn(name, label, "datetime", "date", group, List.of(), false);
    }

    private static PropertyDef choice(String name, String label, String group, String... options) {
        return PropertyDef.builtIn(name, label, "enumeration", "select", group, List.of(options), false);
    }

    private static String label(String name) {
        return Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('_', ' ');
    }
}
