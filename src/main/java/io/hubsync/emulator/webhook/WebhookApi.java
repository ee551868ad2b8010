package io.hubsync.emulator.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.ApiException;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.admin.AdminJson;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;
import io.hubsync.emulator.http.Router;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The emulator's own API for its outgoing webhooks (not HubSpot's webhooks v3 management API):
 * where to deliver, which subscriptions and properties, duplicates, retries, and the delivery
 * counters. Settings changed here last until changed again; a reset clears only queues and counters.
 *
 * <pre>
 * POST   /_emulator/webhooks  {"targetUrl":"http://…","subscriptions":["contact.creation"],"properties":["email"],
 *                              "duplicates":false,"maxRetries":3,"retryBaseMillis":50,"timeoutMillis":5000}
 * GET    /_emulator/webhooks  the settings and {"stats":{…}}
 * DELETE /_emulator/webhooks  delivery off: the target URL is cleared and what waits is dropped
 * </pre>
 * Every field of the POST is optional and leaves the current value when absent;
 * {@code "targetUrl":null} turns delivery off; {@code "*"} means every subscription or every property.
 */
public final class WebhookApi {
    private static final String PATH = "/_emulator/webhooks";
    private static final Set<String> FIELDS = Set.of("targetUrl", "subscriptions", "properties", "duplicates",
            "maxRetries", "retryBaseMillis", "timeoutMillis");
    private final WebhookSender sender;

    public WebhookApi(WebhookSender sender) {
        this.sender = sender;
    }

    public void register(Router router) {
        Route.Kind admin = Route.Kind.ADMIN;
        router.add("GET", PATH, "admin.webhooks", admin, null, (q, c) -> state())
              .add("POST", PATH, "admin.webhooks-set", admin, null, this::configure)
              .add("DELETE", PATH, "admin.webhooks-off", admin, null, (q, c) -> {
                  sender.configure(sender.settings().withTargetUrl(null));
                  return state();
              });
    }

    private EmuResponse configure(EmuRequest req, RequestContext ctx) {
        JsonNode b = body(req);
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw bad("Unknown field " + f + "; expected some of " + FIELDS);
            }
        }
        WebhookSettings s = sender.settings();
        if (b.has("targetUrl")) {
            s = s.withTargetUrl(b.get("targetUrl").isNull() ? null : targetUrl(b.get("targetUrl").asText()));
        }
        if (b.has("subscriptions")) {
            Set<String> types = strings(b.get("subscriptions"), "subscriptions");
            for (String t : types) {
                if (!t.equals(WebhookSettings.ALL) && !WebhookSubscriptions.supported(t)) {
                    throw bad("Unsupported subscription type " + t + "; supported: " + WebhookSubscriptions.all());
                }
            }
            s = s.withSubscriptions(types);
        }
        if (b.has("properties")) {
            s = s.withProperties(strings(b.get("properties"), "properties"));
        }
        if (b.has("duplicates")) {
            s = s.withDuplicates(b.get("duplicates").asBoolean());
        }
        int maxRetries = b.has("maxRetries") ? (int) number(b, "maxRetries", 0) : s.maxRetries();
        long base = b.has("retryBaseMillis") ? number(b, "retryBaseMillis", 1) : s.retryBaseMillis();
        s = s.withRetries(maxRetries, base);
        if (b.has("timeoutMillis")) {
            s = s.withTimeoutMillis(number(b, "timeoutMillis", 1));
        }
        sender.configure(s);
        return state();
    }

    private EmuResponse state() {
        WebhookSettings s = sender.settings();
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("targetUrl", s.targetUrl());
        n.put("enabled", s.enabled());
        var subs = n.putArray("subscriptions");
        ObjectNode ids = n.putObject("subscriptionIds");
        for (String t : WebhookSubscriptions.all()) {
            if (s.subscriptions().contains(t)) {
                subs.add(t);
            }
            ids.put(t, WebhookSubscriptions.id(t));
        }
        var props = n.putArray("properties");
        s.properties().stream().sorted().forEach(props::add);
        n.put("duplicates", s.duplicates());
        n.put("maxRetries", s.maxRetries());
        n.put("retryBaseMillis", s.retryBaseMillis());
        n.put("timeoutMillis", s.timeoutMillis());
        n.put("maxConcurrentRequests", WebhookSender.MAX_IN_FLIGHT);
        n.put("maxEventsPerRequest", WebhookSender.MAX_EVENTS_PER_REQUEST);
        WebhookStats st = sender.stats();
        ObjectNode stats = n.putObject("stats");
        stats.put("accepted", st.accepted());
        stats.put("queued", st.queued());
        stats.put("pending", st.pending());
        stats.put("inFlight", st.inFlight());
        stats.put("sent", st.sent());
        stats.put("delivered", st.delivered());
        stats.put("deliveredEvents", st.deliveredEvents());
        stats.put("failedAttempts", st.failedAttempts());
        stats.put("retried", st.retried());
        stats.put("dropped", st.dropped());
        stats.put("droppedEvents", st.droppedEvents());
        return EmuResponse.json(200, n.toString());
    }

    private static String targetUrl(String url) {
        try {
            URI u = new URI(url);
            if (!List.of("http", "https").contains(String.valueOf(u.getScheme())) || u.getHost() == null) {
                throw bad("targetUrl must be an absolute http or https URL: " + url);
            }
            return url;
        } catch (URISyntaxException e) {
            throw bad("targetUrl is not a URL: " + e.getMessage());
        }
    }

    private static Set<String> strings(JsonNode array, String field) {
        if (!array.isArray()) {
            throw bad(field + " must be an array of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }

    private static long number(JsonNode b, String field, long min) {
        JsonNode v = b.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asLong() < min) {
            throw bad(field + " must be a whole number of at least " + min);
        }
        return v.asLong();
    }

    private static JsonNode body(EmuRequest req) {
        JsonNode n = AdminJson.body(req);
        if (!n.isObject()) {
            throw bad("Expected a JSON object");
        }
        return n;
    }

    private static ApiException bad(String message) {
        return new ApiException(HubSpotErrors.validation(message));
    }
}
