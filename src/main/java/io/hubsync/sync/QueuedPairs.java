package io.hubsync.sync;

import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which (connection, object type) pairs are queued or running on this node, for one kind of work
 * (the sync's runs, the archived sweeps: one bean each). A schedule tick queues
 * each due pair once and goes on: a pair still waiting or still running from an earlier tick (a long
 * backfill) is not queued again, and it holds up no other connection.
 *
 * <p>Hand-written because Camel's idempotent consumer keeps a key after success; this set must
 * forget the pair as soon as its run ends, whatever the outcome. Across nodes the run lease in
 * sync_state keeps two runs of a pair apart; this set only spares the queue and the workers.
 */
public final class QueuedPairs {
    private static final Logger LOG = LoggerFactory.getLogger(QueuedPairs.class);
    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    /** Marks the pair queued; false when it is queued or running already (this tick skips it). */
    public boolean offer(@ExchangeProperty("connectionId") String connectionId,
                         @ExchangeProperty("objectType") String objectType) {
        boolean fresh = pending.add(key(connectionId, objectType));
        if (!fresh) {
            LOG.debug("{}[{}]: still queued or running from an earlier tick; not queued again", objectType,
                    connectionId);
        }
        return fresh;
    }

    /** The pair's run ended (or was skipped): the next tick may queue it again. */
    public void done(@ExchangeProperty("connectionId") String connectionId,
                     @ExchangeProperty("objectType") String objectType,
                     @ExchangeProperty("queuedType") String queuedType) {
        // a custom object queued by id or qualified name runs under its name (routes/object-types.camel.yaml)
        pending.remove(key(connectionId, queuedType != null ? queuedType : objectType));
    }

    /** How many pairs are queued or running. */
    public int size() {
        return pending.size();
    }

    private static String key(String connectionId, String objectType) {
        return objectType + "\u0000" + connectionId;
    }
}
