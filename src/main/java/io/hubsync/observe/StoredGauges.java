package io.hubsync.observe;

import io.hubsync.sync.ConnectionBreakers;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The gauges whose values live in the database (sync lag, webhook inbox depth, notices, connection
 * status) and the breakers' states. Computed when Prometheus scrapes, one query each over small
 * tables (a row per connection and object type at most), and at most once per {@link #MIN_INTERVAL}:
 * however often something scrapes, the database answers four queries per interval. Hand-written
 * because Micrometer's gauges read one value each, and these are rows that come and go with
 * connections (MultiGauge replaces them all at once).
 */
public final class StoredGauges {
    /** Scrapes closer together than this get the values of the last one. */
    static final Duration MIN_INTERVAL = Duration.ofSeconds(5);
    private static final List<String> NOTICE_STATUSES = List.of("PENDING", "SENT", "DEAD");

    private final DataSource dataSource;
    private final ConnectionBreakers breakers;
    private final Meters meters;
    private MultiGauge lag;
    private MultiGauge inbox;
    private MultiGauge notices;
    private MultiGauge connections;
    private MultiGauge breakerState;
    private Instant refreshed = Instant.EPOCH;
    private volatile Map<String, Long> inboxDepths = Map.of();

    public StoredGauges(Meters meters, DataSource dataSource, ConnectionBreakers breakers) {
        this.meters = meters;
        this.dataSource = dataSource;
        this.breakers = breakers;
    }

    /** The gauges, in the registry once it is there (at the first scrape). */
    private void register() {
        if (lag != null) {
            return;
        }
        io.micrometer.core.instrument.MeterRegistry registry = meters.registry();
        lag = MultiGauge.builder("hubsync.sync.lag.seconds")
                .description("now - watermark by connection and object type (during a backfill: since it started)")
                .register(registry);
        inbox = MultiGauge.builder("hubsync.webhook.inbox.depth")
                .description("Webhook events waiting in the inbox, by connection").register(registry);
        notices = MultiGauge.builder("hubsync.notices")
                .description("Completion notices in the outbox, by status (PENDING, SENT, DEAD)").register(registry);
        connections = MultiGauge.builder("hubsync.connection.status")
                .description("1 for each connection, labelled with its status (ACTIVE, PAUSED, NEEDS_REAUTH)")
                .register(registry);
        breakerState = MultiGauge.builder("hubsync.breaker.state")
                .description("1 for each connection's circuit breaker, labelled with its state (CLOSED, OPEN, HALF_OPEN)")
                .register(registry);
    }

    /** Reads the values again unless the last read is younger than {@link #MIN_INTERVAL}. */
    synchronized void refresh() throws SQLException {
        Instant now = Instant.now();
        if (Duration.between(refreshed, now).compareTo(MIN_INTERVAL) < 0) {
            return;
        }
        register();
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            List<MultiGauge.Row<?>> lags = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT connection_id, object_type, COALESCE(watermark, backfill_started) "
                    + "FROM sync_state WHERE phase IN ('INITIAL', 'INCREMENTAL')")) {
                while (rs.next()) {
                    Timestamp since = rs.getTimestamp(3);
                    if (since != null) {
                        lags.add(MultiGauge.Row.of(Tags.of("connection", rs.getString(1), "type", rs.getString(2)),
                                Math.max(0, Duration.between(since.toInstant(), now).toMillis() / 1000.0)));
                    }
                }
            }
            lag.register(lags, true);
            inboxDepths = counts(st, "SELECT connection_id, COUNT(*) FROM webhook_inbox GROUP BY connection_id");
            inbox.register(rows(inboxDepths, "connection"), true);
            Map<String, Long> byStatus = counts(st, "SELECT status, COUNT(*) FROM notices GROUP BY status");
            // every status, 0 too: an alert on DEAD notices needs the series before the first one dies
            NOTICE_STATUSES.forEach(s -> byStatus.putIfAbsent(s, 0L));
            notices.register(rows(byStatus, "status"), true);
            List<MultiGauge.Row<?>> statuses = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT id, status FROM connections")) {
                while (rs.next()) {
                    statuses.add(MultiGauge.Row.of(Tags.of("connection", rs.getString(1), "status", rs.getString(2)), 1));
                }
            }
            connections.register(statuses, true);
        }
        breakerState.register(breakers.states().entrySet().stream()
                .map(e -> MultiGauge.Row.of(Tags.of("connection", e.getKey(), "state", e.getValue()), 1))
                .<MultiGauge.Row<?>>map(Function.identity()).toList(), true);
        refreshed = now;
    }

    /** Webhook events waiting, by connection, as the gauge has them (read again when older than MIN_INTERVAL). */
    public Map<String, Long> inboxDepths() throws SQLException {
        refresh();
        return inboxDepths;
    }

    private static Map<String, Long> counts(Statement st, String sql) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static List<MultiGauge.Row<?>> rows(Map<String, Long> counts, String tag) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        counts.forEach((k, v) -> rows.add(MultiGauge.Row.of(Tags.of(tag, k), v)));
        return rows;
    }
}
