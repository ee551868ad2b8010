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
     * A fresh split: the list chain reads from {@code listFrom} up to a point, the search chains
     * everything above it in {@code searchChains} ranges, sized by the two budgets' rates so that all
     * finish together if both budgets are spent.
     */
    public static List<Range> plan(Span span, Rates budgets, long listFrom, int searchChains) {
        long from = Math.max(listFrom, span.minId() - 1);
        double listShare = listShare((long) Math.ceil((span.maxId() - from) * span.recordsPerId()), budgets);
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
        if (victim == null || most < 2.0 * minSplitRecords) {
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
        long mid = from + (long) Math.ceil((to - from) * victimRate / (victimRate + thiefRate));
        if (mid >= to || (to - mid) * span.recordsPerId() < minSplitRecords) {
            return null;
        }
        long oldEnd;
        synchronized (victim) {
            oldEnd = victim.end;
            victim.end = mid;
        }
        Range taken = new Range(false, mid, mid, oldEnd, false);
        taken.taken = true;
        ranges.add(taken);
        reading.put(taken, new long[] {System.nanoTime(), 0});
        return new Split(victim, mid, taken);
    }

    /** A split: the victim now ends at {@code victimEnd}; {@code taken} is the new range above it. */
    public record Split(Range victim, long victimEnd, Range taken) { }

    /** Undoes a split whose store failed (the victim keeps its range). */
    public synchronized void unsplit(Split split) {
        ranges.remove(split.taken());
        reading.remove(split.taken());
        synchronized (split.victim()) {
            split.victim().end = split.taken().end;
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
            r.done = r.done || ended;
        }
        long[] since = reading.get(r);
        if (since != null) {
            since[1] += records;
        }
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
