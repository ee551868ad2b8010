package io.hubsync.connections;

import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.sync.SyncHarness;
import io.hubsync.sync.SyncMain;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** server.*: off by default, refused without a good key, and schedules changed through the API apply at once. */
class ServerSettingsTest {
    private EmulatorFixture emu;
    private Main main;

    @BeforeEach
    void start() {
        emu = new EmulatorFixture(c -> { });
    }

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
        emu.close();
    }

    @Test
    void offByDefaultNothingListens() throws Exception {
        try (SyncHarness sync = new SyncHarness(emu)) {
            CamelContext context = sync.start();
            for (String route : new String[] {"admin-connections", "admin-connection", "oauth-connect", "oauth-callback"}) {
                assertEquals(ServiceStatus.Stopped, context.getRouteController().getRouteStatus(route), route);
            }
            // the REST DSL's routes (both APIs and their OpenAPI document) are not even made
            assertTrue(context.getRestRegistry().listAllRestServices().isEmpty());
            assertTrue(context.getRoutes().stream().noneMatch(r -> r.getEndpoint().getEndpointUri().startsWith("rest")),
                    context.getRoutes().toString());
            assertEquals(ServiceStatus.Stopped, context.getRouteController().getRouteStatus("api-document"));
            sync.runOnce();
        }
    }

    @Test
    void startUpRefusesAMissingOrShortKey() {
        for (String key : new String[] {"", "short-key"}) {
            Map<String, String> settings = new HashMap<>(new SyncHarness(emu).overrides());
            settings.put("server.enabled", "true");
            settings.put("server.port", "0");
            settings.put("server.api-key", key);
            Main m = new SyncMain(settings).build(false);
            Exception e = assertThrows(Exception.class, m::start);
            m.stop();
            String message = messages(e);
            assertTrue(message.contains("server.api-key") && message.contains("SERVER_API_KEY")
                    && message.contains("openssl rand -base64 32"), message);
        }
    }

    @Test
    void startUpRefusesABadServerLimitNamingItsKey() {
        for (String[] bad : new String[][] {{"server.max-connections", "0"}, {"server.max-connections", "many"},
            {"server.idle-timeout", "0s"}, {"server.idle-timeout", "forever"}, {"server.api-max-body-size", "100"},
            {"server.webhook-max-body-size", "1MB"}}) {
            Map<String, String> settings = new HashMap<>(new SyncHarness(emu).overrides());
            settings.put("server.enabled", "true");
            settings.put("server.port", "0");
            settings.put("server.api-key", ServerFixture.API_KEY);
            settings.put(bad[0], bad[1]);
            Main m = new SyncMain(settings).build(false);
            Exception e = assertThrows(Exception.class, m::start, bad[0] + "=" + bad[1]);
            m.stop();
            String message = messages(e);
            assertTrue(message.contains(bad[0]) && message.contains(bad[1]), message);
        }
    }

    @Test
    void aScheduleSetThroughTheApiAppliesAtOnce() throws Exception {
        int port = ServerFixture.freePort();
        Map<String, String> settings = new HashMap<>(new SyncHarness(emu).set("hubspot.access-token", "").overrides());
        settings.put("server.enabled", "true");
        settings.put("server.port", String.valueOf(port));
        settings.put("server.api-key", ServerFixture.API_KEY);
        settings.put("db.token-key", ServerFixture.TOKEN_KEY);
        settings.put("sync.schedule", "0 0 0 1 1 ? 2099");
        main = new SyncMain(settings).build(true);
        main.start();
        CamelContext context = main.getCamelContext();
        AdminCalls api = new AdminCalls("http://127.0.0.1:" + port);

        assertEquals(201, api.call("POST", "", "{\"name\":\"acme\",\"token\":\"" + emu.token
                + "\",\"schedule\":\"0 0 0 1 1 ? 2098\"}"));
        assertNotNull(context.getRoute("schedule-contacts-acme"));
        assertEquals(200, api.call("PATCH", "/acme", "{\"schedule\":null}"));
        assertNull(context.getRoute("schedule-contacts-acme"));
        assertEquals(200, api.call("PATCH", "/acme", "{\"schedule\":\"0 0 0 1 1 ? 2097\"}"));
        assertNotNull(context.getRoute("schedule-contacts-acme"));
        assertEquals(200, api.call("DELETE", "/acme", null));
        assertNull(context.getRoute("schedule-contacts-acme"));
    }

    private static String messages(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }

    /** Status codes of admin API calls with the right key. */
    private record AdminCalls(String base) {
        int call(String method, String path, String json) throws Exception {
            var b = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/v1/connections" + path))
                    .header("Authorization", "Bearer " + ServerFixture.API_KEY)
                    .header("Content-Type", "application/json")
                    .method(method, json == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                            : java.net.http.HttpRequest.BodyPublishers.ofString(json));
            return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(b.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
        }
    }
}
