package io.hubsync.emulator.crm;

import java.util.List;
import java.util.Locale;

/**
 * The CRM object types the emulator serves and how they differ (docs/hubspot.md §10): contacts carry
 * {@code lastmodifieddate}, the others {@code hs_lastmodifieddate}; all carry {@code createdate}.
 */
public enum ObjectType {
    CONTACTS("contacts", "0-1", "contact", "lastmodifieddate",
            List.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"),
            List.of("firstname", "lastname", "email", "phone", "hs_additional_emails", "fax", "mobilephone",
                    "company", "hs_marketable_until_renewal"),
            "crm.objects.contacts"),
    COMPANIES("companies", "0-2", "company", "hs_lastmodifieddate",
            List.of("createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"),
            List.of("name", "domain", "website", "phone"),
            "crm.objects.companies"),
    DEALS("deals", "0-3", "deal", "hs_lastmodifieddate",
            List.of("amount", "closedate", "createdate", "dealname", "dealstage", "hs_lastmodifieddate",
                    "hs_object_id", "pipeline"),
            List.of("dealname"),
            "crm.objects.deals"),
    TICKETS("tickets", "0-5", "ticket", "hs_lastmodifieddate",
            List.of("content", "createdate", "hs_lastmodifieddate", "hs_object_id", "hs_pipeline",
                    "hs_pipeline_stage", "hs_ticket_category", "hs_ticket_priority", "subject"),
            List.of("subject", "content"),
            "tickets");

    private final String path;
    private final String typeId;
    private final String singular;
    private final String lastModifiedProperty;
    private final List<String> defaultProperties;
    private final List<String> searchableProperties;
    private final String scopePrefix;

    ObjectType(String path, String typeId, String singular, String lastModifiedProperty,
               List<String> defaultProperties, List<String> searchableProperties, String scopePrefix) {
        this.path = path;
        this.typeId = typeId;
        this.singular = singular;
        this.lastModifiedProperty = lastModifiedProperty;
        this.defaultProperties = defaultProperties;
        this.searchableProperties = searchableProperties;
        this.scopePrefix = scopePrefix;
    }

    /** The name in URLs, e.g. {@code contacts}. */
    public String path() { return path; }
    /** HubSpot's object type id, e.g. {@code 0-1}. */
    public String typeId() { return typeId; }
    /** The name in webhook subscription types, e.g. {@code contact}. */
    public String singular() { return singular; }
    public String lastModifiedProperty() { return lastModifiedProperty; }
    public List<String> defaultProperties() { return defaultProperties; }
    /** Properties that the free-text {@code query} of a search looks in. */
    public List<String> searchableProperties() { return searchableProperties; }

    /** Scope to read records of this type; tickets use the legacy {@code tickets} scope for both. */
    public String readScope() { return this == TICKETS ? "tickets" : scopePrefix + ".read"; }
    public String writeScope() { return this == TICKETS ? "tickets" : scopePrefix + ".write"; }
    public String schemaReadScope() {
        return this == TICKETS ? "tickets" : "crm.schemas." + path + ".read";
    }

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
