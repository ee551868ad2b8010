package io.hubsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.crm.CrmRecord;
import io.hubsync.emulator.crm.ObjectStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Custom objects (docs/behavior.md rule 13): named by name, fully qualified name or object type id,
 * each stored under its name and called by its id, a backfill and an incremental run equal to the
 * emulator's dump, and verify finds no drift; a name the portal has not fails that run naming sync.objects and the connection;
 * and more changes in one incremental window than search's 10,000-result cap (docs/hubspot.md §2).
 */
class CustomObjectTypesTest {
    EmulatorFixture emu;
    SyncHarness sync;

    @AfterEach
    void stop() {
        if (sync != null) {
            sync.close();
        }
        emu.close();
    }

    private JsonNode schema(String name) {
        for (JsonNode s : emu.get("/crm-object-schemas/v3/schemas").json().get("results")) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no schema " + name);
    }

    private ObjectStore store(String name) {
        return emu.emulator.portal(emu.portalId).store(emu.emulator.portal(emu.portalId).type(name));
    }

    private void rename(String name, int n) {
        ObjectStore store = store(name);
        for (CrmRecord r : store.page(0, n, false).subList(0, n)) {
            store.update(r.id(), Map.of("name", "Renamed " + r.id()), "TEST");
        }
    }

    @Test
    void aCustomObjectByNameQualifiedNameOrIdIsStoredUnderItsName() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.contacts = 10;
            c.customObjects.put("cars", 400);
        });
        JsonNode cars = schema("cars");
        String id = cars.get("objectTypeId").asText();
        String fqn = cars.get("fullyQualifiedName").asText();
        assertTrue(id.startsWith("2-") && fqn.equals("p" + emu.portalId + "_cars"), cars.toString());
        int edits = 0;
        for (String named : List.of("cars", fqn, id)) {
            sync = new SyncHarness(emu).set("sync.objects", named);
            sync.start();
            List<SyncRun> backfill = sync.runOnce();
            assertEquals(1, backfill.size(), named);
            assertEquals("cars", backfill.get(0).getObjectType(), named);
            assertEquals(id, backfill.get(0).getHubspotType(), named);
            assertEquals(400, backfill.get(0).getAdded(), named);
            rename("cars", 120 + edits);
            edits++;
            SyncRun window = sync.runOnce().get(0);
            assertEquals(SyncRun.INCREMENTAL, window.getStartPhase(), named);
            assertEquals(120 + edits - 1, window.getUpdated(), named);
            assertEquals(List.of(), sync.differences("cars", window.getProperties()), named);
            assertEquals(400, sync.count("SELECT COUNT(*) FROM records WHERE object_type = 'cars'"), named);
            assertEquals(400, sync.count("SELECT COUNT(*) FROM records"), named);
            // verify takes the type as sync.objects does: no drift
            try (org.apache.camel.ProducerTemplate t = sync.context().createProducerTemplate()) {
                org.apache.camel.Exchange done = t.request("direct:verify", e -> {
                    e.setProperty("connectionId", "default");
                    e.setProperty("objectType", named);
                });
                assertEquals(null, done.getException(), named);
                io.hubsync.verify.Drift drift = done.getProperty("drift", io.hubsync.verify.Drift.class);
                assertEquals(400, drift.getChecked(), named);
                assertTrue(!drift.isFound(), named);
            }
            sync.close();
        }
    }

    @Test
    void aNameThePortalHasNotFailsThatRunNamingTheSettingAndTheConnection() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.contacts = 10;
            c.customObjects.put("cars", 5);
        });
        sync = new SyncHarness(emu).set("sync.objects", "boats");
        sync.start();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> SyncMain.runOnce(sync.context()));
        assertTrue(e.getMessage().contains("sync.objects names 'boats', which is no custom object of connection "
                + "default: its portal has cars (p" + emu.portalId + "_cars, 2-"), e.getMessage());
        assertEquals(0, sync.count("SELECT COUNT(*) FROM sync_state"));
    }

    @Test
    void moreChangesInOneWindowThanSearchReturnsAreAllRead() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.contacts = 10;
            c.customObjects.put("cars", 11_000);
        });
        sync = new SyncHarness(emu).set("sync.objects", "cars");
        sync.start();
        assertEquals(11_000, sync.runOnce().get(0).getAdded());
        rename("cars", 10_500);
        SyncRun window = sync.runOnce().get(0);
        assertEquals(SyncRun.INCREMENTAL, window.getStartPhase());
        assertEquals(10_500, window.getUpdated());
        assertEquals(List.of(), sync.differences("cars", window.getProperties()));
    }
}
