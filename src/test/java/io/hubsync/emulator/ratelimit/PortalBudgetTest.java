package io.hubsync.emulator.ratelimit;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one thing the HTTP tests cannot pin down reliably: that concurrent callers never lose a count.
 * Called directly and in a tight loop, an unguarded budget loses updates at once.
 */
class PortalBudgetTest {
    @Test
    void concurrentCallersNeverLoseACount() throws Exception {
        PortalBudget budget = new PortalBudget();
        int threads = 4;
        int perThread = 50_000;
        long now = 1_000_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> admitted = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                admitted.add(pool.submit(() -> {
                    go.await();
                    int n = 0;
                    for (int i = 0; i < perThread; i++) {
                        if (budget.admitApi("app", now, 150_000, 0, true).admitted()) {
                            n++;
                        }
                    }
                    return n;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : admitted) {
                total += f.get();
            }
            assertEquals(150_000, total, "exactly the budget is admitted");
            PortalBudget.Snapshot s = budget.snapshot(now);
            assertEquals(150_000, s.inWindowByApp().get("app"));
            assertEquals(150_000, s.dailyUsed());
        } finally {
            pool.shutdownNow();
        }
    }
}
