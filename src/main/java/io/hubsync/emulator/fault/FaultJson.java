package io.hubsync.emulator.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.ratelimit.Policy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and writes the admin API's rule format (described in {@link FaultApi}). Unknown fields
 * are refused rather than ignored: a misspelt {@code probabilty} would otherwise turn a 5% fault
 * into a permanent one and the test would fail for a reason nobody sees.
 */
final class FaultJson {
    private static final Set<String> RULE_FIELDS = Set.of("endpoint", "portalId", "objectType", "after",
            "probability", "seed", "times", "fault", "steps");

    private FaultJson() { }

    /** @throws IllegalArgumentException with a message for the caller when the JSON is not a valid rule */
    static FaultRule parseRule(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a fault rule is a JSON object");
        }
        onlyFields(n, RULE_FIELDS, "rule");
        if (!n.path("endpoint").isTextual()) {
            throw new IllegalArgumentException("endpoint is required: a name such as crm.list, a prefix such as "
                    + "crm.*, or *");
        }
        FaultRule rule = FaultRule.on(n.get("endpoint").asText());
        if (n.has("fault") == n.has("steps")) {
            throw new IllegalArgumentException("give either fault (one action for every matching request) or "
                    + "steps (a sequence), not both or neither");
        }
        if (n.has("fault")) {
            rule = rule.fault(parseAction(n.get("fault")));
        } else {
            JsonNode steps = n.get("steps");
            if (!steps.isArray()) {
                throw new IllegalArgumentException("steps is an array of actions");
            }
            List<FaultAction> actions = new ArrayList<>();
            steps.forEach(s -> actions.add(parseAction(s)));
            rule = rule.steps(actions);
        }
        if (n.has("portalId")) {
            rule = rule.portal(longField(n, "portalId"));
        }
        if (n.has("objectType")) {
            rule = rule.objectType(textField(n, "objectType"));
        }
        if (n.has("after")) {
            rule = rule.after(intField(n, "after"));
        }
        if (n.has("times")) {
            rule = rule.times(intField(n, "times"));
        }
        if (n.has("probability")) {
            if (!n.get("probability").isNumber()) {
                throw new IllegalArgumentException("probability must be a number between 0 and 1");
            }
            rule = rule.probability(n.get("probability").asDouble());
        }
        if (n.has("seed")) {
            rule = rule.seed(longField(n, "seed"));
        }
        return rule;
    }

    /** An action object, or its short form: {@code "ok"}, {@code 503}, {@code "503"}, {@code "reset"}, ... */
    static FaultAction parseAction(JsonNode n) {
        if (n.isIntegralNumber()) {
            return shortForm(n.asText());
        }
        if (n.isTextual()) {
            return shortForm(n.asText());
        }
        if (!n.isObject() || !n.path("kind").isTextual()) {
            throw new IllegalArgumentException("an action is an object with a kind, or a short form such as "
                    + "\"ok\", 503 or \"reset\": " + n);
        }
        String kind = n.get("kind").asText().toLowerCase(Locale.ROOT);
        switch (kind) {
            case "ok":
                onlyFields(n, Set.of("kind"), kind);
                return FaultAction.ok();
            case "status":
                onlyFields(n, Set.of("kind", "status", "html", "message", "category"), kind);
                if (!n.has("status")) {
                    throw new IllegalArgumentException("a status action needs a status, e.g. 503");
                }
                if (n.has("html") && !n.get("html").isBoolean()) {
                    throw new IllegalArgumentException("html must be true or false");
                }
                return new FaultAction.ServerError(intField(n, "status"), n.path("html").asBoolean(false),
                        n.has("message") ? textField(n, "message") : null,
                        n.has("category") ? textField(n, "category") : null);
            case "429":
            case "rate-limit":
                onlyFields(n, Set.of("kind", "policy", "retryAfterSeconds"), kind);
                return FaultAction.rateLimited(n.has("policy") ? Policy.parse(textField(n, "policy")) : null,
                        n.has("retryAfterSeconds") ? intField(n, "retryAfterSeconds") : null);
            case "slow":
                onlyFields(n, Set.of("kind", "delayMillis"), kind);
                return FaultAction.slow(n.has("delayMillis") ? longField(n, "delayMillis")
                        : FaultAction.DEFAULT_SLOW_MILLIS);
            case "reset":
                onlyFields(n, Set.of("kind", "afterBytes"), kind);
                return FaultAction.reset(n.has("afterBytes") ? intField(n, "afterBytes") : FaultAction.HALF);
            case "truncate":
                onlyFields(n, Set.of("kind", "bytes"), kind);
                return FaultAction.truncate(n.has("bytes") ? intField(n, "bytes") : FaultAction.HALF);
            case "search-cap":
                onlyFields(n, Set.of("kind"), kind);
                return FaultAction.searchCap();
            case "expired":
                onlyFields(n, Set.of("kind", "agoSeconds"), kind);
                return FaultAction.expired(n.has("agoSeconds") ? longField(n, "agoSeconds")
                        : FaultAction.DEFAULT_EXPIRED_AGO_SECONDS);
            default:
                throw new IllegalArgumentException("unknown fault kind " + kind + "; use ok, status, 429, slow, "
                        + "reset, truncate, search-cap or expired");
        }
    }

    private static FaultAction shortForm(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        switch (k) {
            case "ok": return FaultAction.ok();
            case "429": case "rate-limit": return FaultAction.rateLimited();
            case "slow": return FaultAction.slow(FaultAction.DEFAULT_SLOW_MILLIS);
            case "reset": return FaultAction.reset(FaultAction.HALF);
            case "truncate": return FaultAction.truncate(FaultAction.HALF);
            case "search-cap": return FaultAction.searchCap();
            case "expired": return FaultAction.expired(FaultAction.DEFAULT_EXPIRED_AGO_SECONDS);
            default:
                if (k.matches("5\\d\\d")) {
                    return FaultAction.status(Integer.parseInt(k));
                }
                throw new IllegalArgumentException("unknown fault " + s + "; short forms are ok, 500-599, 429, "
                        + "slow, reset, truncate, search-cap and expired");
        }
    }

    static ObjectNode write(FaultInjector.RuleState s) {
        FaultRule r = s.rule();
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("id", s.id());
        n.put("endpoint", r.endpoint());
        if (r.portalId() != 0) {
            n.put("portalId", r.portalId());
        }
        if (r.objectType() != null) {
            n.put("objectType", r.objectType());
        }
        n.put("after", r.after());
        n.put("probability", r.probability());
        if (r.seed() != null) {
            n.put("seed", r.seed());
        }
        if (r.times() != null) {
            n.put("times", r.times());
        }
        if (r.sequence()) {
            ArrayNode steps = n.putArray("steps");
            r.steps().forEach(a -> steps.add(write(a)));
        } else {
            n.set("fault", write(r.steps().get(0)));
        }
        n.put("matched", s.matched());
        n.put("fired", s.fired());
        n.put("spent", s.spent());
        return n;
    }

    static ObjectNode write(FaultAction a) {
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("kind", a.kind());
        if (a instanceof FaultAction.ServerError e) {
            n.put("status", e.status());
            n.put("html", e.html());
            if (e.message() != null) {
                n.put("message", e.message());
            }
            if (e.category() != null) {
                n.put("category", e.category());
            }
        } else if (a instanceof FaultAction.RateLimited l) {
            if (l.policy() != null) {
                n.put("policy", l.policy().name());
            }
            if (l.retryAfterSeconds() != null) {
                n.put("retryAfterSeconds", l.retryAfterSeconds());
            }
        } else if (a instanceof FaultAction.Slow s) {
            n.put("delayMillis", s.delayMillis());
        } else if (a instanceof FaultAction.Reset r) {
            n.put("afterBytes", r.afterBytes());
        } else if (a instanceof FaultAction.Truncate t) {
            n.put("bytes", t.bytes());
        } else if (a instanceof FaultAction.Expired x) {
            n.put("agoSeconds", x.agoSeconds());
        }
        return n;
    }

    private static void onlyFields(JsonNode n, Set<String> allowed, String what) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException("unknown field " + f + " in " + what + "; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static long longField(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
        return v.asLong();
    }

    private static int intField(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new IllegalArgumentException(name + " must be a whole number");
        }
        return v.asInt();
    }

    private static String textField(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (!v.isTextual()) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return v.asText();
    }
}
