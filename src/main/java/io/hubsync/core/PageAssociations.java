package io.hubsync.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The associations a page's records have, one {@link AssociationRead} per configured pair of their type
 * (sync.associations.<type>), read one after another by routes/associations.camel.yaml; the exchange
 * property {@code associations}, which the page's writer stores in the page's transaction.
 */
public final class PageAssociations {
    private final List<AssociationRead> reads;
    private int at;

    public PageAssociations(List<AssociationRead> reads) {
        this.reads = new ArrayList<>(reads);
        skipDone();
    }

    /** Nothing to read (no pair configured, or no ids). */
    public static PageAssociations none() {
        return new PageAssociations(List.of());
    }

    /** Whether a request is still to be made. */
    public boolean isPending() { return at < reads.size(); }

    /** The read the next request is for. */
    public AssociationRead getCurrent() { return reads.get(at); }

    /** Takes the answer of the current read's request; moves on to the next read when it is complete. */
    public void add(HubSpotAssociations answer) {
        getCurrent().add(answer);
        skipDone();
    }

    private void skipDone() {
        while (at < reads.size() && !reads.get(at).isPending()) {
            at++;
        }
    }

    /**
     * Drops the current read, unread: the token may not read its to-type (403 MISSING_SCOPES,
     * docs/associations.md "Scopes"), so its stored rows stay as they are, neither replaced nor ended.
     */
    public void skipCurrent() {
        reads.remove(at);
        skipDone();
    }

    /** The reads, those skipped left out. */
    public List<AssociationRead> getReads() { return List.copyOf(reads); }

    /** The pairs that were read (even those whose ids had none). */
    public List<AssociationRead> completed() {
        List<AssociationRead> out = new ArrayList<>();
        for (AssociationRead r : reads) {
            if (!r.isPending()) {
                out.add(r);
            }
        }
        return out;
    }
}
