package io.hubsync.emulator.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.ApiException;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.admin.AdminJson;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;
import io.hubsync.emulator.http.Router;

/**
 * The emulator's admin endpoint for rate limits, so a test or a benchmark can switch tiers, shrink
 * the daily limit or clear spent budgets without restarting the emulator.
 *
 * <ul>
 *   <li>{@code GET /_emulator/rate-limits}: the limits in force and what each portal has spent.</li>
 *   <li>{@code POST /_emulator/rate-limits} with any of {@code {"tier":"professional"|"off"|190,
 *       "dailyLimit":N (0 = by tier), "searchPerSecond":N, "retryAfter":true}}: changes them (spent
 *       budgets stay spent) and answers as GET does; a bad value is a 400 and changes nothing.</li>
 *   <li>{@code DELETE /_emulator/rate-limits/usage}: forgets every spent budget, answers as GET does.</li>
 * </ul>
 */
public final class RateLimitApi {
    private static final String P = "/_emulator/rate-limits";
    private final RateLimiter limiter;

    public RateLimitApi(RateLimiter limiter) {
        this.limiter = limiter;
    }

    public void register(Router router) {
        Route.Kind admin = Route.Kind.ADMIN;
        router.add("GET", P, "admin.rate-limits", admin, null, (q, c) -> state())
              .add("POST", P, "admin.rate-limits-set", admin, null, this::change)
              .add("DELETE", P + "/usage", "admin.rate-limits-usage-reset", admin, null, (q, c) -> {
                  limiter.reset();
                  return state();
              });
    }

    private EmuResponse change(EmuRequest req, RequestContext ctx) {
        JsonNode b = AdminJson.body(req);
        try {
            limiter.update(l -> {
                RateLimits next = l;
                if (b.has("tier")) {
                    next = next.withTier(b.get("tier").asText());
                }
                if (b.has("dailyLimit")) {
                    next = next.withDailyLimit(integral(b, "dailyLimit"));
                }
                if (b.has("searchPerSecond")) {
                    next = next.withSearchPerSecond(Math.toIntExact(integral(b, "searchPerSecond")));
                }
                if (b.has("retryAfter")) {
                    if (!b.get("retryAfter").isBoolean()) {
                        throw new IllegalArgumentException("retryAfter must be true or false");
                    }
                    next = next.withRetryAfter(b.get("retryAfter").asBoolean());
                }
                return next;
            });
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ApiException(HubSpotErrors.validation(e.getMessage()));
        }
        return state();
    }

    private static long integral(JsonNode b, String field) {
        JsonNode n = b.get(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException(field + " must be a whole number, got " + n);
        }
        return n.asLong();
    }

    private EmuResponse state() {
        RateLimits l = limiter.limits();
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("tier", l.tier());
        n.put("enabled", l.enabled());
        n.put("intervalMillis", RateLimits.INTERVAL_MILLIS);
        n.put("tenSecondlyMax", l.tenSecondlyMax(false));
        n.put("oauthTenSecondlyMax", RateLimits.OAUTH_TEN_SECONDLY);
        n.put("dailyLimit", l.dailyLimitOverride());
        long effective = l.dailyLimit(false);
        if (effective > 0) {
            n.put("privateAppDailyLimit", effective);
        } else {
            n.putNull("privateAppDailyLimit");
        }
        n.put("dailyResetsAt", "00:00 UTC");
        n.put("searchPerSecond", l.searchPerSecond());
        n.put("retryAfter", l.retryAfter());
        ArrayNode usage = n.putArray("usage");
        limiter.usage().forEach((portalId, s) -> {
            ObjectNode u = usage.addObject();
            u.put("portalId", portalId);
            u.put("dailyUsed", s.dailyUsed());
            u.put("searchInLastSecond", s.searchInLastSecond());
            ObjectNode apps = u.putObject("inWindowByApp");
            s.inWindowByApp().forEach(apps::put);
        });
        return EmuResponse.json(200, n.toString());
    }
}
