package io.hubsync.store;

import io.hubsync.core.HubSpotObject;
import io.hubsync.core.HubSpotPage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One page of records and the versions the records table holds of its ids, as the idempotent
 * consumer of the paging routes sees them (routes/sync.camel.yaml, {@code new-versions}): each
 * record passes it only in a version newer than the stored one, and is then kept for the write.
 * The body {@link RecordWriter} writes, with the page's cursor.
 */
public final class PageVersions {
    private final HubSpotPage page;
    private final Map<Long, Long> stored;
    private final List<HubSpotObject> kept = new ArrayList<>();

    /** @param stored the stored version (epoch ms) of each stored id of the page ({@link RecordVersionRepository}) */
    PageVersions(HubSpotPage page, Map<Long, Long> stored) {
        this.page = page;
        this.stored = stored;
    }

    /** Every record of the page kept, for a writer that judges the versions itself. */
    static PageVersions all(HubSpotPage page) {
        PageVersions v = new PageVersions(page, Map.of());
        v.kept.addAll(page.results);
        return v;
    }

    public HubSpotPage getPage() { return page; }

    /** The page's records, for the route to split. */
    public List<HubSpotObject> getRecords() { return page.results; }

    /** Whether this version of this record is newer than the stored one (none stored: it is). */
    boolean isNew(long id, long lastModifiedMillis) {
        Long have = stored.get(id);
        return have == null || have < lastModifiedMillis;
    }

    /** The record passed the idempotent consumer: the writer stores it. */
    public void keep(HubSpotObject record) {
        kept.add(record);
    }

    /** The records that passed: versions newer than the stored ones. */
    public List<HubSpotObject> getKept() { return kept; }

    /** Records of the page not kept: their stored version is as new or newer. */
    long skipped() { return page.results.size() - kept.size(); }
}
