package io.hubsync.emulator.fault;

import java.util.List;
import java.util.Random;

/**
 * A rule inside the injector: its place in the script and its counters. Every decision is taken
 * under the rule's own lock, so concurrent requests consume steps one at a time and a scripted
 * "503, 503, ok" never hands two requests the same step.
 */
final class ActiveRule {
    final long id;
    final FaultRule rule;
    private final Random random;
    private final List<FaultAction> steps;
    private final long passes;
    private long matched;
    private long skipped;
    private long fired;
    private int position;
    private long passesDone;
    /** read without the lock to skip spent rules cheaply */
    private volatile boolean spent;

    ActiveRule(long id, FaultRule rule, long derivedSeed) {
        this.id = id;
        this.rule = rule;
        this.random = new Random(rule.seed() != null ? rule.seed() : derivedSeed);
        this.steps = rule.steps();
        this.passes = rule.passes();
    }

    /**
     * Decides a matching request: the action to take ({@link FaultAction.Ok} included), or null
     * when this rule lets the request go by (still skipping, probability missed, or spent) and a
     * later rule may have it.
     */
    synchronized FaultAction claim() {
        if (spent) {
            return null;
        }
        matched++;
        if (skipped < rule.after()) {
            skipped++;
            return null;
        }
        if (rule.probability() < 1.0 && random.nextDouble() >= rule.probability()) {
            return null;
        }
        FaultAction action = steps.get(position++);
        if (position == steps.size()) {
            position = 0;
            passesDone++;
            spent = passesDone >= passes;
        }
        if (!(action instanceof FaultAction.Ok)) {
            fired++;
        }
        return action;
    }

    boolean spent() { return spent; }

    synchronized FaultInjector.RuleState state() {
        return new FaultInjector.RuleState(id, rule, matched, fired, spent);
    }
}
