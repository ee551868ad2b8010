package io.hubsync.sync;

import io.hubsync.core.ObjectTypes;
import io.hubsync.core.SettingType;
import io.hubsync.hubspot.AssociationPairs;
import io.hubsync.store.ConnectionStore;
import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.quartz.CronExpression;

import java.util.ArrayList;
import java.util.List;

/**
 * Instantiates routes/schedule.camel.yaml's {@code sync-schedule} template once per object type in
 * {@code sync.objects}, with the cron of {@code sync.schedule.<type>} or {@code sync.schedule}, and
 * its {@code connection-schedule} template for each connection that has a schedule of its own, and
 * routes/archived.camel.yaml's {@code archived-schedule} once per object type, with the cron of
 * {@code sync.archived-schedule.<type>} or {@code sync.archived-schedule}, and routes/associations.camel.yaml's
 * {@code association-schedule} once per object type with association pairs, with the cron of
 * {@code sync.associations.sweep-schedule}, and routes/owners.camel.yaml's {@code owners-schedule} once, with the cron of {@code sync.owners.schedule}, when {@code sync.owners} is on.
 * Java because YAML cannot loop over a property list; the templates themselves stay in YAML.
 */
public final class SyncSchedules extends RouteBuilder {

    @Override
    public void configure() throws Exception {
        for (String type : objectTypes(getContext().resolvePropertyPlaceholders("{{sync.objects}}"))) {
            // templates are looked up when the routes are added, after every YAML file is read: asking
            // for one here, while the files may not be read yet, found none and left deletes unswept
            templatedRoute("sync-schedule").routeId("schedule-" + type)
                    .parameter("objectType", type).parameter("cron", cron(getContext(), "sync.schedule", type));
            templatedRoute("archived-schedule").routeId("archived-schedule-" + type)
                    .parameter("objectType", type).parameter("cron", cron(getContext(), "sync.archived-schedule", type));
            if (!associationPairs(getContext(), type).isEmpty()) {
                templatedRoute("association-schedule").routeId("association-schedule-" + type)
                        .parameter("objectType", type).parameter("cron", associationCron(getContext()));
            }
        }
        // owners: one schedule for every connection, none at all when sync.owners is off
        if (ownersOn(getContext())) {
            templatedRoute("owners-schedule").routeId("owners-schedule")
                    .parameter("cron", ownersCron(getContext()));
        }
        // connections with a schedule of their own: read once the beans (and the database) are up
        getContext().addStartupListener(new ExtendedStartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) { }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) throws Exception {
                ConnectionStore connections = context.getRegistry().lookupByNameAndType("connections",
                        ConnectionStore.class);
                for (ConnectionStore.Info c : connections.list()) {
                    if (c.schedule() != null) {
                        addConnectionSchedule(context, c.id(), c.schedule());
                    }
                }
            }
        });
    }

    /** The cron of {@code <key>.<type>}, else of {@code <key>}; checked. */
    public static String cron(CamelContext context, String key, String type) {
        String typed = key + "." + type;
        String cron = context.getPropertiesComponent().resolveProperty(typed).orElse(null);
        if (cron == null) {
            typed = key;
            cron = context.resolvePropertyPlaceholders("{{" + key + "}}");
        }
        checkCron(typed, cron);
        return cron;
    }

    /** The association pairs of one object type (sync.associations.<type>; unset: none). */
    public static List<String> associationPairs(CamelContext context, String type) {
        return AssociationPairs.parse(context.getPropertiesComponent()
                .resolveProperty(AssociationPairs.KEY + type).orElse(""));
    }

    /** The cron of sync.associations.sweep-schedule, checked. */
    public static String associationCron(CamelContext context) {
        String cron = context.resolvePropertyPlaceholders("{{sync.associations.sweep-schedule}}");
        checkCron("sync.associations.sweep-schedule", cron);
        return cron;
    }

    /** Whether owners are read ({@code sync.owners}). */
    public static boolean ownersOn(CamelContext context) {
        return Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{sync.owners}}").trim());
    }

    /** The cron of {@code sync.owners.schedule}; checked. */
    public static String ownersCron(CamelContext context) {
        String cron = context.resolvePropertyPlaceholders("{{sync.owners.schedule}}");
        checkCron("sync.owners.schedule", cron);
        return cron;
    }

    /** (Re)creates the own schedule of one connection for every object type of {@code sync.objects}. */
    public static void addConnectionSchedule(CamelContext context, String connectionId, String cron) throws Exception {
        checkCron("the schedule of connection " + connectionId, cron);
        removeConnectionSchedule(context, connectionId);
        for (String type : objectTypes(context.resolvePropertyPlaceholders("{{sync.objects}}"))) {
            String routeId = "schedule-" + type + "-" + connectionId;
            TemplatedRouteBuilder.builder(context, "connection-schedule").routeId(routeId)
                    .parameter("objectType", type).parameter("connectionId", connectionId).parameter("cron", cron)
                    .add();
        }
    }

    /** Removes the own schedule of one connection (it is back on the shared one, or gone). */
    public static void removeConnectionSchedule(CamelContext context, String connectionId) throws Exception {
        for (String type : objectTypes(context.resolvePropertyPlaceholders("{{sync.objects}}"))) {
            String routeId = "schedule-" + type + "-" + connectionId;
            if (context.getRoute(routeId) != null) {
                context.getRouteController().stopRoute(routeId);
                context.removeRoute(routeId);
            }
        }
    }

    /** Whether this context runs the schedules (not so for {@code run --once} or a test that triggers runs itself). */
    public static boolean scheduling(CamelContext context) {
        String first = objectTypes(context.resolvePropertyPlaceholders("{{sync.objects}}")).get(0);
        return context.getRoute("schedule-" + first) != null;
    }

    static void checkCron(String key, String cron) {
        if (cron == null || !CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException(key + ": '" + cron + "' " + SettingType.CRON_EXPECTED);
        }
    }

    /** The object types of {@code sync.objects}, checked. */
    public static List<String> objectTypes(String list) {
        List<String> out = new ArrayList<>();
        for (String t : list.split(",")) {
            String type = t.trim();
            if (!type.isEmpty()) {
                ObjectTypes.lastModifiedProperty(type);
                out.add(type);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("sync.objects is empty: list at least one of "
                    + String.join(", ", ObjectTypes.SUPPORTED));
        }
        return out;
    }
}
