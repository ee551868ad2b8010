package io.hubsync.sync;

import io.hubsync.core.BackfillRanges;
import io.hubsync.core.HubSpotPage;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.ExchangeBuilder;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Requests the next page while the current one is written, so that a rate-limited run sends the
 * pages of a fresh window as fast as HubSpot answers them, not one per page write (docs/behavior.md rule 7).
 * The request ahead reads the page's associations too (docs/associations.md): the v4 read, one more
 * round trip per page, then runs beside the write of the page before instead of after its page
 * arrives, and the page comes back with them, for its own transaction.
 *
 * <p>Why a bean with {@code ProducerTemplate.asyncSend} and not a seda stage: it is one request
 * ahead, no more (a crash loses at most that request; nothing unwritten piles up), the routes stay
 * in the order a reader expects (fetch, write, next), and the request's outcome, page or failure,
 * comes back to the run's own exchange at one step ({@link #take}).
 *
 * <p>The request goes to the same route as the first page ({@code direct:list-page-with-associations}
 * or {@code direct:window-page-with-associations}), whose calls the routeConfiguration
 * {@code hubspot-errors} retries (429 by policy, 5xx with backoff, the search cap's restart); the
 * association reads spend their own pacer's budget there as on any page. It runs on a fresh exchange that carries only
 * the run and the page's cursor: no headers, so no redelivery counters go either way between it and
 * the run's exchange. A failure that comes back, of the page or of its associations, has used its
 * retries: {@link #take} throws it and the run fails with the checkpoint at the last written page.
 */
public final class PagePrefetch {
    /** The exchange property holding the request under way. */
    static final String PENDING = "hubsyncNextPage";
    /** The exchange property in which the page's associations come with it (routes/associations.camel.yaml). */
    static final String ASSOCIATIONS = "associations";

    private final java.util.concurrent.ExecutorService pool;
    private volatile ProducerTemplate template;

    /** @param pool where the requests ahead run: one thread per sync worker, so no run waits for another's */
    /** how often a chain waiting for its page ahead looks whether its range is read after all */
    private static final long RANGE_CHECK_MILLIS = 100;

    public PagePrefetch(java.util.concurrent.ExecutorService pool) {
        this.pool = pool;
    }

    /** Asks for the list page the current one names ({@code paging.next.after}); the route asks only then. */
    public void nextListPage(Exchange exchange) throws Exception {
        HubSpotPage page = exchange.getMessage().getMandatoryBody(HubSpotPage.class);
        start(exchange, "direct:list-page-with-associations", "after", java.util.Objects.requireNonNull(page.nextAfter(),
                "the page names no next page"));
    }

    /** Asks for the window page after the current one's highest id: the route asks while the window goes on. */
    public void nextWindowPage(Exchange exchange) throws Exception {
        HubSpotPage page = exchange.getMessage().getMandatoryBody(HubSpotPage.class);
        long afterId = page.lastId(exchange.getProperty("afterId", Long.class));
        start(exchange, "direct:window-page-with-associations", "afterId", afterId);
    }

    /** Asks for the page of a split backfill's search range after the current one's highest id. */
    public void nextRangePage(Exchange exchange) throws Exception {
        HubSpotPage page = exchange.getMessage().getMandatoryBody(HubSpotPage.class);
        long afterId = page.lastId(exchange.getProperty("afterId", Long.class));
        start(exchange, "direct:range-page-with-associations", "afterId", afterId);
    }

    private void start(Exchange current, String uri, String cursorName, Object cursor) {
        // the range of a split backfill (BackfillChains) goes with it: the page ahead is cut at its end too
        Exchange next = ExchangeBuilder.anExchange(current.getContext()).withPattern(ExchangePattern.InOut)
                .withProperty("run", current.getProperty("run"))
                .withProperty(cursorName, cursor)
                .build();
        Object range = current.getProperty(BackfillChains.RANGE);
        if (range != null) {
            next.setProperty(BackfillChains.RANGE, range);
        }
        CompletableFuture<Exchange> done = template(current.getContext()).asyncSend(uri, next);
        current.setProperty(PENDING, new Pending(next, done, cursorName, cursor));
    }

    /**
     * The page requested by the last {@link #nextListPage}/{@link #nextWindowPage} becomes the body,
     * its associations and its cursor the exchange's; waits for them if need be. Nothing asked (the
     * page just written was the last): no body, which ends the route's loop.
     */
    public void take(Exchange exchange) throws Exception {
        Pending p = exchange.getProperty(PENDING, Pending.class);
        // the associations of the page just written go, whatever comes: no page can be written with them
        exchange.removeProperty(ASSOCIATIONS);
        if (p == null) {
            exchange.getMessage().setBody(null);
            return;
        }
        exchange.removeProperty(PENDING);
        Exchange done;
        try {
            done = awaitUnlessRangeDone(p, exchange);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
        if (done == null) {
            exchange.getMessage().setBody(null);
            return;
        }
        if (done.getException() != null) {
            throw done.getException();
        }
        exchange.getMessage().setBody(done.getMessage().getBody());
        exchange.setProperty(ASSOCIATIONS, done.getProperty(ASSOCIATIONS));
        exchange.setProperty(p.cursorName, p.cursor);
    }

    /**
     * The page asked for ahead; or null, the request abandoned, when the chain's range was read to its
     * end while the request waited (a search chain took the rest: BackfillRanges.steal), which happens
     * when the list's budget window is spent: the request would wait for the next window for nothing.
     */
    private Exchange awaitUnlessRangeDone(Pending p, Exchange exchange) throws Exception {
        BackfillRanges.Range range = exchange.getProperty(BackfillChains.RANGE, BackfillRanges.Range.class);
        if (range == null) {
            return p.done.get();
        }
        while (true) {
            try {
                return p.done.get(RANGE_CHECK_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException waiting) {
                if (range.isDone()) {
                    p.exchange.setRouteStop(true);
                    return null;
                }
            }
        }
    }

    /**
     * The run ended before it took the page it asked for (it failed): the request may finish, but it
     * is not retried any more (a stopped route is not redelivered) and its page is dropped.
     */
    public void abandon(Exchange exchange) {
        Pending p = exchange.getProperty(PENDING, Pending.class);
        if (p != null) {
            exchange.removeProperty(PENDING);
            p.exchange.setRouteStop(true);
        }
    }

    private ProducerTemplate template(CamelContext context) {
        ProducerTemplate t = template;
        if (t == null) {
            synchronized (this) {
                t = template;
                if (t == null) {
                    t = context.createProducerTemplate();
                    ((org.apache.camel.impl.engine.DefaultProducerTemplate) t).setExecutorService(pool);
                    template = t;
                }
            }
        }
        return t;
    }

    private record Pending(Exchange exchange, CompletableFuture<Exchange> done, String cursorName, Object cursor) { }
}
