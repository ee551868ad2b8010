package io.hubsync.emulator.fidelity;

import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.EmulatorFixture.Reply;
import io.hubsync.emulator.crm.CrmRecord;
import io.hubsync.emulator.crm.ObjectType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The v4 associations endpoints against crm-associations-v4.json (and the labels against
 * crm-associations-schema-v4.json), and the v3 {@code associations} field against crm-objects-v3.json.
 */
class AssociationsFidelityTest {
    static final SpecValidator V4 = SpecValidator.of("crm-associations-v4.json");
    static final SpecValidator SCHEMA = SpecValidator.of("crm-associations-schema-v4.json");
    static final SpecValidator OBJECTS = SpecValidator.of("crm-objects-v3.json");

    static EmulatorFixture emu;
    static long contact;
    static long otherContact;
    static long company;
    static long deal;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> {
            c.contacts = 6;
            c.companies = 2;
            c.deals = 1;
            c.associationBatchPageSize = 2;
        });
        var portal = emu.emulator.portal(emu.portalId);
        List<CrmRecord> contacts = portal.store(ObjectType.CONTACTS).page(0, 10, false);
        contact = contacts.get(0).id();
        otherContact = contacts.get(1).id();
        company = portal.store(ObjectType.COMPANIES).page(0, 1, false).get(0).id();
        deal = portal.store(ObjectType.DEALS).page(0, 1, false).get(0).id();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static Reply call(SpecValidator spec, String method, String path, String json) {
        return spec.assertConforms(method, path, emu.send(method, path, json, emu.token,
                json == null ? null : "application/json"));
    }

    @Test
    void batchReadWithPagingAndErrors() {
        Reply r = call(V4, "POST", "/crm/v4/associations/companies/contacts/batch/read",
                "{\"inputs\":[{\"id\":\"" + company + "\"},{\"id\":\"42\"}]}");
        assertEquals(207, r.status(), r.body());
        assertTrue(r.json().at("/results/0/paging/next/after").isTextual(), r.body());
        Reply ok = call(V4, "POST", "/crm/v4/associations/contacts/companies/batch/read",
                "{\"inputs\":[{\"id\":\"" + contact + "\"}]}");
        assertEquals(200, ok.status(), ok.body());
    }

    @Test
    void perRecordList() {
        Reply r = call(V4, "GET", "/crm/v4/objects/companies/" + company + "/associations/contacts?limit=1", null);
        assertEquals(200, r.status(), r.body());
        assertEquals(1, r.json().get("results").size());
    }

    @Test
    void writes() {
        Reply labelled = call(V4, "PUT", "/crm/v4/objects/deals/" + deal + "/associations/companies/" + company,
                "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":5}]");
        assertEquals(201, labelled.status(), labelled.body());
        Reply def = call(V4, "PUT", "/crm/v4/objects/deals/" + deal + "/associations/default/contacts/" + contact, null);
        assertEquals(200, def.status(), def.body());
        Reply created = call(V4, "POST", "/crm/v4/associations/contacts/deals/batch/create", """
                {"inputs":[{"from":{"id":"%d"},"to":{"id":"%d"},
                  "types":[{"associationCategory":"HUBSPOT_DEFINED","associationTypeId":4}]}]}"""
                .formatted(otherContact, deal));
        assertEquals(201, created.status(), created.body());
        Reply byDefault = call(V4, "POST", "/crm/v4/associations/contacts/deals/batch/associate/default",
                "{\"inputs\":[{\"from\":{\"id\":\"" + contact + "\"},\"to\":{\"id\":\"" + deal + "\"}}]}");
        assertEquals(200, byDefault.status(), byDefault.body());
        Reply archived = call(V4, "POST", "/crm/v4/associations/contacts/deals/batch/archive",
                "{\"inputs\":[{\"from\":{\"id\":\"" + otherContact + "\"},\"to\":[{\"id\":\"" + deal + "\"}]}]}");
        assertEquals(204, archived.status(), archived.body());
        Reply deleted = call(V4, "DELETE", "/crm/v4/objects/contacts/" + contact + "/associations/deals/" + deal, null);
        assertEquals(204, deleted.status(), deleted.body());
    }

    @Test
    void labels() {
        Reply r = call(SCHEMA, "GET", "/crm/associations/v4/deals/companies/labels", null);
        assertEquals(200, r.status(), r.body());
        assertEquals(2, r.json().get("results").size());
    }

    @Test
    void v3AssociationsField() {
        Reply one = call(OBJECTS, "GET", "/crm/v3/objects/contacts/" + contact + "?associations=companies", null);
        assertEquals(200, one.status(), one.body());
        assertEquals(2, one.json().at("/associations/companies/results").size(), one.body());
        Reply list = call(OBJECTS, "GET", "/crm/v3/objects/companies?associations=contacts", null);
        assertTrue(list.json().at("/results/0/associations/contacts/results").size() > 0, list.body());
    }
}
