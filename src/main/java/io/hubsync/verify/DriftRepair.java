package io.hubsync.verify;

import io.hubsync.core.HubSpotObject;
import io.hubsync.core.HubSpotPage;
import io.hubsync.store.StoredRecords;
import org.apache.camel.ExchangeProperty;

import java.sql.SQLException;
import java.util.ArrayList;

/**
 * verify --repair, one page at a time: the ids to read again by batch read (missing and stale), the
 * tombstones among them readied for the write that revives them, and the extras made tombstones.
 * The records themselves go through RecordWriter's idempotent write.
 */
public final class DriftRepair {
    private final StoredRecords records;

    public DriftRepair(StoredRecords records) {
        this.records = records;
    }

    /** The page of ids the batch read asks for (HubSpotRequests.batchReadChunk reads the ids of {@code page}). */
    public HubSpotPage toFetch(@ExchangeProperty("drift") Drift drift) throws SQLException {
        // a tombstone HubSpot still has live must take HubSpot's copy even at the same last-modified
        records.forgetTombstoneVersions(drift.getConnectionId(), drift.getObjectType(), drift.toRevive);
        HubSpotPage page = new HubSpotPage();
        page.results = new ArrayList<>();
        for (Long id : drift.toFetch) {
            HubSpotObject o = new HubSpotObject();
            o.id = Long.toString(id);
            page.results.add(o);
        }
        return page;
    }

    /** Whether the page still has records to read (a later chunk asks only for those the first returned). */
    public boolean anyToRead(@ExchangeProperty("page") HubSpotPage page) {
        return !page.results.isEmpty();
    }

    /** After the write: how many HubSpot returned (one deleted meanwhile is left to the next verify). */
    public void written(@ExchangeProperty("drift") Drift drift, @ExchangeProperty("page") HubSpotPage page) {
        drift.repairedFetched(page.results.size());
    }

    /**
     * The extras of the page in chunks for batch read (routes/archived.camel.yaml's settle-unlisted asks
     * HubSpot what became of each: archived, merged, live after all, or gone for good).
     */
    public java.util.List<java.util.List<Long>> extraChunks(@ExchangeProperty("drift") Drift drift) {
        java.util.List<java.util.List<Long>> chunks = io.hubsync.store.UnlistedRecords.chunks(drift.toArchive, 100);
        drift.toArchive.clear();
        return chunks;
    }

    /** Counts what became of one chunk of extras: tombstoned (archived or erased), or written after all. */
    public void settled(@ExchangeProperty("drift") Drift drift,
                        @ExchangeProperty("unlisted") io.hubsync.store.UnlistedRecords.Chunk chunk) {
        drift.repairedArchived(chunk.getArchived() + chunk.getErased());
    }
}
