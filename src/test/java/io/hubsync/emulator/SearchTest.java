package io.hubsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.crm.CrmRecord;
import io.hubsync.emulator.crm.ObjectStore;
import io.hubsync.emulator.crm.ObjectType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Search as HUBSPOT.md §2 describes it, checked against the store's own records as the oracle. */
class SearchTest {
    static EmulatorFixture emu;
    static ObjectStore contacts;
    static List<CrmRecord> all;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> c.contacts = 600);
        contacts = emu.emulator.portal(emu.portalId).store(ObjectType.CONTACTS);
        all = contacts.page(0, 10_000, false).subList(0, 600);
        // known values to search for
        contacts.update(all.get(0).id(), Map.of("email", "Ada.Lovelace@hubspot.com", "firstname", "Ada",
                "jobtitle", "Countess of Computing", "lifecyclestage", "customer"), "TEST");
        contacts.update(all.get(1).id(), Map.of("email", "grace@navy.mil", "firstname", "Grace", "fax", "+1 555"),
                "TEST");
        all = contacts.page(0, 10_000, false).subList(0, 600);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static ObjectNode filter(String prop, String op, Object value) {
        ObjectNode f = EmulatorFixture.JSON.createObjectNode().put("propertyName", prop).put("operator", op);
        if (value instanceof List<?> l) {
            ArrayNode a = f.putArray("values");
            l.forEach(v -> a.add(String.valueOf(v)));
        } else if (value instanceof String[] range) {
            f.put("value", range[0]).put("highValue", range[1]);
        } else if (value != null) {
            f.put("value", String.valueOf(value));
        }
        return f;
    }

    static ObjectNode body(int limit, Object after, ObjectNode... filters) {
        ObjectNode b = EmulatorFixture.JSON.createObjectNode();
        ArrayNode groups = b.putArray("filterGroups");
        if (filters.length > 0) {
            ArrayNode fs = groups.addObject().putArray("filters");
            for (ObjectNode f : filters) {
                fs.add(f);
            }
        }
        b.put("limit", limit);
        if (after != null) {
            b.put("after", String.valueOf(after));
        }
        return b;
    }

    static Set<Long> ids(JsonNode response) {
        Set<Long> s = new HashSet<>();
        response.get("results").forEach(r -> s.add(r.get("id").asLong()));
        return s;
    }

    static JsonNode search(ObjectNode body) {
        EmulatorFixture.Reply r = emu.search("contacts", body.toString());
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    @Test
    void everyOperatorSelectsExactlyTheMatchingRecords() {
        long a = all.get(0).id();
        long b = all.get(1).id();
        long mid = all.get(300).id();
        long modMid = all.get(300).updatedAt();
        assertEquals(Set.of(a), ids(search(body(200, null, filter("email", "EQ", "ada.lovelace@HUBSPOT.com")))));
        assertEquals(599, search(body(1, null, filter("firstname", "NEQ", "Ada"))).get("total").asInt()
                + countWhereFirstname("Ada") - 1);
        assertEquals(countIdsBelow(mid), search(body(1, null, filter("hs_object_id", "LT", mid))).get("total").asInt());
        assertEquals(countIdsBelow(mid) + 1, search(body(1, null, filter("hs_object_id", "LTE", mid))).get("total").asInt());
        assertEquals(600 - countIdsBelow(mid) - 1, search(body(1, null, filter("hs_object_id", "GT", mid)))
                .get("total").asInt());
        assertEquals(600 - countIdsBelow(mid), search(body(1, null, filter("hs_object_id", "GTE", mid))).get("total")
                .asInt());
        long expectedBetween = all.stream().filter(r -> r.updatedAt() >= modMid - 86_400_000L
                && r.updatedAt() <= modMid).count();
        assertEquals(expectedBetween, search(body(1, null, filter("lastmodifieddate", "BETWEEN",
                new String[] {Long.toString(modMid - 86_400_000L), Long.toString(modMid)}))).get("total").asLong());
        assertEquals(Set.of(a, b), ids(search(body(200, null, filter("hs_object_id", "IN", List.of(a, b, 1))))));
        assertEquals(598, search(body(1, null, filter("hs_object_id", "NOT_IN", List.of(a, b)))).get("total").asInt());
        assertEquals(Set.of(b), ids(search(body(200, null, filter("fax", "HAS_PROPERTY", null)))));
        assertEquals(599, search(body(1, null, filter("fax", "NOT_HAS_PROPERTY", null))).get("total").asInt());
        assertEquals(Set.of(a), ids(search(body(200, null, filter("email", "CONTAINS_TOKEN", "*@hubspot.com")))));
        assertEquals(Set.of(a), ids(search(body(200, null, filter("jobtitle", "CONTAINS_TOKEN", "countess")))));
        assertEquals(599, search(body(1, null, filter("email", "NOT_CONTAINS_TOKEN", "*@hubspot.com")))
                .get("total").asInt());
    }

    @Test
    void stringInValuesMustBeLowercaseAndEnumerationsAreCaseSensitive() {
        long a = all.get(0).id();
        assertTrue(ids(search(body(200, null, filter("firstname", "IN", List.of("ada"))))).contains(a));
        assertFalse(ids(search(body(200, null, filter("firstname", "IN", List.of("Ada"))))).contains(a));
        assertTrue(ids(search(body(200, null, filter("lifecyclestage", "EQ", "customer")))).contains(a));
        assertFalse(ids(search(body(200, null, filter("lifecyclestage", "EQ", "CUSTOMER")))).contains(a));
    }

    @Test
    void datetimeFiltersTakeEpochMillisAndIsoAlike() {
        long t = all.get(200).updatedAt();
        String iso = java.time.Instant.ofEpochMilli(t).toString();
        assertEquals(search(body(1, null, filter("lastmodifieddate", "GTE", t))).get("total"),
                search(body(1, null, filter("lastmodifieddate", "GTE", iso))).get("total"));
    }

    @Test
    void groupsAreOrAndFiltersInAGroupAreAnd() {
        long a = all.get(0).id();
        long b = all.get(1).id();
        ObjectNode q = body(200, null);
        ArrayNode groups = (ArrayNode) q.get("filterGroups");
        groups.addObject().putArray("filters").add(filter("hs_object_id", "EQ", a));
        groups.addObject().putArray("filters").add(filter("hs_object_id", "EQ", b)).add(filter("firstname", "EQ", "Grace"));
        assertEquals(Set.of(a, b), ids(search(q)));
        ObjectNode none = body(200, null, filter("hs_object_id", "EQ", a), filter("firstname", "EQ", "Grace"));
        assertEquals(Set.of(), ids(search(none)));
    }

    @Test
    void keyPagingReadsEveryRecordOnceSortedById() {
        List<Long> seen = new ArrayList<>();
        long last = 0;
        while (true) {
            ObjectNode q = body(200, 0, filter("hs_object_id", "GT", last));
            q.putArray("sorts").addObject().put("propertyName", "hs_object_id").put("direction", "ASCENDING");
            JsonNode page = search(q);
            if (page.get("results").isEmpty()) {
                break;
            }
            for (JsonNode r : page.get("results")) {
                long id = r.get("id").asLong();
                assertTrue(id > last);
                seen.add(id);
                last = id;
            }
        }
        assertEquals(all.stream().map(CrmRecord::id).toList(), seen);
    }

    @Test
    void offsetPagingGivesTotalAndNextAfterAndNoPagingAtTheEnd() {
        JsonNode p1 = search(body(200, null));
        assertEquals(600, p1.get("total").asInt());
        assertEquals("200", p1.at("/paging/next/after").asText());
        JsonNode p3 = search(body(200, 400));
        assertEquals(200, p3.get("results").size());
        assertFalse(p3.has("paging"));
    }

    @Test
    void everySortForm() {
        String[] forms = {"{\"propertyName\":\"firstname\",\"direction\":\"DESCENDING\"}", "\"-firstname\"",
            "\"{\\\"propertyName\\\":\\\"firstname\\\",\\\"direction\\\":\\\"DESCENDING\\\"}\""};
        for (String form : forms) {
            ObjectNode q = body(50, null);
            q.set("sorts", EmulatorFixture.JSON.createArrayNode().add(parse(form)));
            q.putArray("properties").add("firstname");
            List<String> names = new ArrayList<>();
            search(q).get("results").forEach(r -> names.add(r.at("/properties/firstname").asText()));
            List<String> sorted = new ArrayList<>(names);
            sorted.sort(String.CASE_INSENSITIVE_ORDER.reversed());
            assertEquals(sorted, names, form);
        }
        ObjectNode asc = body(50, null);
        asc.putArray("sorts").add("firstname");
        asc.putArray("properties").add("firstname");
        List<String> names = new ArrayList<>();
        search(asc).get("results").forEach(r -> names.add(r.at("/properties/firstname").asText()));
        List<String> sorted = new ArrayList<>(names);
        sorted.sort(String.CASE_INSENSITIVE_ORDER);
        assertEquals(sorted, names);
        ObjectNode two = body(10, null);
        two.putArray("sorts").add("firstname").add("lastname");
        assertEquals(400, emu.search("contacts", two.toString()).status());
    }

    @Test
    void limitsOnGroupsFiltersAndPageSize() {
        ObjectNode six = body(10, null);
        ArrayNode groups = (ArrayNode) six.get("filterGroups");
        for (int i = 0; i < 6; i++) {
            groups.addObject().putArray("filters").add(filter("hs_object_id", "GT", i));
        }
        assertEquals(400, emu.search("contacts", six.toString()).status());
        groups.remove(5);
        assertEquals(200, emu.search("contacts", six.toString()).status());
        ObjectNode seven = body(10, null, filter("hs_object_id", "GT", 1), filter("hs_object_id", "GT", 2),
                filter("hs_object_id", "GT", 3), filter("hs_object_id", "GT", 4), filter("hs_object_id", "GT", 5),
                filter("hs_object_id", "GT", 6), filter("hs_object_id", "GT", 7));
        assertEquals(400, emu.search("contacts", seven.toString()).status());
        assertEquals(400, emu.search("contacts", body(201, null).toString()).status());
        assertEquals(200, emu.search("contacts", body(200, null).toString()).status());
        EmulatorFixture.Reply unknown = emu.search("contacts", body(10, null, filter("nope", "EQ", "x")).toString());
        assertEquals(400, unknown.status());
        assertTrue(unknown.body().contains("nope"));
    }

    @Test
    void offsetTenThousandIsRefusedAndJustBelowIsNot() {
        EmulatorFixture.Reply at = emu.search("contacts", body(10, 10_000).toString());
        assertEquals(400, at.status());
        assertEquals("VALIDATION_ERROR", at.json().get("category").asText());
        EmulatorFixture.Reply below = emu.search("contacts", body(10, 9_999).toString());
        assertEquals(200, below.status());
        assertEquals(600, below.json().get("total").asInt());
    }

    @Test
    void queryMatchesWordsOfTheSearchableProperties() {
        ObjectNode q = body(200, null);
        q.put("query", "ada");
        assertTrue(ids(search(q)).contains(all.get(0).id()));
        q.put("query", "ada countess");
        // jobtitle is not a searchable property of contacts
        assertFalse(ids(search(q)).contains(all.get(0).id()));
    }

    @Test
    void archivedRecordsNeverAppear() {
        long id = all.get(599).id();
        contacts.archive(id, "TEST");
        try {
            assertEquals(Set.of(), ids(search(body(10, null, filter("hs_object_id", "EQ", id)))));
        } finally {
            contacts.restore(id, "TEST");
        }
    }

    @Test
    void writesReachSearchOnlyAfterTheIndexDelay() {
        emu.emulator.clock().freeze();
        emu.emulator.indexDelayMillis(5_000);
        try {
            long id = all.get(10).id();
            long before = contacts.get(id).updatedAt();
            EmulatorFixture.Reply patch = emu.send("PATCH", "/crm/v3/objects/contacts/" + id,
                    "{\"properties\":{\"firstname\":\"Delayed\"}}", emu.token, "application/json");
            assertEquals(200, patch.status(), patch.body());
            ObjectNode byName = body(10, null, filter("firstname", "EQ", "Delayed"));
            assertEquals(0, search(byName).get("total").asInt());
            // until then search sees the old version, with the old last-modified date
            JsonNode old = search(body(10, null, filter("hs_object_id", "EQ", id)));
            assertEquals(before, java.time.Instant.parse(old.at("/results/0/updatedAt").asText()).toEpochMilli());
            emu.emulator.clock().advance(Duration.ofMillis(4_999));
            assertEquals(0, search(byName).get("total").asInt());
            emu.emulator.clock().advance(Duration.ofMillis(1));
            assertEquals(Set.of(id), ids(search(byName)));
        } finally {
            emu.emulator.indexDelayMillis(0);
            emu.emulator.clock().unfreeze();
        }
    }

    private static long countIdsBelow(long id) {
        return all.stream().filter(r -> r.id() < id).count();
    }

    private static int countWhereFirstname(String name) {
        return search(body(1, null, filter("firstname", "EQ", name))).get("total").asInt();
    }

    private static JsonNode parse(String s) {
        try {
            return EmulatorFixture.JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
