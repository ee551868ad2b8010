package io.hubsync.sync;

import io.hubsync.core.HubSpotObject;
import io.hubsync.core.HubSpotPage;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.store.PageVersions;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The paging routes' idempotent consumer (routes/sync.camel.yaml, new-versions): of a page, only the
 * versions newer than what the records table holds go on to the write.
 */
class NewVersionsTest {
    EmulatorFixture emu;
    SyncHarness sync;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> c.contacts = 150);
        sync = new SyncHarness(emu);
        sync.start();
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    @Test
    void onlyVersionsNewerThanTheStoredOnesAreKept() throws Exception {
        assertEquals(150, sync.runOnce().get(0).getAdded());
        Iterator<Map.Entry<Long, SyncHarness.Stored>> stored =
                new TreeMap<>(sync.stored("contacts")).entrySet().iterator();
        Map.Entry<Long, SyncHarness.Stored> same = stored.next();
        Map.Entry<Long, SyncHarness.Stored> newer = stored.next();
        Map.Entry<Long, SyncHarness.Stored> older = stored.next();
        long unknown = 9_000_000_000L;
        HubSpotPage page = new HubSpotPage();
        page.results = new ArrayList<>(List.of(
                record(same.getKey(), same.getValue().lastModified()),
                record(newer.getKey(), newer.getValue().lastModified() + 1),
                record(older.getKey(), older.getValue().lastModified() - 1),
                record(unknown, 0)));

        Exchange done = sync.context().createProducerTemplate().request("direct:new-versions", e -> {
            e.setProperty("run", new SyncRun("default", "contacts", "lastmodifieddate", Instant.now()));
            e.getMessage().setBody(page);
        });

        assertNull(done.getException());
        PageVersions versions = done.getMessage().getBody(PageVersions.class);
        assertEquals(List.of(newer.getKey(), unknown),
                versions.getKept().stream().map(HubSpotObject::idAsLong).toList());
    }

    private static HubSpotObject record(long id, long lastModified) {
        HubSpotObject o = new HubSpotObject();
        o.id = Long.toString(id);
        o.properties = Map.of();
        o.updatedAt = Instant.ofEpochMilli(lastModified).toString();
        return o;
    }
}
