package io.hubsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.EmulatorFixture.Reply;
import io.hubsync.emulator.admin.ActivityGenerator;
import io.hubsync.emulator.crm.CrmRecord;
import io.hubsync.emulator.crm.ObjectType;
import io.hubsync.emulator.crm.Portal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The v4 associations API and the v3 {@code associations=} parameter over seeded contacts and companies:
 * both directions, per-input paging, 207s, writes, archive, merge, and that writes leave last-modified alone.
 */
class AssociationsTest {
    static final String V4 = "/crm/v4/associations/";

    EmulatorFixture emu;
    Portal portal;
    List<Long> contacts;
    List<Long> companies;

    @BeforeEach
    void start() {
        // seven contacts round robin over three companies: the first company has three, one page of two plus one
        emu = new EmulatorFixture(c -> {
            c.contacts = 7;
            c.companies = 3;
            c.deals = 2;
            c.associationBatchPageSize = 2;
        });
        portal = emu.emulator.portal(emu.portalId);
        contacts = ids(ObjectType.CONTACTS);
        companies = ids(ObjectType.COMPANIES);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    private List<Long> ids(ObjectType t) {
        List<Long> out = new ArrayList<>();
        for (CrmRecord r : portal.store(t).page(0, 100, false)) {
            out.add(r.id());
        }
        return out;
    }

    private Reply batchRead(String from, String to, String inputs) {
        return emu.post(V4 + from + "/" + to + "/batch/read", "{\"inputs\":[" + inputs + "]}");
    }

    private static List<Integer> typeIds(JsonNode to) {
        List<Integer> out = new ArrayList<>();
        to.get("associationTypes").forEach(t -> out.add(t.get("typeId").asInt()));
        return out;
    }

    /** The to-ids of a batch/read's first result, or of a per-record list. */
    private static List<Long> toIds(JsonNode items) {
        List<Long> out = new ArrayList<>();
        items.forEach(t -> out.add(t.get("toObjectId").asLong()));
        return out;
    }

    @Test
    void seededContactHasItsPrimaryCompanyInBothDirections() {
        Reply r = batchRead("contacts", "companies", "{\"id\":\"" + contacts.get(0) + "\"}");
        assertEquals(200, r.status(), r.body());
        JsonNode to = r.json().at("/results/0/to/0");
        assertEquals((long) companies.get(0), to.get("toObjectId").asLong());
        assertTrue(to.get("toObjectId").isNumber(), r.body());
        assertEquals(List.of(1, 279), typeIds(to));
        assertEquals("Primary", to.at("/associationTypes/0/label").asText());
        assertTrue(to.at("/associationTypes/1/label").isNull(), r.body());

        Reply back = batchRead("0-2", "contact", "{\"id\":\"" + companies.get(1) + "\"}");
        JsonNode first = back.json().at("/results/0/to/0");
        assertEquals((long) contacts.get(1), first.get("toObjectId").asLong());
        assertEquals(List.of(2, 280), typeIds(first));
    }

    @Test
    void batchReadPagesPerInputWithAfter() {
        String company = companies.get(0).toString();
        Reply first = batchRead("companies", "contacts", "{\"id\":\"" + company + "\"},{\"id\":\"" + companies.get(1) + "\"}");
        assertEquals(200, first.status(), first.body());
        assertEquals(List.of(contacts.get(0), contacts.get(3)), toIds(first.json().at("/results/0/to")));
        String after = first.json().at("/results/0/paging/next/after").asText();
        assertFalse(after.isEmpty(), first.body());
        assertTrue(first.json().at("/results/1/paging").isMissingNode(), "two contacts fit one page: " + first.body());

        Reply second = batchRead("companies", "contacts", "{\"id\":\"" + company + "\",\"after\":\"" + after + "\"}");
        assertEquals(List.of(contacts.get(6)), toIds(second.json().at("/results/0/to")));
        assertTrue(second.json().at("/results/0/paging").isMissingNode(), second.body());
    }

    @Test
    void missingIdsGive207WithAnErrorAndTheOthersResults() {
        Reply r = batchRead("contacts", "companies", "{\"id\":\"" + contacts.get(0) + "\"},{\"id\":\"999\"}");
        assertEquals(207, r.status(), r.body());
        assertEquals(1, r.json().get("results").size());
        assertEquals(1, r.json().get("numErrors").asInt());
        assertEquals("999", r.json().at("/errors/0/context/ids/0").asText());
        assertEquals("OBJECT_NOT_FOUND", r.json().at("/errors/0/category").asText());

        Reply none = batchRead("contacts", "deals", "{\"id\":\"" + contacts.get(0) + "\"}");
        assertEquals(200, none.status(), none.body());
        assertEquals(0, none.json().at("/results/0/to").size(), "an id without associations has an empty to");
    }

    @Test
    void perRecordListPagesWithLimitAndAfter() {
        String path = "/crm/v4/objects/companies/" + companies.get(0) + "/associations/contacts";
        Reply first = emu.get(path + "?limit=2");
        assertEquals(200, first.status(), first.body());
        assertEquals(List.of(contacts.get(0), contacts.get(3)), toIds(first.json().get("results")));
        Reply second = emu.get(path + "?limit=2&after=" + first.json().at("/paging/next/after").asText());
        assertEquals(List.of(contacts.get(6)), toIds(second.json().get("results")));
        assertFalse(second.json().has("paging"), second.body());
        assertEquals(404, emu.get("/crm/v4/objects/companies/999/associations/contacts").status());
    }

    @Test
    void createLabelledAndDefaultThenArchive() {
        long deal = ids(ObjectType.DEALS).get(0);
        Reply def = emu.send("PUT", "/crm/v4/objects/deals/" + deal + "/associations/default/contacts/" + contacts.get(2),
                null, emu.token, null);
        assertEquals(200, def.status(), def.body());
        assertEquals(3, def.json().at("/results/0/associationSpec/associationTypeId").asInt());

        Reply created = emu.post(V4 + "deals/companies/batch/create", """
                {"inputs":[{"from":{"id":"%d"},"to":{"id":"%d"},
                  "types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":5}]},
                 {"from":{"id":"%d"},"to":{"id":"1"},
                  "types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":341}]}]}"""
                .formatted(deal, companies.get(1), deal));
        assertEquals(207, created.status(), created.body());
        assertEquals("Primary", created.json().at("/results/0/labels/0").asText());
        assertEquals("1", created.json().at("/errors/0/context/ids/0").asText());

        Reply fromCompany = batchRead("companies", "deals", "{\"id\":\"" + companies.get(1) + "\"}");
        assertEquals(List.of(6, 342), typeIds(fromCompany.json().at("/results/0/to/0")));
        Reply fromContact = batchRead("contacts", "deals", "{\"id\":\"" + contacts.get(2) + "\"}");
        assertEquals(List.of(4), typeIds(fromContact.json().at("/results/0/to/0")));

        Reply archived = emu.post(V4 + "companies/deals/batch/archive",
                "{\"inputs\":[{\"from\":{\"id\":\"" + companies.get(1) + "\"},\"to\":[{\"id\":\"" + deal + "\"}]}]}");
        assertEquals(204, archived.status(), archived.body());
        assertEquals(0, batchRead("deals", "companies", "{\"id\":\"" + deal + "\"}").json().at("/results/0/to").size());

        assertEquals(204, emu.send("DELETE", "/crm/v4/objects/contacts/" + contacts.get(2) + "/associations/deals/"
                + deal, null, emu.token, null).status());
        assertEquals(0, emu.get("/crm/v4/objects/deals/" + deal + "/associations/contacts").json().get("results").size());
    }

    @Test
    void aNewPrimaryCompanyTakesThePrimaryFromTheOldOne() {
        Reply r = emu.send("PUT", "/crm/v4/objects/contacts/" + contacts.get(0) + "/associations/companies/"
                + companies.get(1), "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":1}]",
                emu.token, "application/json");
        assertEquals(201, r.status(), r.body());
        JsonNode to = batchRead("contacts", "companies", "{\"id\":\"" + contacts.get(0) + "\"}").json()
                .at("/results/0/to");
        assertEquals(List.of(279), typeIds(to.get(0)));
        assertEquals(List.of(1, 279), typeIds(to.get(1)));
        Reply bad = emu.send("PUT", "/crm/v4/objects/contacts/" + contacts.get(0) + "/associations/companies/"
                + companies.get(1), "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":3}]",
                emu.token, "application/json");
        assertEquals(400, bad.status(), bad.body());
    }

    @Test
    void archivingARecordHidesItsAssociationsAndRestoringShowsThem() {
        long contact = contacts.get(3);
        assertEquals(204, emu.send("DELETE", "/crm/v3/objects/contacts/" + contact, null, emu.token, null).status());
        Reply hidden = batchRead("companies", "contacts", "{\"id\":\"" + companies.get(0) + "\"}");
        assertEquals(List.of(contacts.get(0), contacts.get(6)), toIds(hidden.json().at("/results/0/to")));
        assertEquals(207, batchRead("contacts", "companies", "{\"id\":\"" + contact + "\"}").status());

        assertEquals(204, emu.admin("POST", "/portals/" + emu.portalId + "/contacts/" + contact + "/restore", null)
                .status());
        Reply back = batchRead("companies", "contacts", "{\"id\":\"" + companies.get(0) + "\"}");
        assertEquals(List.of(contacts.get(0), contacts.get(3)), toIds(back.json().at("/results/0/to")));
    }

    @Test
    void mergeMovesAssociationsToTheSurvivorAndKeepsItsOwnPrimary() {
        long survivor = contacts.get(1);
        long merged = contacts.get(2);
        Reply r = emu.post("/crm/v3/objects/contacts/merge",
                "{\"primaryObjectId\":\"" + survivor + "\",\"objectIdToMerge\":\"" + merged + "\"}");
        assertEquals(200, r.status(), r.body());
        JsonNode to = batchRead("contacts", "companies", "{\"id\":\"" + survivor + "\"}").json().at("/results/0/to");
        assertEquals(List.of(companies.get(1), companies.get(2)), toIds(to));
        assertEquals(List.of(1, 279), typeIds(to.get(0)));
        assertEquals(List.of(279), typeIds(to.get(1)), "the merged-away contact's primary is dropped");
        JsonNode fromCompany = batchRead("companies", "contacts", "{\"id\":\"" + companies.get(2) + "\"}").json()
                .at("/results/0/to");
        assertEquals(List.of(survivor, contacts.get(5)), toIds(fromCompany));
        assertEquals(List.of(280), typeIds(fromCompany.get(0)));
    }

    @Test
    void v3AssociationsParameterOnGetAndList() {
        Reply one = emu.get("/crm/v3/objects/contacts/" + contacts.get(0) + "?associations=companies,nosuchtype");
        assertEquals(200, one.status(), one.body());
        JsonNode results = one.json().at("/associations/companies/results");
        assertEquals(2, results.size(), one.body());
        assertEquals(companies.get(0).toString(), results.get(0).get("id").asText());
        assertEquals("contact_to_company", results.get(0).get("type").asText());
        assertEquals("contact_to_company_unlabeled", results.get(1).get("type").asText());

        Reply list = emu.get("/crm/v3/objects/companies?limit=3&associations=contacts&associations=deals");
        JsonNode first = list.json().at("/results/0");
        assertEquals(3 * 2, first.at("/associations/contacts/results").size(), "three contacts, two types each: " + list.body());
        assertEquals("company_to_contact", first.at("/associations/contacts/results/0/type").asText());
        assertFalse(first.at("/associations").has("deals"), "a type without associations is left out");
        assertFalse(emu.get("/crm/v3/objects/companies?limit=3").json().at("/results/0").has("associations"));
    }

    @Test
    void associationWritesLeaveLastModifiedAloneUnlessSwitchedOn() {
        long contact = contacts.get(0);
        long company = companies.get(1);
        long before = portal.store(ObjectType.CONTACTS).get(contact).updatedAt();
        long companyBefore = portal.store(ObjectType.COMPANIES).get(company).updatedAt();
        assertTrue(portal.associations().addDefault(ObjectType.CONTACTS, contact, ObjectType.COMPANIES, company, "CRM_UI"));
        assertEquals(before, portal.store(ObjectType.CONTACTS).get(contact).updatedAt());
        assertEquals(companyBefore, portal.store(ObjectType.COMPANIES).get(company).updatedAt());

        portal.associations().bumpsModified(true);
        assertTrue(portal.associations().remove(ObjectType.CONTACTS, contact, ObjectType.COMPANIES, company, "CRM_UI"));
        assertNotEquals(before, portal.store(ObjectType.CONTACTS).get(contact).updatedAt());
        assertNotEquals(companyBefore, portal.store(ObjectType.COMPANIES).get(company).updatedAt());
    }

    @Test
    void labelsOfAPair() {
        Reply r = emu.get("/crm/associations/v4/contacts/companies/labels");
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().at("/results/0/typeId").asInt());
        assertEquals(279, r.json().at("/results/1/typeId").asInt());
        assertEquals(r.body(), emu.get(V4 + "contact/company/labels").body());
    }

    @Test
    void dumpListsEachLiveRecordsAssociations() {
        Reply r = emu.admin("GET", "/portals/" + emu.portalId + "/contacts/dump?associations=companies,deals", null);
        assertEquals(200, r.status(), r.body());
        JsonNode first = r.json().at("/records/0");
        assertEquals(contacts.get(0).toString(), first.get("id").asText());
        assertEquals(companies.get(0).toString(), first.at("/associations/companies/0/id").asText());
        assertEquals(List.of(1, 279), List.of(first.at("/associations/companies/0/typeIds/0").asInt(),
                first.at("/associations/companies/0/typeIds/1").asInt()));
        assertEquals(0, first.at("/associations/deals").size());
        assertFalse(emu.admin("GET", "/portals/" + emu.portalId + "/contacts/dump", null).json().at("/records/0")
                .has("associations"));
    }

    @Test
    void activityAddsAndRemovesAssociationsWithoutTouchingLastModified() {
        String dump = "/portals/" + emu.portalId + "/contacts/dump?associations=companies";
        JsonNode before = emu.admin("GET", dump, null).json().get("records");
        emu.emulator.activity().start(0.001, new ActivityGenerator.Mix(0, 0, 0, 0, 0, 0, 1), List.of(ObjectType.CONTACTS), 3);
        try {
            for (int i = 0; i < 20; i++) {
                emu.emulator.activity().step();
            }
        } finally {
            emu.emulator.activity().stop();
        }
        JsonNode after = emu.admin("GET", dump, null).json().get("records");
        assertEquals(20, emu.emulator.activity().changes());
        assertNotEquals(before.toString(), after.toString(), "twenty association changes changed some");
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).get("lastModified"), after.get(i).get("lastModified"), after.get(i).toString());
        }
    }

    /** docs/hubspot.md §17: the batch endpoints are exempt from the 10-second budget, the per-record ones are not. */
    @Test
    void batchCallsSkipTheTenSecondBudget() {
        try (EmulatorFixture limited = new EmulatorFixture(c -> {
            c.contacts = 2;
            c.companies = 1;
            c.rateLimits = "2";
        })) {
            limited.emulator.clock().freeze();
            long contact = limited.emulator.portal(limited.portalId).store(ObjectType.CONTACTS).page(0, 1, false)
                    .get(0).id();
            String record = "/crm/v4/objects/contacts/" + contact + "/associations/companies";
            assertEquals(200, limited.get(record).status());
            assertEquals(200, limited.get(record).status());
            assertEquals(429, limited.get(record).status());
            Reply batch = limited.post(V4 + "contacts/companies/batch/read", "{\"inputs\":[{\"id\":\"" + contact + "\"}]}");
            assertEquals(200, batch.status(), batch.body());
            assertEquals(200, limited.get("/crm/associations/v4/contacts/companies/labels").status());
        }
    }
}
