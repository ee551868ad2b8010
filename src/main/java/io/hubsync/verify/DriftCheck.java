package io.hubsync.verify;

import io.hubsync.core.HubSpotObject;
import io.hubsync.core.HubSpotPage;
import io.hubsync.store.StoredRecords;
import org.apache.camel.ExchangeProperty;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/**
 * Compares each page of HubSpot's list (id order) with the stored records of the same id range:
 * missing (in HubSpot, not stored or a tombstone), stale (stored last-modified older) and extra
 * (stored live, not in HubSpot). Only the range of one page is read at a time.
 */
public final class DriftCheck {
    private final StoredRecords records;
    private final long progressEveryNanos;

    /** @param progressEvery {@code sync.progress-every}, e.g. 5s */
    public DriftCheck(StoredRecords records, String progressEvery) {
        this.records = records;
        this.progressEveryNanos = Math.max(1, io.hubsync.core.Durations.millis("sync.progress-every", progressEvery))
                * 1_000_000L;
    }

    public Drift start(@ExchangeProperty("connectionId") String connectionId,
                       @ExchangeProperty("objectType") String objectType, @ExchangeProperty("repair") Boolean repair) {
        return new Drift(connectionId, objectType, Boolean.TRUE.equals(repair), Instant.now());
    }

    /** One list page: the stored ids after the last page's highest id, up to this page's highest. */
    public void comparePage(@ExchangeProperty("drift") Drift drift, HubSpotPage page) throws SQLException {
        page.validated();
        long from = drift.lastId();
        long upTo = from;
        drift.pageIds.clear();
        for (HubSpotObject o : page.results) {
            upTo = Math.max(upTo, o.idAsLong());
            drift.pageIds.add(o.idAsLong());
        }
        if (!page.results.isEmpty()) {
            SortedMap<Long, StoredRecords.Version> stored = records.between(drift.getConnectionId(),
                    drift.getObjectType(), from, upTo);
            for (HubSpotObject o : page.results) {
                StoredRecords.Version v = stored.remove(o.idAsLong());
                if (v == null || v.deleted()) {
                    drift.foundMissing(o.idAsLong(), v != null);
                } else if (v.lastModified() < o.updated().toEpochMilli()) {
                    drift.foundStale(o.idAsLong());
                }
            }
            extras(drift, stored);
        }
        drift.pageRead(upTo, page.results.size());
    }

    /** After the last page: every stored live id above the highest HubSpot listed. */
    public void compareTail(@ExchangeProperty("drift") Drift drift) throws SQLException {
        extras(drift, records.between(drift.getConnectionId(), drift.getObjectType(), drift.lastId(), null));
    }

    public boolean progressDue(@ExchangeProperty("drift") Drift drift) {
        return drift.progressDue(progressEveryNanos);
    }

    private static void extras(Drift drift, Map<Long, StoredRecords.Version> notInHubSpot) {
        notInHubSpot.forEach((id, v) -> {
            // written since the scan began: the sync may have stored it after the scan passed its id
            if (!v.deleted() && v.syncedAt().isBefore(drift.getStartedAt())) {
                drift.foundExtra(id);
            }
        });
    }
}
