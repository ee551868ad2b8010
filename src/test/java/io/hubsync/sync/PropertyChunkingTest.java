package io.hubsync.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.crm.CrmRecord;
import io.hubsync.emulator.crm.ObjectStore;
import io.hubsync.emulator.crm.ObjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code sync.properties.contacts = *}: every property the portal defines, custom ones included, in chunks. */
class PropertyChunkingTest {
    EmulatorFixture emu;
    SyncHarness sync;
    List<String> custom = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> c.contacts = 1_200);
        // 120 long-named custom properties: about 6,000 characters of names, three times a page's share
        for (int i = 0; i < 120; i++) {
            String name = String.format("custom_field_with_a_rather_long_name_%03d", i);
            custom.add(name);
            assertEquals(201, emu.post("/crm/v3/properties/contacts", "{\"name\":\"" + name + "\",\"label\":\"L\","
                    + "\"type\":\"string\",\"fieldType\":\"text\",\"groupName\":\"contactinformation\"}").status());
        }
        ObjectStore contacts = emu.emulator.portal(emu.portalId).store(ObjectType.CONTACTS);
        for (CrmRecord r : contacts.page(0, 1_200, false).subList(0, 1_200)) {
            Map<String, String> values = new HashMap<>();
            values.put(custom.get((int) (r.id() % 120)), "v" + r.id());
            values.put(custom.get(119), "last-" + r.id());
            contacts.update(r.id(), values, "TEST");
        }
        sync = new SyncHarness(emu).set("sync.properties.contacts", "*");
        sync.start();
    }

    @AfterEach
    void stop() {
        sync.close();
        emu.close();
    }

    @Test
    void everyPropertyArrivesThoughNoRequestCarriesThemAll() throws Exception {
        SyncRun run = sync.runOnce().get(0);
        assertTrue(run.isChunked(), "the properties did not fit one request");
        assertTrue(run.getPagePropertiesParam().length() <= 2_000, "a page asks for at most 2,000 characters");
        int names = emu.get("/crm/v3/properties/contacts").json().get("results").size();
        assertEquals(names, run.getProperties().size(), "every defined property, discovered from the API");
        assertTrue(emu.emulator.stats().count("crm.batch.read", 200, 0) >= 12, "the rest came by batch read, for each of the 12 pages");
        // the dump hashes every defined property: equal hashes mean every value arrived
        List<String> all = new ArrayList<>();
        emu.get("/crm/v3/properties/contacts").json().get("results").forEach(p -> all.add(p.get("name").asText()));
        assertEquals(List.of(), sync.differences("contacts", all));
        try (var c = sync.jdbc(); var rs = c.createStatement().executeQuery(
                "SELECT properties FROM records ORDER BY id LIMIT 1")) {
            rs.next();
            JsonNode p = SyncHarness.JSON.readTree(rs.getString(1));
            assertTrue(p.get(custom.get(119)).asText().startsWith("last-"));
        }
    }
}
