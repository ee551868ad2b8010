package io.hubsync.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Map;

/** One CRM record as HubSpot returns it ({@code SimplePublicObject}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class HubSpotObject {
    /** Where a surviving record lists the ids merged into it, ';'-separated. */
    public static final String MERGED_IDS_PROPERTY = "hs_merged_object_ids";

    public String id;
    public Map<String, String> properties;
    public String createdAt;
    public String updatedAt;
    public boolean archived;
    public String archivedAt;

    /** updatedAt as last parsed, with the text it was parsed from: a record's version is asked for several times. */
    private record Parsed(String text, Instant at) { }

    private Parsed updated;

    public Instant updated() {
        String s = updatedAt;
        Parsed p = updated;
        if (p == null || p.text != s) {
            p = new Parsed(s, instant(s, "updatedAt"));
            updated = p;
        }
        return p.at;
    }

    public Instant created() { return createdAt == null ? null : instant(createdAt, "createdAt"); }

    public Instant archivedInstant() { return archivedAt == null ? null : instant(archivedAt, "archivedAt"); }

    private Instant instant(String s, String field) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            throw new MalformedResponseException("record " + id + " has " + field + "='" + s + "', not an ISO instant");
        }
    }

    public long idAsLong() {
        return HubSpotIds.of(id).orElseThrow(() -> new MalformedResponseException("record id "
                + io.hubsync.core.Quoted.of(id) + " is not a HubSpot id: " + HubSpotIds.RULE));
    }
}
