package io.hubsync.hubspot;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pacer spends a window's budget at once and counts each call from its answer for one window. */
class RollingWindowPacerTest {

    @Test
    void aWholeBudgetGoesAtOnceThenACallWaitsAWindowAfterTheOldestAnswer() throws Exception {
        RollingWindowPacer pacer = new RollingWindowPacer(300);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            pacer.acquire("a", 3);
            pacer.acquire("a", 3);
            pacer.acquire("a", 3);
        });
        assertEquals(3, pacer.inWindow("a"));
        CompletableFuture<Long> fourth = CompletableFuture.supplyAsync(() -> {
            try {
                pacer.acquire("a", 3);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime();
        });
        // all three under way: however long they take, the fourth waits
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !fourth.isDone());
        long beforeAnswer = System.nanoTime();
        pacer.answered("a");
        long wentAt = fourth.get(10, TimeUnit.SECONDS);
        assertTrue(wentAt - beforeAnswer >= TimeUnit.MILLISECONDS.toNanos(300),
                "went " + (wentAt - beforeAnswer) / 1_000_000 + " ms after the first answer, not a window");
        // another connection has a budget of its own
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> pacer.acquire("b", 3));
        assertEquals(1, pacer.inWindow("b"));
    }

    @Test
    void answersOlderThanTheWindowNoLongerCount() throws Exception {
        RollingWindowPacer pacer = new RollingWindowPacer(100);
        pacer.acquire("a", 1);
        pacer.answered("a");
        assertEquals(1, pacer.inWindow("a"));
        await().atMost(Duration.ofSeconds(5)).until(() -> pacer.inWindow("a") == 0);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> pacer.acquire("a", 1));
        assertFalse(pacer.inWindow("a") == 0);
    }

    @Test
    void theRoomWithoutPauseIsTheFreePermitsAndThoseThatFreeWithoutAGap() throws Exception {
        // a window of 10 s: two answers now, then (as far as the pacer can tell) a third one 2 s later
        RollingWindowPacer pacer = new RollingWindowPacer(10_000);
        assertEquals(5, pacer.roomWithoutPause("a", 5, 1000), "a connection never paced has its whole budget");
        for (int i = 0; i < 4; i++) {
            pacer.acquire("a", 5);
            pacer.answered("a");
        }
        // one permit free; the four answered free 10 s from now, far beyond a pause of 1 s
        assertEquals(1, pacer.roomWithoutPause("a", 5, 1000));
        // a pause of 20 s allowed: all four free in time
        assertEquals(5, pacer.roomWithoutPause("a", 5, 20_000));
        pacer.acquire("a", 5);
        assertEquals(0, pacer.roomWithoutPause("a", 5, 1000), "the last permit under way");
    }

    @Test
    void aStoppedExchangeGivesUpWaitingWithoutAPermit() throws Exception {
        RollingWindowPacer pacer = new RollingWindowPacer(60_000);
        pacer.acquire("a", 1);
        pacer.answered("a");
        org.apache.camel.Exchange exchange = new org.apache.camel.support.DefaultExchange(
                new org.apache.camel.impl.DefaultCamelContext());
        CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
            try {
                pacer.acquire("a", 1, exchange);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
        exchange.setRouteStop(true);
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> waiting.get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof RequestAbandoned, e.toString());
        assertEquals(1, pacer.inWindow("a"), "the abandoned call took no permit");
    }

    @Test
    void aBudgetBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RollingWindowPacer(0));
        assertThrows(IllegalArgumentException.class, () -> new RollingWindowPacer(1000).acquire("a", 0));
    }
}
