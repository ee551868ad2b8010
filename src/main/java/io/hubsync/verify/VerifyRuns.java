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
 * auth and budget from the exchange property {@code run}). Verify claims no lease and moves no
 * checkpoint: it runs beside the sync.
 */
public final class VerifyRuns {
    private final ConnectionStore connections;

    public VerifyRuns(ConnectionStore connections) {
        this.connections = connections;
    }

    /** For the list scan: ids and last-modified only. */
    public SyncRun scan(@ExchangeProperty("connectionId") String connectionId,
                        @ExchangeProperty("objectType") String objectType) throws SQLException {
        SyncRun run = run(connectionId, objectType);
        run.setPageProperties(List.of(run.getLastModifiedProperty()));
        return run;
    }

    /** For the repair's batch reads: the connection's properties, resolved as a sync run resolves them. */
    public SyncRun repair(@ExchangeProperty("connectionId") String connectionId,
                          @ExchangeProperty("objectType") String objectType) throws SQLException {
        return run(connectionId, objectType);
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

    private SyncRun run(String connectionId, String objectType) throws SQLException {
        String lastModified = ObjectTypes.lastModifiedProperty(objectType);
        ConnectionStore.Info c = connection(connectionId);
        SyncRun run = new SyncRun(connectionId, objectType, lastModified, Instant.now());
        run.setConnection(c.portalId(), c.authType(), c.rateLimit(), connections.properties(connectionId, objectType));
        return run;
    }
}
