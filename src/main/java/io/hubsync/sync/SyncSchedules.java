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
 * {@code sync.archived-schedule.<type>} or {@code sync.archived-schedule}, and routes/owners.camel.yaml's
 * {@code owners-schedule} once, with the cron of {@code sync.owners.schedule}, when {@code sync.owners} is on,
 * and routes/associations.camel.yaml's {@code association-schedule} once per object type with association
 * pairs (with {@code *}: per standard type with pairs), with the cron of {@code sync.associations.sweep-schedule}.
 * With {@code *} in sync.objects there is one sync and one archived schedule (route ids schedule-all-types and
 * archived-schedule-all-types), whose ticks find each connection's types (routes/object-types.camel.yaml),
 * plus one per type that has a schedule of its own ({@code sync.schedule.calls}), which {@code *} leaves to it.
 * Java because YAML cannot loop over a property list; the templates themselves stay in YAML.
 */
public final class SyncSchedules extends RouteBuilder {

    @Override
    public void configure() throws Exception {
        List<String> types = objectTypes(getContext().resolvePropertyPlaceholders("{{sync.objects}}"));
        // templates are looked up when the routes are added, after every YAML file is read: asking
        // for one here, while the files may not be read yet, found none and left deletes unswept
        for (String type : withOwnSchedules(getContext(), types, "sync.schedule")) {
            templatedRoute("sync-schedule").routeId("schedule-" + name(type)).parameter("objectType", type)
                    .parameter("name", name(type)).parameter("cron", cron(getContext(), "sync.schedule", type));
        }
        for (String type : withOwnSchedules(getContext(), types, "sync.archived-schedule")) {
            templatedRoute("archived-schedule").routeId("archived-schedule-" + name(type)).parameter("objectType", type)
                    .parameter("name", name(type)).parameter("cron", cron(getContext(), "sync.archived-schedule", type));
        }
        for (String type : associationSweepTypes(getContext(), types)) {
            templatedRoute("association-schedule").routeId("association-schedule-" + type)
                    .parameter("objectType", type).parameter("cron", associationCron(getContext()));
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

    /**
     * The object types whose associations are swept: those of {@code types} with pairs; with {@code *},
     * every standard type with pairs and every custom one a {@code sync.associations.<name>} names (a
     * portal without the type has no stored records of it, and its sweep walks none).
     */
    public static List<String> associationSweepTypes(CamelContext context, List<String> types) {
        List<String> candidates = new ArrayList<>(types);
        if (types.contains(ObjectTypes.ALL)) {
            candidates = withOwnSchedules(context, types, "sync.associations");
            candidates.remove(ObjectTypes.ALL);
            candidates.addAll(0, ObjectTypes.SUPPORTED.stream().filter(t -> !types.contains(t)).toList());
        }
        return candidates.stream().distinct().filter(type -> !associationPairs(context, type).isEmpty()).toList();
    }

    /** The job and route name of a type: itself, or all-types for {@code *}. */

    static String name(String type) {
        return ObjectTypes.ALL.equals(type) ? "all-types" : type;
    }

    /**
     * The types of sync.objects, each with a schedule; with {@code *}, also the types that have a
     * schedule of their own ({@code key.<type>} set), which the {@code *} ticks leave to it
     * (PortalObjectTypes.discover).
     */
    static List<String> withOwnSchedules(CamelContext context, List<String> types, String key) {
        List<String> out = new ArrayList<>(types);
        if (!types.contains(ObjectTypes.ALL)) {
            return out;
        }
        // the types whose key may be set: the standard ones, and custom ones named in a file or the environment
        java.util.Set<String> candidates = new java.util.TreeSet<>(ObjectTypes.SUPPORTED);
        for (String k : context.getPropertiesComponent().loadProperties().stringPropertyNames()) {
            if (k.startsWith(key + ".")) {
                candidates.add(k.substring(key.length() + 1));
            }
        }
        String env = key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_') + "_";
        for (String k : System.getenv().keySet()) {
            if (k.startsWith(env)) {
                candidates.add(k.substring(env.length()).toLowerCase(java.util.Locale.ROOT));
            }
        }
        for (String type : candidates) {
            if (!types.contains(type) && !ObjectTypes.ALL.equals(type) && ObjectTypes.problem(type) == null
                    && context.getPropertiesComponent().resolveProperty(key + "." + type).isPresent()) {
                out.add(type);
            }
        }
        return out;
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
            String routeId = "schedule-" + name(type) + "-" + connectionId;
            TemplatedRouteBuilder.builder(context, "connection-schedule").routeId(routeId)
                    .parameter("objectType", type).parameter("name", name(type)).parameter("connectionId", connectionId)
                    .parameter("cron", cron).add();
        }
    }

    /** Removes the own schedule of one connection (it is back on the shared one, or gone). */
    public static void removeConnectionSchedule(CamelContext context, String connectionId) throws Exception {
        for (String type : objectTypes(context.resolvePropertyPlaceholders("{{sync.objects}}"))) {
            String routeId = "schedule-" + name(type) + "-" + connectionId;
            if (context.getRoute(routeId) != null) {
                context.getRouteController().stopRoute(routeId);
                context.removeRoute(routeId);
            }
        }
    }

    /** Whether this context runs the schedules (not so for {@code run --once} or a test that triggers runs itself). */
    public static boolean scheduling(CamelContext context) {
        String first = objectTypes(context.resolvePropertyPlaceholders("{{sync.objects}}")).get(0);
        return context.getRoute("schedule-" + name(first)) != null;
    }

    static void checkCron(String key, String cron) {
        if (cron == null || !CronExpression.isValidExpression(cron)) {
            throw new IllegalArgumentException(key + ": '" + cron + "' " + SettingType.CRON_EXPECTED);
        }
    }

    /** The object types of {@code sync.objects}, checked (ObjectTypes.parse): names, custom objects, or {@code *}. */
    public static List<String> objectTypes(String list) {
        return ObjectTypes.parse(list);
    }
}
