package io.hubsync.sync;

import io.hubsync.store.RecordVersionRepository;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.micrometer.eventnotifier.MicrometerExchangeEventNotifier;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Camel's exchange event notifier leaves out the exchange of each record of a page, and only those. */
class RecordExchangeMetricsTest {
    @Test
    void theNotifierIgnoresARecordsExchangeAndCountsThePagesAndTheRest() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            MicrometerExchangeEventNotifier notifier = new MicrometerExchangeEventNotifier();
            context.getManagementStrategy().addEventNotifier(notifier);
            assertTrue(RecordExchangeMetrics.apply(context));

            Exchange page = new DefaultExchange(context);
            page.setProperty(RecordVersionRepository.PAGE_VERSIONS, "the page's versions");
            Exchange record = page.copy();
            record.setProperty(ExchangePropertyKey.SPLIT_INDEX, 3);
            Exchange otherSplit = new DefaultExchange(context);
            otherSplit.setProperty(ExchangePropertyKey.SPLIT_INDEX, 0);

            assertTrue(notifier.getIgnoreExchanges().test(record), "a record of a page");
            assertFalse(notifier.getIgnoreExchanges().test(page), "the page itself");
            assertFalse(notifier.getIgnoreExchanges().test(otherSplit), "another split's part (a run of a type)");
            assertFalse(notifier.getIgnoreExchanges().test(new DefaultExchange(context)));
        }
    }

    @Test
    void withoutCamelMetricsThereIsNothingToDo() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            assertFalse(RecordExchangeMetrics.apply(context));
        }
    }
}
