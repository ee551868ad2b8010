package io.hubsync.emulator.fidelity;

import io.hubsync.emulator.EmulatorFixture.Reply;
import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Companies, deals, tickets, some of the other standard types (calls, products, line items) and a
 * custom type through the generic objects API, against crm-objects-v3.json, whose paths carry
 * {@code {objectType}}.
 */
class ObjectsFidelityTest {
    static final SpecValidator SPEC = SpecValidator.of("crm-objects-v3.json");

    static EmulatorFixture emu;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> {
            c.contacts = 0;
            c.companies = 15;
            c.deals = 15;
            c.tickets = 15;
            c.objects.put("calls", 15);
            c.objects.put("products", 15);
            c.objects.put("line_items", 15);
            c.customObjects.put("cars", 15);
        });
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static Reply call(String method, String path, String json) {
        return SPEC.assertConforms(method, path, emu.send(method, path, json, emu.token,
                json == null ? null : "application/json"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"companies", "deals", "tickets", "calls", "products", "line_items", "cars"})
    void listPagesAndGetById(String type) {
        String base = "/crm/v3/objects/" + type;
        Reply first = call("GET", base + "?limit=10", null);
        assertEquals(200, first.status(), first.body());
        assertEquals(10, first.json().get("results").size());
        String after = first.json().at("/paging/next/after").asText();
        Reply last = call("GET", base + "?limit=100&after=" + after, null);
        assertTrue(last.json().get("results").size() >= 5, last.body());
        assertFalse(last.json().has("paging"), last.body());

        String id = first.json().at("/results/0/id").asText();
        Reply one = call("GET", base + "/" + id + "?properties=hs_object_id,description", null);
        assertEquals(200, one.status(), one.body());
        assertEquals(id, one.json().get("id").asText());
    }

    /** Creates with a property of the type, then PATCHes it; the last-modified property differs per type. */
    @ParameterizedTest
    @CsvSource({"companies,name,hs_lastmodifieddate", "deals,dealname,hs_lastmodifieddate",
            "tickets,subject,hs_lastmodifieddate", "calls,hs_call_title,hs_lastmodifieddate",
            "products,name,hs_lastmodifieddate", "line_items,name,hs_lastmodifieddate", "cars,name,hs_lastmodifieddate"})
    void createAndPatch(String type, String property, String lastModified) {
        String base = "/crm/v3/objects/" + type;
        Reply created = call("POST", base, """
                {"properties":{"%s":"Fidelity %s"},"associations":[]}""".formatted(property, type));
        assertEquals(201, created.status(), created.body());
        assertEquals("Fidelity " + type, created.json().at("/properties/" + property).asText());
        assertTrue(created.json().at("/properties").has(lastModified), created.body());

        String id = created.json().get("id").asText();
        Reply patched = call("PATCH", base + "/" + id, """
                {"properties":{"%s":"Renamed"}}""".formatted(property));
        assertEquals(200, patched.status(), patched.body());
        assertEquals("Renamed", patched.json().at("/properties/" + property).asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"companies", "deals", "tickets", "calls", "products", "line_items", "cars"})
    void searchAndBatchRead(String type) {
        String base = "/crm/v3/objects/" + type;
        Reply found = call("POST", base + "/search", """
                {"filterGroups":[{"filters":[{"propertyName":"hs_object_id","operator":"HAS_PROPERTY"}]}],
                 "sorts":[{"propertyName":"hs_object_id","direction":"ASCENDING"}],
                 "properties":[],"limit":4,"after":"0"}""");
        assertEquals(200, found.status(), found.body());
        assertTrue(found.json().get("total").asInt() >= 15, found.body());
        assertEquals("4", found.json().at("/paging/next/after").asText(), found.body());

        String id = found.json().at("/results/0/id").asText();
        Reply batch = call("POST", base + "/batch/read", """
                {"inputs":[{"id":"%s"},{"id":"1"}],"properties":[],"propertiesWithHistory":[]}""".formatted(id));
        assertEquals(207, batch.status(), batch.body());
        assertEquals(id, batch.json().at("/results/0/id").asText());
        assertEquals("1", batch.json().at("/errors/0/context/ids/0").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"companies", "deals", "tickets", "calls", "products", "line_items", "cars"})
    void missingRecordIs404(String type) {
        Reply r = call("GET", "/crm/v3/objects/" + type + "/1", null);
        assertEquals(404, r.status(), r.body());
        assertEquals("OBJECT_NOT_FOUND", r.json().get("category").asText());
    }
}
