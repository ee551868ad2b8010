package io.hubsync.webhook;

import io.hubsync.core.SyncRun;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The inbox events of one connection and object type claimed together: applied in the order they
 * occurred, then the records they name read by id. {@link #getRun()} is what the HubSpot call routes
 * work from (the connection, its token and budget).
 */
public final class InboxBatch {
    /** Ids per batch read (docs/hubspot.md §9) */
    private static final int BATCH = 100;

    /** One claimed inbox row. */
    public record Row(long id, String kind, long objectId, List<Long> mergedIds, Instant occurredAt, int attempts) { }

    private final SyncRun run;
    private final String claimToken;
    private final List<Row> rows = new ArrayList<>();

    InboxBatch(SyncRun run, String claimToken) {
        this.run = run;
        this.claimToken = claimToken;
    }

    void add(Row row) {
        rows.add(row);
    }

    public SyncRun getRun() { return run; }
    public String getClaimToken() { return claimToken; }
    public String getConnectionId() { return run.getConnectionId(); }
    public String getObjectType() { return run.getObjectType(); }

    /** In the order they occurred (HubSpot does not deliver in order), then as received. */
    public List<Row> getRows() {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(Row::occurredAt).thenComparingLong(Row::id));
        return sorted;
    }

    /** The most failed attempts of a row: the next retry waits after it. */
    public int getAttempts() {
        return rows.stream().mapToInt(Row::attempts).max().orElse(0);
    }

    public List<Long> getRowIds() {
        return rows.stream().map(Row::id).toList();
    }

    /** The records to read by id, at most 100 a chunk: created, changed, restored, and merge survivors. */
    public List<List<Long>> getFetchChunks() {
        Set<Long> ids = new LinkedHashSet<>();
        for (Row r : getRows()) {
            if (!r.kind().equals("deletion") && !r.kind().equals("privacyDeletion")
                    && !r.kind().equals(WebhookEvents.ASSOCIATION_CHANGE)) {
                ids.add(r.objectId());
            }
        }
        List<Long> all = new ArrayList<>(ids);
        List<List<Long>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += BATCH) {
            chunks.add(List.copyOf(all.subList(i, Math.min(all.size(), i + BATCH))));
        }
        return chunks;
    }

    /** The records whose associations changed (at most 1,000: a claim's events), read again by batch. */
    public List<Long> getAssociationIds() {
        Set<Long> ids = new LinkedHashSet<>();
        rows.stream().filter(r -> r.kind().equals(WebhookEvents.ASSOCIATION_CHANGE)).forEach(r -> ids.add(r.objectId()));
        return new ArrayList<>(ids);
    }

    /** The ids a restore event named: their ARCHIVED tombstones go when HubSpot returns them live. */
    public Set<Long> getRestoreIds() {
        Set<Long> ids = new LinkedHashSet<>();
        rows.stream().filter(r -> r.kind().equals("restore")).forEach(r -> ids.add(r.objectId()));
        return ids;
    }

    @Override
    public String toString() {
        return run.getObjectType() + "[" + run.getConnectionId() + "] " + rows.size() + " webhook event(s)";
    }
}
