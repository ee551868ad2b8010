package io.hubsync.observe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRegistry;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * GET /observe/health, /observe/health/live and /observe/health/ready (routes/observe.camel.yaml):
 * Camel's health checks (its context, routes and consumers; camel.health.*) beside hubsync's
 * ({@link DatabaseCheck}, {@link SchedulerCheck}), answered 200 when none is DOWN and 503 otherwise.
 *
 * <p>The probes need no key, so the answer is written here rather than by Camel's management console,
 * which adds each check's error text (a JDBC URL, a host) and stack trace to whoever asks with
 * {@code ?exposureLevel=full}: hubsync's checks say their state and a message of hubsync's own words;
 * Camel's say only their name and state, and only when they are not UP.
 */
public final class HealthReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every check's result: Camel's default level keeps only the DOWN ones, or the first UP one. */
    private static final String EVERY = "full";

    private final List<HealthCheck> own;
    private volatile boolean registered;

    public HealthReport(DatabaseCheck database, SchedulerCheck scheduler) {
        this.own = List.of(database, scheduler);
    }

    /** Liveness and readiness both. */
    public String all(Exchange exchange) {
        return answer(exchange, HealthCheckHelper.invoke(context(exchange), EVERY));
    }

    /** Liveness: whether hubsync should be restarted. */
    public String live(Exchange exchange) {
        return answer(exchange, HealthCheckHelper.invokeLiveness(context(exchange), EVERY));
    }

    /** Readiness: the database reachable and migrated, the scheduler started, Camel's routes up. */
    public String ready(Exchange exchange) {
        return answer(exchange, HealthCheckHelper.invokeReadiness(context(exchange), EVERY));
    }

    /** The context, with hubsync's checks in its registry (camel-main creates the registry after the beans). */
    private CamelContext context(Exchange exchange) {
        CamelContext context = exchange.getContext();
        if (!registered) {
            HealthCheckRegistry registry = HealthCheckRegistry.get(context);
            if (registry == null) {
                throw new IllegalStateException("no health-check registry: camel.health.enabled must be true");
            }
            for (HealthCheck check : own) {
                if (check instanceof org.apache.camel.CamelContextAware aware) {
                    aware.setCamelContext(context);
                }
                registry.register(check);
            }
            registered = true;
        }
        return context;
    }

    private String answer(Exchange exchange, Collection<HealthCheck.Result> results) {
        // UNKNOWN (a route that is not to start, such as the server's with server.enabled=false) is not DOWN
        boolean up = HealthCheckHelper.isResultsUp(results, false);
        ObjectNode root = JSON.createObjectNode().put("status", up ? "UP" : "DOWN");
        ArrayNode checks = root.putArray("checks");
        results.stream().sorted(Comparator.comparing(r -> r.getCheck().getId())).forEach(r -> {
            boolean ours = own.contains(r.getCheck());
            if (ours || r.getState() != HealthCheck.State.UP) {
                ObjectNode check = checks.addObject().put("name", r.getCheck().getId()).put("status", r.getState().name());
                if (ours) {
                    r.getMessage().ifPresent(m -> check.put("message", m));
                }
            }
        });
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, up ? 200 : 503);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return root.toString();
    }
}
