package io.hubsync.sync;

import io.hubsync.core.BackfillRanges;
import io.hubsync.core.HubSpotPage;
import io.hubsync.core.SyncRun;
import io.hubsync.hubspot.HubSpotRequests;
import io.hubsync.hubspot.RateBudget;
import io.hubsync.store.BackfillRangeStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The steps of routes/backfill.camel.yaml that read one backfill through both budgets at once
 * (docs/behavior.md rule 11): the list chain from the checkpoint, and {@code sync.backfill.search-chains}
 * search chains over id ranges above it, each range's progress committed with its pages. The ranges
 * and how they split are {@link BackfillRanges}; their rows {@link BackfillRangeStore}.
 */
public final class BackfillChains {
    private static final Logger LOG = LoggerFactory.getLogger(BackfillChains.class);
    /** the exchange property holding the range a chain reads */
    static final String RANGE = "range";
    /** a range with fewer records left is not split: two search pages */
    static final int MIN_SPLIT_RECORDS = 2 * HubSpotRequests.SEARCH_LIMIT;
    /** a pause of the list's budget longer than this is worth a search chain's taking the list's ids */
    static final long LIST_PAUSE_MILLIS = 1000;
    /** how often a chain with nothing to take looks at the list range again, at the latest */
    static final long LIST_WATCH_MILLIS = 100;

    private final BackfillRangeStore store;
    private final RateBudget budget;
    private final io.hubsync.hubspot.RollingWindowPacer listPacer;
    private final int searchChains;
    private final int splitAbove;

    /**
     * @param searchChains {@code sync.backfill.search-chains}: 0 reads every backfill by the list alone
     * @param splitAbove   {@code sync.backfill.split-above}: smaller backfills are read by the list alone
     */
    public BackfillChains(BackfillRangeStore store, RateBudget budget, io.hubsync.hubspot.RollingWindowPacer listPacer,
                          Object searchChains, Object splitAbove) {
        this.store = store;
        this.budget = budget;
        this.listPacer = listPacer;
        this.searchChains = io.hubsync.core.Settings.between("sync.backfill.search-chains", searchChains, 0, 16);
        this.splitAbove = io.hubsync.core.Settings.atLeast("sync.backfill.split-above", splitAbove, 0);
    }

    /** How many chains a run may have at most: the size of the pools that run them and their requests ahead. */
    public static int perRun(Object searchChains) {
        return 1 + io.hubsync.core.Settings.between("sync.backfill.search-chains", searchChains, 0, 16);
    }

    /**
     * Decides how the backfill is read and returns its chains, "list" then one "search" per search
     * chain: a split stored by an earlier run is resumed as it stands; a fresh backfill of at least
     * {@code sync.backfill.split-above} records is split (the exchange properties highestId and
     * lowestId hold the two searches that found where its ids lie); any other is read by the list alone.
     */
    public List<String> plan(Exchange exchange) throws SQLException {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        BackfillRanges.Span span = span(exchange.getProperty("highestId", HubSpotPage.class),
                exchange.getProperty("lowestId", HubSpotPage.class));
        List<BackfillRanges.Range> stored = store.load(run);
        if (!stored.isEmpty()) {
            if (span == null) {
                span = spanOf(stored);
            }
            run.setRanges(new BackfillRanges(span, rates(run), MIN_SPLIT_RECORDS, stored));
            LOG.info("{} backfill resumes its split: {}", label(run), stored);
            return chains(searchChains);
        }
        Long listFrom = listFrom(run);
        if (searchChains == 0 || span == null || span.total() < splitAbove || listFrom == null
                || listFrom >= span.maxId()) {
            return List.of("list");
        }
        List<BackfillRanges.Range> plan = BackfillRanges.plan(span, rates(run), listFrom, searchChains);
        store.create(run, plan);
        run.setRanges(new BackfillRanges(span, rates(run), MIN_SPLIT_RECORDS, plan));
        LOG.info("{} backfill of ~{} records split by id: the list endpoint reads up to {}, {} search chain(s) "
                + "above it ({} and {} records a second at most)", label(run), String.format("%,d", span.total()),
                plan.get(0).getEnd(), searchChains, Math.round(rates(run).list()), Math.round(rates(run).search()));
        return chains(searchChains);
    }

    private static List<String> chains(int search) {
        List<String> chains = new ArrayList<>();
        chains.add("list");
        for (int i = 0; i < Math.max(1, search); i++) {
            chains.add("search");
        }
        return chains;
    }

    /** The id the list cursor stands before (the cursor is the next id to read), -1 from the start, null when opaque. */
    private static Long listFrom(SyncRun run) {
        String after = run.getListAfter();
        if (after == null) {
            return -1L;
        }
        try {
            return Long.parseLong(after) - 1;
        } catch (NumberFormatException e) {
            return null; // not an id (docs/hubspot.md §17): the list goes on alone
        }
    }

    private static BackfillRanges.Span span(HubSpotPage highest, HubSpotPage lowest) {
        if (highest == null || lowest == null || highest.total == null || highest.results == null
                || highest.results.isEmpty() || lowest.results == null || lowest.results.isEmpty()) {
            return null;
        }
        return new BackfillRanges.Span(highest.total, lowest.results.get(0).idAsLong(), highest.results.get(0).idAsLong());
    }

    /** Without the searches: the stored ranges' own bounds, for the estimates alone. */
    private static BackfillRanges.Span spanOf(List<BackfillRanges.Range> ranges) {
        long max = 0;
        for (BackfillRanges.Range r : ranges) {
            max = Math.max(max, r.getEnd() == Long.MAX_VALUE ? r.getLastId() : r.getEnd());
        }
        return new BackfillRanges.Span(0, 0, max);
    }

    /** Each kind of chain's budget in records a second: list pages of 100, searches of 200. */
    private BackfillRanges.Rates rates(SyncRun run) {
        return new BackfillRanges.Rates(budget.perTenSeconds(run) * (double) HubSpotRequests.LIST_LIMIT / 10.0,
                budget.searchesPerSecond() * (double) HubSpotRequests.SEARCH_LIMIT);
    }

    /**
     * The list chain's turn: true when it has list pages to read (always, unsplit), with its range,
     * if split, in the exchange property range; false when a resumed split's list range is read.
     */
    public boolean takeList(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        exchange.removeProperty(RANGE);
        BackfillRanges ranges = run.getRanges();
        if (ranges == null) {
            return true;
        }
        BackfillRanges.Range list = ranges.take(true);
        if (list == null) {
            return false;
        }
        exchange.setProperty(RANGE, list);
        return true;
    }

    /**
     * The next search range this chain reads, into the exchange properties range and afterId: one
     * nobody reads, else the top part of the range with most left (stored before it is read). False
     * when none is left worth reading, the backfill is not split, or another chain failed.
     */
    public boolean nextRange(Exchange exchange) throws SQLException, InterruptedException {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        exchange.removeProperty(RANGE);
        BackfillRanges ranges = run.getRanges();
        if (ranges == null || run.isChainFailed()) {
            return false;
        }
        BackfillRanges.Range range = ranges.take(false);
        while (range == null) {
            BackfillRanges.Split split = ranges.steal(listRoom(run));
            if (split != null) {
                try {
                    store.split(run, split);
                } catch (SQLException | RuntimeException e) {
                    ranges.unsplit(split);
                    throw e;
                }
                LOG.debug("{} search chain takes ids above {} from {}", label(run), split.victimEnd(), split.victim());
                range = split.taken();
            } else if (ranges.listReading() && !run.isChainFailed()) {
                // nothing worth taking yet, but the list may run out of its window with ids left, which
                // would then wait up to 10 s for the next one: watch its pages until it ends
                ranges.awaitWritten(LIST_WATCH_MILLIS);
            } else {
                return false;
            }
        }
        exchange.setProperty(RANGE, range);
        exchange.setProperty("afterId", range.getLastId());
        return true;
    }

    /**
     * The records the list can read before its budget makes it pause for more than a second: the
     * 10-second budget's permits free now and those freeing without such a pause (the rolling window
     * gives them back as fast as the last window's calls went), a list page's worth each. Beyond them the
     * list range would wait for the next burst, seconds away, while a search chain is free.
     */
    double listRoom(SyncRun run) {
        return listPacer.roomWithoutPause(run.getConnectionId(), budget.perTenSeconds(run), LIST_PAUSE_MILLIS)
                * (double) HubSpotRequests.LIST_LIMIT;
    }

    /**
     * A page of a range just arrived: records above the range's end are cut off (a split gave them to
     * another range), and a page that reaches the end names no next page, so its range is read once
     * it is written. A page of an unsplit backfill is left as it is.
     */
    public void clip(Exchange exchange) {
        BackfillRanges.Range range = exchange.getProperty(RANGE, BackfillRanges.Range.class);
        if (range == null) {
            return;
        }
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        HubSpotPage page = exchange.getMessage().getBody(HubSpotPage.class);
        if (page == null || page.results == null) {
            return; // a malformed page fails at its write, as any
        }
        page.results = new ArrayList<>(page.results);
        if (run.getRanges().clip(range, page.results, page.nextAfter() != null)) {
            page.paging = null;
        }
    }

    /** Whether the chain asks for the page after this one: the page names one and no chain has failed. */
    public boolean goesOn(Exchange exchange) {
        HubSpotPage page = exchange.getMessage().getBody(HubSpotPage.class);
        return page != null && page.nextAfter() != null && !exchange.getProperty("run", SyncRun.class).isChainFailed();
    }

    /** A chain failed (its retries spent): the run keeps the first failure; the other chains stop. */
    public void failed(Exchange exchange) {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        exchange.getProperty("run", SyncRun.class).chainFailed(e, exchange.getProperty("hubspotCall", String.class));
    }

    /** Every chain has ended: the run fails with the first chain's failure, if any. */
    public void joined(Exchange exchange) throws Exception {
        SyncRun.ChainFailure failure = exchange.getProperty("run", SyncRun.class).getChainFailure();
        if (failure != null) {
            exchange.setProperty("hubspotCall", failure.call());
            throw failure.error() instanceof Exception e ? e : new IllegalStateException(failure.error());
        }
    }

    private static String label(SyncRun run) {
        return run.getObjectType() + "[" + run.getConnectionId() + "]";
    }
}
