package io.hubsync.emulator.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.EmulatorFixture.Reply;
import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every successful contacts response, sent over HTTP by the running emulator, against HubSpot's
 * crm-contacts-v3.json. Tests that change records work on contacts they create themselves.
 */
class ContactsFidelityTest {
    static final SpecValidator SPEC = SpecValidator.of("crm-contacts-v3.json");
    static final String BASE = "/crm/v3/objects/contacts";
    /** HubSpot writes every datetime with milliseconds (HUBSPOT.md §10) */
    static final String ISO_MILLIS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

    static EmulatorFixture emu;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> c.contacts = 25);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static Reply get(String path) {
        return SPEC.assertConforms("GET", path, emu.get(path));
    }

    private static Reply post(String path, String json) {
        return SPEC.assertConforms("POST", path, emu.post(path, json));
    }

    private static Reply patch(String path, String json) {
        return SPEC.assertConforms("PATCH", path, emu.send("PATCH", path, json, emu.token, "application/json"));
    }

    /** Creates a contact and returns its id. */
    private static String create(String email, String firstname, String lastname) {
        Reply r = post(BASE, """
                {"properties":{"email":"%s","firstname":"%s","lastname":"%s"}}"""
                .formatted(email, firstname, lastname));
        assertEquals(201, r.status(), r.body());
        return r.json().get("id").asText();
    }

    // ------------------------------------------------------------------ list

    @Test
    void listFirstPageHasPagingAndLastPageHasNone() {
        Reply first = get(BASE + "?limit=10");
        assertEquals(200, first.status(), first.body());
        assertEquals(10, first.json().get("results").size());
        String after = first.json().at("/paging/next/after").asText();
        assertFalse(after.isEmpty(), first.body());

        String path = BASE + "?limit=100&after=" + after;
        Reply last = get(path);
        assertEquals(200, last.status(), last.body());
        assertFalse(last.json().has("paging"), last.body());
        assertTrue(last.json().get("results").size() > 0, last.body());
    }

    @Test
    void listWithPropertiesReturnsNullForPropertiesWithoutValue() {
        Reply r = get(BASE + "?limit=5&properties=email,fax&properties=jobtitle");
        assertEquals(200, r.status(), r.body());
        JsonNode p = r.json().at("/results/0/properties");
        assertTrue(p.get("fax").isNull(), r.body());
        assertTrue(p.get("email").isTextual(), r.body());
        assertTrue(p.has("hs_object_id"), r.body());
    }

    @Test
    void listWithHistory() {
        Reply r = get(BASE + "?limit=3&propertiesWithHistory=email");
        assertEquals(200, r.status(), r.body());
        JsonNode history = r.json().at("/results/0/propertiesWithHistory/email");
        assertTrue(history.isArray() && history.size() > 0, r.body());
    }

    @Test
    void archivedListHoldsOnlyArchivedContacts() {
        String id = create("archive.me@fidelity.test", "Archie", "Fidelity");
        Reply del = SPEC.assertConforms("DELETE", BASE + "/" + id,
                emu.send("DELETE", BASE + "/" + id, null, emu.token, null));
        assertEquals(204, del.status(), del.body());

        Reply r = get(BASE + "?archived=true&limit=100");
        assertEquals(200, r.status(), r.body());
        List<String> ids = new ArrayList<>();
        for (JsonNode n : r.json().get("results")) {
            ids.add(n.get("id").asText());
            assertTrue(n.get("archived").asBoolean(), r.body());
            assertTrue(n.get("archivedAt").asText().matches(ISO_MILLIS), r.body());
        }
        assertTrue(ids.contains(id), r.body());
    }

    // ------------------------------------------------------------------ single records

    @Test
    void getById() {
        String id = emu.get(BASE + "?limit=1").json().at("/results/0/id").asText();
        Reply r = get(BASE + "/" + id + "?properties=email,fax");
        assertEquals(200, r.status(), r.body());
        assertEquals(id, r.json().get("id").asText());
        assertEquals(id, r.json().at("/properties/hs_object_id").asText());
    }

    @Test
    void getByEmail() {
        String id = create("by.email@fidelity.test", "Emma", "Fidelity");
        Reply r = get(BASE + "/by.email@fidelity.test?idProperty=email");
        assertEquals(200, r.status(), r.body());
        assertEquals(id, r.json().get("id").asText());
    }

    @Test
    void createAnswers201WithTheRecord() {
        Reply r = post(BASE, """
                {"properties":{"email":"new@fidelity.test","firstname":"Nova"}}""");
        assertEquals(201, r.status(), r.body());
        assertEquals("new@fidelity.test", r.json().at("/properties/email").asText());
        assertFalse(r.json().get("archived").asBoolean());
    }

    @Test
    void patchAnswersTheUpdatedRecord() {
        String id = create("patch.me@fidelity.test", "Pat", "Fidelity");
        Reply r = patch(BASE + "/" + id, """
                {"properties":{"firstname":"Patricia"}}""");
        assertEquals(200, r.status(), r.body());
        assertEquals(id, r.json().get("id").asText());
        assertEquals("Patricia", r.json().at("/properties/firstname").asText());
    }

    // ------------------------------------------------------------------ batch

    @Test
    void batchReadAllFoundIs200() {
        String a = create("batch.a@fidelity.test", "Ann", "Fidelity");
        String b = create("batch.b@fidelity.test", "Bob", "Fidelity");
        Reply r = post(BASE + "/batch/read", """
                {"inputs":[{"id":"%s"},{"id":"%s"}],"properties":["email","fax"],"propertiesWithHistory":[]}"""
                .formatted(a, b));
        assertEquals(200, r.status(), r.body());
        assertEquals(2, r.json().get("results").size());
        assertFalse(r.json().has("errors"), r.body());
    }

    @Test
    void batchReadWithMissingIdIs207() {
        String a = create("batch.c@fidelity.test", "Cid", "Fidelity");
        Reply r = post(BASE + "/batch/read", """
                {"inputs":[{"id":"%s"},{"id":"999999999"}],"properties":["email"],"propertiesWithHistory":[]}"""
                .formatted(a));
        assertEquals(207, r.status(), r.body());
        assertEquals(1, r.json().get("results").size());
        assertEquals(1, r.json().get("numErrors").asInt());
        assertEquals("OBJECT_NOT_FOUND", r.json().at("/errors/0/category").asText());
        assertEquals("999999999", r.json().at("/errors/0/context/ids/0").asText());
    }

    @Test
    void batchTimestampsKeepZeroMilliseconds() {
        // freeze the emulator's clock on the next whole second: HubSpot still writes ".000" there
        long now = emu.admin("GET", "/clock", null).json().get("now").asLong();
        long whole = (now / 1000 + 1) * 1000;
        String expected = Instant.ofEpochMilli(whole).toString().replace("Z", ".000Z");
        emu.admin("POST", "/clock", "{\"setMillis\":" + whole + "}");
        try {
            Reply r = post(BASE + "/batch/create", """
                    {"inputs":[{"properties":{"email":"whole.second@fidelity.test"},"associations":[]}]}""");
            assertEquals(201, r.status(), r.body());
            assertEquals(expected, r.json().get("startedAt").asText(), r.body());
            assertEquals(expected, r.json().get("completedAt").asText(), r.body());
            assertEquals(expected, r.json().at("/results/0/createdAt").asText(), r.body());
        } finally {
            emu.admin("POST", "/clock", "{\"freeze\":false}");
        }
    }

    @Test
    void batchCreateIs201AndBatchUpdateIs200() {
        Reply created = post(BASE + "/batch/create", """
                {"inputs":[{"properties":{"email":"bc1@fidelity.test","lastname":"Batch"},"associations":[]},
                           {"properties":{"email":"bc2@fidelity.test","lastname":"Batch"},"associations":[]}]}""");
        assertEquals(201, created.status(), created.body());
        assertEquals("COMPLETE", created.json().get("status").asText());
        List<String> ids = new ArrayList<>();
        created.json().get("results").forEach(n -> ids.add(n.get("id").asText()));
        assertEquals(2, ids.size());

        Reply updated = post(BASE + "/batch/update", """
                {"inputs":[{"id":"%s","properties":{"firstname":"One"}},
                           {"id":"%s","properties":{"firstname":"Two"}}]}"""
                .formatted(ids.get(0), ids.get(1)));
        assertEquals(200, updated.status(), updated.body());
        assertEquals(2, updated.json().get("results").size());
        assertTrue(updated.json().get("startedAt").asText().matches(ISO_MILLIS), updated.body());
    }

    @Test
    void batchUpdateWithMissingIdIs207() {
        String a = create("bu@fidelity.test", "Upd", "Fidelity");
        Reply r = post(BASE + "/batch/update", """
                {"inputs":[{"id":"%s","properties":{"firstname":"X"}},
                           {"id":"999999998","properties":{"firstname":"Y"}}]}"""
                .formatted(a));
        assertEquals(207, r.status(), r.body());
        assertEquals(1, r.json().get("numErrors").asInt());
    }

    // ------------------------------------------------------------------ search

    @Test
    void searchWithFiltersSortsPagingAndTotal() {
        for (String name : List.of("Alma", "Bea", "Cleo")) {
            create(name.toLowerCase() + ".search@fidelity.test", name, "Searchable");
        }
        String query = """
                {"filterGroups":[{"filters":[
                   {"propertyName":"lastname","operator":"EQ","value":"Searchable"},
                   {"propertyName":"email","operator":"CONTAINS_TOKEN","value":"*@fidelity.test"}]}],
                 "sorts":[{"propertyName":"firstname","direction":"DESCENDING"}],
                 "properties":["firstname","lastname","fax"],"limit":2,"after":"%s"}""";
        Reply first = post(BASE + "/search", query.formatted("0"));
        assertEquals(200, first.status(), first.body());
        assertEquals(3, first.json().get("total").asInt(), first.body());
        assertEquals("Cleo", first.json().at("/results/0/properties/firstname").asText());
        assertTrue(first.json().at("/results/0/properties/fax").isNull(), first.body());
        assertEquals("2", first.json().at("/paging/next/after").asText(), first.body());

        Reply last = post(BASE + "/search", query.formatted("2"));
        assertEquals(200, last.status(), last.body());
        assertEquals(3, last.json().get("total").asInt());
        assertEquals("Alma", last.json().at("/results/0/properties/firstname").asText());
        assertFalse(last.json().has("paging"), last.body());
    }

    @Test
    void searchWithNoMatchHasTotalZero() {
        Reply r = post(BASE + "/search", """
                {"filterGroups":[{"filters":[{"propertyName":"email","operator":"EQ","value":"nobody@nowhere.test"}]}],
                 "sorts":[],"properties":[],"limit":10,"after":"0"}""");
        assertEquals(200, r.status(), r.body());
        assertEquals(0, r.json().get("total").asInt());
        assertEquals(0, r.json().get("results").size());
    }

    // ------------------------------------------------------------------ merge, GDPR

    @Test
    void mergeAnswersThePrimaryRecord() {
        String primary = create("primary@fidelity.test", "Prim", "Fidelity");
        String other = create("other@fidelity.test", "Oth", "Fidelity");
        Reply r = post(BASE + "/merge", """
                {"primaryObjectId":"%s","objectIdToMerge":"%s"}""".formatted(primary, other));
        assertEquals(200, r.status(), r.body());
        assertEquals(primary, r.json().get("id").asText());
    }

    @Test
    void gdprDeleteIs204AndTheContactIsGone() {
        String id = create("forget.me@fidelity.test", "Gone", "Fidelity");
        Reply r = post(BASE + "/gdpr-delete", """
                {"objectId":"%s"}""".formatted(id));
        assertEquals(204, r.status(), r.body());
        assertTrue(r.body().isEmpty(), r.body());
        assertEquals(404, emu.get(BASE + "/" + id).status());
    }
}
