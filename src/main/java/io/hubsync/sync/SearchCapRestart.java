package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the search is sent again after HubSpot's paging-cap 400: says that the window restarts
 * from the last id read. Key paging always asks for offset 0, so the same request is the restart.
 */
public final class SearchCapRestart implements Processor {
    private static final Logger LOG = LoggerFactory.getLogger(SearchCapRestart.class);

    @Override
    public void process(Exchange exchange) {
        SyncRun run = exchange.getProperty("run", SyncRun.class);
        if (run != null) {
            LOG.warn("{}[{}]: search answered 400 (paging cap); window [{}, {}] restarts after id {} (restart {})",
                    run.getObjectType(), run.getConnectionId(), run.getWatermark(), run.getWindowEnd(),
                    exchange.getProperty("afterId"), run.countCapRestart());
        }
    }
}
