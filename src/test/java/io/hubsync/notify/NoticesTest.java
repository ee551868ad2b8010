package io.hubsync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.store.NoticeOutbox;
import io.hubsync.sync.SyncHarness;
import io.hubsync.sync.SyncMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Completion notices: written with the run, signed, delivered at least once to a real HTTP receiver. */
class NoticesTest {
    static final String SECRET = "notice-secret-0123456789-abcdefghijklmnopq";
    static final String API_KEY = "test-admin-key-0123456789-abcdefghijklmnop";
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    EmulatorFixture emu;
    SyncHarness sync;
    NoticeReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> c.contacts = 250);
        receiver = new NoticeReceiver(SECRET);
        sync = new SyncHarness(emu)
                .set("notify.url", receiver.url())
                .set("notify.secret", SECRET)
                .set("notify.poll-interval", "100")
                .set("notify.retry-delay", "50ms")
                .set("notify.max-retry-delay", "200ms")
                .set("notify.max-attempts", "1000");
    }

    @AfterEach
    void stop() {
        sync.close();
        receiver.close();
        emu.close();
    }

    NoticeOutbox outbox() {
        return sync.context().getRegistry().lookupByNameAndType("noticeOutbox", NoticeOutbox.class);
    }

    @Test
    void aReceiverDownDuringTheRunsGetsEveryNoticeOnceAfterARestart() throws Exception {
        receiver.stop(); // nothing listens on its port
        sync.start();
        assertEquals(250, sync.runOnce().get(0).getAdded());
        emu.admin("POST", "/portals/" + emu.portalId + "/contacts/bulk-touch", "{\"count\":40}");
        assertEquals(40, sync.runOnce().get(0).getUpdated());
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.*\",\"fault\":{\"kind\":\"status\",\"status\":403}}");
        SyncRun failed = SyncMain.runOnce(sync.context()).get(0);
        assertFalse(failed.isSucceeded());
        emu.admin("DELETE", "/faults", null);
        sync.runOnce(); // changed nothing, failed nothing: no notice
        // the outbox tried while the receiver was away, and keeps all three
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sync.count("SELECT COUNT(*) FROM notices WHERE status = 'PENDING' AND attempts >= 1") == 3);
        assertEquals(3, sync.count("SELECT COUNT(*) FROM notices"));
        sync.stop();

        receiver.start();
        sync.start();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sync.count("SELECT COUNT(*) FROM notices WHERE status = 'SENT'") == 3);
        // one more pass sends nothing again
        sync.context().createProducerTemplate().sendBody("direct:notify-pass", null);
        assertEquals(3, receiver.accepted.size(), receiver.ids().toString());
        assertEquals(3, new HashSet<>(receiver.ids()).size(), "each notice once by id");
        assertEquals(0, receiver.refusedSignatures.get());
        assertEquals(new HashSet<>(receiver.ids()), outbox().list(null, 10).stream().map(NoticeOutbox.Entry::id)
                .collect(Collectors.toSet()));

        Map<String, List<JsonNode>> byEvent = receiver.accepted.stream()
                .collect(Collectors.groupingBy(n -> n.get("event").asText()));
        List<JsonNode> completed = byEvent.get("run.completed");
        JsonNode backfill = completed.stream().filter(n -> n.get("phase").asText().equals(SyncRun.INITIAL))
                .findFirst().orElseThrow();
        assertEquals(250, backfill.get("added").asLong());
        assertTrue(backfill.has("portal"), "the portal (null for the connection of hubspot.access-token)");
        assertEquals("contacts", backfill.get("objectType").asText());
        assertTrue(backfill.get("modifiedAfter").isNull(), "a backfill has no lower bound");
        JsonNode incremental = completed.stream().filter(n -> n.get("phase").asText().equals(SyncRun.INCREMENTAL))
                .findFirst().orElseThrow();
        assertEquals(40, incremental.get("updated").asLong());
        assertFalse(incremental.get("modifiedAfter").isNull());
        // the change sequences follow on: the second notice starts where the first ended
        assertEquals(backfill.at("/changes/throughSequence").asLong(), incremental.at("/changes/afterSequence").asLong());
        assertEquals(40, sync.count("SELECT COUNT(*) FROM records WHERE change_seq > "
                + incremental.at("/changes/afterSequence").asLong() + " AND change_seq <= "
                + incremental.at("/changes/throughSequence").asLong()));
        JsonNode fail = byEvent.get("run.failed").get(0);
        assertFalse(fail.get("success").asBoolean());
        assertTrue(fail.get("error").asText().contains("403"), fail.toString());
        assertFalse(fail.toString().contains(emu.token), "no token in a notice");
    }

    @Test
    void aNoticeTheReceiverKeepsRefusingGoesDeadAndIsSentAgainWhenAsked() throws Exception {
        receiver.failNext.set(1_000);
        int port = SyncHarness.freePort();
        sync.set("notify.max-attempts", "3").set("server.enabled", "true").set("server.port", String.valueOf(port))
                .set("server.api-key", API_KEY).start();
        sync.runOnce();
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox().list(NoticeOutbox.DEAD, 10).size() == 1);
        NoticeOutbox.Entry dead = outbox().list(NoticeOutbox.DEAD, 10).get(0);
        assertEquals(3, dead.attempts());
        assertEquals("the receiver answered 503", dead.lastError());
        assertTrue(receiver.accepted.isEmpty());

        // the admin API and the CLI both list it
        HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/notices?status=DEAD")).header("Authorization", "Bearer " + API_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, listed.statusCode(), listed.body());
        assertTrue(listed.body().contains(dead.id()), listed.body());
        assertEquals(400, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/notices?status=LOST")).header("Authorization", "Bearer " + API_KEY).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        assertTrue(cli("list", "--status", "dead").contains(dead.id()));

        receiver.failNext.set(0);
        assertTrue(cli("resend", "--dead").contains("1 dead notices queued again"));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted.size() == 1);
        assertEquals(dead.id(), receiver.ids().get(0), "the same notice, with the same id");
        // and once more by id through the API: delivered again, same id (receivers dedupe on it)
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/v1/notices/" + dead.id() + "/resend")).header("Authorization", "Bearer " + API_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, again.statusCode(), again.body());
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted.size() == 2);
        assertEquals(List.of(dead.id(), dead.id()), receiver.ids());
    }

    /** {@code hubsync notices …} against this test's database, as a user runs it; its output. */
    private String cli(String... args) throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "notices", ".properties");
        Files.writeString(config, "db.url = " + sync.overrides().get("db.url") + "\n");
        io.hubsync.CommandRun run = io.hubsync.CommandRun.of(CommandLine.defaultFactory(), "notices", config, args);
        assertEquals(0, run.code(), run.err());
        return run.out();
    }

    @Test
    void theDailyLimitPauseIsANoticeToo() throws Exception {
        sync.start();
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.*\",\"fault\":{\"kind\":\"429\",\"policy\":\"DAILY\"}}");
        assertFalse(SyncMain.runOnce(sync.context()).get(0).isSucceeded());
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted.size() == 2);
        JsonNode paused = receiver.accepted.stream().filter(n -> n.get("event").asText().equals("connection.paused"))
                .findFirst().orElseThrow();
        assertTrue(paused.get("error").asText().contains("daily API limit"), paused.toString());
        assertFalse(paused.get("pausedUntil").isNull());
        assertTrue(receiver.accepted.stream().anyMatch(n -> n.get("event").asText().equals("run.failed")));
    }

    @Test
    void withoutNotifyUrlNothingIsWrittenAndWithoutASecretStartUpRefuses() throws Exception {
        sync.set("notify.url", "").start();
        sync.runOnce();
        assertEquals(0, sync.count("SELECT COUNT(*) FROM notices"));
        sync.stop();
        Exception e = assertThrows(Exception.class, () -> sync.set("notify.url", receiver.url())
                .set("notify.secret", "").start());
        Throwable root = e;
        while (root.getCause() != null && !(root instanceof IllegalArgumentException)) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().contains("notify.secret is not set"), root.getMessage());
        assertTrue(root.getMessage().contains("openssl rand -base64 32"), root.getMessage());
    }

    @Test
    void housekeepingRemovesDeliveredNoticesAndDedupeKeysPastTheirTime() throws Exception {
        sync.start();
        sync.runOnce();
        // delivered and recorded as such (the receiver's answer comes before the SENT row)
        await().atMost(Duration.ofSeconds(30)).until(() ->
                sync.count("SELECT COUNT(*) FROM notices WHERE status = 'SENT'") == 1);
        try (java.sql.Connection c = sync.jdbc(); java.sql.Statement st = c.createStatement()) {
            // one delivered notice 31 days ago, one pending that old, and two dedupe keys of each age
            st.executeUpdate("INSERT INTO notices (id, seq, connection_id, event, body, status, attempts, next_attempt_at, "
                    + "created_at, sent_at) VALUES ('old-sent', 0, 'default', 'run.completed', '{}', 'SENT', 1, "
                    + "DATEADD('DAY', -31, CURRENT_TIMESTAMP), DATEADD('DAY', -31, CURRENT_TIMESTAMP), "
                    + "DATEADD('DAY', -31, CURRENT_TIMESTAMP))");
            st.executeUpdate("INSERT INTO notices (id, seq, connection_id, event, body, status, attempts, next_attempt_at, "
                    + "created_at) VALUES ('old-pending', 0, 'default', 'run.completed', '{}', 'PENDING', 9, "
                    + "DATEADD('DAY', 1, CURRENT_TIMESTAMP), DATEADD('DAY', -31, CURRENT_TIMESTAMP))");
            st.executeUpdate("INSERT INTO CAMEL_MESSAGEPROCESSED VALUES ('hubspot-webhook', 'old', "
                    + "DATEADD('DAY', -4, CURRENT_TIMESTAMP)), ('hubspot-webhook', 'new', CURRENT_TIMESTAMP), "
                    + "('oauth-state', 'old', DATEADD('DAY', -4, CURRENT_TIMESTAMP)), ('elsewhere', 'old', "
                    + "DATEADD('DAY', -4, CURRENT_TIMESTAMP))");
        }
        sync.context().createProducerTemplate().sendBody("direct:housekeeping", null);
        assertEquals(0, sync.count("SELECT COUNT(*) FROM notices WHERE id = 'old-sent'"));
        assertEquals(1, sync.count("SELECT COUNT(*) FROM notices WHERE id = 'old-pending'"), "undelivered stays");
        assertEquals(1, sync.count("SELECT COUNT(*) FROM notices WHERE status = 'SENT'"), "the recent one stays");
        assertEquals(List.of("elsewhere/old", "hubspot-webhook/new"), List.of(
                sync.jdbcString("SELECT LISTAGG(processorName || '/' || messageId, ',') WITHIN GROUP (ORDER BY "
                        + "processorName) FROM CAMEL_MESSAGEPROCESSED").split(",")));
    }

    @Test
    void aNoticeWithTextBeyondAsciiArrivesWithAValidSignature() throws Exception {
        sync.start();
        com.fasterxml.jackson.databind.node.ObjectNode body = outbox().newBody("run.failed", "default");
        body.put("error", "HubSpot answered 400: la propriété « Zürich » n'existe pas ✓");
        try (java.sql.Connection c = sync.dataSource().getConnection()) {
            outbox().add(c, body);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted.size() == 1);
        assertEquals(0, receiver.refusedSignatures.get(), "signed over the bytes that were sent");
        assertEquals(body.get("error").asText(), receiver.accepted.get(0).get("error").asText());
    }
}
