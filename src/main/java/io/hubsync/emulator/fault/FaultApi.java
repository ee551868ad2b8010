package io.hubsync.emulator.fault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;
import io.hubsync.emulator.http.Router;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;

/**
 * The admin API for fault rules, so that tests in any language, the demo and load tests can break
 * the emulator's HubSpot on purpose over HTTP:
 * <ul>
 *   <li>{@code POST /_emulator/faults} adds a rule after the existing ones; 201 with the rule and its {@code id}</li>
 *   <li>{@code GET /_emulator/faults} lists {@code {"rules":[...]}} in order, each with {@code matched}
 *       (requests that reached it), {@code fired} (requests it spoiled) and {@code spent}</li>
 *   <li>{@code GET /_emulator/faults/{id}} one rule; {@code DELETE /_emulator/faults/{id}} removes it (204, or 404)</li>
 *   <li>{@code DELETE /_emulator/faults} removes every rule (204); {@code POST /_emulator/reset} does too</li>
 * </ul>
 *
 * <h2>Rule format</h2>
 * <pre>
 * {
 *   "endpoint":    "crm.list",   required: a route name (crm.list, crm.get, crm.create, crm.search, crm.batch.read,
 *                                oauth.token, properties.list, ...), a prefix such as "crm.*", or "*"
 *   "portalId":    10000001,     only requests authenticated for this portal (default: all)
 *   "objectType":  "contacts",   only this object type (default: all)
 *   "after":       0,            let this many matching requests through first
 *   "probability": 1.0,          each later matching request is hit with this chance (seeded random)
 *   "seed":        42,           the rule's random seed (default: from the emulator seed and the rule id)
 *   "times":       3,            with "fault": fire this often (default unlimited);
 *                                with "steps": play the sequence this often (default once)
 *   "fault":       {action}      one action for every matching request, or
 *   "steps":       [{action}...] a script, one action per matching request, "ok" letting one through
 * }
 * </pre>
 * Actions ({@code kind} and its fields; the short form in brackets):
 * <ul>
 *   <li>{@code {"kind":"status","status":503}} [{@code 503}]: HubSpot's JSON error body;
 *       {@code "html":true} sends a gateway's {@code text/html} page instead; {@code message} and
 *       {@code category} override the JSON body's</li>
 *   <li>{@code {"kind":"429","policy":"SECONDLY","retryAfterSeconds":1}} [{@code "429"}]: HubSpot's
 *       rate-limit body; policy SECONDLY for search and TEN_SECONDLY_ROLLING otherwise unless given (or
 *       DAILY); Retry-After only when given</li>
 *   <li>{@code {"kind":"slow","delayMillis":30000}} [{@code "slow"}]: the real answer, late</li>
 *   <li>{@code {"kind":"reset","afterBytes":20}} [{@code "reset"}]: headers and that much of the real
 *       body (default half), then a TCP reset</li>
 *   <li>{@code {"kind":"truncate","bytes":20}} [{@code "truncate"}]: a 200 whose JSON body is cut there
 *       (default half)</li>
 *   <li>{@code {"kind":"search-cap"}}: the 400 of paging past 10,000 search results</li>
 *   <li>{@code {"kind":"expired","agoSeconds":75}} [{@code "expired"}]: 401 EXPIRED_AUTHENTICATION</li>
 *   <li>{@code {"kind":"ok"}} [{@code "ok"}]: answer normally (in steps)</li>
 * </ul>
 * status, 429, search-cap and expired answer instead of the handler: nothing changes in the
 * emulator. slow, reset and truncate run the handler first: a create is made, only its answer is lost.
 *
 * <h2>Examples</h2>
 * Two 503s on the next two searches, then normal answers:
 * <pre>{"endpoint":"crm.search","steps":[503,503,"ok"]}</pre>
 * A burst of three 429s on every CRM call of one portal, after the first ten of its calls:
 * <pre>{"endpoint":"crm.*","portalId":10000001,"after":10,"fault":{"kind":"429","retryAfterSeconds":2},"times":3}</pre>
 * Five percent of list pages lost mid-body, repeatably:
 * <pre>{"endpoint":"crm.list","probability":0.05,"seed":42,"fault":{"kind":"reset","afterBytes":100}}</pre>
 *
 * <p>Malformed rules get a 400 VALIDATION_ERROR naming the problem, including unknown fields and
 * endpoint patterns that match no route.
 */
public final class FaultApi {
    private static final String P = "/_emulator/faults";
    private final FaultInjector faults;
    private Router router;

    public FaultApi(FaultInjector faults) {
        this.faults = faults;
    }

    public void register(Router router) {
        this.router = router;
        Route.Kind admin = Route.Kind.ADMIN;
        router.add("POST", P, "admin.faults-add", admin, null, this::add)
              .add("GET", P, "admin.faults", admin, null, this::list)
              .add("DELETE", P, "admin.faults-clear", admin, null, (q, c) -> {
                  faults.clear();
                  return EmuResponse.noContent();
              })
              .add("GET", P + "/{id}", "admin.fault", admin, null, this::one)
              .add("DELETE", P + "/{id}", "admin.fault-remove", admin, null, this::remove);
    }

    private EmuResponse add(EmuRequest req, RequestContext ctx) {
        FaultRule rule;
        try {
            JsonNode body = HubSpotErrors.MAPPER.readTree(req.body());
            rule = FaultJson.parseRule(body);
        } catch (IOException e) {
            return HubSpotErrors.invalidJson(e.getMessage());
        } catch (IllegalArgumentException e) {
            return HubSpotErrors.validation(e.getMessage());
        }
        List<String> names = endpointNames();
        if (names.stream().noneMatch(rule::matchesEndpoint)) {
            return HubSpotErrors.validation("endpoint " + rule.endpoint() + " matches no route; known: "
                    + String.join(", ", names));
        }
        long id = faults.add(rule);
        return EmuResponse.json(201, FaultJson.write(faults.rule(id)).toString());
    }

    private EmuResponse list(EmuRequest req, RequestContext ctx) {
        ObjectNode root = HubSpotErrors.MAPPER.createObjectNode();
        ArrayNode arr = root.putArray("rules");
        faults.rules().forEach(s -> arr.add(FaultJson.write(s)));
        return EmuResponse.json(200, root.toString());
    }

    private EmuResponse one(EmuRequest req, RequestContext ctx) {
        FaultInjector.RuleState s = faults.rule(id(req));
        return s == null ? noSuchRule(req) : EmuResponse.json(200, FaultJson.write(s).toString());
    }

    private EmuResponse remove(EmuRequest req, RequestContext ctx) {
        return faults.remove(id(req)) ? EmuResponse.noContent() : noSuchRule(req);
    }

    private static long id(EmuRequest req) {
        try {
            return Long.parseLong(req.pathParam("id"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static EmuResponse noSuchRule(EmuRequest req) {
        return HubSpotErrors.response(404, HubSpotErrors.body("No fault rule " + req.pathParam("id"),
                "OBJECT_NOT_FOUND"));
    }

    /** The names of the routes a rule can hit: every route but the admin API's own. */
    private List<String> endpointNames() {
        TreeSet<String> names = new TreeSet<>();
        for (Route r : router.routes()) {
            if (r.kind() != Route.Kind.ADMIN) {
                names.add(r.name());
            }
        }
        return List.copyOf(names);
    }
}
