package io.hubsync.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * An answer of the v4 association batch read (docs/hubspot.md §14): per input, its record, one page of
 * the records it is associated with (each with its association types) and, when it has more, the
 * cursor of its next page. Ids that are not live records come back in {@code errors} (a 207), which
 * hubsync reads as "no associations"; so errors are not read here.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class HubSpotAssociations {
    public List<Result> results;

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Result {
        public From from;
        public List<To> to;
        public HubSpotPage.Paging paging;

        /** {@code paging.next.after}, or null when this input's associations are all read. */
        public String nextAfter() {
            return paging == null || paging.next == null ? null : paging.next.after;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class From {
        /** a string in the spec; Jackson takes a number as well */
        public String id;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class To {
        /** a string in the spec, a number in HubSpot's examples (docs/hubspot.md §14): both are read */
        public String toObjectId;
        public List<Type> associationTypes;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Type {
        public String category;
        public Integer typeId;
        public String label;
    }

    /** Fails the run (checkpoint intact) when a 200/207 answer lacks what every answer has. */
    public HubSpotAssociations validated() {
        if (results == null) {
            throw new MalformedResponseException("the association batch read has no 'results' array");
        }
        for (Result r : results) {
            if (r == null || r.from == null || HubSpotIds.of(r.from.id).isEmpty() || r.to == null) {
                throw new MalformedResponseException("an association result lacks from.id or to");
            }
            for (To t : r.to) {
                if (t == null || HubSpotIds.of(t.toObjectId).isEmpty() || t.associationTypes == null) {
                    throw new MalformedResponseException("an association of " + r.from.id
                            + " lacks toObjectId or associationTypes");
                }
                for (Type ty : t.associationTypes) {
                    if (ty == null || ty.typeId == null || ty.category == null) {
                        throw new MalformedResponseException("an association of " + r.from.id
                                + " has a type without typeId or category");
                    }
                }
            }
        }
        return this;
    }
}
