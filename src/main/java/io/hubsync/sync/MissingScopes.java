package io.hubsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.core.AssociationRead;
import io.hubsync.core.ObjectTypes;
import io.hubsync.core.PageAssociations;
import io.hubsync.core.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Object types the token may not read (HubSpot's 403 MISSING_SCOPES, docs/hubspot.md §4): the run is
 * skipped, not failed (docs/behavior.md rule 13). One WARN per connection and type names the scope;
 * later runs that are skipped alike say so at DEBUG, until a run of the pair succeeds (the scope was
 * granted) and a later loss would be news again.
 */
public final class MissingScopes {
    private static final Logger LOG = LoggerFactory.getLogger(MissingScopes.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** The run's type may not be read with this token: the run is skipped, and said once. */
    public void skip(@ExchangeProperty("run") SyncRun run,
                     @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        String scope = scopeOf(error, ObjectTypes.readScope(run.getObjectType()));
        run.setSkippedFor(scope);
        run.setSucceeded(false);
        say(run.getConnectionId(), run.getObjectType(), scope, "sync it");
    }

    /** The portal's custom objects may not be listed (the schemas call of {@code *}): standard types only. */
    public void skipCustom(@ExchangeProperty("connectionId") String connectionId,
                           @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        say(connectionId, "custom objects", scopeOf(error, ObjectTypes.CUSTOM_READ_SCOPE), "sync it");
    }

    /**
     * The current pair of the association reads may not be read (its to-type's scope, docs/associations.md
     * "Scopes"): skipped for the rest of the run, its stored rows untouched; one WARN per connection and
     * pair names the scope. The run and its page go on.
     */
    public void skipPair(@ExchangeProperty("run") SyncRun run,
                         @ExchangeProperty("associations") PageAssociations associations,
                         @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable error) {
        AssociationRead read = associations.getCurrent();
        String scope = scopeOf(error, ObjectTypes.readScope(read.getToType()));
        run.skipPair(read.getToType());
        associations.skipCurrent();
        say(run.getConnectionId(), "associations " + read.getFromType() + " → " + read.getToType(), scope,
                "keep them (sync.associations." + read.getFromType() + "; the rows stored stay as they are)");
    }

    /** A run of the pair succeeded: losing the scope later is news again. */
    public void readable(@ExchangeProperty("run") SyncRun run) {
        warned.remove(key(run.getConnectionId(), run.getObjectType()));
    }

    private void say(String connectionId, String type, String scope, String toDo) {
        if (warned.add(key(connectionId, type))) {
            LOG.warn("{}[{}]: skipped: the token may not read it (HubSpot: MISSING_SCOPES); grant it {} to {}. "
                    + "Each run tries again; this is said once", type, connectionId, scope, toDo);
        } else {
            LOG.debug("{}[{}]: skipped again: the token lacks {}", type, connectionId, scope);
        }
    }

    /** The scopes HubSpot's 403 names (errors[].context.requiredGranularScopes), else the one we know of. */
    static String scopeOf(Throwable error, String fallback) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HttpOperationFailedException http && http.getResponseBody() != null) {
                try {
                    List<String> scopes = new ArrayList<>();
                    for (JsonNode e : JSON.readTree(http.getResponseBody()).path("errors")) {
                        e.path("context").path("requiredGranularScopes").forEach(s -> scopes.add(s.asText()));
                    }
                    if (!scopes.isEmpty()) {
                        return String.join(" or ", scopes);
                    }
                } catch (Exception notJson) {
                    // a gateway page: the scope we know of
                }
            }
        }
        return fallback;
    }

    private static String key(String connectionId, String type) {
        return type + "\u0000" + connectionId;
    }
}
