package io.hubsync.sync;

import io.hubsync.store.RecordVersionRepository;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerExchangeEventNotifier;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.EventNotifier;

import java.util.function.Predicate;

/**
 * Keeps Camel's exchange event notifier (camel.metrics, {@code camel_exchange_event_notifier_seconds},
 * {@code camel_exchanges_last_timestamp}) away from the exchange of each record of a page, which the
 * idempotent consumer splits the page into (routes/sync.camel.yaml, {@code new-versions}). Those
 * exchanges send to no endpoint, so the notifier has nothing to time for them; but for each it looks its
 * route up (a copy of the route list) and, when it is done, searches the whole meter registry for the
 * last-exchange gauge: 30% of the sync's CPU in a 200,000-contact backfill (JFR, docs/performance.md).
 * The page's exchange, the runs' and every other one still count; Camel's route metrics
 * ({@code camel_exchanges_total}, the route policy's) count the records' exchanges as before.
 */
public final class RecordExchangeMetrics extends MainListenerSupport {
    /** An exchange of one record of a page: a split's part that carries the page's versions. */
    static final Predicate<Exchange> RECORD_OF_A_PAGE = e -> e.getProperty(ExchangePropertyKey.SPLIT_INDEX) != null
            && e.getProperty(RecordVersionRepository.PAGE_VERSIONS) != null;

    @Override
    public void afterStart(BaseMainSupport main) {
        apply(main.getCamelContext());
    }

    /** Returns whether the context had the notifier (camel.metrics with its exchange event notifier on). */
    static boolean apply(org.apache.camel.CamelContext context) {
        boolean found = false;
        for (EventNotifier n : context.getManagementStrategy().getEventNotifiers()) {
            if (n instanceof MicrometerExchangeEventNotifier notifier) {
                Predicate<Exchange> ignored = notifier.getIgnoreExchanges();
                notifier.setIgnoreExchanges(ignored == null ? RECORD_OF_A_PAGE : ignored.or(RECORD_OF_A_PAGE));
                found = true;
            }
        }
        return found;
    }
}
