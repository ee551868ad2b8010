package io.hubsync.core;

import java.util.List;

/**
 * One association sweep of one connection and object type (routes/associations.camel.yaml): the run it
 * calls HubSpot as (connection, token, budget), the pairs it walks, the chunk of stored ids it is at,
 * and what it changed. Association changes need not move a record's last-modified date, so only this
 * sweep (and webhooks) see those of records nothing else touched (docs/associations.md).
 */
public final class AssociationSweep {
    /** The phase of a sweep's row in sync_runs. */
    public static final String PHASE = "ASSOC_SWEEP";

    private final SyncRun run;
    private final List<String> toTypes;
    private String leaseToken;
    private String heldBy;
    private long runId;
    private int pair;
    private PageAssociations chunk;
    private long lastId;
    private long checked;
    private long changed;

    public AssociationSweep(SyncRun run, List<String> toTypes) {
        this.run = run;
        this.toTypes = List.copyOf(toTypes);
        run.setPhase(PHASE);
        run.setStartPhase(PHASE);
    }

    public SyncRun getRun() { return run; }
    public List<String> getToTypes() { return toTypes; }
    public boolean isClaimed() { return leaseToken != null; }
    public String getLeaseToken() { return leaseToken; }
    public void setLeaseToken(String token) { this.leaseToken = token; }
    public String getHeldBy() { return heldBy; }
    public void setHeldBy(String heldBy) { this.heldBy = heldBy; }
    public long getRunId() { return runId; }
    public void setRunId(long runId) { this.runId = runId; }

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
    public void count(long checkedNow, long changedNow) {
        checked += checkedNow;
        changed += changedNow;
        run.countPage(0, 0, checkedNow);
        run.countAssociations(changedNow);
    }

    @Override
    public String toString() {
        return run.getObjectType() + "[" + run.getConnectionId() + "] association sweep";
    }
}
