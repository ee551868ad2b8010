package io.hubsync.core;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** A page of {@code GET /crm/v3/owners} (docs/hubspot.md §16): owners and the next cursor. */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class HubSpotOwnersPage {
    public List<HubSpotOwner> results;
    public HubSpotPage.Paging paging;

    /** {@code paging.next.after}, or null on the last page. */
    public String nextAfter() {
        return paging == null || paging.next == null ? null : paging.next.after;
    }

    /** Fails the read (nothing written) when a 200 answer is not the page HubSpot's spec promises. */
    public HubSpotOwnersPage validated() {
        if (results == null) {
            throw new MalformedResponseException("the owners page has no 'results' array");
        }
        for (HubSpotOwner o : results) {
            if (o == null) {
                throw new MalformedResponseException("the owners page has a null owner");
            }
            o.validate();
        }
        return this;
    }
}
