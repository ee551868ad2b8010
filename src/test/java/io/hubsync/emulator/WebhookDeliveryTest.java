package io.hubsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.hubsync.emulator.webhook.WebhookSignatures;
import io.hubsync.emulator.webhook.WebhookStats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The emulator's outgoing webhooks, received by a real HTTP listener: every kind of event with its
 * fields, batching, concurrency, signatures checked by code written here, retries, drops, timeouts,
 * duplicates, subscriptions and the admin API.
 */
class WebhookDeliveryTest {
    /** The listener's URL carries escapes that v3 decodes before signing (HUBSPOT.md §7). */
    private static final String HOOK_PATH = "/hooks/hubspot?source=hub%3Aspot&next=%2Fdone%21";
    private static final Duration WAIT = Duration.ofSeconds(20);

    static EmulatorFixture emu;
    Hook hook;

    @BeforeAll
    static void start() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        emu = new EmulatorFixture(c -> c.contacts = 10);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void freshListenerAndEmulator() throws IOException {
        hook = new Hook();
        assertEquals(200, emu.admin("POST", "/reset", "{}").status());
        configure("{\"targetUrl\":\"" + hook.url + "\",\"subscriptions\":[\"*\"],\"properties\":[\"*\"],"
                + "\"duplicates\":false,\"maxRetries\":3,\"retryBaseMillis\":20,\"timeoutMillis\":5000}");
    }

    @AfterEach
    void stopListener() {
        emu.admin("DELETE", "/webhooks", null);
        hook.close();
    }

    // ---------------------------------------------------------------- events and their fields

    /** docs/hubspot.md §14: one event per direction for the pair, and one more per direction for the primary. */
    @Test
    void associationChangesArriveInBothDirections() {
        long contact = create("contacts", "{\"email\":\"assoc@example.com\"}").get("id").asLong();
        long company = create("companies", "{\"name\":\"Acme\"}").get("id").asLong();
        assertEquals(201, emu.send("PUT", "/crm/v4/objects/contacts/" + contact + "/associations/companies/" + company,
                "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":1}]", emu.token,
                "application/json").status());
        assertEquals(204, emu.send("DELETE", "/crm/v4/objects/companies/" + company + "/associations/contacts/"
                + contact, null, emu.token, null).status());

        await().atMost(WAIT).until(() -> hook.events().size() >= 2 + 8);
        List<JsonNode> events = hook.events().stream().filter(e -> e.get("subscriptionType").asText()
                .endsWith(".associationChange")).sorted(Comparator.comparingLong(e -> e.get("eventId").asLong())).toList();
        assertEquals(8, events.size(), events.toString());
        JsonNode added = events.get(0);
        assertEquals("contact.associationChange", added.get("subscriptionType").asText());
        assertEquals("CONTACT_TO_COMPANY", added.get("associationType").asText());
        assertEquals(contact, added.get("fromObjectId").asLong());
        assertEquals(contact, added.get("objectId").asLong());
        assertEquals(company, added.get("toObjectId").asLong());
        assertFalse(added.get("associationRemoved").asBoolean());
        assertFalse(added.get("isPrimaryAssociation").asBoolean());
        assertEquals("INTEGRATION", added.get("changeSource").asText());
        JsonNode back = events.get(1);
        assertEquals("company.associationChange", back.get("subscriptionType").asText());
        assertEquals("COMPANY_TO_CONTACT", back.get("associationType").asText());
        assertEquals(company, back.get("fromObjectId").asLong());
        assertEquals(contact, back.get("toObjectId").asLong());
        assertTrue(events.get(2).get("isPrimaryAssociation").asBoolean(), events.get(2).toString());
        assertEquals(List.of(true, true, true, true),
                events.subList(4, 8).stream().map(e -> e.get("associationRemoved").asBoolean()).toList());
        assertEquals("COMPANY_TO_CONTACT", events.get(4).get("associationType").asText());
    }


    @Test
    void everyKindOfEventArrivesWithItsFields() {
        JsonNode a = create("contacts", "{\"email\":\"a@example.com\",\"firstname\":\"Ann\"}");
        long idA = a.get("id").asLong();
        JsonNode patched = emu.send("PATCH", "/crm/v3/objects/contacts/" + idA,
                "{\"properties\":{\"firstname\":\"Anne\"}}", emu.token, "application/json").json();
        assertEquals(204, emu.send("DELETE", "/crm/v3/objects/contacts/" + idA, null, emu.token, null).status());
        assertEquals(204, emu.admin("POST", "/portals/" + emu.portalId + "/contacts/" + idA + "/restore", null).status());
        long idB = create("contacts", "{\"email\":\"b@example.com\",\"lastname\":\"Berg\",\"phone\":\"+1 555 0100\"}")
                .get("id").asLong();
        assertEquals(200, emu.post("/crm/v3/objects/contacts/merge",
                "{\"primaryObjectId\":\"" + idA + "\",\"objectIdToMerge\":\"" + idB + "\"}").status());
        assertEquals(204, emu.post("/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"" + idA + "\"}").status());
        long company = create("companies", "{\"name\":\"Acme\"}").get("id").asLong();
        long deal = create("deals", "{\"dealname\":\"Big one\"}").get("id").asLong();
        long ticket = create("tickets", "{\"subject\":\"Broken\"}").get("id").asLong();

        List<String> expected = List.of("contact.creation", "contact.propertyChange", "contact.deletion",
                "contact.restore", "contact.creation", "contact.merge", "contact.privacyDeletion", "contact.deletion",
                "company.creation", "deal.creation", "ticket.creation");
        await().atMost(WAIT).until(() -> hook.events().size() >= expected.size());
        List<JsonNode> events = new ArrayList<>(hook.events());
        events.sort(Comparator.comparingLong(e -> e.get("eventId").asLong()));
        assertEquals(expected, events.stream().map(e -> e.get("subscriptionType").asText()).toList(),
                "one event per change, eventIds increasing in the order of the changes");

        JsonNode ids = emu.admin("GET", "/webhooks", null).json().get("subscriptionIds");
        long appId = emu.emulator.config().appId;
        for (JsonNode e : events) {
            String type = e.get("subscriptionType").asText();
            assertEquals(ids.get(type).asLong(), e.get("subscriptionId").asLong(), "stable id of " + type);
            assertEquals(emu.portalId, e.get("portalId").asLong());
            assertEquals(appId, e.get("appId").asLong());
            assertEquals(0, e.get("attemptNumber").asInt());
            assertTrue(e.get("eventId").isIntegralNumber() && e.get("objectId").isIntegralNumber(), e.toString());
            assertTrue(e.get("occurredAt").asLong() > 0);
            assertFalse(e.has("eventType"), "the payload key is subscriptionType");
            assertEquals(type.endsWith(".propertyChange"), e.has("propertyName"), e.toString());
            assertEquals(type.endsWith(".merge"), e.has("mergedObjectIds"), e.toString());
        }
        assertEquals(ids.get("contact.creation").asLong(), events.get(4).get("subscriptionId").asLong());
        assertNotEquals(ids.get("contact.creation").asLong(), ids.get("contact.propertyChange").asLong());

        JsonNode created = events.get(0);
        assertEquals(idA, created.get("objectId").asLong());
        assertEquals("NEW", created.get("changeFlag").asText());
        assertEquals(millis(a.get("createdAt")), created.get("occurredAt").asLong(), "occurredAt is the change's time");
        assertEquals("INTEGRATION", created.get("changeSource").asText());
        assertEquals(Long.toString(appId), created.get("sourceId").asText(), "an API write names the app");

        JsonNode change = events.get(1);
        assertEquals(idA, change.get("objectId").asLong());
        assertEquals("firstname", change.get("propertyName").asText());
        assertEquals("Anne", change.get("propertyValue").asText());
        assertEquals(millis(patched.get("updatedAt")), change.get("occurredAt").asLong());
        assertFalse(change.has("changeFlag"));

        JsonNode deleted = events.get(2);
        assertEquals(idA, deleted.get("objectId").asLong());
        assertEquals("DELETED", deleted.get("changeFlag").asText());

        JsonNode restored = events.get(3);
        assertEquals(idA, restored.get("objectId").asLong());
        assertFalse(restored.has("changeFlag"));
        assertEquals("CRM_UI", restored.get("changeSource").asText(), "restored through the emulator's UI stand-in");
        assertTrue(restored.get("sourceId").asText().startsWith("userId:"), restored.toString());

        JsonNode merge = events.get(5);
        assertEquals(idA, merge.get("objectId").asLong());
        assertEquals(idA, merge.get("primaryObjectId").asLong());
        assertEquals(List.of(idB), longs(merge.get("mergedObjectIds")));
        assertEquals(idA, merge.get("newObjectId").asLong(), "the emulator's merge keeps the primary's id");
        assertEquals(2, merge.get("numberOfPropertiesMoved").asInt(), "lastname and phone came from B");

        assertEquals(idA, events.get(6).get("objectId").asLong());
        assertEquals(idA, events.get(7).get("objectId").asLong());
        assertEquals("DELETED", events.get(7).get("changeFlag").asText(), "privacyDeletion is followed by deletion");
        assertEquals(company, events.get(8).get("objectId").asLong());
        assertEquals(deal, events.get(9).get("objectId").asLong());
        assertEquals(ticket, events.get(10).get("objectId").asLong());

        await().atMost(WAIT).until(() -> stats().pending() == 0);
        WebhookStats s = stats();
        assertEquals(11, s.accepted());
        assertEquals(11, s.deliveredEvents());
        assertEquals(0, s.failedAttempts());
        for (Hook.Received r : hook.requests) {
            assertEquals("POST", r.method);
            assertTrue(r.headers.getFirst("Content-Type").startsWith("application/json"));
        }
    }

    @Test
    void subscriptionsAndPropertiesChooseWhatIsDelivered() {
        JsonNode state = configure("{\"subscriptions\":[\"contact.propertyChange\"],\"properties\":[\"firstname\"]}");
        assertEquals(List.of("contact.propertyChange"), texts(state.get("subscriptions")));
        assertEquals(hook.url, state.get("targetUrl").asText(), "fields left out keep their value");

        long id = create("contacts", "{\"email\":\"c@example.com\"}").get("id").asLong();
        emu.send("PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"firstname\":\"Cy\",\"lastname\":\"Cole\"}}",
                emu.token, "application/json");
        create("companies", "{\"name\":\"Not subscribed\"}");
        // the store hands events over before answering, so this count is final already
        assertEquals(1, stats().accepted());
        await().atMost(WAIT).until(() -> stats().deliveredEvents() == 1);
        List<JsonNode> events = hook.events();
        assertEquals(1, events.size());
        assertEquals("contact.propertyChange", events.get(0).get("subscriptionType").asText());
        assertEquals("firstname", events.get(0).get("propertyName").asText());

        assertEquals(400, emu.admin("POST", "/webhooks", "{\"subscriptions\":[\"company.privacyDeletion\"]}").status(),
                "HubSpot has no privacyDeletion subscription for companies");
        assertEquals(400, emu.admin("POST", "/webhooks", "{\"targetUrl\":\"ftp://example.com/\"}").status());
        assertEquals(400, emu.admin("POST", "/webhooks", "{\"maxRetry\":3}").status(), "a misspelt field is refused");
    }

    @Test
    void deleteTurnsDeliveryOffAndResetClearsTheCounters() {
        create("contacts", "{\"email\":\"d@example.com\"}");
        await().atMost(WAIT).until(() -> stats().delivered() == 1);
        JsonNode shown = emu.admin("GET", "/webhooks", null).json().get("stats");
        assertEquals(1, shown.get("sent").asLong());
        assertEquals(1, shown.get("delivered").asLong());
        assertEquals(0, shown.get("pending").asLong());

        assertEquals(200, emu.admin("POST", "/reset", "{}").status());
        assertEquals(0, stats().delivered());
        assertEquals(0, stats().accepted());
        assertEquals(hook.url, emu.admin("GET", "/webhooks", null).json().get("targetUrl").asText(),
                "a reset keeps the settings");

        JsonNode off = emu.admin("DELETE", "/webhooks", null).json();
        assertFalse(off.get("enabled").asBoolean());
        assertTrue(off.get("targetUrl").isNull());
        create("contacts", "{\"email\":\"e@example.com\"}");
        assertEquals(0, stats().accepted(), "nothing is queued without a target");
        assertEquals(1, hook.requests.size());
    }

    // ---------------------------------------------------------------- batching and concurrency

    @Test
    void batchesStayUnderAHundredEventsAndTenRequestsRunAtOnce() {
        hook.gate = new CountDownLatch(1);
        for (int i = 1; i <= WebhookSenderLimits.IN_FLIGHT; i++) {
            create("contacts", "{\"email\":\"held" + i + "@example.com\"}");
            int n = i;
            await().atMost(WAIT).until(() -> hook.concurrent.get() == n);
        }
        for (int start = 0; start < 250; start += 100) {
            StringBuilder inputs = new StringBuilder();
            for (int i = start; i < Math.min(250, start + 100); i++) {
                inputs.append(i == start ? "" : ",").append("{\"properties\":{\"email\":\"bulk").append(i)
                        .append("@example.com\"}}");
            }
            assertEquals(201, emu.post("/crm/v3/objects/contacts/batch/create", "{\"inputs\":[" + inputs + "]}").status());
        }
        // every slot is taken, so the 250 new events must wait in the queue
        await().atMost(WAIT).until(() -> stats().queued() == 250);
        assertEquals(WebhookSenderLimits.IN_FLIGHT, stats().inFlight());
        assertEquals(WebhookSenderLimits.IN_FLIGHT, hook.concurrent.get());

        hook.gate.countDown();
        await().atMost(WAIT).until(() -> stats().pending() == 0);
        assertEquals(260, stats().deliveredEvents());
        List<JsonNode> events = hook.events();
        assertEquals(260, events.size());
        assertEquals(260, events.stream().map(e -> e.get("objectId").asLong()).collect(Collectors.toSet()).size());
        int largest = hook.requests.stream().mapToInt(r -> r.json.size()).max().orElse(0);
        assertTrue(largest < 100, "a request carried " + largest + " events");
        assertEquals(99, largest, "the waiting events went out in full batches");
        assertEquals(WebhookSenderLimits.IN_FLIGHT, hook.maxConcurrent.get());
    }

    // ---------------------------------------------------------------- signatures and timestamps

    @Test
    void signaturesVerifyWithAnIndependentImplementation() {
        create("contacts", "{\"email\":\"sig@example.com\",\"firstname\":\"Sig\"}");
        create("contacts", "{\"email\":\"sig2@example.com\"}");
        await().atMost(WAIT).until(() -> hook.events().size() == 2);
        String secret = emu.emulator.config().clientSecret;
        for (Hook.Received r : hook.requests) {
            assertEquals("v1", r.headers.getFirst("X-HubSpot-Signature-Version"));
            assertEquals(sha256Hex(secret + r.body), r.headers.getFirst("X-HubSpot-Signature"));

            String uri = "http://" + r.headers.getFirst("Host") + r.rawPathAndQuery;
            String timestamp = r.headers.getFirst("X-HubSpot-Request-Timestamp");
            String decoded = decodeLikeHubSpot(uri);
            assertNotEquals(uri, decoded, "the test URL has escapes that v3 decodes");
            assertEquals(hmacBase64(secret, "POST" + decoded + r.body + timestamp),
                    r.headers.getFirst("X-HubSpot-Signature-v3"));
            assertNotEquals(hmacBase64(secret, "POST" + uri + r.body + timestamp),
                    r.headers.getFirst("X-HubSpot-Signature-v3"), "v3 signs the decoded URI");
            assertNotEquals(hmacBase64("another-secret", "POST" + decoded + r.body + timestamp),
                    r.headers.getFirst("X-HubSpot-Signature-v3"));
        }
    }

    @Test
    void v2MatchesHubSpotsPublishedExample() {
        String secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
        String expected = "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e";
        assertEquals(expected, sha256Hex(secret + "GET" + "https://www.example.com/webhook_uri" + ""));
        assertEquals(expected, WebhookSignatures.v2(secret, "GET", "https://www.example.com/webhook_uri", ""));
        String body = "[{\"eventId\":1}]";
        assertEquals(sha256Hex(secret + "POST" + "https://x.example/h?a=1" + body),
                WebhookSignatures.v2(secret, "POST", "https://x.example/h?a=1", body));
    }

    @Test
    void timestampHeaderIsTheEmulatorClocksNow() {
        long shift = 3 * 86_400_000L;
        emu.admin("POST", "/clock", "{\"advanceMillis\":" + shift + "}");
        try {
            long before = emu.emulator.clock().now();
            create("contacts", "{\"email\":\"time@example.com\"}");
            await().atMost(WAIT).until(() -> hook.requests.size() == 1);
            long after = emu.emulator.clock().now();
            long ts = Long.parseLong(hook.requests.get(0).headers.getFirst("X-HubSpot-Request-Timestamp"));
            assertTrue(before <= ts && ts <= after, before + " <= " + ts + " <= " + after);
            long occurredAt = hook.events().get(0).get("occurredAt").asLong();
            assertTrue(before <= occurredAt && occurredAt <= ts);
        } finally {
            emu.admin("POST", "/clock", "{\"advanceMillis\":" + -shift + "}");
        }
    }

    // ---------------------------------------------------------------- failures and retries

    @Test
    void failedDeliveriesAreRetriedWithTheNextAttemptNumberThenDelivered() {
        hook.answer = n -> new Answer(n < 2 ? 500 : 200, Map.of(), 0);
        create("contacts", "{\"email\":\"retry@example.com\"}");
        await().atMost(WAIT).until(() -> stats().delivered() == 1);
        assertEquals(3, hook.requests.size());
        assertEquals(List.of(0, 1, 2), hook.requests.stream().map(r -> r.json.get(0).get("attemptNumber").asInt()).toList());
        assertEquals(1, hook.events().stream().map(e -> e.get("eventId").asLong()).distinct().count(), "the same event");
        String secret = emu.emulator.config().clientSecret;
        for (Hook.Received r : hook.requests) {
            String uri = decodeLikeHubSpot("http://" + r.headers.getFirst("Host") + r.rawPathAndQuery);
            assertEquals(hmacBase64(secret, "POST" + uri + r.body + r.headers.getFirst("X-HubSpot-Request-Timestamp")),
                    r.headers.getFirst("X-HubSpot-Signature-v3"), "each attempt is signed afresh");
        }
        WebhookStats s = stats();
        assertEquals(3, s.sent());
        assertEquals(2, s.failedAttempts());
        assertEquals(2, s.retried());
        assertEquals(0, s.dropped());
        assertEquals(0, s.pending());
    }

    @Test
    void aTargetThatAlwaysFailsGetsOnePlusMaxRetriesAttemptsThenTheBatchIsDropped() {
        hook.answer = n -> new Answer(400, Map.of(), 0);
        create("contacts", "{\"email\":\"drop@example.com\"}");
        await().atMost(WAIT).until(() -> stats().dropped() == 1);
        assertEquals(List.of(0, 1, 2, 3), hook.requests.stream().map(r -> r.json.get(0).get("attemptNumber").asInt()).toList(),
                "4xx fails like 5xx; 1 + maxRetries (3) attempts");
        WebhookStats s = stats();
        assertEquals(4, s.failedAttempts());
        assertEquals(3, s.retried());
        assertEquals(1, s.droppedEvents());
        assertEquals(0, s.delivered());
        assertEquals(0, s.pending());
    }

    @Test
    void aRefusedConnectionFailsTheAttempt() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        configure("{\"targetUrl\":\"http://127.0.0.1:" + closedPort + "/nobody\",\"maxRetries\":1}");
        create("contacts", "{\"email\":\"refused@example.com\"}");
        await().atMost(WAIT).until(() -> stats().dropped() == 1);
        assertEquals(2, stats().failedAttempts());
        assertEquals(2, stats().sent());
    }

    @Test
    void aSlowAnswerIsATimeoutAndIsRetried() {
        configure("{\"timeoutMillis\":300}");
        hook.answer = n -> new Answer(200, Map.of(), n == 0 ? 3_000 : 0);
        create("contacts", "{\"email\":\"slow@example.com\"}");
        await().atMost(WAIT).until(() -> stats().delivered() == 1);
        assertEquals(1, stats().failedAttempts(), "the first answer came too late");
        assertEquals(List.of(0, 1), hook.requests.stream().map(r -> r.json.get(0).get("attemptNumber").asInt()).toList());
    }

    @Test
    void retryAfterOnA429IsHonoured() {
        hook.answer = n -> n == 0 ? new Answer(429, Map.of("Retry-After", "1"), 0) : new Answer(200, Map.of(), 0);
        create("contacts", "{\"email\":\"busy@example.com\"}");
        await().atMost(WAIT).until(() -> stats().delivered() == 1);
        assertEquals(2, hook.requests.size());
        long gap = hook.requests.get(1).receivedNanos - hook.requests.get(0).receivedNanos;
        assertTrue(gap >= TimeUnit.MILLISECONDS.toNanos(950), "retried after " + gap / 1_000_000 + " ms, not 1 s");
    }

    @Test
    void duplicatesModeDeliversEveryEventTwice() {
        configure("{\"duplicates\":true}");
        for (int i = 0; i < 3; i++) {
            create("contacts", "{\"email\":\"twice" + i + "@example.com\"}");
        }
        await().atMost(WAIT).until(() -> stats().accepted() == 3 && stats().pending() == 0);
        Map<Long, Long> perEventId = hook.events().stream()
                .collect(Collectors.groupingBy(e -> e.get("eventId").asLong(), Collectors.counting()));
        assertEquals(3, perEventId.size());
        assertTrue(perEventId.values().stream().allMatch(c -> c == 2), perEventId.toString());
        assertEquals(6, stats().deliveredEvents());
    }

    // ---------------------------------------------------------------- helpers

    /** The limits HUBSPOT.md §7 states, written here rather than read from the code under test. */
    private static final class WebhookSenderLimits {
        static final int IN_FLIGHT = 10;
    }

    private static WebhookStats stats() {
        return emu.emulator.webhooks().stats();
    }

    private static JsonNode configure(String json) {
        EmulatorFixture.Reply r = emu.admin("POST", "/webhooks", json);
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    private static JsonNode create(String type, String properties) {
        EmulatorFixture.Reply r = emu.post("/crm/v3/objects/" + type, "{\"properties\":" + properties + "}");
        assertEquals(201, r.status(), r.body());
        return r.json();
    }

    private static long millis(JsonNode iso) {
        return Instant.parse(iso.asText()).toEpochMilli();
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---------------------------------------------------------------- the test's own signing code

    private static String sha256Hex(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : d) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hmacBase64(String key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** HUBSPOT.md §7's v3 table, applied as a receiver would. */
    private static String decodeLikeHubSpot(String uri) {
        Map<String, String> table = new HashMap<>();
        String[] pairs = {"3A", ":", "2F", "/", "3F", "?", "40", "@", "21", "!", "24", "$", "27", "'", "28", "(",
            "29", ")", "2A", "*", "2C", ",", "3B", ";"};
        for (int i = 0; i < pairs.length; i += 2) {
            table.put(pairs[i], pairs[i + 1]);
        }
        String out = uri;
        for (Map.Entry<String, String> e : table.entrySet()) {
            out = out.replace("%" + e.getKey(), e.getValue()).replace("%" + e.getKey().toLowerCase(), e.getValue());
        }
        return out;
    }

    // ---------------------------------------------------------------- the receiving end

    record Answer(int status, Map<String, String> headers, long delayMillis) { }

    /** A real HTTP listener that records every request and answers as told. */
    static final class Hook implements AutoCloseable {
        record Received(String method, String rawPathAndQuery, Headers headers, String body, JsonNode json,
                        long receivedNanos) { }

        final List<Received> requests = new CopyOnWriteArrayList<>();
        final AtomicInteger concurrent = new AtomicInteger();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        final String url;
        volatile IntFunction<Answer> answer = n -> new Answer(200, Map.of(), 0);
        /** While set and closed, every request waits for it before being answered. */
        volatile CountDownLatch gate;
        private final CountDownLatch closing = new CountDownLatch(1);
        private final AtomicInteger count = new AtomicInteger();
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();

        Hook() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
            server.setExecutor(threads);
            server.createContext("/", exchange -> {
                long at = System.nanoTime();
                int now = concurrent.incrementAndGet();
                maxConcurrent.accumulateAndGet(now, Math::max);
                try (InputStream in = exchange.getRequestBody()) {
                    String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    JsonNode json = EmulatorFixture.JSON.readTree(body);
                    String raw = exchange.getRequestURI().getRawPath()
                            + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
                    Answer a = answer.apply(count.getAndIncrement());
                    requests.add(new Received(exchange.getRequestMethod(), raw, exchange.getRequestHeaders(), body, json, at));
                    CountDownLatch g = gate;
                    if (g != null) {
                        await(g, 30_000);
                    }
                    if (a.delayMillis() > 0) {
                        await(closing, a.delayMillis());
                    }
                    a.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
                    concurrent.decrementAndGet();
                    exchange.sendResponseHeaders(a.status(), -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
            url = "http://127.0.0.1:" + server.getAddress().getPort() + HOOK_PATH;
        }

        private static void await(CountDownLatch latch, long millis) {
            try {
                latch.await(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Every event of every request, in arrival order. */
        List<JsonNode> events() {
            List<JsonNode> out = new ArrayList<>();
            for (Received r : requests) {
                r.json.forEach(out::add);
            }
            return out;
        }

        @Override
        public void close() {
            closing.countDown();
            CountDownLatch g = gate;
            if (g != null) {
                g.countDown();
            }
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
