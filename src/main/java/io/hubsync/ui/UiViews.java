package io.hubsync.ui;

import io.hubsync.api.ConnectionAdmin;
import io.hubsync.api.NoticeAdmin;
import io.hubsync.observe.StoredGauges;
import io.hubsync.observe.SyncStatus;
import io.hubsync.sync.ConnectionBreakers;
import io.hubsync.sync.ProgressLog;
import io.hubsync.sync.SyncSchedules;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.quartz.CronExpression;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard's pages show (routes/ui.camel.yaml, docs/dashboard.md), put together from what
 * already computes it: the admin API's connection views ({@link ConnectionAdmin}, no tokens in them),
 * {@code hubsync status}'s read ({@link SyncStatus}), the breakers, the metrics' inbox depths
 * ({@link StoredGauges}), the progress of runs under way on this node ({@link ProgressLog}) and the
 * outbox ({@link NoticeAdmin}). Answers are plain maps for JSON; the page's script writes every value
 * as text, never as HTML.
 */
public final class UiViews {
    /** The newest notices a connection's page looks through for its own. */
    private static final int NOTICES_SCANNED = 200;
    private static final int NOTICES_SHOWN = 20;

    private final DataSource dataSource;
    private final ConnectionBreakers breakers;
    private final ProgressLog progress;
    private final UiVerifications verifications;

    /** The beans of routes/beans.camel.yaml (made before any other file's); the others are looked up when used. */
    public UiViews(DataSource dataSource, ConnectionBreakers breakers, ProgressLog progress,
                   UiVerifications verifications) {
        this.dataSource = dataSource;
        this.breakers = breakers;
        this.progress = progress;
        this.verifications = verifications;
    }

    /**
     * A bean of another route file (admin.camel.yaml's connectionAdmin and noticeAdmin, observe.camel.yaml's
     * storedGauges), by name when a page asks: Camel reads the files in no fixed order, so a constructor
     * reference to them could find none yet.
     */
    private static <T> T bean(CamelContext context, String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean " + name);
        }
        return bean;
    }

    /** The connections page: one row per connection. */
    public List<Map<String, Object>> connections(Exchange exchange) throws SQLException {
        CamelContext context = exchange.getContext();
        Instant now = Instant.now();
        Map<String, SyncStatus.ConnectionRow> status = statusByName(now);
        Map<String, Long> throttled = SyncStatus.throttledSince(dataSource,
                LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant());
        Map<String, Long> inbox = bean(context, "storedGauges", StoredGauges.class).inboxDepths();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> c : bean(context, "connectionAdmin", ConnectionAdmin.class).list()) {
            out.add(row(context, c, status.get((String) c.get("name")), throttled, inbox, now));
        }
        return out;
    }

    /** One connection's page: the row, its types with progress, its notices and its last verify. */
    public Map<String, Object> connection(String name, Exchange exchange) throws SQLException {
        CamelContext context = exchange.getContext();
        Instant now = Instant.now();
        Map<String, Object> c = bean(context, "connectionAdmin", ConnectionAdmin.class).get(name);
        Map<String, Object> v = row(context, c, statusByName(now).get(name), SyncStatus.throttledSince(dataSource,
                LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant()), bean(context, "storedGauges", StoredGauges.class).inboxDepths(), now);
        v.put("connection", c);
        List<Map<String, Object>> running = new ArrayList<>();
        for (ProgressLog.Progress p : progress.running(name)) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("objectType", p.objectType());
            r.put("phase", p.phase());
            r.put("done", p.done());
            r.put("expectedTotal", p.expectedTotal());
            r.put("perSecond", Math.round(p.perSecond()));
            r.put("leftSeconds", p.left() == null ? null : p.left().getSeconds());
            running.add(r);
        }
        v.put("running", running);
        List<Map<String, Object>> own = new ArrayList<>();
        for (Map<String, Object> n : bean(context, "noticeAdmin", NoticeAdmin.class).list(null, String.valueOf(NOTICES_SCANNED))) {
            if (name.equals(n.get("connection")) && own.size() < NOTICES_SHOWN) {
                own.add(n);
            }
        }
        v.put("notices", own);
        v.put("verify", verifications.last(name));
        return v;
    }

    private Map<String, SyncStatus.ConnectionRow> statusByName(Instant now) throws SQLException {
        Map<String, SyncStatus.ConnectionRow> byName = new LinkedHashMap<>();
        for (SyncStatus.ConnectionRow r : SyncStatus.read(dataSource, now)) {
            byName.put(r.name(), r);
        }
        return byName;
    }

    private Map<String, Object> row(CamelContext context, Map<String, Object> c, SyncStatus.ConnectionRow status, Map<String, Long> throttled,
                                    Map<String, Long> inbox, Instant now) {
        String name = (String) c.get("name");
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("status", c.get("status"));
        v.put("statusReason", c.get("statusReason"));
        v.put("needsReauth", "NEEDS_REAUTH".equals(c.get("status")));
        v.put("authType", c.get("authType"));
        v.put("portalId", c.get("portalId"));
        v.put("rateLimit", c.get("rateLimit"));
        v.put("breaker", breakers.state(name));
        v.put("throttledToday", throttled.getOrDefault(name, 0L));
        v.put("inboxDepth", inbox.getOrDefault(name, 0L));
        List<Map<String, Object>> types = new ArrayList<>();
        SyncStatus.LastRun last = null;
        String lastType = null;
        Instant next = null;
        for (SyncStatus.TypeRow t : status == null ? List.<SyncStatus.TypeRow>of() : status.types()) {
            Map<String, Object> tv = new LinkedHashMap<>();
            tv.put("objectType", t.objectType());
            tv.put("phase", t.phase());
            tv.put("records", t.records());
            tv.put("lagSeconds", t.lag() == null ? null : t.lag().getSeconds());
            tv.put("errors24h", t.errors());
            tv.put("lastRun", lastRun(t.lastRun()));
            types.add(tv);
            if (t.lastRun() != null && (last == null || t.lastRun().id() > last.id())) {
                last = t.lastRun();
                lastType = t.objectType();
            }
            Instant n = nextRun(context, c, t.objectType(), now);
            if (n != null && (next == null || n.isBefore(next))) {
                next = n;
            }
        }
        v.put("types", types);
        Map<String, Object> lastView = lastRun(last);
        if (lastView != null) {
            lastView.put("objectType", lastType);
        }
        v.put("lastRun", lastView);
        // paused and waiting connections are skipped by the schedules: no next run to show
        v.put("nextRun", "ACTIVE".equals(c.get("status")) && next != null ? next.toString() : null);
        return v;
    }

    private static Map<String, Object> lastRun(SyncStatus.LastRun r) {
        return r == null ? null : r.toMap();
    }

    /** The next tick of the connection's own schedule, else of sync.schedule(.<type>); null when not known. */
    private static Instant nextRun(CamelContext context, Map<String, Object> c, String type, Instant now) {
        try {
            String cron = c.get("schedule") != null ? (String) c.get("schedule")
                    : SyncSchedules.cron(context, "sync.schedule", type);
            Date next = new CronExpression(cron).getNextValidTimeAfter(Date.from(now));
            return next == null ? null : next.toInstant();
        } catch (ParseException | IllegalArgumentException e) {
            return null;
        }
    }
}
