package io.hubsync.sync;

import io.hubsync.core.ArchivedSweep;
import io.hubsync.core.AssociationSweep;
import io.hubsync.core.OwnersRead;
import io.hubsync.store.ConnectionStatus;
import io.hubsync.store.ConnectionStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/**
 * What {@code hubsync run} does once Camel has started: with {@code sync.run-at-start} (on by default), it
 * queues at once what the schedules would have run by now, through the ticks' own routes (queue-due,
 * archived-due, association-due, owners-due) with the exchange properties sinceCron (and sincePhase), so
 * that only connections never run, or with a tick since their last good run, join the queues. A new user's
 * first sync starts now instead of at the next tick (up to 15 minutes away), and a restart catches up a tick
 * it missed without running again what already ran. On several nodes each node queues what is due and the
 * leases let one node run each connection, as at a tick. Then it logs one line: what runs, for which
 * connections, and when the first run is.
 */
public final class RunAtStart {
    private static final Logger LOG = LoggerFactory.getLogger(RunAtStart.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z");

    private RunAtStart() { }

    /** Queues what is due (when sync.run-at-start is on) and logs the start line. */
    public static void start(CamelContext context) throws Exception {
        List<String> types = SyncSchedules.objectTypes(context.resolvePropertyPlaceholders("{{sync.objects}}"));
        ConnectionStore store = context.getRegistry().lookupByNameAndType("connections", ConnectionStore.class);
        List<ConnectionStore.Info> connections = store.list();
        boolean atStart = Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{sync.run-at-start}}").trim());
        int runs = 0;
        int sweeps = 0;
        int owners = 0;
        if (atStart && !connections.isEmpty()) {
            try (ProducerTemplate template = context.createProducerTemplate()) {
                for (String type : SyncSchedules.withOwnSchedules(context, types, "sync.schedule")) {
                    String cron = SyncSchedules.cron(context, "sync.schedule", type);
                    runs += queued(template, "direct:queue-due", e -> {
                        e.setProperty("objectType", type);
                        e.setProperty("sinceCron", cron);
                    });
                }
                runs += ownSchedules(context, template, connections, types);
                for (String type : SyncSchedules.withOwnSchedules(context, types, "sync.archived-schedule")) {
                    String cron = SyncSchedules.cron(context, "sync.archived-schedule", type);
                    sweeps += queued(template, "direct:archived-due", e -> since(e, type, ArchivedSweep.PHASE, cron));
                }
                String associationCron = SyncSchedules.associationCron(context);
                for (String type : SyncSchedules.associationSweepTypes(context, types)) {
                    sweeps += queued(template, "direct:association-due",
                            e -> since(e, type, AssociationSweep.PHASE, associationCron));
                }
                if (SyncSchedules.ownersOn(context)) {
                    String cron = SyncSchedules.ownersCron(context);
                    owners += queued(template, "direct:owners-due", e -> since(e, "owners", OwnersRead.PHASE, cron));
                }
            }
        }
        LOG.info(line(context, types, connections, atStart, runs, sweeps, owners));
    }

    /** The connections with a schedule of their own, each type whose own cron would have run it by now. */
    private static int ownSchedules(CamelContext context, ProducerTemplate template,
                                    List<ConnectionStore.Info> connections, List<String> types) throws Exception {
        ConnectionStatus status = context.getRegistry().lookupByNameAndType("connectionStatus", ConnectionStatus.class);
        int n = 0;
        for (ConnectionStore.Info c : connections) {
            if (c.schedule() == null || !status.runnable(c.id())) {
                continue;
            }
            for (String type : types) {
                if (io.hubsync.core.ObjectTypes.ALL.equals(type) || status.missedTick(c.id(), type, c.schedule())) {
                    queued(template, "direct:queue-run", e -> {
                        e.setProperty("objectType", type);
                        e.setProperty("connectionId", c.id());
                        e.setProperty("connectionSchedule", true);
                    });
                    n++;
                }
            }
        }
        return n;
    }

    private static void since(Exchange e, String type, String phase, String cron) {
        e.setProperty("objectType", type);
        e.setProperty("sincePhase", phase);
        e.setProperty("sinceCron", cron);
    }

    /** Sends to a tick's route; how many connections it queued (the due list it split). */
    private static int queued(ProducerTemplate template, String uri, Consumer<Exchange> properties) {
        Exchange done = template.request(uri, properties::accept);
        if (done.getException() != null) {
            throw new IllegalStateException("sync.run-at-start: " + uri + " failed: "
                    + done.getException().getMessage(), done.getException());
        }
        Object body = done.getMessage().getBody();
        return body instanceof List<?> list ? list.size() : 0;
    }

    /** The start line: what syncs, for whom, and when the first run is. */
    static String line(CamelContext context, List<String> types, List<ConnectionStore.Info> connections,
                       boolean atStart, int runs, int sweeps, int owners) {
        StringBuilder sb = new StringBuilder("hubsync runs ").append(String.join(", ", types));
        List<String> names = new ArrayList<>();
        for (ConnectionStore.Info c : connections) {
            names.add(c.id() + (c.active() ? "" : " " + c.status()));
        }
        if (connections.isEmpty()) {
            return sb.append(" for no connection yet: set HUBSPOT_ACCESS_TOKEN (hubspot.access-token) and restart, or "
                    + "add one with `hubsync connections add`").toString();
        }
        sb.append(" for ").append(connections.size()).append(connections.size() == 1 ? " connection (" : " connections (")
                .append(names.size() <= 5 ? String.join(", ", names) : String.join(", ", names.subList(0, 5)) + ", …")
                .append(')');
        if (Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{server.enabled}}").trim())) {
            // Camel's own list of the server's endpoints is at WARN (log4j2.properties): its address is here
            sb.append(", HTTP server on http://").append(context.resolvePropertyPlaceholders("{{server.host}}"))
                    .append(':').append(context.resolvePropertyPlaceholders("{{server.port}}"));
        }
        String cron = SyncSchedules.cron(context, "sync.schedule", types.get(0));
        sb.append(", on sync.schedule '").append(cron).append('\'');
        String next = next(cron);
        if (atStart && runs + sweeps + owners > 0) {
            sb.append("; started now (sync.run-at-start): ").append(count(runs, "run")).append(", ")
                    .append(count(sweeps, "sweep")).append(", ").append(count(owners, "owners read"))
                    .append("; next tick ").append(next);
        } else {
            sb.append(atStart ? "; nothing due now, first run at " : "; first run at ").append(next);
        }
        return sb.toString();
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String next(String cron) {
        try {
            Date next = new CronExpression(cron).getNextValidTimeAfter(new Date());
            return next == null ? "never (the cron has no future time)"
                    : WHEN.format(ZonedDateTime.ofInstant(next.toInstant(), ZoneId.systemDefault()));
        } catch (java.text.ParseException e) {
            return "'" + cron + "'";
        }
    }
}
