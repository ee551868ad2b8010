package io.hubsync.core;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.OptionalLong;

/**
 * HubSpot's ids of records and portals as they arrive from outside (a webhook's objectId, the ids of
 * a merge, portalId): whole numbers from 1 to Long.MAX_VALUE, as a JSON number or a string of
 * digits. Jackson's {@code asLong()} would read "abc" as 0 and "-5" as -5, and a record 0 or -5
 * would be written.
 */
public final class HubSpotIds {
    /** What an id is, for messages. */
    public static final String RULE = "a HubSpot id is a whole number from 1 to " + Long.MAX_VALUE;

    private HubSpotIds() { }

    /** The id a JSON value holds; empty for anything else (null, "abc", 0, -5, 1.5, a number past a long). */
    public static OptionalLong of(JsonNode v) {
        if (v == null) {
            return OptionalLong.empty();
        }
        if (v.isIntegralNumber()) {
            return v.canConvertToLong() && v.longValue() > 0 ? OptionalLong.of(v.longValue()) : OptionalLong.empty();
        }
        return v.isTextual() ? of(v.textValue()) : OptionalLong.empty();
    }

    /** The id a string of digits holds (no sign, no spaces); empty for anything else. */
    public static OptionalLong of(String s) {
        if (s == null || s.isEmpty() || s.length() > 19 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(s);
            return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (NumberFormatException pastALong) {
            return OptionalLong.empty();
        }
    }
}
