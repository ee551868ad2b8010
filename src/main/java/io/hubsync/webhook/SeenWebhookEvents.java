package io.hubsync.webhook;

import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.dao.DuplicateKeyException;

import javax.sql.DataSource;

/**
 * Camel's JDBC idempotent repository of webhook events already stored. HubSpot may deliver one event
 * twice at the same moment (two requests in flight); both pass the check, both store the event (the
 * inbox applies it idempotently), and the second insert of its key meets the first. Camel's repository
 * throws there, after the request is answered, and Camel logs a stack trace for it; here that race
 * only means "already seen".
 */
public final class SeenWebhookEvents extends JdbcMessageIdRepository {
    public SeenWebhookEvents(DataSource dataSource, String processorName) {
        super(dataSource, processorName);
    }

    @Override
    public boolean add(String key) {
        try {
            return super.add(key);
        } catch (DuplicateKeyException e) {
            return false;
        }
    }
}
