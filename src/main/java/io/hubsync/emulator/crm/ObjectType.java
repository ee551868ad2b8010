package io.hubsync.emulator.crm;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The standard CRM object types the emulator serves and how they differ (docs/hubspot.md §10, §18):
 * contacts carry {@code lastmodifieddate}, every other type {@code hs_lastmodifieddate}; contacts,
 * companies, deals, tickets, products and line items carry {@code createdate}, quotes, leads and the
 * engagements {@code hs_createdate}. The scopes of each type are in this one table too (§18).
 *
 * <p>Custom object types are made at run time, one instance per portal and schema
 * ({@link #custom}); identity tells types apart, so {@code ==} works for both kinds.
 */
public final class ObjectType {
    /** Records of any custom type ([V] docs/hubspot.md §18). */
    public static final String CUSTOM_READ = "crm.objects.custom.read";
    public static final String CUSTOM_WRITE = "crm.objects.custom.write";
    /** Either scope lets a token read schemas ([V] §18: the spec lists them as alternatives). */
    public static final String SCHEMA_READ = "crm.schemas.custom.read|crm.objects.custom.read";
    public static final String SCHEMA_WRITE = "crm.schemas.custom.write";

    public static final ObjectType CONTACTS = new ObjectType("CONTACTS", 0, "contacts", "0-1", "contact",
            "createdate", "lastmodifieddate",
            List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"),
            List.of("firstname", "lastname", "email", "phone", "hs_additional_emails", "fax", "mobilephone",
                    "company", "hs_marketable_until_renewal"),
            "crm.objects.contacts.read", "crm.objects.contacts.write", "crm.schemas.contacts.read",
            "crm.schemas.contacts.write");
    public static final ObjectType COMPANIES = new ObjectType("COMPANIES", 1, "companies", "0-2", "company",
            "createdate", "hs_lastmodifieddate",
            List.of("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"),
            List.of("name", "domain", "website", "phone"),
            "crm.objects.companies.read", "crm.objects.companies.write", "crm.schemas.companies.read",
            "crm.schemas.companies.write");
    public static final ObjectType DEALS = new ObjectType("DEALS", 2, "deals", "0-3", "deal",
            "createdate", "hs_lastmodifieddate",
            List.of("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
                    "hs_object_id", "pipeline"),
            List.of("dealname"),
            "crm.objects.deals.read", "crm.objects.deals.write", "crm.schemas.deals.read",
            "crm.schemas.deals.write");
    /** tickets use the legacy {@code tickets} scope for everything */
    public static final ObjectType TICKETS = new ObjectType("TICKETS", 3, "tickets", "0-5", "ticket",
            "createdate", "hs_lastmodifieddate",
            List.of("content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline",
                    "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject"),
            List.of("subject", "content"),
            "tickets", "tickets", "tickets", "tickets");
    public static final ObjectType PRODUCTS = new ObjectType("PRODUCTS", 4, "products", "0-7", "product",
            "createdate", "hs_lastmodifieddate",
            List.of("createdate", "description", "hs_lastmodifieddate", "hs_object_id", "name", "price"),
            List.of("name", "description", "hs_sku"),
            "crm.objects.products.read", "crm.objects.products.write");
    public static final ObjectType LINE_ITEMS = new ObjectType("LINE_ITEMS", 5, "line_items", "0-8", "line_item",
            "createdate", "hs_lastmodifieddate",
            List.of("createdate", "hs_lastmodifieddate", "hs_object_id", "name", "price", "quantity"),
            List.of("name", "hs_sku"),
            "crm.objects.line_items.read", "crm.objects.line_items.write");
    public static final ObjectType QUOTES = new ObjectType("QUOTES", 6, "quotes", "0-14", "quote",
            "hs_createdate", "hs_lastmodifieddate",
            List.of("hs_createdate", "hs_expiration_date", "hs_lastmodifieddate", "hs_object_id", "hs_quote_amount",
                    "hs_title"),
            List.of("hs_title"),
            "crm.objects.quotes.read", "crm.objects.quotes.write");
    /** [U] no dedicated scope in the spec; the contacts scopes, as docs/hubspot.md §18 suggests */
    public static final ObjectType COMMUNICATIONS = new ObjectType("COMMUNICATIONS", 7, "communications", "0-18", "communication",
            "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_communication_body"),
            "crm.objects.contacts.read", "crm.objects.contacts.write");
    public static final ObjectType TASKS = new ObjectType("TASKS", 8, "tasks", "0-27", "task",
            "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_task_subject", "hs_task_body"),
            "crm.objects.tasks.read", "crm.objects.tasks.write");
    public static final ObjectType NOTES = new ObjectType("NOTES", 9, "notes", "0-46", "note",
            "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_note_body"),
            "crm.objects.notes.read", "crm.objects.notes.write");
    public static final ObjectType MEETINGS = new ObjectType("MEETINGS", 10, "meetings", "0-47", "meeting",
            "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_meeting_title", "hs_meeting_body"),
            "crm.objects.meetings.read", "crm.objects.meetings.write");
    public static final ObjectType CALLS = new ObjectType("CALLS", 11, "calls", "0-48", "call",
            "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_call_title", "hs_call_body"),
            "crm.objects.calls.read", "crm.objects.calls.write");
    public static final ObjectType EMAILS = new ObjectType("EMAILS", 12, "emails", "0-49", "email",
            "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_email_subject", "hs_email_text"),
            "crm.objects.emails.read", "crm.objects.emails.write");
    /** [U] no scope in the spec; the contacts scopes, like communications */
    public static final ObjectType POSTAL_MAIL = new ObjectType("POSTAL_MAIL", 13, "postal_mail", "0-116", "postal_mail",
            "hs_createdate", "hs_lastmodifieddate",
            engagementDefaults(), List.of("hs_postal_mail_body"),
            "crm.objects.contacts.read", "crm.objects.contacts.write");
    public static final ObjectType LEADS = new ObjectType("LEADS", 14, "leads", "0-136", "lead",
            "hs_createdate", "hs_lastmodifieddate",
            List.of("hs_createdate", "hs_lastmodifieddate", "hs_object_id"),
            List.of("hs_lead_name"),
            "crm.objects.leads.read", "crm.objects.leads.write");

    private static final List<ObjectType> STANDARD = List.of(CONTACTS, COMPANIES, DEALS, TICKETS, PRODUCTS,
            LINE_ITEMS, QUOTES, COMMUNICATIONS, TASKS, NOTES, MEETINGS, CALLS, EMAILS, POSTAL_MAIL, LEADS);

    /** A type that only stands for "some custom type" when a route asks which scope a request needs. */
    static final ObjectType ANY_CUSTOM = new ObjectType("CUSTOM", -1, "custom", "2-0", "custom", "hs_createdate",
            "hs_lastmodifieddate", List.of(), List.of(), CUSTOM_READ, CUSTOM_WRITE, SCHEMA_READ, SCHEMA_WRITE);

    private final String constant;
    private final int index;

    private final String path;
    private final String typeId;
    private final long portalId;
    private final String name;
    private final String fullyQualifiedName;
    /** the association types of a custom type's definitions, both directions; empty for standard types */
    private final List<AssociationTypes.Type> associationTypes = new CopyOnWriteArrayList<>();
    private volatile List<String> searchable;
    private final String singular;
    private final String createdProperty;
    private final String lastModifiedProperty;
    private final List<String> defaultProperties;
    private final String readScope;
    private final String writeScope;
    private final String schemaReadScope;
    private final String schemaWriteScope;

    private ObjectType(String constant, int index, String path, String typeId, String singular, String createdProperty,
               String lastModifiedProperty, List<String> defaultProperties, List<String> searchableProperties,
               String readScope, String writeScope, String schemaReadScope, String schemaWriteScope) {
        this(constant, index, path, typeId, 0, null, null, singular, createdProperty, lastModifiedProperty,
                defaultProperties, searchableProperties, readScope, writeScope, schemaReadScope, schemaWriteScope);
    }

    private ObjectType(String constant, int index, String path, String typeId, long portalId, String name,
                       String fullyQualifiedName, String singular, String createdProperty, String lastModifiedProperty,
                       List<String> defaultProperties, List<String> searchableProperties, String readScope,
                       String writeScope, String schemaReadScope, String schemaWriteScope) {
        this.constant = constant;
        this.index = index;
        this.portalId = portalId;
        this.name = name;
        this.fullyQualifiedName = fullyQualifiedName;
        this.path = path;
        this.typeId = typeId;
        this.singular = singular;
        this.createdProperty = createdProperty;
        this.lastModifiedProperty = lastModifiedProperty;
        this.defaultProperties = defaultProperties;
        this.searchable = searchableProperties;
        this.readScope = readScope;
        this.writeScope = writeScope;
        this.schemaReadScope = schemaReadScope;
        this.schemaWriteScope = schemaWriteScope;
    }

    /** A type without schema scopes of its own: its properties need its object scopes ([U] §18). */
    private ObjectType(String constant, int index, String path, String typeId, String singular,
                       String createdProperty, String lastModifiedProperty, List<String> defaultProperties,
                       List<String> searchableProperties, String readScope, String writeScope) {
        this(constant, index, path, typeId, singular, createdProperty, lastModifiedProperty, defaultProperties, searchableProperties,
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
    public List<String> searchableProperties() { return searchable; }

    /** A custom type's schema changed its searchable properties. */
    void searchableProperties(List<String> names) { this.searchable = List.copyOf(names); }

    /** The constant's name for a standard type ({@code CONTACTS}), {@code CUSTOM} for a custom one. */
    public String name() { return constant; }
    /** Standard types 0–14 in the order above; a portal's custom types 15 and up, in creation order. */
    public int index() { return index; }
    public boolean custom() { return constant.equals("CUSTOM"); }
    /** A custom type's portal; 0 for standard types. */
    public long portalId() { return portalId; }
    /** A custom type's schema name ({@code cars}); null for standard types. */
    public String schemaName() { return name; }
    /** {@code p<portalId>_<name>} for a custom type; null for standard types. */
    public String fullyQualifiedName() { return fullyQualifiedName; }
    /** The association types a custom type's definitions made, both directions. */
    List<AssociationTypes.Type> associationTypes() { return associationTypes; }

    /** The standard types, in a fixed order. */
    public static List<ObjectType> standard() { return STANDARD; }

    /**
     * A custom type of one portal: {@code 2-<number>}, {@code p<portalId>_<name>}; its records carry
     * {@code hs_createdate} and {@code hs_lastmodifieddate} and need the custom-object scopes.
     */
    public static ObjectType custom(long portalId, int number, int index, String name, List<String> searchable) {
        String typeId = "2-" + number;
        return new ObjectType("CUSTOM", index, typeId, typeId, portalId, name, "p" + portalId + "_" + name,
                name, "hs_createdate", "hs_lastmodifieddate", List.of("hs_createdate", "hs_lastmodifieddate",
                "hs_object_id"), List.copyOf(searchable), CUSTOM_READ, CUSTOM_WRITE, SCHEMA_READ, SCHEMA_WRITE);
    }

    /** The type whose scopes a request for this name needs: a standard one, else any custom one. */
    public static ObjectType forScopes(String s) {
        ObjectType t = parse(s);
        return t != null ? t : ANY_CUSTOM;
    }

    @Override
    public String toString() { return path; }

    /** Scope to read records of this type. */
    public String readScope() { return readScope; }
    public String writeScope() { return writeScope; }
    public String schemaReadScope() { return schemaReadScope; }
    public String schemaWriteScope() { return schemaWriteScope; }

    /** Accepts {@code contacts}, {@code contact} and {@code 0-1} of a standard type; null when unknown. */
    public static ObjectType parse(String s) {
        if (s == null) {
            return null;
        }
        String k = s.toLowerCase(Locale.ROOT);
        for (ObjectType t : STANDARD) {
            if (t.path.equals(k) || t.singular.equals(k) || t.typeId.equals(k)) {
                return t;
            }
        }
        return null;
    }
}
