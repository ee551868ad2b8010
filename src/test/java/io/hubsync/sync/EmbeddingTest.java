package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The routes in routes/ as a user embeds them (a plain CamelContext, no camel-main), and the sync
 * changed only through application.properties.
 */
class EmbeddingTest {
    EmulatorFixture emu;
    SyncHarness sync;
    CamelContext plain;
    Main main;

    @BeforeEach
    void start() {
        emu = new EmulatorFixture(c -> c.contacts = 1_500);
        sync = new SyncHarness(emu);
    }

    @AfterEach
    void stop() throws Exception {
        if (plain != null) {
            plain.close();
        }
        if (main != null) {
            main.stop();
        }
        sync.close();
        emu.close();
    }

    /**
     * A jar lists its route files in an order of its own, the file system in another: beyond
     * beans.camel.yaml, which loads first, no file may need beans another file declares.
     */
    @Test
    void theRouteFilesLoadInEitherOrderAfterTheBeans() throws Exception {
        for (boolean reversed : new boolean[] {false, true}) {
            CamelContext ctx = new DefaultCamelContext();
            Properties settings = new Properties();
            try (var in = Files.newBufferedReader(Path.of("application.properties"))) {
                settings.load(in);
            }
            ctx.getPropertiesComponent().setInitialProperties(settings);
            Properties overrides = new Properties();
            overrides.putAll(sync.overrides());
            overrides.put("db.token-key", "q83vEjRWeJq8rN7wESIzRFVmd4iZqrvM3e7/ABEiM0Q=");
            ctx.getPropertiesComponent().setOverrideProperties(overrides);
            ctx.build();
            List<Path> files;
            try (var all = Files.list(Path.of("routes"))) {
                files = new ArrayList<>(all.filter(p -> p.toString().endsWith(".camel.yaml")
                        && !p.endsWith("beans.camel.yaml")).sorted().toList());
            }
            if (reversed) {
                java.util.Collections.reverse(files);
            }
            files.add(0, Path.of("routes", "beans.camel.yaml"));
            List<Resource> routes = new ArrayList<>();
            for (Path f : files) {
                routes.add(ResourceHelper.resolveMandatoryResource(ctx, "file:" + f));
            }
            try {
                PluginHelper.getRoutesLoader(ctx).loadRoutes(routes);
                ctx.start();
                assertEquals(org.apache.camel.ServiceStatus.Started, ctx.getStatus(), "reversed: " + reversed);
            } finally {
                ctx.close();
            }
        }
    }

    @Test
    void routesLoadIntoAPlainCamelContext() throws Exception {
        plain = new DefaultCamelContext();
        // the host application's own configuration; here the project's application.properties
        Properties settings = new Properties();
        try (var in = Files.newBufferedReader(Path.of("application.properties"))) {
            settings.load(in);
        }
        plain.getPropertiesComponent().setInitialProperties(settings);
        Properties overrides = new Properties();
        overrides.putAll(sync.overrides());
        plain.getPropertiesComponent().setOverrideProperties(overrides);
        plain.build();
        List<Resource> routes = new ArrayList<>();
        try (var files = Files.list(Path.of("routes"))) {
            // beans.camel.yaml first: the beans of admin and oauth-install refer to its beans
            for (Path f : files.filter(p -> p.toString().endsWith(".camel.yaml"))
                    .sorted(java.util.Comparator.comparing(p -> !p.endsWith("beans.camel.yaml"))).toList()) {
                routes.add(ResourceHelper.resolveMandatoryResource(plain, "file:" + f));
            }
        }
        PluginHelper.getRoutesLoader(plain).loadRoutes(routes);
        plain.start();
        List<SyncRun> runs = SyncMain.runOnce(plain);
        assertEquals(1_500, runs.get(0).getAdded());
        try (var c = plain.getRegistry().lookupByNameAndType("dataSource", javax.sql.DataSource.class).getConnection();
             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM records")) {
            rs.next();
            assertEquals(1_500, rs.getLong(1));
        }
    }

    @Test
    void scheduleAndPropertiesComeFromApplicationProperties() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "config");
        Path config = dir.resolve("application.properties");
        Files.writeString(config, String.join("\n",
                "# only these two lines differ from the defaults",
                "sync.schedule = 0/1 * * * * ?",
                "sync.properties.contacts = email,jobtitle", ""));
        Map<String, String> overrides = new java.util.HashMap<>(sync.overrides());
        main = new SyncMain(overrides, config).build(true);
        main.start();
        // the schedule fires every second on its own: no run is started by the test
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> sync.count(
                "SELECT COUNT(*) FROM records") == 1_500);
        Set<String> keys = new TreeSet<>();
        try (var c = sync.jdbc(); var rs = c.createStatement().executeQuery("SELECT properties FROM records LIMIT 1")) {
            rs.next();
            SyncHarness.JSON.readTree(rs.getString(1)).fieldNames().forEachRemaining(keys::add);
        }
        assertEquals(new TreeSet<>(List.of("createdate", "email", "hs_merged_object_ids", "hs_object_id", "jobtitle",
                "lastmodifieddate")), keys);
    }
}
