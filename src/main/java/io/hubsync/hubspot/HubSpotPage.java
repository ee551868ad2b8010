package io.hubsync.hubspot;

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
