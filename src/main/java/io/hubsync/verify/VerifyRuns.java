package io.hubsync.verify;

import io.hubsync.core.ObjectTypes;
import io.hubsync.core.SyncRun;
import io.hubsync.store.ConnectionStore;
import org.apache.camel.ExchangeProperty;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The run state verify's HubSpot calls carry (routes/hubspot.camel.yaml reads the connection, its
 * auth and budget from the exchange property {@code run}): one run for the scan and the repair; the
 * scan's list asks for ids and versions only whatever the run stores. Verify claims no lease and
 * moves no checkpoint: it runs beside the sync.
 */
public final class VerifyRuns {
    private final ConnectionStore connections;

    public VerifyRuns(ConnectionStore connections) {
        this.connections = connections;
    }

    /** The connection and object type to verify, as a run; the repair resolves its properties as a sync run does. */
    public SyncRun run(@ExchangeProperty("connectionId") String connectionId,
                       @ExchangeProperty("objectType") String objectType) throws SQLException {
        String lastModified = ObjectTypes.lastModifiedProperty(objectType);
        ConnectionStore.Info c = connection(connectionId);
        SyncRun run = new SyncRun(connectionId, objectType, lastModified, Instant.now());
        run.setConnection(c.portalId(), c.authType(), c.rateLimit(), connections.properties(connectionId, objectType));
        return run;
    }

    /** Batch read asks for every property: the page chunk first, then the chunks a sync reads by batch read. */
    public void readAllByBatch(@ExchangeProperty("run") SyncRun run) {
        List<List<String>> chunks = new ArrayList<>();
        chunks.add(run.getPageProperties());
        chunks.addAll(run.getExtraPropertyChunks());
        run.setExtraPropertyChunks(chunks);
    }

    /** The connection to verify; an IllegalArgumentException naming --connection when there is none. */
    public ConnectionStore.Info connection(String connectionId) throws SQLException {
        return connections.find(connectionId).orElseThrow(() -> new IllegalArgumentException("--connection: no "
                + "connection named " + io.hubsync.core.Quoted.of(connectionId) + "; `hubsync connections list` shows them"));
    }
}
