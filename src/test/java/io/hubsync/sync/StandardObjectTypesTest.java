package io.hubsync.sync;

import io.hubsync.auth.LogCapture;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.crm.CrmRecord;
import io.hubsync.emulator.crm.ObjectStore;
import io.hubsync.emulator.crm.ObjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The standard types beyond the first four through the same routes (docs/hubspot.md §18): a backfill
 * and an incremental run of calls and products equal the emulator's dump, calls named by its id
 * (0-48), products with every property (no sync.properties.products); and {@code *} on a token
 * without some scopes syncs what it may and warns once per skipped type, naming the scope.
 */
class StandardObjectTypesTest {
    EmulatorFixture emu;
    SyncHarness sync;

    @AfterEach
    void stop() {
        if (sync != null) {
            sync.close();
        }
        emu.close();
    }

    @Test
    void callsAndProductsBackfillThenFollowEdits() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.contacts = 10;
            c.objects.put("calls", 1_200);
            c.objects.put("products", 300);
        });
        sync = new SyncHarness(emu).set("sync.objects", "0-48, products");
        sync.start();
        List<SyncRun> runs = sync.runOnce();
        assertEquals(List.of("calls", "products"), runs.stream().map(SyncRun::getObjectType).toList());
        assertEquals(List.of(1_200L, 300L), runs.stream().map(SyncRun::getAdded).toList());
        // HubSpot's paths: the names, whatever sync.objects called them
        assertEquals(List.of("calls", "products"), runs.stream().map(SyncRun::getHubspotType).toList());

        for (ObjectType t : List.of(ObjectType.CALLS, ObjectType.PRODUCTS)) {
            ObjectStore store = emu.emulator.portal(emu.portalId).store(t);
            for (CrmRecord r : store.page(0, 150, false).subList(0, 150)) {
                store.update(r.id(), Map.of(t == ObjectType.CALLS ? "hs_call_title" : "name", "Renamed " + r.id()), "TEST");
            }
        }
        List<SyncRun> windows = sync.runOnce();
        assertEquals(List.of(SyncRun.INCREMENTAL, SyncRun.INCREMENTAL), windows.stream().map(SyncRun::getStartPhase).toList());
        assertEquals(List.of(150L, 150L), windows.stream().map(SyncRun::getUpdated).toList());
        for (SyncRun r : windows) {
            assertEquals(List.of(), sync.differences(r.getObjectType(), r.getProperties()), r.getObjectType());
            assertEquals("hs_lastmodifieddate", r.getLastModifiedProperty());
        }
    }

    @Test
    void everyTypeOnATokenWithoutSomeScopesSyncsWhatItMayAndWarnsOnce() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.contacts = 200;
            c.companies = 50;
            c.objects.put("calls", 120);
            c.objects.put("notes", 80);
        });
        // a private app that may read contacts, companies and calls only: no notes, deals, ... nor custom objects
        String token = emu.admin("POST", "/private-apps", "{\"portalId\":" + emu.portalId + ",\"scopes\":["
                + "\"crm.objects.contacts.read\",\"crm.objects.companies.read\",\"crm.objects.calls.read\"]}")
                .json().get("token").asText();
        sync = new SyncHarness(emu).set("sync.objects", "*").set("hubspot.access-token", token);
        sync.start();
        try (LogCapture log = new LogCapture()) {
            List<SyncRun> first = SyncMain.runOnce(sync.context());
            List<SyncRun> second = SyncMain.runOnce(sync.context());
            for (List<SyncRun> runs : List.of(first, second)) {
                Map<String, SyncRun> byType = new java.util.TreeMap<>();
                runs.forEach(r -> byType.put(r.getObjectType(), r));
                for (String readable : List.of("contacts", "companies", "calls")) {
                    assertTrue(byType.get(readable).isSucceeded(), readable + ": " + byType.get(readable).getError());
                }
                assertEquals("crm.objects.notes.read", byType.get("notes").getSkippedFor());
                assertEquals("crm.objects.deals.read", byType.get("deals").getSkippedFor());
            }
            assertEquals(List.of(), sync.differences("calls", first.stream()
                    .filter(r -> r.getObjectType().equals("calls")).findFirst().orElseThrow().getProperties()));
            List<String> warned = log.at(org.apache.logging.log4j.Level.WARN).stream()
                    .filter(l -> l.logger().equals(MissingScopes.class.getName())).map(LogCapture.Line::text).toList();
            // one line per skipped type (each standard type whose scope is not granted, and the custom objects), not
            // per run; communications and postal mail are read with the contacts scope (docs/hubspot.md §18)
            List<String> granted = List.of("crm.objects.contacts.read", "crm.objects.companies.read", "crm.objects.calls.read");
            long skipped = io.hubsync.core.ObjectTypes.SUPPORTED.stream()
                    .filter(t -> !granted.contains(io.hubsync.core.ObjectTypes.readScope(t))).count();
            assertEquals(11, skipped + 1);
            assertEquals(skipped + 1, warned.size(), String.join("\n", warned));
            assertTrue(warned.stream().anyMatch(l -> l.contains("notes[default]") && l.contains("crm.objects.notes.read")),
                    String.join("\n", warned));
            assertTrue(warned.stream().anyMatch(l -> l.contains("custom objects[default]")), String.join("\n", warned));
        }
        // a skipped type is no failed run: no row, the breaker closed
        assertEquals(0, sync.count("SELECT COUNT(*) FROM sync_runs WHERE object_type = 'notes'"));
        assertEquals("CLOSED", sync.context().getRegistry().lookupByNameAndType("connectionBreakers",
                ConnectionBreakers.class).state("default"));
    }
}
