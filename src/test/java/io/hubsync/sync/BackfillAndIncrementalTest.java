package io.hubsync.sync;

import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackfillAndIncrementalTest {
    static final List<String> STORED = List.of("hs_object_id", "createdate", "hs_merged_object_ids", "lastmodifieddate",
            "email", "firstname", "lastname", "phone", "mobilephone", "company", "jobtitle", "lifecyclestage",
            "hs_lead_status", "city", "state", "country", "hubspot_owner_id");

    EmulatorFixture emu;
    SyncHarness sync;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> c.contacts = 3_000);
        sync = new SyncHarness(emu);
        sync.start();
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    @Test
    void backfillThenIncrementalMatchesTheEmulator() throws Exception {
        SyncRun backfill = sync.runOnce().get(0);
        assertEquals(SyncRun.INITIAL, backfill.getStartPhase());
        assertEquals(3_000, backfill.getAdded());
        assertEquals(List.of(), sync.differences("contacts", STORED));
        emu.admin("POST", "/activity", "{\"perSecond\":500,\"mix\":{\"create\":30,\"edit\":70,\"archive\":0,"
                + "\"restore\":0,\"merge\":0,\"gdprDelete\":0}}");
        org.awaitility.Awaitility.await().until(() -> emu.emulator.activity().changes() >= 300);
        emu.admin("DELETE", "/activity", null);
        sync.syncUntilQuiet(5);
        assertEquals(List.of(), sync.differences("contacts", STORED));
    }
}
