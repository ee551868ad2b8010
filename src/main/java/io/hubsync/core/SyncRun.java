package io.hubsync.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state of one run of one object type for one connection, carried through the routes as the
 * exchange property {@code run}: the checkpoint it resumed from, where it stands now, and what it
 * has done. Route predicates read it ({@code ${exchangeProperty.run.windowOpen}}); beans move it on.
 *
 * <p>Threads: the run's own exchange moves the checkpoint fields and the page counts; the request for
 * the next page runs on an exchange of its own at the same time (routes/backfill.camel.yaml), and the
 * HubSpot call steps count its requests, 429s and cap restarts, so those counters are atomic.
 */
public final class SyncRun {
    public static final String INITIAL = "INITIAL";
    public static final String INCREMENTAL = "INCREMENTAL";

    private final String connectionId;
    private final String objectType;
    private final String lastModifiedProperty;
    private final Instant startedAt;
    /** how HubSpot's paths name the type: a custom object's 2-id (this connection's), else the name */
    private volatile String hubspotType;
    /** the portal's custom objects, when this run needed them (a custom type among its pairs) */
    private volatile CustomObjectNames customObjects = CustomObjectNames.NONE;
    /** the token may not read the type (403 MISSING_SCOPES): no failure, no row, no notice */
    private volatile String skippedFor;
    /** to-types of sync.associations.<type> the token may not read (403 MISSING_SCOPES): not asked again this run */
    private final java.util.Set<String> skippedPairs = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private long runId;
    private String claimToken;
    private String heldBy;

    /** where the run stands; every step makes the next (immutable) one */
    private volatile Checkpoint checkpoint = Checkpoint.first();
    /** the phase of the row of a run that is no sync (an archived sweep's) */
    private String phase;
    private String startPhase;
    private String checkpointFrom;

    private Long portalId;
    private String authType;
    private String rateLimit;
    private String propertiesOverride;

    private List<String> properties = List.of();
    private List<String> pageProperties = List.of();
    private List<List<String>> extraPropertyChunks = List.of();

    /** the backfill's id ranges when it is split between the list and search chains (docs/behavior.md rule 11) */
    private volatile BackfillRanges ranges;

    // moved by the run's chains (one, or several when the backfill is split): under this object's lock
    private volatile long added;
    private volatile long updated;
    private volatile long unchanged;
    private volatile long deleted;
    private Instant modifiedAfter;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private volatile long pages;
    private final AtomicInteger capRestarts = new AtomicInteger();
    private Long expectedTotal;
    private String error;
    private boolean succeeded;
    private long lastProgressNanos = System.nanoTime();
    private Instant finishedAt;

    private volatile long associationsAdded;
    private volatile long associationsChanged;
    private volatile long associationsRemoved;

    public SyncRun(String connectionId, String objectType, String lastModifiedProperty, Instant startedAt) {
        this.connectionId = connectionId;
        this.objectType = objectType;
        this.lastModifiedProperty = lastModifiedProperty;
        this.startedAt = startedAt;
    }

    public String getConnectionId() { return connectionId; }
    public String getObjectType() { return objectType; }
    public String getLastModifiedProperty() { return lastModifiedProperty; }
    /** The type in HubSpot's paths ({@code /crm/v3/objects/{type}}): a custom object's id, else its name. */
    public String getHubspotType() { return hubspotType != null ? hubspotType : objectType; }
    public void setHubspotType(String hubspotType) { this.hubspotType = hubspotType; }
    /** The portal's custom objects as this run looked them up (NONE when it did not need them). */
    public CustomObjectNames getCustomObjects() { return customObjects; }
    public void setCustomObjects(CustomObjectNames customObjects) { this.customObjects = customObjects; }
    /** The pair toward this to-type is not read again this run: the token may not read it. */
    public void skipPair(String toType) { skippedPairs.add(toType); }
    public boolean isPairSkipped(String toType) { return skippedPairs.contains(toType); }
    /** The scope whose absence skipped this run (docs/behavior.md rule 11), or null. */
    public String getSkippedFor() { return skippedFor; }
    public boolean isSkipped() { return skippedFor != null; }
    public void setSkippedFor(String scope) { this.skippedFor = scope; }
    public Instant getStartedAt() { return startedAt; }
    public long getRunId() { return runId; }
    public void setRunId(long runId) { this.runId = runId; }
    /** Whether this run holds the lease of its (connection, object type) and may proceed. */
    public boolean isClaimed() { return claimToken != null; }
    /** The lease's holder as stored in sync_state.claimed_by: this process and this run. */
    public String getClaimToken() { return claimToken; }
    public void setClaimToken(String claimToken) { this.claimToken = claimToken; }
    public String getHeldBy() { return heldBy; }
    public void setHeldBy(String heldBy) { this.heldBy = heldBy; }

    /** The connection's portal, auth type, tier override and property override, as stored with it. */
    public Long getPortalId() { return portalId; }
    public String getAuthType() { return authType; }
    public String getRateLimit() { return rateLimit; }
    public String getPropertiesOverride() { return propertiesOverride; }
    public void setConnection(Long portalId, String authType, String rateLimit, String propertiesOverride) {
        this.portalId = portalId;
        this.authType = authType;
        this.rateLimit = rateLimit;
        this.propertiesOverride = propertiesOverride;
    }

    /** The checkpoint as it stands now. */
    public Checkpoint getCheckpoint() { return checkpoint; }

    public BackfillRanges getRanges() { return ranges; }

    /** The first failure of one of the run's backfill chains, and the HubSpot call it happened in. */
    public record ChainFailure(Throwable error, String call) { }

    private final java.util.concurrent.atomic.AtomicReference<ChainFailure> chainFailure =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** A chain failed: the first failure is the run's; the other chains stop at their next page. */
    public void chainFailed(Throwable error, String call) { chainFailure.compareAndSet(null, new ChainFailure(error, call)); }
    public ChainFailure getChainFailure() { return chainFailure.get(); }
    public boolean isChainFailed() { return chainFailure.get() != null; }
    public void setRanges(BackfillRanges ranges) { this.ranges = ranges; }
    /** The run moved on: its checkpoint is this one now (the store committed it first). */
    public void moveTo(Checkpoint next) { this.checkpoint = next; }

    public String getPhase() { return phase != null ? phase : checkpoint.phase(); }
    /** A run row that is no sync's (an archived sweep's) has a phase of its own. */
    public void setPhase(String phase) { this.phase = phase; }
    public String getStartPhase() { return startPhase; }
    public void setStartPhase(String startPhase) { this.startPhase = startPhase; }
    public boolean isInitial() { return checkpoint.initial(); }
    public String getListAfter() { return checkpoint.listAfter(); }
    public Instant getBackfillStarted() { return checkpoint.backfillStarted(); }
    public Instant getWatermark() { return checkpoint.watermark(); }
    public Instant getWindowEnd() { return checkpoint.windowEnd(); }
    public long getWindowLastId() { return checkpoint.windowLastId(); }
    /** Whether an incremental window is open: one to read (or go on reading) from its last id. */
    public boolean isWindowOpen() { return checkpoint.windowOpen(); }
    public String getCheckpointFrom() { return checkpointFrom; }
    public void setCheckpointFrom(String checkpointFrom) { this.checkpointFrom = checkpointFrom; }

    /** Every property the run stores. */
    public List<String> getProperties() { return properties; }
    public void setProperties(List<String> properties) { this.properties = List.copyOf(properties); }
    /** The properties asked for with each list or search page (they fit in a URL and a search body). */
    public List<String> getPageProperties() { return pageProperties; }
    public void setPageProperties(List<String> p) { this.pageProperties = List.copyOf(p); }
    /** {@code properties=a,b,c} for list URLs. */
    public String getPagePropertiesParam() { return String.join(",", pageProperties); }
    /** The rest, fetched by batch read for each page's ids and merged by id. */
    public List<List<String>> getExtraPropertyChunks() { return extraPropertyChunks; }
    public void setExtraPropertyChunks(List<List<String>> c) { this.extraPropertyChunks = List.copyOf(c); }
    public boolean isChunked() { return !extraPropertyChunks.isEmpty(); }

    public long getAdded() { return added; }
    public long getUpdated() { return updated; }
    public long getUnchanged() { return unchanged; }
    /** Records this run tombstoned (archived, merged away, GDPR-deleted). */
    public long getDeleted() { return deleted; }
    public synchronized void countDeleted(long n) { deleted += n; }
    /** Association rows this run added, changed or ended (docs/associations.md). */
    public long getAssociations() { return associationsAdded + associationsChanged + associationsRemoved; }
    /** Association rows live now that were not (new, or ended and listed again): the notice's associations.added. */
    public long getAssociationsAdded() { return associationsAdded; }
    /** Live association rows whose label or category changed. */
    public long getAssociationsChanged() { return associationsChanged; }
    /** Association rows this run ended because HubSpot no longer lists them (REMOVED). */
    public long getAssociationsRemoved() { return associationsRemoved; }
    public synchronized void countAssociations(long added, long changed, long removed) {
        associationsAdded += added;
        associationsChanged += changed;
        associationsRemoved += removed;
    }
    /** The lower bound of the run's first window (null for a backfill): readers fetch changes since it. */
    public Instant getModifiedAfter() { return modifiedAfter; }
    public void setModifiedAfter(Instant modifiedAfter) { this.modifiedAfter = modifiedAfter; }
    public long getDone() { return added + updated + unchanged; }
    public long getRequests() { return requests.get(); }
    public long getThrottled() { return throttled.get(); }
    public long getPages() { return pages; }
    public int getCapRestarts() { return capRestarts.get(); }
    public Long getExpectedTotal() { return expectedTotal; }
    public void setExpectedTotal(Long expectedTotal) { this.expectedTotal = expectedTotal; }
    public String getError() { return error; }
    public void setError(String error) { this.error = error; }
    public boolean isSucceeded() { return succeeded; }
    public long getLastProgressNanos() { return lastProgressNanos; }
    public void setLastProgressNanos(long nanos) { this.lastProgressNanos = nanos; }
    public void setSucceeded(boolean succeeded) { this.succeeded = succeeded; }

    public synchronized void countPage(long addedNow, long updatedNow, long unchangedNow) {
        added += addedNow;
        updated += updatedNow;
        unchanged += unchangedNow;
        pages++;
        capRestarts.set(0);
    }

    public void countRequest() { requests.incrementAndGet(); }
    public void countThrottled() { throttled.incrementAndGet(); }
    public int countCapRestart() { return capRestarts.incrementAndGet(); }

    /** How long the run took, or has taken so far. */
    public Duration elapsed() { return Duration.between(startedAt, finishedAt != null ? finishedAt : Instant.now()); }

    public Instant getFinishedAt() { return finishedAt; }
    public void setFinishedAt(Instant finishedAt) { this.finishedAt = finishedAt; }

    /** Where the run stands, as it goes into run history and notices. */
    public String checkpoint() {
        return checkpoint.toString();
    }

    @Override
    public String toString() {
        return objectType + "[" + connectionId + "] " + getPhase();
    }
}
