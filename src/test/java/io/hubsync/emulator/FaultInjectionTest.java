package io.hubsync.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.fault.FaultAction;
import io.hubsync.emulator.fault.FaultRule;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fault kind, seen the way a client of the real HTTP server sees it: statuses and bodies,
 * timeouts, resets and unparseable JSON, and whether the emulator's state changed.
 */
class FaultInjectionTest {
    static EmulatorFixture emu;
    static long otherPortal;
    static String otherToken;

    private static final String LIST = "/crm/v3/objects/contacts?limit=5";
    private static final String CREATE = "/crm/v3/objects/contacts";
    private static final String SEARCH = "/crm/v3/objects/contacts/search";

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> c.portals = 2);
        otherPortal = emu.emulator.config().portalId(1);
        otherToken = emu.emulator.auth().privateAppToken(otherPortal);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void noFaults() {
        assertEquals(204, emu.admin("DELETE", "/faults", null).status());
    }

    // ---- replacement faults: what HubSpot (or its gateway) answers instead

    @Test
    void status503HasHubSpotsJsonErrorBody() {
        addRule("{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"status\",\"status\":503},\"times\":1}");
        EmulatorFixture.Reply r = emu.get(LIST);
        assertEquals(503, r.status());
        assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
        JsonNode body = r.json();
        assertEquals("error", body.get("status").asText());
        assertFalse(body.get("message").asText().isEmpty());
        UUID.fromString(body.get("correlationId").asText());
        assertEquals(body.get("correlationId").asText(), r.header("X-HubSpot-Correlation-Id"));
        assertEquals(200, emu.get(LIST).status(), "times 1: the next request is answered");
    }

    @Test
    void status500CarriesHubSpotsInternalErrorMessage() {
        addRule("{\"endpoint\":\"crm.list\",\"fault\":500,\"times\":1}");
        JsonNode body = emu.get(LIST).json();
        assertEquals("internal error", body.get("message").asText());
    }

    @Test
    void gateway502IsAnHtmlPage() {
        addRule("{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"status\",\"status\":502,\"html\":true}}");
        EmulatorFixture.Reply r = emu.get(LIST);
        assertEquals(502, r.status());
        assertTrue(r.header("Content-Type").startsWith("text/html"), r.header("Content-Type"));
        assertTrue(r.body().contains("<title>502 Bad Gateway</title>"), r.body());
        assertThrows(JsonProcessingException.class, () -> EmulatorFixture.JSON.readTree(r.body()));
    }

    @Test
    void scriptedSequenceYieldsExactlyItsStepsThenNormalAnswers() {
        long id = addRule("{\"endpoint\":\"crm.search\",\"steps\":[503,\"503\",\"ok\"]}");
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            statuses.add(emu.search("contacts", "{}").status());
        }
        assertEquals(List.of(503, 503, 200, 200, 200), statuses);
        JsonNode rule = emu.admin("GET", "/faults/" + id, null).json();
        assertEquals(3, rule.get("matched").asInt(), "the rule stops looking once spent");
        assertEquals(2, rule.get("fired").asInt(), "ok steps do not count as fired");
        assertTrue(rule.get("spent").asBoolean());
    }

    @Test
    void probabilityOneHitsEveryRequestAndZeroNone() {
        long always = addRule("{\"endpoint\":\"crm.list\",\"probability\":1.0,\"fault\":500}");
        for (int i = 0; i < 5; i++) {
            assertEquals(500, emu.get(LIST).status());
        }
        emu.admin("DELETE", "/faults/" + always, null);
        long never = addRule("{\"endpoint\":\"crm.list\",\"probability\":0.0,\"fault\":500}");
        for (int i = 0; i < 5; i++) {
            assertEquals(200, emu.get(LIST).status());
        }
        JsonNode rule = emu.admin("GET", "/faults/" + never, null).json();
        assertEquals(5, rule.get("matched").asInt());
        assertEquals(0, rule.get("fired").asInt());
    }

    @Test
    void seededProbabilityRepeatsItsPattern() {
        String rule = "{\"endpoint\":\"crm.get\",\"probability\":0.5,\"seed\":42,\"fault\":503}";
        addRule(rule);
        List<Integer> first = statuses("/crm/v3/objects/contacts/" + anyContactId(), 40);
        emu.admin("DELETE", "/faults", null);
        addRule(rule);
        List<Integer> second = statuses("/crm/v3/objects/contacts/" + anyContactId(), 40);
        assertEquals(first, second);
        assertTrue(first.contains(503) && first.contains(200), first.toString());
    }

    @Test
    void rateLimitBurstOfThreeThenOk() {
        addRule("{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"429\",\"retryAfterSeconds\":10},\"times\":3}");
        for (int i = 0; i < 3; i++) {
            EmulatorFixture.Reply r = emu.get(LIST);
            assertEquals(429, r.status());
            JsonNode b = r.json();
            assertEquals("error", b.get("status").asText());
            assertEquals("You have reached your ten_secondly_rolling limit.", b.get("message").asText());
            assertEquals("RATE_LIMIT", b.get("errorType").asText());
            assertEquals("TEN_SECONDLY_ROLLING", b.get("policyName").asText());
            assertEquals("publicapi:private_app-api-calls-ten-secondly:" + emu.portalId + ":" + emu.portalId,
                    b.get("groupName").asText());
            UUID.fromString(b.get("correlationId").asText());
            assertEquals("10", r.header("Retry-After"));
        }
        assertEquals(200, emu.get(LIST).status());
    }

    @Test
    void searchRateLimitUsesTheSecondlyPolicy() {
        addRule("{\"endpoint\":\"crm.search\",\"fault\":\"429\",\"times\":1}");
        EmulatorFixture.Reply r = emu.search("contacts", "{}");
        assertEquals(429, r.status());
        assertEquals("You have reached your secondly limit.", r.json().get("message").asText());
        assertEquals("SECONDLY", r.json().get("policyName").asText());
        assertEquals("RATE_LIMIT", r.json().get("errorType").asText());
        assertNull(r.header("Retry-After"), "no Retry-After unless asked for");
    }

    @Test
    void searchCapAnswersTheValidationError() {
        addRule("{\"endpoint\":\"crm.search\",\"fault\":{\"kind\":\"search-cap\"},\"times\":1}");
        EmulatorFixture.Reply r = emu.search("contacts", "{\"after\":\"0\"}");
        assertEquals(400, r.status());
        assertEquals("VALIDATION_ERROR", r.json().get("category").asText());
        assertEquals(HubSpotErrors.searchCap().bodyText().replaceAll("\"correlationId\":\"[^\"]+\"", ""),
                r.body().replaceAll("\"correlationId\":\"[^\"]+\"", ""));
    }

    @Test
    void expiredTokenIs401WithExpiredAuthentication() {
        addRule("{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"expired\",\"agoSeconds\":120},\"times\":1}");
        EmulatorFixture.Reply r = emu.get(LIST);
        assertEquals(401, r.status());
        JsonNode b = r.json();
        assertEquals("EXPIRED_AUTHENTICATION", b.get("category").asText());
        assertEquals("The OAuth token used to make this call expired 2 minute(s) ago.", b.get("message").asText());
        Instant expiry = Instant.parse(b.get("context").get("expire time").get(0).asText());
        long age = emu.emulator.clock().now() - expiry.toEpochMilli();
        assertTrue(age >= 120_000 && age < 180_000, "expired about two minutes ago: " + age);
        assertEquals("401 Unauthorized", r.header("x-hubspot-auth-failure"));
    }

    @Test
    void replacementFaultOnCreateCreatesNothing() {
        int before = contactCount(emu.portalId);
        addRule("{\"endpoint\":\"crm.create\",\"fault\":503,\"times\":1}");
        assertEquals(503, emu.post(CREATE, newContact()).status());
        assertEquals(before, contactCount(emu.portalId), "HubSpot refused: no record");
        assertEquals(201, emu.post(CREATE, newContact()).status());
        assertEquals(before + 1, contactCount(emu.portalId));
    }

    @Test
    void oauthTokenEndpointCanFailToo() {
        addRule("{\"endpoint\":\"oauth.token\",\"fault\":503,\"times\":1}");
        EmulatorFixture.Reply r = emu.send("POST", "/oauth/v1/token", "grant_type=refresh_token&refresh_token=x",
                null, "application/x-www-form-urlencoded");
        assertEquals(503, r.status());
        EmulatorFixture.Reply again = emu.send("POST", "/oauth/v1/token", "grant_type=refresh_token&refresh_token=x",
                null, "application/x-www-form-urlencoded");
        assertEquals(400, again.status(), "the real token endpoint refuses the bogus refresh token");
    }

    // ---- transport faults: the handler runs, the answer is spoiled

    @Test
    void slowAnswerOutlastsAShorterClientTimeout() {
        addRule("{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":20000},\"times\":1}");
        assertThrows(HttpTimeoutException.class, () -> raw("GET", LIST, null, Duration.ofMillis(300)));
    }

    @Test
    void slowAnswerStillRunsTheHandler() throws Exception {
        int before = contactCount(emu.portalId);
        addRule("{\"endpoint\":\"crm.create\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":400},\"times\":1}");
        long started = System.nanoTime();
        HttpResponse<byte[]> r = raw("POST", CREATE, newContact(), Duration.ofSeconds(30));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(201, r.statusCode());
        assertTrue(tookMillis >= 400, "answered after " + tookMillis + " ms");
        assertEquals(before + 1, contactCount(emu.portalId));
    }

    @Test
    void resetMidBodyIsAnIoErrorNotAResponse() throws Exception {
        addRule("{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"reset\",\"afterBytes\":20},\"times\":1}");
        IOException e = assertThrows(IOException.class, () -> raw("GET", LIST, null, Duration.ofSeconds(30)));
        assertFalse(e instanceof HttpTimeoutException, "a reset, not a timeout: " + e);
        assertEquals(200, raw("GET", LIST, null, Duration.ofSeconds(30)).statusCode());
    }

    @Test
    void afterSkipsRequestsThenResets() throws Exception {
        addRule("{\"endpoint\":\"crm.list\",\"after\":4,\"fault\":\"reset\",\"times\":1}");
        for (int i = 0; i < 4; i++) {
            assertEquals(200, raw("GET", LIST, null, Duration.ofSeconds(30)).statusCode());
        }
        assertThrows(IOException.class, () -> raw("GET", LIST, null, Duration.ofSeconds(30)));
        assertEquals(200, raw("GET", LIST, null, Duration.ofSeconds(30)).statusCode());
    }

    @Test
    void truncatedBodyIsA200ThatJacksonCannotParse() throws Exception {
        byte[] whole = raw("GET", LIST, null, Duration.ofSeconds(30)).body();
        addRule("{\"endpoint\":\"crm.list\",\"fault\":\"truncate\",\"times\":1}");
        HttpResponse<byte[]> r = raw("GET", LIST, null, Duration.ofSeconds(30));
        assertEquals(200, r.statusCode());
        assertEquals(whole.length / 2, r.body().length);
        assertThrows(JsonProcessingException.class, () -> EmulatorFixture.JSON.readTree(r.body()));
    }

    @Test
    void truncatedCreateStillCreatesTheRecord() throws Exception {
        int before = contactCount(emu.portalId);
        addRule("{\"endpoint\":\"crm.create\",\"fault\":{\"kind\":\"truncate\",\"bytes\":10},\"times\":1}");
        HttpResponse<byte[]> r = raw("POST", CREATE, newContact(), Duration.ofSeconds(30));
        assertEquals(201, r.statusCode());
        assertEquals(10, r.body().length);
        assertEquals(before + 1, contactCount(emu.portalId), "the write happened; only its answer was lost");
    }

    // ---- who a rule hits

    @Test
    void portalRuleHitsOnlyThatPortal() {
        addRule("{\"endpoint\":\"*\",\"portalId\":" + otherPortal + ",\"fault\":503}");
        assertEquals(200, emu.get(LIST).status());
        assertEquals(503, emu.send("GET", LIST, null, otherToken, null).status());
        assertEquals(200, emu.get(LIST).status());
    }

    @Test
    void prefixAndObjectTypeNarrowARule() {
        addRule("{\"endpoint\":\"crm.*\",\"objectType\":\"0-2\",\"fault\":502}");
        assertEquals(200, emu.get(LIST).status());
        assertEquals(502, emu.get("/crm/v3/objects/companies?limit=5").status());
        assertEquals(200, emu.get("/crm/v3/properties/companies").status(), "properties.* is not crm.*");
    }

    @Test
    void javaApiAddsRulesInProcess() {
        long id = emu.emulator.faults().add(FaultRule.on("crm.list").portal(emu.portalId)
                .steps(FaultAction.status(504), FaultAction.gatewayPage(502), FaultAction.ok()).times(2));
        List<Integer> statuses = statuses(LIST, 7);
        assertEquals(List.of(504, 502, 200, 504, 502, 200, 200), statuses);
        assertEquals(4, emu.emulator.faults().rule(id).fired());
    }

    @Test
    void concurrentRequestsConsumeEachStepOnce() throws Exception {
        long id = addRule("{\"endpoint\":\"crm.list\",\"fault\":503,\"times\":60}");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> replies = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                replies.add(pool.submit(() -> emu.get(LIST).status()));
            }
            int refused = 0;
            for (Future<Integer> f : replies) {
                refused += f.get() == 503 ? 1 : 0;
            }
            assertEquals(60, refused);
            assertEquals(60, emu.emulator.faults().rule(id).fired());
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- the admin API

    @Test
    void adminListShowsEveryRuleWithItsFireCount() {
        long a = addRule("{\"endpoint\":\"crm.list\",\"fault\":503,\"times\":2}");
        long b = addRule("{\"endpoint\":\"crm.search\",\"steps\":[\"ok\",500]}");
        statuses(LIST, 3);
        emu.search("contacts", "{}");
        JsonNode rules = emu.admin("GET", "/faults", null).json().get("rules");
        assertEquals(2, rules.size());
        assertEquals(a, rules.get(0).get("id").asLong());
        assertEquals(2, rules.get(0).get("fired").asInt());
        assertTrue(rules.get(0).get("spent").asBoolean());
        assertEquals(503, rules.get(0).get("fault").get("status").asInt());
        assertEquals(b, rules.get(1).get("id").asLong());
        assertEquals(1, rules.get(1).get("matched").asInt());
        assertEquals(0, rules.get(1).get("fired").asInt());
        assertFalse(rules.get(1).get("spent").asBoolean());
        assertEquals("ok", rules.get(1).get("steps").get(0).get("kind").asText());
    }

    @Test
    void deleteRemovesOneRuleOrAll() {
        long a = addRule("{\"endpoint\":\"crm.list\",\"fault\":503}");
        long b = addRule("{\"endpoint\":\"crm.search\",\"fault\":503}");
        assertEquals(204, emu.admin("DELETE", "/faults/" + a, null).status());
        assertEquals(404, emu.admin("DELETE", "/faults/" + a, null).status());
        assertEquals(200, emu.get(LIST).status());
        assertEquals(503, emu.search("contacts", "{}").status());
        JsonNode rules = emu.admin("GET", "/faults", null).json().get("rules");
        assertEquals(1, rules.size());
        assertEquals(b, rules.get(0).get("id").asLong());

        assertEquals(204, emu.admin("DELETE", "/faults", null).status());
        assertEquals(0, emu.admin("GET", "/faults", null).json().get("rules").size());
        assertEquals(200, emu.search("contacts", "{}").status());
    }

    @Test
    void resetClearsFaults() {
        addRule("{\"endpoint\":\"*\",\"fault\":503}");
        assertEquals(200, emu.admin("POST", "/reset", "{\"seed\":true}").status());
        assertEquals(0, emu.admin("GET", "/faults", null).json().get("rules").size());
        assertEquals(200, emu.get(LIST).status());
    }

    @Test
    void malformedRulesAreRefusedWithTheReason() {
        assertRefused("{\"endpoint\":\"crm.lists\",\"fault\":503}", "matches no route");
        assertRefused("{\"endpoint\":\"crm.list\",\"probabilty\":0.5,\"fault\":503}", "probabilty");
        assertRefused("{\"endpoint\":\"crm.list\",\"fault\":503,\"steps\":[503]}", "either fault");
        assertRefused("{\"endpoint\":\"crm.list\",\"probability\":1.5,\"fault\":503}", "probability");
        assertRefused("{\"endpoint\":\"crm.list\",\"fault\":404}", "unknown fault");
        assertRefused("{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"status\",\"status\":302}}", "4xx or 5xx");
        assertRefused("{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"status\",\"status\":429}}", "429 kinds");
        assertRefused("{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"429\",\"policy\":\"HOURLY\"}}", "policy");
        assertEquals(0, emu.admin("GET", "/faults", null).json().get("rules").size());
    }

    // ---- helpers

    private static long addRule(String json) {
        EmulatorFixture.Reply r = emu.admin("POST", "/faults", json);
        assertEquals(201, r.status(), r.body());
        return r.json().get("id").asLong();
    }

    private static void assertRefused(String json, String reason) {
        EmulatorFixture.Reply r = emu.admin("POST", "/faults", json);
        assertEquals(400, r.status(), json);
        assertEquals("VALIDATION_ERROR", r.json().get("category").asText());
        assertTrue(r.json().get("message").asText().contains(reason), r.body());
    }

    private static List<Integer> statuses(String path, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(emu.get(path).status());
        }
        return out;
    }

    private static String anyContactId() {
        return emu.get(LIST).json().get("results").get(0).get("id").asText();
    }

    private static int contactCount(long portalId) {
        EmulatorFixture.Reply r = emu.admin("GET", "/portals/" + portalId + "/contacts/dump", null);
        assertEquals(200, r.status(), r.body());
        return r.json().get("records").size();
    }

    private static String newContact() {
        return "{\"properties\":{\"email\":\"" + UUID.randomUUID() + "@example.com\",\"firstname\":\"Fault\"}}";
    }

    /** One exchange on a fresh client, so a reset or timeout touches no connection other tests share. */
    private static HttpResponse<byte[]> raw(String method, String path, String body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emu.base + path)).timeout(timeout)
                .header("Authorization", "Bearer " + emu.token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertNotNull(r.body());
        return r;
    }
}
