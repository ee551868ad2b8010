package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.crm.CrmRecord;
import io.hubsync.emulator.crm.ObjectStore;
import io.hubsync.emulator.crm.ObjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Companies and deals through the same route template as contacts (hs_lastmodifieddate instead of lastmodifieddate). */
class ObjectTypesTest {
    EmulatorFixture emu;
    SyncHarness sync;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.contacts = 500;
            c.companies = 1_500;
            c.deals = 1_500;
        });
        sync = new SyncHarness(emu).set("sync.objects", "contacts,companies,deals");
        sync.start();
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    static List<String> stored(String type, String lastModified, String configured) {
        List<String> l = new ArrayList<>(List.of("hs_object_id", "createdate", "hs_merged_object_ids", lastModified));
        l.addAll(List.of(configured.split(",")));
        return l;
    }

    @Test
    void companiesAndDealsSyncAndFollowEdits() throws Exception {
        List<SyncRun> runs = sync.runOnce();
        assertEquals(List.of("contacts", "companies", "deals"), runs.stream().map(SyncRun::getObjectType).toList());
        assertEquals(List.of(500L, 1_500L, 1_500L), runs.stream().map(SyncRun::getAdded).toList());
        for (ObjectType t : List.of(ObjectType.COMPANIES, ObjectType.DEALS)) {
            ObjectStore store = emu.emulator.portal(emu.portalId).store(t);
            List<CrmRecord> some = store.page(0, 300, false);
            for (CrmRecord r : some.subList(0, 300)) {
                store.update(r.id(), Map.of(t == ObjectType.DEALS ? "dealname" : "name", "Renamed " + r.id()), "TEST");
            }
        }
        List<SyncRun> windows = sync.runOnce();
        assertEquals(List.of(0L, 300L, 300L), windows.stream().map(SyncRun::getUpdated).toList());
        String companies = sync.context().resolvePropertyPlaceholders("{{sync.properties.companies}}");
        String deals = sync.context().resolvePropertyPlaceholders("{{sync.properties.deals}}");
        assertEquals(List.of(), sync.differences("companies", stored("companies", "hs_lastmodifieddate", companies)));
        assertEquals(List.of(), sync.differences("deals", stored("deals", "hs_lastmodifieddate", deals)));
    }
}
