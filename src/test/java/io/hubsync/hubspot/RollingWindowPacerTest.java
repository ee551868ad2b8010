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
    void aBudgetBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RollingWindowPacer(0));
        assertThrows(IllegalArgumentException.class, () -> new RollingWindowPacer(1000).acquire("a", 0));
    }
}
