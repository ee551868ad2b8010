package io.hubsync.core;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What sync.objects accepts at start-up, and what it leaves to the portal (docs/configuration.md, Object types). */
class ObjectTypeNamesTest {

    @Test
    void standardNamesAndIdsCustomNamesAndStarAreAccepted() {
        assertEquals(List.of("contacts", "calls", "line_items", "cars", "p12345_cars", "2-3465404", "*"),
                ObjectTypes.parse(" contacts, 0-48,line_items ,cars,p12345_cars,2-3465404,*, 0-1"));
        assertEquals(15, ObjectTypes.SUPPORTED.size());
        assertEquals("lastmodifieddate", ObjectTypes.lastModifiedProperty("contacts"));
        for (String t : List.of("companies", "postal_mail", "leads", "cars", "2-17", "p1_cars")) {
            assertEquals("hs_lastmodifieddate", ObjectTypes.lastModifiedProperty(t), t);
        }
        assertEquals("crm.objects.notes.read", ObjectTypes.readScope("notes"));
        assertEquals("crm.objects.custom.read", ObjectTypes.readScope("cars"));
        assertTrue(ObjectTypes.isCustom("cars"));
        assertFalse(ObjectTypes.isCustom("0-7"));
        assertFalse(ObjectTypes.isCustom("*"));
    }

    @Test
    void namesThatLookStandardStopStartUpNamingTheKeyAndTheValidValues() {
        for (String bad : List.of("contact", "Contacts", "line-items", "lineitems", "compnies", "0-4", "orders",
                "invoice", "2-x", "")) {
            String problem = ObjectTypes.problem(bad);
            assertNotNull(problem, bad);
            if (!bad.isEmpty()) {
                assertTrue(problem.contains("contacts, companies, deals, tickets, products"), problem);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ObjectTypes.parse("deals,deal"));
        assertTrue(e.getMessage().startsWith("sync.objects: 'deal' looks like the standard object deals"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ObjectTypes.parse(" , "));
        // names a portal may well have: left to the portal
        for (String custom : List.of("cars", "nodes", "callbacks", "pets", "notes_archive", "Vehicle")) {
            assertNull(ObjectTypes.problem(custom), custom);
        }
    }

    @Test
    void aCustomObjectsPerTypeKeyIsCheckedToo() {
        assertEquals("sync.schedule.<type>", SettingsCatalog.find("sync.schedule.cars").orElseThrow().key());
        assertEquals("sync.schedule.<type>", SettingsCatalog.find("sync.schedule.calls").orElseThrow().key());
        assertEquals("sync.properties.<type>", SettingsCatalog.find("sync.properties.cars").orElseThrow().key());
        assertEquals("sync.properties.contacts", SettingsCatalog.find("sync.properties.contacts").orElseThrow().key());
        assertTrue(SettingsCatalog.find("sync.schedule.contact").isEmpty());
    }
}
