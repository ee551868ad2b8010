package io.hubsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrmListTest {
    static EmulatorFixture emu;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> c.contacts = 250);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void pagesThroughEveryContactInIdOrderWithAfterCursor() {
        List<Long> ids = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            EmulatorFixture.Reply r = emu.get("/crm/v3/objects/contacts?limit=100" + (after == null ? "" : "&after=" + after));
            assertEquals(200, r.status(), r.body());
            JsonNode body = r.json();
            body.get("results").forEach(n -> ids.add(n.get("id").asLong()));
            JsonNode next = body.path("paging").path("next");
            after = next.isMissingNode() ? null : next.get("after").asText();
            if (after != null) {
                assertTrue(next.get("link").asText().contains("after=" + after));
            }
            pages++;
        } while (after != null);
        assertEquals(3, pages);
        assertEquals(250, ids.size());
        assertEquals(250, new HashSet<>(ids).size());
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), "ids ascend");
        }
    }

    @Test
    void lastPageHasNoPagingKey() {
        JsonNode body = emu.get("/crm/v3/objects/contacts?limit=100&after=0").json();
        String last = body.path("paging").path("next").path("after").asText();
        JsonNode end = emu.get("/crm/v3/objects/contacts?limit=100&after=" + last).json();
        end = emu.get("/crm/v3/objects/contacts?limit=100&after="
                + end.path("paging").path("next").path("after").asText()).json();
        assertFalse(end.has("paging"), end.toString());
    }

    @Test
    void defaultPropertiesAndRequestedPropertiesInBothForms() {
        JsonNode dflt = emu.get("/crm/v3/objects/contacts?limit=1").json().get("results").get(0).get("properties");
        assertEquals(Set.of("createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"),
                names(dflt));
        JsonNode comma = emu.get("/crm/v3/objects/contacts?limit=1&properties=city,jobtitle,nosuchprop")
                .json().get("results").get(0).get("properties");
        JsonNode repeated = emu.get("/crm/v3/objects/contacts?limit=1&properties=city&properties=jobtitle,nosuchprop")
                .json().get("results").get(0).get("properties");
        Set<String> expected = Set.of("createdate", "hs_object_id", "lastmodifieddate", "city", "jobtitle");
        assertEquals(expected, names(comma));
        assertEquals(expected, names(repeated));
        assertTrue(comma.has("city"));
    }

    @Test
    void definedPropertyWithoutValueIsNull() {
        JsonNode p = emu.get("/crm/v3/objects/contacts?limit=1&properties=fax").json().get("results").get(0)
                .get("properties");
        assertTrue(p.has("fax"));
        assertTrue(p.get("fax").isNull());
    }

    @Test
    void limitAbove100IsRefused() {
        EmulatorFixture.Reply r = emu.get("/crm/v3/objects/contacts?limit=101");
        assertEquals(400, r.status());
        assertEquals("VALIDATION_ERROR", r.json().get("category").asText());
    }

    private static Set<String> names(JsonNode n) {
        Set<String> s = new HashSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }
}
