package io.hubsync.sync;

import io.hubsync.core.LeasedWork;
import io.hubsync.core.SettingsCheck;
import io.hubsync.core.SyncRun;
import io.hubsync.store.ConnectionStore;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Boots the sync on camel-main: application.properties beside the working directory first, then
 * the copy in the jar; routes from ./routes when that folder exists (so users can edit them), else
 * the copies in the jar.
 */
public final class SyncMain {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SyncMain.class);

    private final Map<String, String> overrides;
    private final Path config;
    private final Path routes;

    /** @param overrides properties that win over every file (the CLI's options, tests) */
    public SyncMain(Map<String, String> overrides) {
        this(overrides, null);
    }

    /**
     * @param config an application.properties to read first (its keys win over the copy in the jar);
     *               null for ./application.properties when it exists
     */
    public SyncMain(Map<String, String> overrides, Path config) {
        this(overrides, config, Path.of("routes"));
    }

    /**
     * @param routes the folder of route files to load (and, with {@code routes.reload}, to watch) when it
     *               exists, else the jar's routes; {@code routes} of the working directory for the CLI
     */
    public SyncMain(Map<String, String> overrides, Path config, Path routes) {
        this.overrides = overrides;
        this.config = config;
        this.routes = routes;
        if (config != null && !Files.isRegularFile(config)) {
            throw new IllegalArgumentException("--config: no file at " + config.toAbsolutePath());
        }
    }

    /**
     * The route files {@code run --once} leaves out: what serves the HTTP server (the admin and records
     * APIs, the OAuth pages, health and metrics, the dashboard, the webhook intake) and what only a
     * Quartz schedule starts (housekeeping, the webhook inbox's poll). One run needs none of them, and
     * they were two fifths of the routes Camel built before the run could start.
     */
    static final java.util.Set<String> NOT_FOR_ONCE = java.util.Set.of("housekeeping.camel.yaml",
            "webhooks.camel.yaml", "admin.camel.yaml", "oauth-install.camel.yaml", "records-api.camel.yaml",
            "observe.camel.yaml", "ui.camel.yaml");

    /**
     * What {@code run --once} sets over every file: no HTTP server; no queues, neither the routes fed by
     * one (the worker pools' seda consumers: one run goes through direct: routes on syncWorkers, so their
     * threads only idled, and each took up to a poll to stop) nor those that feed them (a schedule's tick
     * and sync.run-at-start queue work: queue-due, queue-run, queue-object-types, queue-object-type-sweeps,
     * archived-due, association-due, owners-due); no Camel health checks or route metrics (nothing would
     * ask for them before the process ends; hubsync's own meters still count).
     */
    static final Map<String, String> ONCE = Map.of("server.enabled", "false",
            "camel.main.route-filter-exclude-pattern", "seda:*,queue-*,archived-due,association-due,owners-due",
            "camel.health.enabled", "false", "camel.metrics.enabled", "false");

    /** A camel-main with the routes and properties; with {@code schedules}, the Quartz schedule per object type. */
    public Main build(boolean schedules) {
        return build(schedules, false);
    }

    /**
     * A camel-main with the routes and properties; with {@code schedules}, the Quartz schedule per object type;
     * with {@code once}, only what one run needs ({@link #NOT_FOR_ONCE}, {@link #ONCE}).
     */
    private Main build(boolean schedules, boolean once) {
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation(propertyLocations(config));
        // beans.camel.yaml first: the other files' beans refer to its beans, and Camel creates the
        // beans of each file as it reads the file. Named one by one, each once: the pattern
        // "beans.camel.yaml,*.camel.yaml" read beans.camel.yaml twice, and the second reading made a second
        // `leases` and `checkpoints` that the later files' beans (the owners read, the runs) took while the
        // earlier ones (the sweeps) kept the first: two node names in one process, whose works skipped each
        // other ("held by the node working for …", this very node) and whose sweep leases no heartbeat renewed
        boolean fromDir = Files.isDirectory(routes);
        String dir = fromDir ? "file:" + routes + "/" : "classpath:routes/";
        StringBuilder files = new StringBuilder(dir).append("beans.camel.yaml");
        for (String name : routeFiles(fromDir ? routes : null)) {
            if (!name.equals("beans.camel.yaml") && !(once && NOT_FOR_ONCE.contains(name))) {
                files.append(',').append(dir).append(name);
            }
        }
        main.configure().withRoutesIncludePattern(files.toString());
        if (schedules) {
            main.configure().addRoutesBuilder(new SyncSchedules());
        }
        // every setting checked before the routes' beans open the database, the pool and the server
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                SettingsCheck.check(m.getCamelContext());
                reloadRoutes(m);
            }
        });
        // server.max-connections, idle-timeout and body limits on camel.server's HTTP server, which has none of them
        main.addMainListener(new io.hubsync.server.ServerLimits());
        // Camel's exchange metrics for pages and runs, not for each record of a page (30% of a backfill's CPU)
        main.addMainListener(new RecordExchangeMetrics());
        java.util.Properties props = new java.util.Properties();
        props.putAll(overrides);
        if (once) {
            props.putAll(ONCE);
        }
        main.setOverrideProperties(props);
        return main;
    }

    /** The *.camel.yaml files of the folder {@code dir}, or of the jar's routes/ when it is null, by name. */
    static List<String> routeFiles(Path dir) {
        try {
            if (dir != null) {
                return names(dir);
            }
            java.net.URL beans = SyncMain.class.getClassLoader().getResource("routes/beans.camel.yaml");
            if (!"jar".equals(beans.getProtocol())) {
                return names(Path.of(beans.toURI()).getParent());
            }
            // the entries of the jar the class loader has open already (a JarFile shares its index); a zip
            // FileSystem of the jar indexed every one of its 20,000 entries anew, a seventh of run --once's start
            java.net.JarURLConnection connection = (java.net.JarURLConnection) beans.openConnection();
            connection.setUseCaches(false);
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(Path.of(connection.getJarFileURL().toURI()).toFile())) {
                return jar.stream().map(java.util.zip.ZipEntry::getName)
                        .filter(n -> n.startsWith("routes/") && n.indexOf('/', "routes/".length()) < 0)
                        .map(n -> n.substring("routes/".length())).filter(n -> n.endsWith(".camel.yaml")).sorted().toList();
            }
        } catch (java.io.IOException | java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("Cannot list the route files: " + e, e);
        }
    }

    private static List<String> names(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml")).sorted().toList();
        }
    }

    /**
     * With {@code routes.reload}, Camel's route reload watches the routes folder: a saved route file
     * replaces the routes of that file, by route id, while the others (and the Java-built schedules,
     * which no file holds) run on. Camel's default, removing every route before a reload, would drop
     * the schedules for good. For development only (docs/configuration.md#editing-the-routes).
     */
    private void reloadRoutes(BaseMainSupport m) {
        if (!Boolean.parseBoolean(m.getCamelContext().resolvePropertyPlaceholders("{{routes.reload}}"))) {
            return;
        }
        if (!Files.isDirectory(routes)) {
            throw new IllegalArgumentException("routes.reload: there is no folder " + routes.toAbsolutePath()
                    + " to watch; `hubsync init` writes the jar's routes there");
        }
        m.configure().withRoutesReloadEnabled(true).withRoutesReloadDirectory(routes.toString())
                .withRoutesReloadPattern("*.camel.yaml").withRoutesReloadRemoveAllRoutes(false);
        LOG.warn("routes.reload: a saved file of {} replaces its routes while hubsync runs; its beans, the "
                + "schedules and the settings take a restart. For development, not production", routes);
    }

    /**
     * Where the properties come from, the first location winning: {@code config}, or
     * ./application.properties when it exists, then the copy in the jar. (Environment variables
     * override all: DB_TOKEN_KEY for db.token-key.)
     */
    public static String propertyLocations(Path config) {
        String first = config == null ? "file:application.properties;optional=true" : "file:" + config.toAbsolutePath();
        return first + ",classpath:application.properties;optional=true";
    }

    /**
     * Runs on the schedules until SIGTERM or SIGINT. Those end the run here, before the JVM's shutdown
     * hooks start: H2 closes its database from a hook of its own, which otherwise ran beside Camel's
     * and pulled the database from under runs still finishing (AUTO_SERVER rules out
     * DB_CLOSE_ON_EXIT=FALSE). Camel stops its routes first, then the caller exits.
     */
    public int runScheduled() throws Exception {
        Main main = build(true);
        // what the schedules would have run by now starts at once (sync.run-at-start), then one line says what runs
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                try {
                    RunAtStart.start(m.getCamelContext());
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }
        });
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> main.completed());
            } catch (IllegalArgumentException e) {
                // a platform without this signal: the JVM's shutdown hooks stop Camel as before
            }
        }
        return main.run(new String[0]);
    }

    /**
     * One run of every configured object type, one after another, then the archived and association
     * sweeps and the owners reads the schedules would have run by now; the outcomes of the runs, the sweeps and the
     * reads (as their runs).
     */
    public List<SyncRun> runOnce() throws Exception {
        Main main = startOnce();
        try {
            CamelContext context = main.getCamelContext();
            List<SyncRun> runs = runOnce(context);
            runs.addAll(sweepDue(context));
            runs.addAll(ownersDue(context));
            // the runs' notices, before the process goes: a receiver that is away gets them from a later process
            try (ProducerTemplate template = context.createProducerTemplate()) {
                template.sendBody("direct:notify-pass", null);
            }
            return runs;
        } finally {
            main.stop();
        }
    }

    /**
     * camel-main started with what one run needs and nothing else ({@link #NOT_FOR_ONCE}, {@link #ONCE}):
     * no Quartz scheduler, HTTP server, queue consumers, housekeeping or webhook routes; the lease heartbeat
     * (a long backfill keeps its leases) and the notices' timer (a run's notice goes out while later runs
     * go on) stay. A schema already current is not handed to Flyway again (io.hubsync.store.Database).
     */
    Main startOnce() throws Exception {
        Main main = build(false, true);
        io.hubsync.store.Database.openingCurrentWithoutFlyway(() -> {
            main.start();
            return null;
        });
        return main;
    }

    /**
     * The archived sweeps of every object type that {@code sync.archived-schedule} would have run
     * since each connection's last sweep (every connection never swept), each followed by the type's
     * association sweep that {@code sync.associations.sweep-schedule} would have run: their runs,
     * claimed or not.
     */
    public static List<SyncRun> sweepDue(CamelContext context) {
        List<SyncRun> sweeps = new ArrayList<>();
        List<String> types = SyncSchedules.objectTypes(context.resolvePropertyPlaceholders("{{sync.objects}}"));
        for (String type : types) {
            String cron = SyncSchedules.cron(context, "sync.archived-schedule", type);
            sweeps.addAll(runs(context, "direct:archived-due-once", "The archived sweep of " + type, e -> {
                e.setProperty("objectType", type);
                e.setProperty("archivedCron", cron);
            }));
        }
        // then the association sweeps (docs/associations.md), on a schedule of their own
        for (String type : SyncSchedules.associationSweepTypes(context, types)) {
            String associationCron = SyncSchedules.associationCron(context);
            sweeps.addAll(runs(context, "direct:association-due-once", "The association sweep of " + type, e -> {
                e.setProperty("objectType", type);
                e.setProperty("associationCron", associationCron);
            }));
        }
        return sweeps;
    }

    /**
     * The owners reads {@code sync.owners.schedule} would have run since each connection's last one
     * (every connection never read); none when {@code sync.owners} is off. Their runs, claimed or not.
     */
    public static List<SyncRun> ownersDue(CamelContext context) {
        if (!SyncSchedules.ownersOn(context)) {
            return new ArrayList<>();
        }
        String cron = SyncSchedules.ownersCron(context);
        return runs(context, "direct:owners-due-once", "The owners read", e -> e.setProperty("ownersCron", cron));
    }

    /**
     * Sends to a route whose body becomes a list of runs, sweeps or reads (routes/schedule.camel.yaml's
     * sync-due, archived-due-once, association-due-once, owners-due-once): their runs. {@code what} names
     * the work when it could not start.
     */
    private static List<SyncRun> runs(CamelContext context, String uri, String what,
                                      java.util.function.Consumer<Exchange> properties) {
        List<SyncRun> runs = new ArrayList<>();
        try (ProducerTemplate template = context.createProducerTemplate()) {
            Exchange done = template.request(uri, properties::accept);
            if (done.getException() != null) {
                throw new IllegalStateException(what + " could not start: " + done.getException().getMessage(),
                        done.getException());
            }
            // with `*`, a list per connection of its types' runs
            for (Object r : flat(done.getMessage().getBody(List.class))) {
                if (r instanceof SyncRun run) {
                    runs.add(run);
                } else if (r instanceof LeasedWork work) {
                    runs.add(work.getRun());
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return runs;
    }

    /** The results of a split: with {@code *}, a list per connection of its types' runs. */
    private static List<Object> flat(List<?> results) {
        List<Object> out = new ArrayList<>();
        for (Object r : results == null ? List.of() : results) {
            if (r instanceof List<?> inner) {
                out.addAll(flat(inner));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * One run of every object type of {@code sync.objects} for every due connection, in a context
     * that has the routes; the runs, connection by connection as the schedules would run them. With
     * {@code *}, each connection's types are found first (routes/object-types.camel.yaml).
     */
    public static List<SyncRun> runOnce(CamelContext context) {
        List<SyncRun> runs = new ArrayList<>();
        try {
            if (context.getRegistry().lookupByNameAndType("connections", ConnectionStore.class).list().isEmpty()) {
                throw new IllegalArgumentException("no connections to sync: set hubspot.access-token (export "
                        + "HUBSPOT_ACCESS_TOKEN) for one portal, or add connections with `hubsync connections add`");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot read the connections: " + e.getMessage(), e);
        }
        for (String type : SyncSchedules.objectTypes(context.resolvePropertyPlaceholders("{{sync.objects}}"))) {
            runs.addAll(runs(context, "direct:sync-due", "The sync of " + type, e -> e.setProperty("objectType", type)));
        }
        return runs;
    }
}
