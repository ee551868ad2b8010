package io.hubsync.sync;

import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.store.Leases;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * camel-main reads each route file once: every bean that keeps leases (the runs' checkpoints, the archived
 * and association sweeps, the owners read) holds the one {@code leases} bean the heartbeat renews. When
 * beans.camel.yaml was read twice, the sweeps kept a first Leases and the runs a second: two node names in
 * one process, so a sweep and a run of one connection starting together skipped each other ("held by the
 * node working for …", this very node), and no heartbeat renewed the sweeps' leases. (From target/classes
 * Camel took the two names of beans.camel.yaml for one file; from the jar it did not: ReadableOutputIT's
 * start, where a run, two sweeps and an owners read of one connection start together, is that case.)
 */
class OneNodeNameTest {

    @Test
    void everyBeanHoldsTheLeasesTheHeartbeatRenews() throws Exception {
        try (EmulatorFixture emu = new EmulatorFixture(c -> c.contacts = 1); SyncHarness sync = new SyncHarness(emu)) {
            CamelContext context = sync.start();
            Leases leases = context.getRegistry().lookupByNameAndType("leases", Leases.class);
            assertNotNull(leases);
            for (String bean : List.of("checkpoints", "sweeps", "associationSweeps", "storedOwners")) {
                Object b = context.getRegistry().lookupByName(bean);
                assertNotNull(b, bean);
                assertSame(leases, leasesOf(b), bean + " holds another Leases than the heartbeat's");
            }
        }
    }

    private static Object leasesOf(Object bean) throws IllegalAccessException {
        for (Field f : bean.getClass().getDeclaredFields()) {
            if (f.getType() == Leases.class) {
                f.setAccessible(true);
                return f.get(bean);
            }
        }
        throw new AssertionError(bean.getClass() + " has no Leases field");
    }
}
