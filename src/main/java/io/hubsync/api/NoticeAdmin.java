package io.hubsync.api;

import io.hubsync.api.ApiError;
import io.hubsync.store.NoticeOutbox;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The outbox as the admin API shows it (routes/notify.camel.yaml): views without bodies, and re-sends. */
public final class NoticeAdmin {
    private static final int MAX_LIMIT = 1000;
    private final NoticeOutbox outbox;

    public NoticeAdmin(NoticeOutbox outbox) {
        this.outbox = outbox;
    }

    public List<Map<String, Object>> list(String status, String limit) throws SQLException {
        int n = io.hubsync.api.PageLimit.parse(limit, 50, MAX_LIMIT);
        String s = status == null || status.isBlank() ? null : status.trim().toUpperCase(Locale.ROOT);
        if (s != null && !List.of(NoticeOutbox.PENDING, NoticeOutbox.SENT, NoticeOutbox.DEAD).contains(s)) {
            throw ApiError.badRequest("status", "status must be PENDING, SENT or DEAD, not '" + status + "'");
        }
        return outbox.list(s, n).stream().map(NoticeAdmin::view).toList();
    }

    public Map<String, Object> resend(String id) throws SQLException {
        if (!outbox.resend(id)) {
            throw new ApiError(404, "not_found", null, "no notice with id " + id);
        }
        return Map.of("id", id, "status", NoticeOutbox.PENDING);
    }

    private static Map<String, Object> view(NoticeOutbox.Entry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("connection", e.connectionId());
        m.put("event", e.event());
        m.put("status", e.status());
        m.put("attempts", e.attempts());
        m.put("createdAt", String.valueOf(e.createdAt()));
        m.put("nextAttemptAt", e.status().equals(NoticeOutbox.PENDING) ? String.valueOf(e.nextAttemptAt()) : null);
        m.put("sentAt", e.sentAt() == null ? null : e.sentAt().toString());
        m.put("lastError", e.lastError());
        return m;
    }
}
