package io.hubsync.emulator.fault;

import io.hubsync.emulator.crm.ObjectType;

import java.util.List;

/**
 * Which requests a fault hits and what happens to them: an immutable description, built fluently
 * and handed to {@link FaultInjector#add}. Each call returns a new rule, so a rule can serve as a
 * template for several.
 *
 * <p>A rule either applies one {@linkplain #fault action} to every matching request (until
 * {@link #times} have fired; unlimited by default), or plays a scripted {@linkplain #steps
 * sequence} of actions, one per matching request ({@link #times} passes through it; one by
 * default). {@link #after} lets that many matching requests through first; {@link #probability}
 * makes each later request take the next action only with that chance, drawn from a seeded
 * random so a run repeats.
 *
 * <pre>{@code
 * FaultRule.on("crm.search").steps(FaultAction.status(503), FaultAction.status(503), FaultAction.ok());
 * FaultRule.on("crm.*").portal(10000001).after(4).fault(FaultAction.reset(FaultAction.HALF)).times(1);
 * FaultRule.on("*").probability(0.05).seed(42).fault(FaultAction.status(502));
 * }</pre>
 */
public final class FaultRule {
    private final String endpoint;
    private final long portalId;
    private final String objectType;
    private final int after;
    private final double probability;
    private final Long seed;
    private final List<FaultAction> steps;
    private final boolean sequence;
    private final Integer times;

    private FaultRule(String endpoint, long portalId, String objectType, int after, double probability, Long seed,
                      List<FaultAction> steps, boolean sequence, Integer times) {
        this.endpoint = endpoint;
        this.portalId = portalId;
        this.objectType = objectType;
        this.after = after;
        this.probability = probability;
        this.seed = seed;
        this.steps = steps;
        this.sequence = sequence;
        this.times = times;
    }

    /**
     * A rule for an endpoint name as the routes give it ({@code crm.list}, {@code crm.search},
     * {@code oauth.token}, ...), {@code *} for every HubSpot endpoint, or a prefix such as
     * {@code crm.*}. The emulator's own admin API is never faulted.
     */
    public static FaultRule on(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalArgumentException("endpoint is required: a name such as crm.list, a prefix such as "
                    + "crm.*, or *");
        }
        String e = endpoint.trim();
        int star = e.indexOf('*');
        if (star >= 0 && !(e.equals("*") || (star == e.length() - 1 && e.endsWith(".*")))) {
            throw new IllegalArgumentException("endpoint " + e + ": a * may only stand alone or end a prefix, "
                    + "as in crm.*");
        }
        return new FaultRule(e, 0, null, 0, 1.0, null, List.of(), false, null);
    }

    /** Only requests authenticated for this portal (so never the unauthenticated OAuth endpoints). */
    public FaultRule portal(long portalId) {
        if (portalId <= 0) {
            throw new IllegalArgumentException("portalId must be positive");
        }
        return new FaultRule(endpoint, portalId, objectType, after, probability, seed, steps, sequence, times);
    }

    /** Only requests for this object type ({@code contacts}, {@code contact} or {@code 0-1} alike). */
    public FaultRule objectType(String type) {
        ObjectType t = ObjectType.parse(type);
        if (t == null) {
            throw new IllegalArgumentException("Unknown object type " + type);
        }
        return new FaultRule(endpoint, portalId, t.path(), after, probability, seed, steps, sequence, times);
    }

    /** Lets this many matching requests through before the rule starts. */
    public FaultRule after(int requests) {
        if (requests < 0) {
            throw new IllegalArgumentException("after must not be negative");
        }
        return new FaultRule(endpoint, portalId, objectType, requests, probability, seed, steps, sequence, times);
    }

    /** With {@link #fault}: fire this many times. With {@link #steps}: play the sequence this many times. */
    public FaultRule times(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        return new FaultRule(endpoint, portalId, objectType, after, probability, seed, steps, sequence, n);
    }

    /** Each matching request takes the next action with this chance (0 to 1), else passes untouched. */
    public FaultRule probability(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("probability must be between 0 and 1");
        }
        return new FaultRule(endpoint, portalId, objectType, after, p, seed, steps, sequence, times);
    }

    /** The seed of this rule's random; by default one derived from the emulator's seed and the rule id. */
    public FaultRule seed(long s) {
        return new FaultRule(endpoint, portalId, objectType, after, probability, s, steps, sequence, times);
    }

    /** One action for every matching request (until {@link #times}). */
    public FaultRule fault(FaultAction action) {
        if (action == null) {
            throw new IllegalArgumentException("a fault is required");
        }
        return new FaultRule(endpoint, portalId, objectType, after, probability, seed, List.of(action), false, times);
    }

    /** A scripted sequence, one action per matching request; {@link FaultAction#ok()} lets one through. */
    public FaultRule steps(FaultAction... actions) {
        return steps(List.of(actions));
    }

    public FaultRule steps(List<FaultAction> actions) {
        if (actions == null || actions.isEmpty()) {
            throw new IllegalArgumentException("steps must name at least one action");
        }
        return new FaultRule(endpoint, portalId, objectType, after, probability, seed, List.copyOf(actions), true,
                times);
    }

    public String endpoint() { return endpoint; }
    /** 0 for every portal */
    public long portalId() { return portalId; }
    /** null for every object type */
    public String objectType() { return objectType; }
    public int after() { return after; }
    public double probability() { return probability; }
    /** null when derived from the emulator's seed */
    public Long seed() { return seed; }
    public List<FaultAction> steps() { return steps; }
    /** true when built with {@link #steps}, false with {@link #fault} */
    public boolean sequence() { return sequence; }
    /** as given, or null for the default (a sequence plays once, a single fault is unlimited) */
    public Integer times() { return times; }

    /** How many passes through {@link #steps} the rule makes before it is spent. */
    long passes() {
        return times != null ? times : sequence ? 1 : Long.MAX_VALUE;
    }

    /**
     * @param type the request's object type as {@link ObjectType#path()}, or null when the
     *             endpoint has none
     */
    boolean matches(String routeName, long requestPortal, String type) {
        if (portalId != 0 && portalId != requestPortal) {
            return false;
        }
        if (objectType != null && !objectType.equals(type)) {
            return false;
        }
        return matchesEndpoint(routeName);
    }

    /** Whether the endpoint pattern covers this route name. */
    public boolean matchesEndpoint(String routeName) {
        if (endpoint.equals("*")) {
            return true;
        }
        if (endpoint.endsWith(".*")) {
            return routeName.startsWith(endpoint.substring(0, endpoint.length() - 1));
        }
        return endpoint.equals(routeName);
    }
}
