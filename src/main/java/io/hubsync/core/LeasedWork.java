package io.hubsync.core;

/**
 * Work that is no sync run yet calls HubSpot as one (the archived sweep, the owners read): the run it
 * calls as (connection, token, budget), the lease of its own it holds in work_leases while under way,
 * and its row in sync_runs.
 */
public abstract class LeasedWork {
    private final SyncRun run;
    private String leaseToken;
    private String heldBy;
    private long runId;

    protected LeasedWork(SyncRun run, String phase) {
        this.run = run;
        run.setPhase(phase);
    }

    public SyncRun getRun() { return run; }
    /** Whether this work holds its lease and may proceed. */
    public boolean isClaimed() { return leaseToken != null; }
    public String getLeaseToken() { return leaseToken; }
    public void setLeaseToken(String token) { this.leaseToken = token; }
    /** Who holds the lease when this work did not get it, for a log line. */
    public String getHeldBy() { return heldBy; }
    public void setHeldBy(String heldBy) { this.heldBy = heldBy; }
    /** Its row in sync_runs. */
    public long getRunId() { return runId; }
    public void setRunId(long runId) { this.runId = runId; }
}
