package io.hubsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.ratelimit.RateLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HubSpot's rate limits as the emulator enforces them, over real HTTP with a frozen clock: time
 * only moves when a test moves it, so every window edge is exact and nothing sleeps.
 */
class RateLimitTest {
    /** A weekday noon, far from midnight UTC, so only the daily test meets a day boundary. */
    static final long T0 = Instant.parse("2026-03-10T12:00:00Z").toEpochMilli();
    static final String LIST = "/crm/v3/objects/contacts?limit=1";
    static final String SEARCH_BODY = "{\"limit\":1}";

    static EmulatorFixture emu;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> {
            c.contacts = 20;
            c.rateLimits = "professional";
        });
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void freshBudgetsAtT0() {
        emu.emulator.rateLimiter().update(l -> RateLimits.of("professional", 0, 5, false));
        emu.emulator.rateLimiter().reset();
        emu.emulator.clock().freezeAt(T0);
    }

    // ------------------------------------------------------------------ 10-second window

    @Test
    void professionalRefusesThe191stCallInTenSecondsWithHubSpotsBody() {
        for (int i = 1; i <= 190; i++) {
            EmulatorFixture.Reply r = emu.get(LIST);
            assertEquals(200, r.status(), "call " + i + ": " + r.body());
            assertEquals("190", r.header("X-HubSpot-RateLimit-Max"));
            assertEquals(Integer.toString(190 - i), r.header("X-HubSpot-RateLimit-Remaining"), "call " + i);
        }
        EmulatorFixture.Reply r = emu.get(LIST);
        assertEquals(429, r.status());
        JsonNode b = r.json();
        assertEquals("error", b.get("status").asText());
        assertEquals("You have reached your ten_secondly_rolling limit.", b.get("message").asText());
        assertEquals("RATE_LIMIT", b.get("errorType").asText());
        assertEquals("TEN_SECONDLY_ROLLING", b.get("policyName").asText());
        assertEquals("publicapi:private_app-api-calls-ten-secondly:private-" + emu.portalId + ":" + emu.portalId,
                b.get("groupName").asText());
        String correlation = b.get("correlationId").asText();
        assertEquals(correlation, UUID.fromString(correlation).toString());
        assertEquals(correlation, r.header("X-HubSpot-Correlation-Id"));
        assertEquals("0", r.header("X-HubSpot-RateLimit-Remaining"));
        assertEquals("190", r.header("X-HubSpot-RateLimit-Max"));
        assertNull(r.header("Retry-After"), "Retry-After is off by default");

        emu.emulator.clock().advance(Duration.ofMillis(10_000));
        EmulatorFixture.Reply after = emu.get(LIST);
        assertEquals(200, after.status(), after.body());
        assertEquals("189", after.header("X-HubSpot-RateLimit-Remaining"));
    }

    @Test
    void windowRollsInsteadOfResettingInBuckets() {
        spend(100, 200);
        emu.emulator.clock().advance(Duration.ofMillis(5_000));
        spend(90, 200);
        assertEquals(429, emu.get(LIST).status(), "190 in the last 10 s");
        emu.emulator.clock().freezeAt(T0 + 9_999);
        assertEquals(429, emu.get(LIST).status(), "a call at t counts until t + 10 s");
        emu.emulator.clock().freezeAt(T0 + 10_000);
        for (int i = 1; i <= 100; i++) {
            EmulatorFixture.Reply r = emu.get(LIST);
            assertEquals(200, r.status(), "freed call " + i);
            assertEquals(Integer.toString(100 - i), r.header("X-HubSpot-RateLimit-Remaining"));
        }
        assertEquals(429, emu.get(LIST).status(), "the 90 from t=5 s still count: a fixed bucket would have freed them");
        emu.emulator.clock().freezeAt(T0 + 14_999);
        assertEquals(429, emu.get(LIST).status());
        emu.emulator.clock().freezeAt(T0 + 15_000);
        spend(90, 200);
        assertEquals(429, emu.get(LIST).status());
    }

    @Test
    void refusedCallsConsumeNoBudget() {
        spend(190, 200);
        emu.emulator.clock().advance(Duration.ofMillis(5_000));
        spend(5, 429);
        emu.emulator.clock().freezeAt(T0 + 10_000);
        EmulatorFixture.Reply r = emu.get(LIST);
        assertEquals(200, r.status());
        assertEquals("189", r.header("X-HubSpot-RateLimit-Remaining"), "the five 429s at t=5 s must not count");
    }

    @Test
    void everyApiResponseAfterAuthCarriesTheHeaders() {
        EmulatorFixture.Reply first = emu.get(LIST);
        assertEquals("10000", first.header("X-HubSpot-RateLimit-Interval-Milliseconds"));
        assertEquals("190", first.header("X-HubSpot-RateLimit-Max"));
        assertEquals("189", first.header("X-HubSpot-RateLimit-Remaining"));
        assertEquals("19", first.header("X-HubSpot-RateLimit-Secondly"));
        assertEquals("18", first.header("X-HubSpot-RateLimit-Secondly-Remaining"));
        assertEquals("625000", first.header("X-HubSpot-RateLimit-Daily"));
        assertEquals("624999", first.header("X-HubSpot-RateLimit-Daily-Remaining"));

        EmulatorFixture.Reply missing = emu.get("/crm/v3/objects/contacts/999999999");
        assertEquals(404, missing.status());
        assertEquals("188", missing.header("X-HubSpot-RateLimit-Remaining"), "errors count and carry headers");
        assertEquals("624998", missing.header("X-HubSpot-RateLimit-Daily-Remaining"));

        emu.emulator.clock().advance(Duration.ofMillis(1_000));
        EmulatorFixture.Reply later = emu.get(LIST);
        assertEquals("187", later.header("X-HubSpot-RateLimit-Remaining"));
        assertEquals("18", later.header("X-HubSpot-RateLimit-Secondly-Remaining"), "only this call in the last second");

        EmulatorFixture.Reply unauthenticated = emu.send("GET", LIST, null, "pat-na1-not-a-token", null);
        assertEquals(401, unauthenticated.status());
        assertEquals(List.of(), rateLimitHeaders(unauthenticated), "no caller, no budget to report");
        assertEquals("186", emu.get(LIST).header("X-HubSpot-RateLimit-Remaining"), "a 401 spends nothing");
    }

    @Test
    void callsFromManyThreadsAdmitExactlyTheBudget() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                calls.add(pool.submit(() -> emu.get(LIST).status()));
            }
            int ok = 0;
            int limited = 0;
            for (Future<Integer> f : calls) {
                int s = f.get();
                if (s == 200) {
                    ok++;
                } else if (s == 429) {
                    limited++;
                }
            }
            assertEquals(190, ok);
            assertEquals(210, limited);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ search

    @Test
    void searchHasItsOwnPerSecondBudgetAndNoHeaders() {
        for (int i = 1; i <= 5; i++) {
            EmulatorFixture.Reply r = emu.search("contacts", SEARCH_BODY);
            assertEquals(200, r.status(), "search " + i + ": " + r.body());
            assertEquals(List.of(), rateLimitHeaders(r));
        }
        EmulatorFixture.Reply sixth = emu.search("contacts", SEARCH_BODY);
        assertEquals(429, sixth.status());
        JsonNode b = sixth.json();
        assertEquals("error", b.get("status").asText());
        assertEquals("You have reached your secondly limit.", b.get("message").asText());
        assertEquals("RATE_LIMIT", b.get("errorType").asText());
        assertEquals("SECONDLY", b.get("policyName").asText());
        assertEquals(b.get("correlationId").asText(), sixth.header("X-HubSpot-Correlation-Id"));
        assertEquals(List.of(), rateLimitHeaders(sixth));

        EmulatorFixture.Reply list = emu.get(LIST);
        assertEquals(200, list.status(), "list calls have their own budget");
        assertEquals("189", list.header("X-HubSpot-RateLimit-Remaining"), "searches are exempt from the 10-second budget");
        assertEquals("624999", list.header("X-HubSpot-RateLimit-Daily-Remaining"));

        emu.emulator.clock().freezeAt(T0 + 999);
        assertEquals(429, emu.search("contacts", SEARCH_BODY).status(), "the second is rolling");
        emu.emulator.clock().freezeAt(T0 + 1_000);
        assertEquals(200, emu.search("contacts", SEARCH_BODY).status());
    }

    @Test
    void searchBudgetFollowsTheConfiguredRate() {
        emu.emulator.rateLimiter().update(l -> l.withSearchPerSecond(2));
        assertEquals(200, emu.search("contacts", SEARCH_BODY).status());
        assertEquals(200, emu.search("contacts", SEARCH_BODY).status());
        assertEquals(429, emu.search("contacts", SEARCH_BODY).status());
    }

    // ------------------------------------------------------------------ daily

    @Test
    void dailyLimitRefusesUntilMidnightUtc() {
        assertEquals(200, emu.admin("POST", "/rate-limits", "{\"dailyLimit\":3}").status());
        long lateEvening = Instant.parse("2026-03-10T23:59:40Z").toEpochMilli();
        emu.emulator.clock().freezeAt(lateEvening);
        for (int i = 1; i <= 3; i++) {
            EmulatorFixture.Reply r = emu.get(LIST);
            assertEquals(200, r.status());
            assertEquals("3", r.header("X-HubSpot-RateLimit-Daily"));
            assertEquals(Integer.toString(3 - i), r.header("X-HubSpot-RateLimit-Daily-Remaining"));
        }
        EmulatorFixture.Reply r = emu.get(LIST);
        assertEquals(429, r.status());
        JsonNode b = r.json();
        assertEquals("error", b.get("status").asText());
        assertEquals("You have reached your daily limit.", b.get("message").asText());
        assertEquals("RATE_LIMIT", b.get("errorType").asText());
        assertEquals("DAILY", b.get("policyName").asText());
        assertEquals(b.get("correlationId").asText(), r.header("X-HubSpot-Correlation-Id"));
        assertTrue(b.hasNonNull("requestId"));
        assertEquals("0", r.header("X-HubSpot-RateLimit-Daily-Remaining"));
        assertEquals("187", r.header("X-HubSpot-RateLimit-Remaining"), "the refused call took no burst budget either");

        emu.emulator.clock().freezeAt(Instant.parse("2026-03-10T23:59:59.999Z").toEpochMilli());
        assertEquals(429, emu.get(LIST).status(), "the 10-second window has room; the day has not");
        emu.emulator.clock().freezeAt(Instant.parse("2026-03-11T00:00:00Z").toEpochMilli());
        EmulatorFixture.Reply nextDay = emu.get(LIST);
        assertEquals(200, nextDay.status());
        assertEquals("2", nextDay.header("X-HubSpot-RateLimit-Daily-Remaining"));
    }

    @Test
    void dailyLimitIsSharedByThePortalsPrivateApps() {
        emu.emulator.rateLimiter().update(l -> l.withDailyLimit(2));
        String other = emu.admin("POST", "/private-apps", "{\"portalId\":" + emu.portalId
                + ",\"scopes\":[\"crm.objects.contacts.read\"]}").json().get("token").asText();
        assertEquals(200, emu.get(LIST).status());
        EmulatorFixture.Reply second = emu.send("GET", LIST, null, other, null);
        assertEquals(200, second.status());
        assertEquals("189", second.header("X-HubSpot-RateLimit-Remaining"), "the burst budget is per app");
        assertEquals("0", second.header("X-HubSpot-RateLimit-Daily-Remaining"), "the day is per portal");
        assertEquals("DAILY", emu.get(LIST).json().get("policyName").asText());
    }

    // ------------------------------------------------------------------ OAuth

    @Test
    void oauthTokensGet110AndNoDailyLimit() {
        String oauth = oauthToken();
        emu.emulator.rateLimiter().update(l -> l.withDailyLimit(1));
        assertEquals(200, emu.get(LIST).status());
        assertEquals("DAILY", emu.get(LIST).json().get("policyName").asText(), "the private app's day is spent");

        for (int i = 1; i <= 110; i++) {
            EmulatorFixture.Reply r = emu.send("GET", LIST, null, oauth, null);
            assertEquals(200, r.status(), "OAuth call " + i + ": " + r.body());
            assertEquals("110", r.header("X-HubSpot-RateLimit-Max"));
            assertEquals(Integer.toString(110 - i), r.header("X-HubSpot-RateLimit-Remaining"));
            assertEquals("11", r.header("X-HubSpot-RateLimit-Secondly"));
            assertNull(r.header("X-HubSpot-RateLimit-Daily"));
            assertNull(r.header("X-HubSpot-RateLimit-Daily-Remaining"));
        }
        EmulatorFixture.Reply r = emu.send("GET", LIST, null, oauth, null);
        assertEquals(429, r.status());
        assertEquals("TEN_SECONDLY_ROLLING", r.json().get("policyName").asText());
        assertEquals("You have reached your ten_secondly_rolling limit.", r.json().get("message").asText());
        assertEquals("publicapi:oauth-api-calls-ten-secondly:" + emu.emulator.config().appId + ":" + emu.portalId,
                r.json().get("groupName").asText());
        assertNull(r.header("X-HubSpot-RateLimit-Daily"));
    }

    @Test
    void oauthGets110EvenWhenThePrivateAppTierIsLarger() {
        String oauth = oauthToken();
        emu.emulator.rateLimiter().update(l -> l.withTier("pack"));
        assertEquals("250", emu.get(LIST).header("X-HubSpot-RateLimit-Max"));
        assertEquals("110", emu.send("GET", LIST, null, oauth, null).header("X-HubSpot-RateLimit-Max"));
    }

    // ------------------------------------------------------------------ configuration

    @Test
    void offMeansNoRefusalAndNoHeadersEver() {
        try (EmulatorFixture off = new EmulatorFixture(c -> c.contacts = 5)) {
            off.emulator.clock().freezeAt(T0);
            for (int i = 0; i < 300; i++) {
                EmulatorFixture.Reply r = off.get(LIST);
                assertEquals(200, r.status());
                assertEquals(List.of(), rateLimitHeaders(r));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(200, off.search("contacts", SEARCH_BODY).status());
            }
            JsonNode state = off.admin("GET", "/rate-limits", null).json();
            assertEquals("off", state.get("tier").asText());
            assertFalse(state.get("enabled").asBoolean());
        }
    }

    @Test
    void switchingOffAtRunTimeStopsRefusing() {
        spend(190, 200);
        assertEquals(429, emu.get(LIST).status());
        assertEquals(200, emu.admin("POST", "/rate-limits", "{\"tier\":\"off\"}").status());
        EmulatorFixture.Reply r = emu.get(LIST);
        assertEquals(200, r.status());
        assertEquals(List.of(), rateLimitHeaders(r));
    }

    @Test
    void retryAfterWhenTurnedOn() {
        emu.admin("POST", "/rate-limits", "{\"retryAfter\":true}");
        spend(190, 200);
        emu.emulator.clock().advance(Duration.ofMillis(2_500));
        EmulatorFixture.Reply r = emu.get(LIST);
        assertEquals(429, r.status());
        assertEquals("8", r.header("Retry-After"), "the first call frees at t=10 s, 7.5 s away, rounded up");
        spend(5, 200, true);
        assertEquals("1", emu.search("contacts", SEARCH_BODY).header("Retry-After"));
    }

    @Test
    void adminEndpointReadsAndChangesTheLimits() {
        JsonNode state = emu.admin("GET", "/rate-limits", null).json();
        assertEquals("professional", state.get("tier").asText());
        assertTrue(state.get("enabled").asBoolean());
        assertEquals(190, state.get("tenSecondlyMax").asInt());
        assertEquals(110, state.get("oauthTenSecondlyMax").asInt());
        assertEquals(0, state.get("dailyLimit").asLong());
        assertEquals(625_000, state.get("privateAppDailyLimit").asLong());
        assertEquals(5, state.get("searchPerSecond").asInt());
        assertFalse(state.get("retryAfter").asBoolean());

        EmulatorFixture.Reply bad = emu.admin("POST", "/rate-limits", "{\"tier\":\"platinum\",\"searchPerSecond\":9}");
        assertEquals(400, bad.status());
        assertEquals("VALIDATION_ERROR", bad.json().get("category").asText());
        assertEquals("professional", emu.admin("GET", "/rate-limits", null).json().get("tier").asText());
        assertEquals(5, emu.admin("GET", "/rate-limits", null).json().get("searchPerSecond").asInt(),
                "a refused change changes nothing");

        JsonNode numeric = emu.admin("POST", "/rate-limits", "{\"tier\":3}").json();
        assertEquals("3", numeric.get("tier").asText());
        assertTrue(numeric.get("privateAppDailyLimit").isNull(), "a bare number names no daily limit");
        spend(3, 200);
        EmulatorFixture.Reply fourth = emu.get(LIST);
        assertEquals(429, fourth.status());
        assertEquals("3", fourth.header("X-HubSpot-RateLimit-Max"));
        assertNull(fourth.header("X-HubSpot-RateLimit-Daily"));

        JsonNode usage = emu.admin("GET", "/rate-limits", null).json().get("usage").get(0);
        assertEquals(emu.portalId, usage.get("portalId").asLong());
        assertEquals(3, usage.get("dailyUsed").asLong());
        assertEquals(3, usage.get("inWindowByApp").get("private-" + emu.portalId).asInt());

        JsonNode cleared = emu.admin("DELETE", "/rate-limits/usage", null).json();
        assertEquals(0, cleared.get("usage").size());
        assertEquals(200, emu.get(LIST).status());
    }

    @Test
    void emulatorResetClearsSpentBudgets() {
        spend(190, 200);
        assertEquals(429, emu.get(LIST).status());
        assertEquals(200, emu.admin("POST", "/reset", null).status());
        EmulatorFixture.Reply r = emu.get(LIST);
        assertEquals(200, r.status());
        assertEquals("189", r.header("X-HubSpot-RateLimit-Remaining"));
        assertEquals("professional", emu.admin("GET", "/rate-limits", null).json().get("tier").asText(),
                "reset forgets budgets, not the limits");
    }

    // ------------------------------------------------------------------ helpers

    private static void spend(int calls, int expectedStatus) {
        spend(calls, expectedStatus, false);
    }

    private static void spend(int calls, int expectedStatus, boolean search) {
        for (int i = 1; i <= calls; i++) {
            EmulatorFixture.Reply r = search ? emu.search("contacts", SEARCH_BODY) : emu.get(LIST);
            assertEquals(expectedStatus, r.status(), "call " + i + ": " + r.body());
        }
    }

    private static List<String> rateLimitHeaders(EmulatorFixture.Reply r) {
        return r.raw().headers().map().keySet().stream()
                .filter(h -> h.toLowerCase(Locale.ROOT).startsWith("x-hubspot-ratelimit")).toList();
    }

    /** The authorization-code flow through the emulator's own OAuth endpoints. */
    private static String oauthToken() {
        return new OAuthFlow(emu).accessToken("crm.objects.contacts.read");
    }
}
