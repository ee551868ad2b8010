package io.hubsync.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One full read of a connection's owners (routes/owners.camel.yaml): the run it calls HubSpot as
 * (connection, token, budget), which of the two lists it is paging, every owner listed so far, and what
 * its write changed. Nothing is written until both lists are read.
 */
public final class OwnersRead extends LeasedWork {
    /** The object_type of an owners read's row in sync_runs, and the name of its lease. */
    public static final String OBJECT_TYPE = "owners";
    /** The phase of that row. */
    public static final String PHASE = "OWNERS";

    private boolean archivedList;
    private final Map<String, HubSpotOwner> live = new LinkedHashMap<>();
    private final Map<String, HubSpotOwner> archived = new LinkedHashMap<>();
    private boolean missingScope;

    public OwnersRead(SyncRun run) {
        super(run, PHASE);
    }

    /** Whether the pages read now are those of {@code archived=true}. */
    public boolean isArchivedList() { return archivedList; }

    /** The live list is read: the archived one comes next, from its first page. */
    public void startArchivedList() { this.archivedList = true; }

    /** A page of the list being read: its owners, by id (a later page wins over an earlier one). */
    public void listed(HubSpotOwnersPage page) {
        Map<String, HubSpotOwner> into = archivedList ? archived : live;
        for (HubSpotOwner o : page.results) {
            into.put(o.id, o);
        }
    }

    public Map<String, HubSpotOwner> getLive() { return live; }
    public Map<String, HubSpotOwner> getArchived() { return archived; }

    /** The token lacks crm.objects.owners.read: nothing read, nothing written, and no failure. */
    public boolean isMissingScope() { return missingScope; }
    public void setMissingScope(boolean missingScope) { this.missingScope = missingScope; }

    @Override
    public String toString() {
        return "owners[" + getRun().getConnectionId() + "]";
    }
}
