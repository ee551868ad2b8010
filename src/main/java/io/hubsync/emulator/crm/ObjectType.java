package io.hubsync.emulator.crm;

import java.util.List;
import java.util.Locale;

/**
 * The standard CRM object types the emulator serves and how they differ (docs/hubspot.md §10, §18):
 * contacts carry {@code lastmodifieddate}, every other type {@code hs_lastmodifieddate}; contacts,
 * companies, deals, tickets, products and line items carry {@code createdate}, quotes, leads and the
 * engagements {@code hs_createdate}. The scopes of each type are in this one table too (§18).
 */
public enum ObjectType {
    CONTACTS("contacts", "0-1", "contact", "createdate", "lastmodifieddate",
            List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"),
            List.of("firstname", "lastname", "email", "phone", "hs_additional_emails", "fax", "mobilephone",
                    "company", "hs_marketable_until_renewal"),
            "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.schemas.contacts.read",
            "crm.schemas.contacts.write"),
    COMPANIES("companies", "0-2", "company", "createdate", "hs_lastmodifieddate",
            List.of("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"),
            List.of("name", "domain", "website", "phone"),
            "crm.objects.companies.read", "crm.objects.companies.write", "crm.schemas.companies.read",
            "crm.schemas.companies.write"),
    DEALS("deals", "0-3", "deal", "createdate", "hs_lastmodifieddate",
            List.of("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
                    "hs_object_id", "pipeline"),
            List.of("dealname"),
            "crm.objects.deals.read", "crm.objects.deals.write", "crm.schemas.deals.read",
            "crm.schemas.deals.write"),
    /** tickets use the legacy {@code tickets} scope for everything */
    TICKETS("tickets", "0-5", "ticket", "createdate", "hs_lastmodifieddate",
            List.of("content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline",
                    "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject"),
            List.of("subject", "content"),
            "tickets", "tickets", "tickets", "tickets"),
    PRODUCTS("products", "0-7", "product", "createdate", "hs_lastmodifieddate",
            List.of("createdate", "description", "hs_lastmodifieddate", "hs_object_id", "name", "price"),
            List.of("name", "description", "hs_sku"),
            "crm.objects.products.read", "crm.objects.products.write"),
    LINE_ITEMS("line_items", "0-8", "line_item", "createdate", "hs_lastmodifieddate",
            List.of("createdate", "hs_lastmodifieddate", "hs_object_id", "name", "price", "quantity"),
            List.of("name", "hs_sku"),
            "crm.objects.line_items.read", "crm.objects.line_items.write"),
    QUOTES("quotes", "0-14", "quote", "hs_createdate", "hs_lastmodifieddate",
            List.of("hs_createdate", "hs_expiration_date", "hs_lastmodifieddate", "hs_object_id", "hs_quote_amount",
                    "hs_title"),
            List.of("hs_title"),
            "crm.objects.quotes.read", "crm.objects.quotes.write"),
    /** [U] no dedicated scope in the spec; the contacts scopes, as docs/hubspot.md §18 suggests */
    COMMUNICATIONS("communications", "0-18", "communication", "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_communication_body"),
            "crm.objects.contacts.read", "crm.objects.contacts.write"),
    TASKS("tasks", "0-27", "task", "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_task_subject", "hs_task_body"),
            "crm.objects.tasks.read", "crm.objects.tasks.write"),
    NOTES("notes", "0-46", "note", "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_note_body"),
            "crm.objects.notes.read", "crm.objects.notes.write"),
    MEETINGS("meetings", "0-47", "meeting", "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_meeting_title", "hs_meeting_body"),
            "crm.objects.meetings.read", "crm.objects.meetings.write"),
    CALLS("calls", "0-48", "call", "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_call_title", "hs_call_body"),
            "crm.objects.calls.read", "crm.objects.calls.write"),
    EMAILS("emails", "0-49", "email", "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_email_subject", "hs_email_text"),
            "crm.objects.emails.read", "crm.objects.emails.write"),
    /** [U] no scope in the spec; the contacts scopes, like communications */
    POSTAL_MAIL("postal_mail", "0-116", "postal_mail", "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_postal_mail_body"),
            "crm.objects.contacts.read", "crm.objects.contacts.write"),
    LEADS("leads", "0-136", "lead", "hs_createdate", "hs_lastmodifieddate",
            List.of("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
            List.of("hs_lead_name"),
            "crm.objects.leads.read", "crm.objects.leads.write");

    private final String path;
    private final String typeId;
    private final String singular;
    private final String createdProperty;
    private final String lastModifiedProperty;
    private final List<String> defaultProperties;
    private final List<String> searchableProperties;
    private final String readScope;
    private final String writeScope;
    private final String schemaReadScope;
    private final String schemaWriteScope;

    ObjectType(String path, String typeId, String singular, String createdProperty, String lastModifiedProperty,
               List<String> defaultProperties, List<String> searchableProperties, String readScope,
               String writeScope, String schemaReadScope, String schemaWriteScope) {
        this.path = path;
        this.typeId = typeId;
        this.singular = singular;
        this.createdProperty = createdProperty;
        this.lastModifiedProperty = lastModifiedProperty;
        this.defaultProperties = defaultProperties;
        this.searchableProperties = searchableProperties;
        this.readScope = readScope;
        this.writeScope = writeScope;
        this.schemaReadScope = schemaReadScope;
        this.schemaWriteScope = schemaWriteScope;
    }

    /** A type without schema scopes of its own: its properties need its object scopes ([U] §18). */
    ObjectType(String path, String typeId, String singular, String createdProperty, String lastModifiedProperty,
               List<String> defaultProperties, List<String> searchableProperties, String readScope,
               String writeScope) {
        this(path, typeId, singular, createdProperty, lastModifiedProperty, defaultProperties, searchableProperties,
                readScope, writeScope, readScope, writeScope);
    }

    /** [U] what a call, email, meeting, note, task, communication or postal mail comes with by default. */
    private static List<String> engagementDefaults() {
        return List.of("hs_createdate", "hs_lastmodifieddate", "hs_object_id");
    }

    /** The name in URLs, e.g. {@code contacts}. */
    public String path() { return path; }
    /** HubSpot's object type id, e.g. {@code 0-1}. */
    public String typeId() { return typeId; }
    /** The name in webhook subscription types, e.g. {@code contact}. */
    public String singular() { return singular; }
    /** {@code createdate} or {@code hs_createdate}. */
    public String createdProperty() { return createdProperty; }
    public String lastModifiedProperty() { return lastModifiedProperty; }
    public List<String> defaultProperties() { return defaultProperties; }
    /** Properties that the free-text {@code query} of a search looks in. */
    public List<String> searchableProperties() { return searchableProperties; }

    /** Scope to read records of this type. */
    public String readScope() { return readScope; }
    public String writeScope() { return writeScope; }
    public String schemaReadScope() { return schemaReadScope; }
    public String schemaWriteScope() { return schemaWriteScope; }

    /** Accepts {@code contacts}, {@code contact} and {@code 0-1}; null when unknown. */
    public static ObjectType parse(String s) {
        if (s == null) {
            return null;
        }
        String k = s.toLowerCase(Locale.ROOT);
        for (ObjectType t : values()) {
            if (t.path.equals(k) || t.singular.equals(k) || t.typeId.equals(k)) {
                return t;
            }
        }
        return null;
    }
}
