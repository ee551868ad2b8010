package io.hubsync.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/**
 * Notices about a connection itself ({@code connection.needs_reauth}, {@code connection.paused}),
 * written into the outbox in the caller's transaction, the one that changes the connection's status,
 * so the user's backend learns of each change once. Without an outbox (notify.url empty): none.
 */
public final class ConnectionNotices {
    private final NoticeOutbox notices;

    public ConnectionNotices(NoticeOutbox notices) {
        this.notices = notices;
    }

    void add(Connection c, String event, String id, String reason, Instant until) throws SQLException {
        if (notices == null || !notices.enabled()) {
            return;
        }
        ObjectNode body = notices.newBody(event, id);
        try (PreparedStatement ps = c.prepareStatement("SELECT portal_id FROM connections WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                body.put("portal", rs.next() ? rs.getObject(1, Long.class) : null);
            }
        }
        body.put("success", false);
        body.put("error", reason);
        if (until != null) {
            body.put("pausedUntil", until.toString());
        }
        notices.add(c, body);
    }
}
