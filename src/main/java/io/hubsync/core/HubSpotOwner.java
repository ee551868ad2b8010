package io.hubsync.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One owner as HubSpot's owners API returns it ({@code PublicOwner}, docs/hubspot.md §16). */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class HubSpotOwner {
    public String id;
    public String email;
    public String firstName;
    public String lastName;
    /** PERSON or QUEUE */
    public String type;
    public Long userId;
    public Long userIdIncludingInactive;
    public String createdAt;
    public String updatedAt;
    /** required by HubSpot's spec: a Boolean, so that an answer without it is told apart */
    public Boolean archived;
    /** [{id, name, primary}], absent on tiers without teams */
    public JsonNode teams;

    public Instant created() { return instant(createdAt, "createdAt"); }

    public Instant updated() { return instant(updatedAt, "updatedAt"); }

    /** The teams as JSON text, {@code []} when HubSpot sent none. */
    public String teamsJson() {
        return teams == null || teams.isNull() ? "[]" : teams.toString();
    }

    /** Fails the read when the owner lacks a field HubSpot's spec requires, or has one of the wrong form. */
    void validate() {
        if (id == null || HubSpotIds.of(id).isEmpty()) {
            throw new MalformedResponseException("owner id " + Quoted.of(id) + " is not a HubSpot id: " + HubSpotIds.RULE);
        }
        if (type == null || archived == null) {
            throw new MalformedResponseException("owner " + id + " lacks type or archived");
        }
        if (teams != null && !teams.isNull() && !teams.isArray()) {
            throw new MalformedResponseException("owner " + id + " has teams that are not an array");
        }
        created();
        updated();
    }

    private Instant instant(String s, String field) {
        try {
            return Instant.parse(s);
        } catch (RuntimeException e) {
            throw new MalformedResponseException("owner " + id + " has " + field + "=" + Quoted.of(s)
                    + ", not an ISO instant");
        }
    }
}
