package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.crm.CrmRecord;
import io.hubsync.emulator.crm.ObjectStore;
import io.hubsync.emulator.crm.ObjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Windows far beyond HubSpot's 10,000-result search cap, and thousands of records sharing one millisecond. */
class LargeWindowTest {
    EmulatorFixture emu;
    SyncHarness sync;
    ObjectStore contacts;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> c.contacts = 32_000);
        contacts = emu.emulator.portal(emu.portalId).store(ObjectType.CONTACTS);
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
    void thirtyThousandEditsInOneWindow() throws Exception {
        List<CrmRecord> all = contacts.page(0, 30_000, false);
        for (int i = 0; i < 30_000; i++) {
            contacts.update(all.get(i).id(), Map.of("jobtitle", "Edited " + i), "TEST");
        }
        SyncRun window = sync.runOnce().get(0);
        assertEquals(30_000, window.getUpdated());
        assertEquals(0, emu.emulator.stats().count("crm.search", 400, 0), "key paging never meets the cap");
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }

    @Test
    void fifteenThousandRecordsStampedWithOneMillisecond() throws Exception {
        emu.admin("POST", "/portals/" + emu.portalId + "/contacts/bulk-touch",
                "{\"count\":15000,\"property\":\"jobtitle\",\"value\":\"Imported in bulk\"}");
        SyncRun window = sync.runOnce().get(0);
        assertEquals(15_000, window.getUpdated());
        assertEquals(15_000, sync.count("SELECT COUNT(*) FROM records WHERE hs_prop(properties, 'jobtitle') = "
                + "'Imported in bulk'"));
        assertEquals(1, sync.count("SELECT COUNT(DISTINCT last_modified) FROM records WHERE "
                + "hs_prop(properties, 'jobtitle') = 'Imported in bulk'"), "one millisecond for all");
        assertEquals(List.of(), sync.differences("contacts", BackfillAndIncrementalTest.STORED));
    }
}
