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
    public boolean isFound() { return missing.count + stale.count + extra.count > 0; }
    /** Whether the page just compared left something to repair (only with --repair). */
    public boolean isRepairDue() { return repair && !(toFetch.isEmpty() && toArchive.isEmpty()); }
    public boolean isFetchDue() { return !toFetch.isEmpty(); }

    /** Records checked per second so far. */
    public long getRate() {
        return (long) (checked / Math.max(0.001, (System.nanoTime() - startNanos) / 1e9));
    }

    public Duration elapsed() { return Duration.ofNanos(System.nanoTime() - startNanos); }

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
