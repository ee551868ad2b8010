package io.hubsync.api;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import java.util.Optional;

/**
 * Who may read a connection's records (routes/records-api.camel.yaml): the admin key reads any
 * connection, a read key only its own. No key or an unknown one: 401; another connection's key: 403
 * (whether or not the asked-for connection exists, so a key learns nothing about other connections).
 */
public final class RecordReaders implements Processor {
    private final ApiKey admin;
    private final ReadKeys keys;

    public RecordReaders(ApiKey admin, ReadKeys keys) {
        this.admin = admin;
        this.keys = keys;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String key = SentAuthorization.bearer(exchange);
        if (key == null) {
            throw new ApiError(401, "unauthorized", null, "send the admin API key (server.api-key) or a read key of "
                    + "this connection (`hubsync connections api-key NAME`) as 'Authorization: Bearer <key>'");
        }
        if (admin.accepts(key)) {
            return;
        }
        Optional<String> owner = keys.connectionOf(key);
        if (owner.isEmpty()) {
            throw new ApiError(401, "unauthorized", null, "the key is neither server.api-key nor a read key of a "
                    + "connection; make one with `hubsync connections api-key NAME`");
        }
        if (!owner.get().equals(exchange.getMessage().getHeader("name", String.class))) {
            throw new ApiError(403, "forbidden", null, "this read key belongs to connection '" + owner.get()
                    + "' and reads only its records");
        }
    }

    @Override
    public String toString() {
        return "RecordReaders[***]";
    }
}
