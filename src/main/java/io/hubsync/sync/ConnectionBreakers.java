package io.hubsync.sync;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.hubsync.core.SyncRun;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One Resilience4j circuit breaker per connection: a connection whose runs keep failing (HubSpot
 * down for that portal, a revoked scope) is skipped for a while instead of taking a worker from the
 * healthy ones on every tick; after the wait one trial run decides. Camel's circuitBreaker EIP holds
 * one breaker per route step, not one per connection, hence the registry here.
 */
public final class ConnectionBreakers {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionBreakers.class);
    private final CircuitBreakerRegistry registry;

    /**
     * @param failures {@code sync.breaker-failures}: failed runs in a row that open a connection's breaker
     * @param openFor {@code sync.breaker-open-for}: how long its schedule then skips it
     */
    public ConnectionBreakers(Object failures, String openFor) {
        int n = io.hubsync.core.Settings.atLeast("sync.breaker-failures", failures, 1);
        Duration wait = io.hubsync.core.Durations.parse("sync.breaker-open-for", openFor);
        registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(n).minimumNumberOfCalls(n).failureRateThreshold(100)
                .waitDurationInOpenState(wait.isZero() ? Duration.ofMillis(1) : wait)
                .permittedNumberOfCallsInHalfOpenState(1)
                // a trial run that never reported back (its node stopped) does not hold the breaker forever
                .maxWaitDurationInHalfOpenState(wait.isZero() ? Duration.ofMillis(1) : wait)
                .build());
    }

    /** Whether the connection may run now; a skipped one says why. */
    public boolean allows(@ExchangeProperty("connectionId") String connectionId) {
        CircuitBreaker breaker = registry.circuitBreaker(connectionId);
        if (breaker.tryAcquirePermission()) {
            return true;
        }
        LOG.warn("{}: skipped, its last {} runs failed (circuit open; sync.breaker-open-for)", connectionId,
                breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls());
        return false;
    }

    /** Counts the run's outcome toward its connection's breaker (a run another node held counts for nothing). */
    public void record(@ExchangeProperty("run") SyncRun run) {
        CircuitBreaker breaker = registry.circuitBreaker(run.getConnectionId());
        if (!run.isClaimed() || run.isSkipped()) {
            // held by another run, or a type the token may not read (docs/behavior.md rule 13): no outcome
            breaker.releasePermission();
        } else if (run.isSucceeded()) {
            breaker.onSuccess(run.elapsed().toNanos(), TimeUnit.NANOSECONDS);
        } else {
            breaker.onError(run.elapsed().toNanos(), TimeUnit.NANOSECONDS, new IllegalStateException(run.getError()));
            if (breaker.getState() == CircuitBreaker.State.OPEN) {
                LOG.error("{}: {} failed runs in a row; skipping it for {} (last error: {})", run.getConnectionId(),
                        breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls(),
                        breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) + " ms",
                        run.getError());
            }
        }
    }

    /**
     * The run could not start or end at all (its begin or finish threw): counts as a failed run,
     * then the error goes on to whoever ran it.
     */
    public void failed(@ExchangeProperty("connectionId") String connectionId,
                       @ExchangeProperty(org.apache.camel.Exchange.EXCEPTION_CAUGHT) Exception error,
                       org.apache.camel.Exchange exchange) throws Exception {
        if (exchange.getContext().isStopping()) {
            // hubsync is stopping (SIGTERM): work cut short is no news, and no failure of the connection
            LOG.info("{}: a run was cut short by the stop: {}", connectionId, error.getMessage());
            throw error;
        }
        CircuitBreaker breaker = registry.circuitBreaker(connectionId);
        breaker.onError(0, TimeUnit.NANOSECONDS, error);
        LOG.error("{}: the run could not run: {}", connectionId, error.getMessage());
        throw error;
    }

    /** Every connection's breaker state (CLOSED, OPEN, HALF_OPEN) by connection, for the metrics. */
    public java.util.Map<String, String> states() {
        java.util.Map<String, String> states = new java.util.TreeMap<>();
        registry.getAllCircuitBreakers().forEach(b -> states.put(b.getName(), b.getState().name()));
        return states;
    }

    /** For tests and the admin view. */
    public String state(String connectionId) {
        return registry.circuitBreaker(connectionId).getState().name();
    }
}
