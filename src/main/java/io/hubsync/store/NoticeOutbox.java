package io.hubsync.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * The notice outbox (table {@code notices}): notices are added inside the transaction of what they
 * announce, and routes/notify.camel.yaml delivers them at least once. A notice's body is fixed when
 * it is added, id included, so every attempt sends the same bytes and the receiver dedupes on the id.
 */
public final class NoticeOutbox {
    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String DEAD = "DEAD";

    /** A notice to deliver, claimed for one attempt. */
    public record Notice(String id, String connectionId, String event, String body, int attempts,
                         Timestamp claimedUntil) { }

    /** A notice as the CLI and the admin API list it. */
    public record Entry(String id, String connectionId, String event, String status, int attempts,
                        Instant createdAt, Instant nextAttemptAt, Instant sentAt, String lastError) { }

    private final DataSource ds;
    private final boolean enabled;
    private final int maxAttempts;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * @param url {@code notify.url}; empty: no notices are written at all
     * @param maxAttempts {@code notify.max-attempts}: failed POSTs before a notice is DEAD
     * @param firstDelay {@code notify.retry-delay}: the wait after the first failure; it doubles, with jitter
     * @param maxDelay {@code notify.max-retry-delay}: the longest wait between two attempts
     */
    public NoticeOutbox(DataSource ds, String url, Object maxAttempts, String firstDelay, String maxDelay) {
        this(ds, url, maxAttempts, firstDelay, maxDelay, Clock.systemUTC());
    }

    public NoticeOutbox(DataSource ds, String url, Object maxAttempts, String firstDelay, String maxDelay, Clock clock) {
        this.ds = ds;
        this.enabled = url != null && !url.isBlank();
        this.maxAttempts = io.hubsync.core.Settings.atLeast("notify.max-attempts", maxAttempts, 1);
        this.firstDelay = io.hubsync.core.Durations.parse("notify.retry-delay", firstDelay);
        this.maxDelay = io.hubsync.core.Durations.parse("notify.max-retry-delay", maxDelay);
        this.clock = clock;
    }

    /** Whether notices are written (notify.url is set). */
    public boolean enabled() {
        return enabled;
    }

    /** A body to fill: the notice's id, event and connection are set; {@link #add} stores it. */
    public ObjectNode newBody(String event, String connectionId) {
        ObjectNode body = json.createObjectNode();
        body.put("id", UUID.randomUUID().toString());
        body.put("event", event);
        body.put("connection", connectionId);
        return body;
    }

    /** Adds a notice inside the caller's transaction; nothing when notices are off. */
    public void add(Connection c, ObjectNode body) throws SQLException {
        if (!enabled) {
            return;
        }
        Instant now = clock.instant();
        body.put("createdAt", now.toString());
        long seq;
        try (PreparedStatement ps = c.prepareStatement("SELECT nextval('notice_seq')"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            seq = rs.getLong(1);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO notices (id, seq, connection_id, event, body, status, "
                + "attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)")) {
            ps.setString(1, body.get("id").asText());
            ps.setLong(2, seq);
            ps.setString(3, body.get("connection").asText());
            ps.setString(4, body.get("event").asText());
            ps.setString(5, body.toString());
            ps.setString(6, PENDING);
            ps.setTimestamp(7, Timestamp.from(now));
            ps.setTimestamp(8, Timestamp.from(now));
            ps.executeUpdate();
        }
    }

    /**
     * Up to {@code limit} pending notices that are due, oldest first, each claimed for {@code lease}
     * (another node skips them meanwhile; a node that dies leaves them to the next claim).
     */
    public List<Notice> claimDue(int limit, Duration lease) throws SQLException {
        Instant now = clock.instant();
        List<Notice> out = new ArrayList<>();
        try (Connection c = ds.getConnection()) {
            List<Notice> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, connection_id, event, body, attempts FROM notices "
                    + "WHERE status = ? AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?) "
                    + "ORDER BY seq")) {
                ps.setString(1, PENDING);
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setMaxRows(limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(new Notice(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getInt(5), null));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE notices SET claimed_until = ? WHERE id = ? "
                    + "AND status = ? AND (claimed_until IS NULL OR claimed_until < ?)")) {
                // milliseconds: what the database stores is what renew compares against
                Timestamp until = Timestamp.from(now.plus(lease).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
                for (Notice n : candidates) {
                    ps.setTimestamp(1, until);
                    ps.setString(2, n.id());
                    ps.setString(3, PENDING);
                    ps.setTimestamp(4, Timestamp.from(now));
                    if (ps.executeUpdate() == 1) {
                        out.add(new Notice(n.id(), n.connectionId(), n.event(), n.body(), n.attempts(), until));
                    }
                }
            }
        }
        return out;
    }

    /**
     * Right before its POST: the notice's claim, renewed for {@code lease}, if it is still this
     * claim (a pass slowed by a hanging receiver may outlive it, and another node may have taken the
     * notice since). The notice to POST, or null: skip it.
     */
    public Notice renew(Notice n, Duration lease) throws SQLException {
        Timestamp until = Timestamp.from(clock.instant().plus(lease).truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        if (until.equals(n.claimedUntil())) {
            until = new Timestamp(until.getTime() + 1);
        }
        int changed = update("UPDATE notices SET claimed_until = ? WHERE id = ? AND status = ? AND claimed_until = ?",
                until, n.id(), PENDING, n.claimedUntil());
        return changed == 1 ? new Notice(n.id(), n.connectionId(), n.event(), n.body(), n.attempts(), until) : null;
    }

    /** The receiver answered 2xx. */
    public void sent(String id) throws SQLException {
        update("UPDATE notices SET status = ?, sent_at = ?, claimed_until = NULL, attempts = attempts + 1, "
                + "last_error = NULL WHERE id = ?", SENT, Timestamp.from(clock.instant()), id);
    }

    /**
     * The POST failed: the next attempt after a doubling delay with jitter, or DEAD once
     * notify.max-attempts have failed. Returns whether it is dead now.
     */
    public boolean failed(String id, int attemptsBefore, String error) throws SQLException {
        int attempts = attemptsBefore + 1; // the claim kept anyone else from attempting it meanwhile
        String reason = error == null ? "unknown error" : error.length() > 500 ? error.substring(0, 500) : error;
        if (attempts >= maxAttempts) {
            update("UPDATE notices SET status = ?, attempts = ?, last_error = ?, claimed_until = NULL WHERE id = ?",
                    DEAD, attempts, reason, id);
            return true;
        }
        update("UPDATE notices SET attempts = ?, last_error = ?, next_attempt_at = ?, claimed_until = NULL WHERE id = ?",
                attempts, reason, Timestamp.from(clock.instant().plus(backoff(attempts))), id);
        return false;
    }

    /** retry-delay × 2^(attempts−1), at most max-retry-delay, then ±20 % so that many notices spread out. */
    Duration backoff(int attempts) {
        long base = firstDelay.toMillis() << Math.min(attempts - 1, 30);
        long capped = Math.min(base <= 0 ? Long.MAX_VALUE : base, maxDelay.toMillis());
        long jitter = capped / 5;
        return Duration.ofMillis(capped - jitter + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(2 * jitter + 1)));
    }

    /** Sends a DEAD (or SENT) notice again, as it was: same id, same body. False when there is no such notice. */
    public boolean resend(String id) throws SQLException {
        return update("UPDATE notices SET status = ?, attempts = 0, next_attempt_at = ?, claimed_until = NULL "
                + "WHERE id = ?", PENDING, Timestamp.from(clock.instant()), id) == 1;
    }

    /** Every DEAD notice back to PENDING; how many. */
    public int resendDead() throws SQLException {
        return update("UPDATE notices SET status = ?, attempts = 0, next_attempt_at = ?, claimed_until = NULL "
                + "WHERE status = ?", PENDING, Timestamp.from(clock.instant()), DEAD);
    }

    /** The newest notices first, of one status (null: all). */
    public List<Entry> list(String status, int limit) throws SQLException {
        if (status != null && !List.of(PENDING, SENT, DEAD).contains(status)) {
            throw new IllegalArgumentException("status must be PENDING, SENT or DEAD, not '" + status + "'");
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT id, connection_id, event, status, attempts, created_at, "
                     + "next_attempt_at, sent_at, last_error FROM notices"
                     + (status == null ? "" : " WHERE status = ?") + " ORDER BY seq DESC")) {
            if (status != null) {
                ps.setString(1, status);
            }
            ps.setMaxRows(limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<Entry> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
                            instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), instant(rs.getTimestamp(8)),
                            rs.getString(9)));
                }
                return out;
            }
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private int update(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        }
    }
}
