package io.hubsync.core;

import java.util.HashSet;
import java.util.Set;

/**
 * One archived sweep of one connection and object type (routes/archived.camel.yaml): the run it
 * calls HubSpot as (connection, token, budget), the ids HubSpot listed as archived, and what the
 * sweep changed.
 */
public final class ArchivedSweep extends LeasedWork {
    /** The phase of a sweep's row in sync_runs. */
    public static final String PHASE = "ARCHIVED_SWEEP";
    /** The phase of the row of a reconciliation a sweep runs (sync.reconcile-every). */
    public static final String RECONCILE = "RECONCILE";

    private long reconcileRunId;
    private final Set<Long> listed = new HashSet<>();
    private long deleted;
    private long restored;

    public ArchivedSweep(SyncRun run) {
        super(run, PHASE);
    }

    public long getReconcileRunId() { return reconcileRunId; }
    public void setReconcileRunId(long id) { this.reconcileRunId = id; }

    /** A page was read: remember its ids. */
    public void listed(Set<Long> ids) {
        listed.addAll(ids);
    }

    /** Whether HubSpot listed this id as archived during this sweep. */
    public boolean wasListed(long id) { return listed.contains(id); }
    public int getListed() { return listed.size(); }

    public long getDeleted() { return deleted; }
    public void countDeleted(long n) { deleted += n; }
    public long getRestored() { return restored; }
    public void countRestored(long n) { restored += n; }

    @Override
    public String toString() {
        return getRun().getObjectType() + "[" + getRun().getConnectionId() + "] archived sweep";
    }
}
