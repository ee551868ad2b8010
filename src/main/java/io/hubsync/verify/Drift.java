package io.hubsync.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one {@code hubsync verify} found, carried through routes/verify.camel.yaml as the exchange
 * property {@code drift}: counts and the first ids of each kind, where the scan of HubSpot's list
 * stands, and the current page's ids to repair (cleared once repaired, so memory stays one page).
 */
public final class Drift {
    static final int SAMPLE = 20;

    private final String connectionId;
    private final String objectType;
    private final boolean repair;
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    private long lastProgressNanos = startNanos;

    private long lastId;
    private long checked;
    private final Kind missing = new Kind();
    private final Kind stale = new Kind();
    private final Kind extra = new Kind();
    private long written;
    private long archived;

    private final java.util.Map<String, PairDrift> associations = new java.util.LinkedHashMap<>();
    private boolean associationRepairDue;
    private long associationsRepaired;

    /** The ids of the page just compared (the association check reads theirs), cleared with each page. */
    final List<Long> pageIds = new ArrayList<>();
    final List<Long> toFetch = new ArrayList<>();
    final List<Long> toRevive = new ArrayList<>();
    final List<Long> toArchive = new ArrayList<>();

    /** Ids of one kind of drift: how many, and the first few. */
    public static final class Kind {
        private long count;
        private final List<Long> first = new ArrayList<>();

        void add(long id) {
            if (count++ < SAMPLE) {
                first.add(id);
            }
        }

        public long getCount() { return count; }
        public List<Long> getFirst() { return List.copyOf(first); }
    }

    /**
     * One pair's association drift (sync.associations.<type>), over the stored live records HubSpot
     * listed: rows HubSpot has and the table has not live (missing), live rows HubSpot no longer lists
     * (extra), rows whose label or category differ (changed). A row whose type differs is one missing
     * and one extra: the type is part of the row's key.
     */
    public static final class PairDrift {
        private long missing;
        private long extra;
        private long changed;

        public long getMissing() { return missing; }
        public long getExtra() { return extra; }
        public long getChanged() { return changed; }
        public long total() { return missing + extra + changed; }

        @Override
        public String toString() {
            return String.format("%,d missing, %,d extra, %,d changed", missing, extra, changed);
        }
    }

    public Drift(String connectionId, String objectType, boolean repair, Instant startedAt) {
        this.connectionId = connectionId;
        this.objectType = objectType;
        this.repair = repair;
        this.startedAt = startedAt;
    }

    public String getConnectionId() { return connectionId; }
    public String getObjectType() { return objectType; }
    public boolean isRepair() { return repair; }
    /** Records written after this are not judged extra: the sync may have stored them after the scan passed. */
    public Instant getStartedAt() { return startedAt; }
    public long getChecked() { return checked; }
    public Kind getMissing() { return missing; }
    public Kind getStale() { return stale; }
    public Kind getExtra() { return extra; }
    public long getWritten() { return written; }
    public long getArchived() { return archived; }
    /** Association drift by to-type, in the order of sync.associations.<type>; empty without pairs. */
    public java.util.Map<String, PairDrift> getAssociations() { return java.util.Collections.unmodifiableMap(associations); }
    /** Association rows found differing, every pair. */
    public long getAssociationDrift() {
        return associations.values().stream().mapToLong(PairDrift::total).sum();
    }
    /** Association rows the repair wrote, every pair. */
    public long getAssociationsRepaired() { return associationsRepaired; }
    /** The association counts per pair, for logs and the reconciliation's row: {@code companies: 1 missing, 0 extra, 0 changed}. */
    public String getAssociationSummary() {
        return associations.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }
    /**
     * The same, compact, for a stored row (the reconciliation's checkpoint_to): pairs apart by
     * semicolons, each missing/extra/changed rows: {@code companies:1/0/2;contacts:0/0/0}; empty without pairs.
     */
    public String getAssociationCounts() {
        return associations.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue().getMissing()
                + "/" + e.getValue().getExtra() + "/" + e.getValue().getChanged())
                .collect(java.util.stream.Collectors.joining(";"));
    }
    public boolean isFound() { return missing.count + stale.count + extra.count + getAssociationDrift() > 0; }
    /** Whether the page's association check found rows to repair (only with --repair). */
    public boolean isAssociationRepairDue() { return associationRepairDue; }
    /** Whether the page just compared left something to repair (only with --repair). */
    public boolean isRepairDue() { return repair && !(toFetch.isEmpty() && toArchive.isEmpty()); }
    public boolean isFetchDue() { return !toFetch.isEmpty(); }

    /** Records checked per second so far. */
    public long getRate() {
        return (long) (checked / Math.max(0.001, (System.nanoTime() - startNanos) / 1e9));
    }

    public Duration elapsed() { return Duration.ofNanos(System.nanoTime() - startNanos); }

    /** A pair checked, even before it differs: the report names every pair verify compared. */
    PairDrift pair(String toType) {
        return associations.computeIfAbsent(toType, t -> new PairDrift());
    }

    void foundAssociations(String toType, long missingRows, long extraRows, long changedRows) {
        PairDrift p = pair(toType);
        p.missing += missingRows;
        p.extra += extraRows;
        p.changed += changedRows;
        associationRepairDue |= repair && missingRows + extraRows + changedRows > 0;
    }

    void repairedAssociations(long rows) {
        associationsRepaired += rows;
        associationRepairDue = false;
    }

    void pageRead(long pageLastId, int records) {
        lastId = Math.max(lastId, pageLastId);
        checked += records;
    }

    long lastId() { return lastId; }

    void foundMissing(long id, boolean tombstoned) {
        missing.add(id);
        toFetch.add(id);
        if (tombstoned) {
            toRevive.add(id);
        }
    }

    void foundStale(long id) {
        stale.add(id);
        toFetch.add(id);
    }

    void foundExtra(long id) {
        extra.add(id);
        toArchive.add(id);
    }

    void repairedFetched(long n) {
        written += n;
        toFetch.clear();
        toRevive.clear();
    }

    void repairedArchived(long n) {
        archived += n;
    }

    /** Whether to log progress now: at most once per interval. */
    boolean progressDue(long everyNanos) {
        long now = System.nanoTime();
        if (now - lastProgressNanos < everyNanos) {
            return false;
        }
        lastProgressNanos = now;
        return true;
    }

    @Override
    public String toString() {
        return objectType + "[" + connectionId + "]";
    }
}
