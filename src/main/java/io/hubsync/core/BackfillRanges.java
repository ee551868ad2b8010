package io.hubsync.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The id ranges of one backfill that is read through both of HubSpot's budgets at once
 * (docs/behavior.md rule 11): the list chain's range at the bottom (ids up to its end, from the list
 * cursor) and search ranges above it (ids above their start up to their end, key-paged by search).
 * Each chain of the run takes a range nobody reads; one that runs out takes the top part of the
 * range with the most left, sized so that both finish together at the rates they have shown.
 *
 * <p>Hand-written because no library splits a key space between readers of different speeds: it is
 * a few lines of arithmetic under one lock. What is decided here is stored by the caller in the
 * transaction of the page (or the split) it belongs to, so a stopped backfill resumes every range.
 *
 * <p>Threads: the run's chains call in concurrently; every method is synchronized on this object, and
 * {@link #clip} and {@link #steal} together guarantee that no id is read by two ranges: a split never
 * gives away ids at or below the highest one its victim already holds.
 */
public final class BackfillRanges {
    /** What the split needs to estimate: records per id between the lowest and highest ids HubSpot had. */
    public record Span(long total, long minId, long maxId) {
        double recordsPerId() {
            return total <= 0 ? 1.0 : (double) total / Math.max(1, maxId - minId + 1);
        }
    }

    /** One range. {@code start} excludes, {@code end} includes; {@link Long#MAX_VALUE} is no end. */
    public static final class Range {
        private final boolean list;
        private final long start;
        private long lastId;
        private long end;
        private boolean done;
        private boolean taken;
        /** the highest id any page of this range has brought so far (written or in hand) */
        private long highestSeen;

        public Range(boolean list, long start, long lastId, long end, boolean done) {
            this.list = list;
            this.start = start;
            this.lastId = lastId;
            this.end = end;
            this.done = done;
            this.highestSeen = lastId;
        }

        public boolean isList() { return list; }
        public long getStart() { return start; }
        public synchronized long getLastId() { return lastId; }
        public synchronized long getEnd() { return end; }
        public synchronized boolean isDone() { return done; }
        /** Whether a page read up to {@code lastId} leaves nothing of this range to read. */
        public synchronized boolean endsAt(long lastId) { return lastId >= end; }
        /** The end as the database holds it: null for no end. */
        public synchronized Long getEndOrNull() { return end == Long.MAX_VALUE ? null : end; }

        @Override
        public synchronized String toString() {
            return (list ? "list" : "search") + "(" + (list ? "start" : Long.toString(start)) + ", "
                    + (end == Long.MAX_VALUE ? "end" : Long.toString(end)) + "] at " + lastId + (done ? " done" : "");
        }
    }

    /** The rates, in records a second, that a chain reading by list or by search is expected to reach. */
    public record Rates(double list, double search) { }

    private final List<Range> ranges = new ArrayList<>();
    private final Span span;
    private final Rates budgets;
    private final int minSplitRecords;
    private final long startedNanos = System.nanoTime();
    private final java.util.Map<Range, long[]> reading = new java.util.IdentityHashMap<>();

    /**
     * @param budgets         records a second each kind of chain may read at most (its budget's pages × page size)
     * @param minSplitRecords a range with fewer records left than this is not split
     */
    public BackfillRanges(Span span, Rates budgets, int minSplitRecords, List<Range> stored) {
        this.span = span;
        this.budgets = budgets;
        this.minSplitRecords = minSplitRecords;
        ranges.addAll(stored);
    }

    /**
     * The list range is planned this much larger than its share. The ids are not spread evenly, so a
     * share of the id span is a share of the records only roughly; and the two errors cost differently:
     * a list range that holds less than its windows allow leaves the list idle while search, the slower
     * budget, reads on, but what a list range holds beyond them is taken by a search chain that is done
     * ({@link #steal(double)}) at no loss.
     */
    static final double LIST_MARGIN = 1.02;

    /** The list's budget window: its rate's worth comes in one burst every so many seconds. */
    static final double WINDOW_SECONDS = 10;

    /**
     * A fresh split: the list chain reads from {@code listFrom} up to a point, the search chains
     * everything above it in {@code searchChains} ranges, sized by the two budgets' rates so that all
     * finish together if both budgets are spent.
     */
    public static List<Range> plan(Span span, Rates budgets, long listFrom, int searchChains) {
        long from = Math.max(listFrom, span.minId() - 1);
        double listShare = Math.min(1.0, LIST_MARGIN
                * listShare((long) Math.ceil((span.maxId() - from) * span.recordsPerId()), budgets));
        long split = from + (long) Math.floor((span.maxId() - from) * listShare);
        List<Range> plan = new ArrayList<>();
        plan.add(new Range(true, -1, from, split, false));
        long size = (span.maxId() - split) / Math.max(1, searchChains);
        long start = split;
        for (int i = 0; i < searchChains; i++) {
            long end = i == searchChains - 1 ? Long.MAX_VALUE : start + size;
            plan.add(new Range(false, start, start, end, false));
            start = end;
        }
        return plan;
    }

    /**
     * The list's share of {@code records}: what its budget lets it read by the least time both budgets
     * together need for them. The list's budget comes a window at a time (a window's pages all go at its
     * start), search's a second at a time; so for 50,000 records at the professional tier that time is
     * 11 s, by which the list has had two windows (38,000 records) and search 12 seconds (12,000): 76%,
     * not the 66% of their long-run rates (for 200,000 records: 66 s, 133,000 to 67,000).
     */
    static double listShare(long records, Rates budgets) {
        double perWindow = budgets.list() * 10;
        for (long t = 0; ; t++) {
            double listed = perWindow * (t / 10 + 1);
            double searched = budgets.search() * (t + 1);
            if (listed + searched >= records) {
                return listed / (listed + searched);
            }
        }
    }

    public synchronized List<Range> ranges() {
        return List.copyOf(ranges);
    }

    /** The list chain's range (none when the list is done or the backfill is not split). */
    public synchronized Range listRange() {
        for (Range r : ranges) {
            if (r.list) {
                return r;
            }
        }
        return null;
    }

    /** The range this chain reads next: one nobody reads, else null (then {@link #steal}). */
    public synchronized Range take(boolean listChain) {
        ranges.sort(Comparator.comparingLong(r -> r.start));
        for (Range r : ranges) {
            if (!r.taken && !r.isDone() && r.list == listChain) {
                r.taken = true;
                reading.put(r, new long[] {System.nanoTime(), 0});
                return r;
            }
        }
        return null;
    }

    /**
     * The top part of the range with the most records left, as a new search range, its victim ending
     * below it; or null when no range has enough left to be worth splitting. The caller stores both
     * in one transaction before the new range is read.
     */
    public synchronized Split steal() {
        return steal(Double.MAX_VALUE);
    }

    /**
     * As {@link #steal()}, knowing how many records the list can read before its budget pauses it
     * ({@code listRoom}: the rest of its current burst). The list's budget comes in bursts, a window's
     * worth every 10 s, so its rate says little about when it will be done: what it holds beyond its
     * burst waits for the next one, seconds away. So from the list a search chain takes what makes both
     * end soonest, the list after its current burst or after 1, 2, … more, however little that leaves
     * the search chain; and nothing (null), for now, when the list reads all it holds in this burst.
     */
    public synchronized Split steal(double listRoom) {
        Range victim = null;
        double most = 0;
        for (Range r : ranges) {
            if (r.taken && !r.isDone()) {
                double left = left(r);
                if (left > most) {
                    most = left;
                    victim = r;
                }
            }
        }
        boolean bursts = victim != null && victim.list && listRoom < Double.MAX_VALUE;
        if (victim == null || most < 2.0 * minSplitRecords && !bursts) {
            return null;
        }
        double victimRate = rate(victim);
        double thiefRate = budgets.search();
        long from;
        long to;
        synchronized (victim) {
            from = Math.max(victim.lastId, victim.highestSeen);
            to = Math.min(victim.end, Math.max(span.maxId(), from));
        }
        long mid;
        if (bursts) {
            double keep = listKeeps(most, listRoom);
            if (keep >= most) {
                return null;
            }
            mid = from + (long) Math.floor(keep / span.recordsPerId());
        } else {
            mid = from + (long) Math.ceil((to - from) * victimRate / (victimRate + thiefRate));
            if ((to - mid) * span.recordsPerId() < minSplitRecords) {
                return null;
            }
        }
        if (mid >= to) {
            return null;
        }
        long oldEnd;
        boolean victimDone;
        synchronized (victim) {
            oldEnd = victim.end;
            victim.end = mid;
            // all it keeps is written: the list chain stops at its next page (PagePrefetch.take)
            victimDone = victim.lastId >= mid;
            victim.done = victimDone;
        }
        Range taken = new Range(false, mid, mid, oldEnd, false);
        taken.taken = true;
        ranges.add(taken);
        reading.put(taken, new long[] {System.nanoTime(), 0});
        return new Split(victim, mid, victimDone, taken);
    }

    /** A split: the victim now ends at {@code victimEnd}; {@code taken} is the new range above it. */
    public record Split(Range victim, long victimEnd, boolean victimDone, Range taken) { }

    /**
     * Of the {@code left} records of the list range, how many the list keeps so that it and a search
     * chain taking the rest end soonest: the list's current burst ({@code room}) and j more windows
     * (j·10 s away) against the search chain's rate, for the best j.
     */
    private double listKeeps(double left, double room) {
        double perWindow = budgets.list() * WINDOW_SECONDS;
        double best = Double.MAX_VALUE;
        double keep = left;
        for (int j = 0; ; j++) {
            double k = Math.min(left, room + j * perWindow);
            double ends = Math.max(j * WINDOW_SECONDS, (left - k) / budgets.search());
            if (ends < best) {
                best = ends;
                keep = k;
            }
            if (k >= left) {
                return keep;
            }
        }
    }

    /** Undoes a split whose store failed (the victim keeps its range). */
    public synchronized void unsplit(Split split) {
        ranges.remove(split.taken());
        reading.remove(split.taken());
        synchronized (split.victim()) {
            split.victim().end = split.taken().end;
            split.victim().done = false;
        }
    }

    private double left(Range r) {
        long pos;
        long end;
        synchronized (r) {
            pos = Math.max(r.lastId, r.highestSeen);
            end = Math.min(r.end, Math.max(span.maxId(), pos));
        }
        return Math.max(0, end - pos) * span.recordsPerId();
    }

    /** Records a second this range's reader has shown (after a second and a page), else its budget's rate. */
    private double rate(Range r) {
        long[] since = reading.get(r);
        double budget = r.list ? budgets.list() : budgets.search();
        if (since == null) {
            return budget;
        }
        double secs = (System.nanoTime() - since[0]) / 1e9;
        return secs >= 1.0 && since[1] > 0 ? Math.min(budget, since[1] / secs) : budget;
    }

    /**
     * A page of this range arrived: the ids above its end are not this range's (a split gave them
     * away); the page is cut there. True when the range ends with this page.
     */
    public synchronized boolean clip(Range r, List<HubSpotObject> results, boolean more) {
        synchronized (r) {
            boolean cut = results.removeIf(o -> o.idAsLong() > r.end);
            for (HubSpotObject o : results) {
                r.highestSeen = Math.max(r.highestSeen, o.idAsLong());
            }
            return cut || !more || results.isEmpty() || r.highestSeen >= r.end;
        }
    }

    /** A page of this range was written up to {@code lastId}; {@code ended}: the range is read. */
    public synchronized void written(Range r, long lastId, int records, boolean ended) {
        synchronized (r) {
            r.lastId = Math.max(r.lastId, lastId);
            r.done = r.done || ended || r.lastId >= r.end;
        }
        long[] since = reading.get(r);
        if (since != null) {
            since[1] += records;
        }
        notifyAll();
    }

    /**
     * True while the list range is being read: a chain with nothing to take now may yet take what that
     * range holds beyond the list's budget window ({@link #steal(double)}), so it waits rather than ends.
     */
    public synchronized boolean listReading() {
        for (Range r : ranges) {
            if (r.list && r.taken && !r.isDone()) {
                return true;
            }
        }
        return false;
    }

    /** Waits until a page of any range is written, or {@code millis} pass. */
    public synchronized void awaitWritten(long millis) throws InterruptedException {
        wait(millis);
    }

    public synchronized boolean allDone() {
        for (Range r : ranges) {
            if (!r.isDone()) {
                return false;
            }
        }
        return true;
    }

    public Span span() { return span; }

    /** Seconds since the split began reading, for the log. */
    public double seconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
