package io.hubsync.emulator.fault;

import io.hubsync.emulator.crm.ObjectType;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Decides, for every HubSpot request the emulator answers, whether a fault hits it, so that the
 * sync's tests can provoke each failure HubSpot produces (docs/behavior.md rules 3, 7, 8) on demand and
 * repeatably.
 *
 * <p>Rules are tried in the order they were added; the first that claims a request decides it
 * (an {@code ok} step claims it too, and answers it normally). Later rules do not see a claimed
 * request, so their {@code after} counts and fire counts stay their own.
 *
 * <p>The request path reads one volatile array, which is empty unless a test adds rules, so the
 * emulator pays nothing for fault injection under load. Adding and removing copy the array.
 */
public final class FaultInjector {
    private static final ActiveRule[] NONE = new ActiveRule[0];

    /** What to do to one request: replace its response, or alter the real one. */
    public interface Fault {
        /** A response to send instead of handling the request, or null to handle it. */
        EmuResponse replacement();

        /** Alters the real response (delay, reset, truncation). */
        EmuResponse apply(EmuResponse response);

        /** Answers with {@code response}; the handler does not run, so no state changes. */
        static Fault replaceWith(EmuResponse response) {
            return new Fault() {
                @Override public EmuResponse replacement() { return response; }
                @Override public EmuResponse apply(EmuResponse r) { return r; }
            };
        }

        /** Runs the handler, then spoils its response on the way out. */
        static Fault alter(UnaryOperator<EmuResponse> change) {
            return new Fault() {
                @Override public EmuResponse replacement() { return null; }
                @Override public EmuResponse apply(EmuResponse r) { return change.apply(r); }
            };
        }
    }

    /** A rule as listed: its definition, how many requests reached it, how many it spoiled. */
    public record RuleState(long id, FaultRule rule, long matched, long fired, boolean spent) { }

    private final LongSupplier clock;
    private final long seed;
    private volatile ActiveRule[] rules = NONE;
    private long nextId = 1;

    /** A standalone injector on the system clock, for tests of the injector itself. */
    public FaultInjector() {
        this(System::currentTimeMillis, 7);
    }

    /**
     * @param clock the emulator's time, for the age an expired-token fault reports
     * @param seed  rules without a seed of their own draw from a random derived from this and their id
     */
    public FaultInjector(LongSupplier clock, long seed) {
        this.clock = clock;
        this.seed = seed;
    }

    /** Adds a rule after the existing ones and returns its id. */
    public synchronized long add(FaultRule rule) {
        if (rule.steps().isEmpty()) {
            throw new IllegalArgumentException("rule for " + rule.endpoint() + " has no fault and no steps");
        }
        long id = nextId++;
        ActiveRule[] grown = Arrays.copyOf(rules, rules.length + 1);
        grown[grown.length - 1] = new ActiveRule(id, rule, seed * 0x9E3779B97F4A7C15L + id);
        rules = grown;
        return id;
    }

    /** Removes one rule; false when there is none with this id. */
    public synchronized boolean remove(long id) {
        List<ActiveRule> kept = new ArrayList<>(Arrays.asList(rules));
        boolean removed = kept.removeIf(r -> r.id == id);
        rules = kept.isEmpty() ? NONE : kept.toArray(NONE);
        return removed;
    }

    /** Removes every rule and numbers new ones from 1 again, so a reset run repeats exactly. */
    public synchronized void clear() {
        rules = NONE;
        nextId = 1;
    }

    /** Every rule in order, with its counters. */
    public List<RuleState> rules() {
        List<RuleState> out = new ArrayList<>();
        for (ActiveRule r : rules) {
            out.add(r.state());
        }
        return out;
    }

    /** One rule with its counters, or null. */
    public RuleState rule(long id) {
        for (ActiveRule r : rules) {
            if (r.id == id) {
                return r.state();
            }
        }
        return null;
    }

    /**
     * The fault for a request that passed authentication and rate limiting, or null to answer it
     * normally.
     */
    public Fault next(EmuRequest request, RequestContext ctx) {
        ActiveRule[] current = rules;
        if (current.length == 0) {
            return null;
        }
        String endpoint = ctx.route().name();
        ObjectType type = ObjectType.parse(request.pathParam("objectType"));
        String typePath = type == null ? null : type.path();
        for (ActiveRule r : current) {
            if (r.spent() || !r.rule.matches(endpoint, ctx.portalId(), typePath)) {
                continue;
            }
            FaultAction action = r.claim();
            if (action != null) {
                return action.toFault(ctx, clock.getAsLong());
            }
        }
        return null;
    }
}
