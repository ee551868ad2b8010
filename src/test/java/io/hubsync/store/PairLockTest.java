package io.hubsync.store;

import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.sync.SyncHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two writers of one (connection, object type) — say a sync page and a webhook's tombstone — never
 * commit their change_seq values out of order: the second waits for the first. Otherwise a reader
 * paging by change_seq in between would get the later value and its cursor would pass the earlier
 * one for good.
 */
class PairLockTest {
    EmulatorFixture emu;
    SyncHarness sync;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> c.contacts = 10);
        sync = new SyncHarness(emu);
        sync.start();
        sync.runOnce();
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    @Test
    void aSecondWriterOfThePairWaitsSoChangeSequencesCommitInOrder() throws Exception {
        List<Long> ids = sync.liveIds();
        Tombstones tombstones = new Tombstones(Clock.systemUTC());
        long before = sync.count("SELECT MAX(change_seq) FROM records");
        try (Connection slow = sync.dataSource().getConnection()) {
            slow.setAutoCommit(false);
            PairLock.lock(slow, "default", "contacts");
            assertEquals(1, tombstones.archive(slow, "default", "contacts", List.of(ids.get(0)), Instant.now()));
            // the slow transaction holds its change_seq, uncommitted; a second writer comes along
            CompletableFuture<Void> fast = new CompletableFuture<>();
            Thread second = new Thread(() -> {
                try (Connection c = sync.dataSource().getConnection()) {
                    c.setAutoCommit(false);
                    PairLock.lock(c, "default", "contacts");
                    tombstones.archive(c, "default", "contacts", List.of(ids.get(1)), Instant.now());
                    c.commit();
                    fast.complete(null);
                } catch (Exception e) {
                    fast.completeExceptionally(e);
                }
            });
            second.start();
            // without the lock it would finish at once (TERMINATED); with it, it waits inside the database
            await().atMost(Duration.ofSeconds(20)).until(() -> second.getState() == Thread.State.TERMINATED
                    || second.getState() == Thread.State.WAITING || second.getState() == Thread.State.TIMED_WAITING);
            assertFalse(fast.isDone(), "the second writer waits for the pair");
            assertEquals(before, sync.count("SELECT MAX(change_seq) FROM records"), "a reader sees neither change yet");
            slow.commit();
            fast.get();
        }
        long first = sync.count("SELECT change_seq FROM records WHERE id = " + ids.get(0));
        long second = sync.count("SELECT change_seq FROM records WHERE id = " + ids.get(1));
        assertTrue(before < first && first < second, before + " < " + first + " < " + second);
    }
}
