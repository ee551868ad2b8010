package io.hubsync.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Where the sync of one connection's object type stands, as the sync_state row holds it. Immutable:
 * every step of a run makes the next one, and the store commits it with the page it covers
 * (docs/behavior.md, rule 4).
 *
 * @param phase           {@link SyncRun#INITIAL} (the backfill) or {@link SyncRun#INCREMENTAL}
 * @param listAfter       the backfill's list cursor: the next id to read (null: from the start)
 * @param backfillStarted when the first run of the backfill started; it stays after the backfill
 * @param watermark       the lower bound of the next window (incremental only)
 * @param windowEnd       the upper bound of the window being read, null when none is open
 * @param windowLastId    the highest id read in the open window (0: none yet)
 */
public record Checkpoint(String phase, String listAfter, Instant backfillStarted, Instant watermark,
                         Instant windowEnd, long windowLastId) {

    /** A pair that never ran: a backfill from the start. */
    public static Checkpoint first() {
        return new Checkpoint(SyncRun.INITIAL, null, null, null, null, 0);
    }

    public boolean initial() {
        return SyncRun.INITIAL.equals(phase);
    }

    public boolean windowOpen() {
        return windowEnd != null;
    }

    /** The backfill of this checkpoint starts now (a resumed backfill keeps its first start). */
    public Checkpoint backfillStarting(Instant now) {
        return backfillStarted != null ? this : new Checkpoint(phase, listAfter, now, watermark, windowEnd, windowLastId);
    }

    /** A list page was read: the cursor moves on; no next page ends the backfill (see {@link #incremental}). */
    public Checkpoint listedUpTo(String next) {
        return new Checkpoint(phase, next, backfillStarted, watermark, windowEnd, windowLastId);
    }

    /**
     * The backfill read its last page: windows start at the time it STARTED minus the search lag, so
     * a record read early in a long backfill and edited later is not lost.
     */
    public Checkpoint incremental(Duration lag) {
        return new Checkpoint(SyncRun.INCREMENTAL, null, backfillStarted, backfillStarted.minus(lag), null, 0);
    }

    /** A window [watermark, end] opens. */
    public Checkpoint windowOpened(Instant end) {
        return new Checkpoint(phase, listAfter, backfillStarted, watermark, end, 0);
    }

    /** A page of the open window was read up to this id. */
    public Checkpoint windowReadTo(long lastId) {
        return new Checkpoint(phase, listAfter, backfillStarted, watermark, windowEnd, lastId);
    }

    /** The window was read to its end: nothing can enter it any more, so the next starts after it. */
    public Checkpoint windowClosed() {
        return new Checkpoint(phase, listAfter, backfillStarted, windowEnd.plusMillis(1), null, 0);
    }

    /** As run history and notices show it. */
    @Override
    public String toString() {
        return initial() ? "after=" + (listAfter == null ? "0" : listAfter)
                : "watermark=" + watermark + (windowEnd == null ? "" : ",windowEnd=" + windowEnd + ",lastId=" + windowLastId);
    }
}
