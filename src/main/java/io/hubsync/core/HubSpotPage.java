package io.hubsync.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** A page of the list, search or batch-read endpoints: results, the next cursor, and (search) a total. */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class HubSpotPage {
    public List<HubSpotObject> results;
    public Paging paging;
    public Long total;

    /** {@code paging.next.after}, or null on the last page. */
    public String nextAfter() {
        return paging == null || paging.next == null ? null : paging.next.after;
    }

    /**
     * The key the next page of a window starts after (docs/behavior.md rule 3): the highest id of this page, or
     * {@code after} (the key this page started after) when it is higher or the page is empty.
     */
    public long lastId(long after) {
        long last = after;
        for (HubSpotObject o : results) {
            last = Math.max(last, o.idAsLong());
        }
        return last;
    }

    /** Whether a window has a page after this one: an empty page or one without a next cursor ends it. */
    public boolean windowGoesOn() {
        return results != null && !results.isEmpty() && nextAfter() != null;
    }

    /** Fails the run (checkpoint intact) when a 200 answer lacks what every page has. */
    public HubSpotPage validated() {
        if (results == null) {
            throw new MalformedResponseException("the page has no 'results' array");
        }
        for (HubSpotObject o : results) {
            if (o == null || o.id == null || o.properties == null || o.updatedAt == null) {
                throw new MalformedResponseException("a record lacks id, properties or updatedAt");
            }
        }
        return this;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Paging {
        public Next next;
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Next {
        public String after;
    }
}
