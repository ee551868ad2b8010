package io.hubsync.core;

import java.util.List;

/**
 * One association sweep of one connection and object type (routes/associations.camel.yaml): the run it
 * calls HubSpot as (connection, token, budget), the pairs it walks, the chunk of stored ids it is at,
 * and what it changed. Association changes need not move a record's last-modified date, so only this
 * sweep (and webhooks) see those of records nothing else touched (docs/associations.md).
 */
public final class AssociationSweep extends LeasedWork {
    /** The phase of a sweep's row in sync_runs. */
    public static final String PHASE = "ASSOC_SWEEP";

    private final List<String> toTypes;
    private int pair;
    private PageAssociations chunk;
    private long lastId;
    private long checked;
    private long changed;

    public AssociationSweep(SyncRun run, List<String> toTypes) {
        super(run, PHASE);
        this.toTypes = List.copyOf(toTypes);
        run.setStartPhase(PHASE);
    }

    public List<String> getToTypes() { return toTypes; }

    /** The pair the sweep is at (an index into {@link #getToTypes()}); past the last: done. */
    public int getPair() { return pair; }
    public void nextPair() { pair++; }
    public String getToType() { return toTypes.get(pair); }

    /** The chunk being read: its ids' associations toward {@link #getToType()}; null between chunks. */
    public PageAssociations getChunk() { return chunk; }
    public void setChunk(PageAssociations chunk, long lastId) {
        this.chunk = chunk;
        this.lastId = lastId;
    }
    /** The highest id of the chunk: the cursor once it is written. */
    public long getLastId() { return lastId; }

    public long getChecked() { return checked; }
    public long getChanged() { return changed; }
    /** One chunk written: its ids checked, and the rows it added, changed (label, category) and ended. */
    public void count(long checkedNow, long added, long changedNow, long removed) {
        checked += checkedNow;
        changed += added + changedNow + removed;
        getRun().countPage(0, 0, checkedNow);
        getRun().countAssociations(added, changedNow, removed);
    }

    @Override
    public String toString() {
        return getRun().getObjectType() + "[" + getRun().getConnectionId() + "] association sweep";
    }
}
