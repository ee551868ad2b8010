package io.hubsync.sync;

import io.hubsync.app.HubsyncRoutes;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The routes in routes/ as a user embeds them (HubsyncRoutes into a plain CamelContext, no
 * camel-main), and the sync changed only through application.properties.
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

    /** The one call loads routes/ from a list: a file the list lacks would never load into a host's context. */
    @Test
    void theListOfRouteFilesHasEveryFileOfRoutes() throws Exception {
        Set<String> inFolder = new TreeSet<>();
        try (var all = Files.list(Path.of("routes"))) {
            all.map(p -> p.getFileName().toString()).forEach(n -> inFolder.add(n.endsWith(".camel.yaml")
                    ? n.substring(0, n.length() - ".camel.yaml".length()) : n));
        }
        assertEquals(inFolder, new TreeSet<>(HubsyncRoutes.FILES));
        assertEquals(inFolder.size(), HubsyncRoutes.FILES.size(), "a file listed twice: " + HubsyncRoutes.FILES);
        assertEquals("beans", HubsyncRoutes.FILES.get(0));
    }

    /**
     * A jar lists its route files in an order of its own, the file system in another: beyond
     * beans.camel.yaml, which loads first, no file may need beans another file declares.
     */
    @Test
    void theRouteFilesLoadInEitherOrderAfterTheBeans() throws Exception {
        for (boolean reversed : new boolean[] {false, true}) {
            CamelContext ctx = new DefaultCamelContext();
            Properties overrides = new Properties();
            overrides.putAll(sync.overrides());
            overrides.put("db.token-key", "q83vEjRWeJq8rN7wESIzRFVmd4iZqrvM3e7/ABEiM0Q=");
            List<String> files = new ArrayList<>(HubsyncRoutes.FILES.subList(1, HubsyncRoutes.FILES.size()));
            if (reversed) {
                java.util.Collections.reverse(files);
            }
            files.add(0, "beans");
            try {
                HubsyncRoutes.addRoutesTo(ctx, overrides, files);
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
        // the defaults are the jar's application.properties; the host's settings override them
        Properties overrides = new Properties();
        overrides.putAll(sync.overrides());
        // the schedules are added, and fire on no tick of this test: the run below is the only one
        overrides.put("sync.schedule", "0 0 0 1 1 ? 2099");
        overrides.put("sync.archived-schedule", "0 0 0 1 1 ? 2099");
        HubsyncRoutes.addTo(plain, overrides);
        plain.start();
        assertTrue(SyncSchedules.scheduling(plain));
        assertNotNull(plain.getRoute("archived-schedule-contacts"));
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
