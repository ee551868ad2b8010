package io.hubsync.sync;

import io.hubsync.app.Application;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code routes.reload}: with it on, a saved route file of the folder `hubsync init` wrote changes what
 * a running hubsync does, without a restart, and the routes of other files and the Java-built
 * schedules keep running; off (the default), nothing watches the folder.
 */
class RouteReloadTest {
    private static final String PROBE = "\n- route:\n    id: reload-probe\n    from:\n      uri: direct:reload-probe\n"
            + "      steps:\n        - setBody:\n            constant: %s\n";

    Path dir;
    Main main;

    @BeforeEach
    void export() throws Exception {
        dir = Path.of("target", "route-reload", UUID.randomUUID().toString()).toAbsolutePath();
        assertEquals(0, Application.execute("init", "--dir", dir.toString()));
        // a route of its own in one of hubsync's files, so reloading that file is what the test watches
        Path sync = dir.resolve("routes/sync.camel.yaml");
        Files.writeString(sync, Files.readString(sync, StandardCharsets.UTF_8) + PROBE.formatted("before"));
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    private Map<String, String> settings() {
        Map<String, String> s = new HashMap<>();
        s.put("db.url", "jdbc:h2:file:" + dir.resolve("db"));
        s.put("hubspot.base-url", "http://127.0.0.1:9");
        s.put("hubspot.access-token", "pat-test");
        return s;
    }

    @Test
    void aSavedRouteFileChangesTheRunningRoutesAndTheOthersRunOn() throws Exception {
        Map<String, String> settings = settings();
        settings.put("routes.reload", "true");
        main = new SyncMain(settings, null, dir.resolve("routes")).build(true);
        main.start();
        CamelContext context = main.getCamelContext();
        int routes = context.getRoutes().size();
        try (ProducerTemplate template = context.createProducerTemplate()) {
            assertEquals("before", template.requestBody("direct:reload-probe", null, String.class));

            Path sync = dir.resolve("routes/sync.camel.yaml");
            Files.writeString(sync, Files.readString(sync, StandardCharsets.UTF_8)
                    .replace(PROBE.formatted("before"), PROBE.formatted("after")));

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> "after".equals(template.requestBody("direct:reload-probe", null, String.class)));
        }
        // the file's other routes were replaced, not lost (Camel adds a reloaded file's routes one by one,
        // the probe may answer before the last is back); the schedules (no file holds them) still run
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> context.getRoutes().size() == routes);
        for (String id : List.of("sync-run", "resolve-properties", "backfill", "schedule-contacts", "archived-schedule-contacts")) {
            assertEquals(ServiceStatus.Started, context.getRouteController().getRouteStatus(id), id);
        }
    }

    @Test
    void offByDefaultNothingWatchesTheRoutes() throws Exception {
        main = new SyncMain(settings(), null, dir.resolve("routes")).build(false);
        main.start();
        assertNull(main.getCamelContext().hasService(RouteWatcherReloadStrategy.class));
        // the folder's routes are the ones loaded all the same
        try (ProducerTemplate template = main.getCamelContext().createProducerTemplate()) {
            assertEquals("before", template.requestBody("direct:reload-probe", null, String.class));
        }
    }

    @Test
    void reloadWithoutARoutesFolderStopsStartUpNamingTheSetting() {
        Map<String, String> settings = settings();
        settings.put("routes.reload", "true");
        Main m = new SyncMain(settings, null, dir.resolve("no-such-folder")).build(false);
        Exception e = assertThrows(Exception.class, m::start);
        m.stop();
        String message = "";
        for (Throwable t = e; t != null; t = t.getCause()) {
            message += t.getMessage() + " | ";
        }
        assertTrue(message.contains("routes.reload: there is no folder") && message.contains("hubsync init"), message);
    }
}
