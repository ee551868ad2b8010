package io.hubsync.it;

import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

/**
 * What an integration test started (the emulator's and hubsync's processes, the database, a notice
 * receiver), closed after it in reverse order: the users' activity first, then the nodes, the rest last.
 */
abstract class ProcessesTest {
    final List<AutoCloseable> open = new ArrayList<>();
    final List<JarProcess> nodes = new ArrayList<>();
    EmulatorJar emu;

    <T extends AutoCloseable> T keep(T t) {
        open.add(t);
        return t;
    }

    @AfterEach
    void closeAll() throws Exception {
        if (emu != null && emu.process.alive()) {
            emu.admin("DELETE", "/activity", null);
        }
        for (JarProcess n : nodes) {
            n.close();
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }
}
