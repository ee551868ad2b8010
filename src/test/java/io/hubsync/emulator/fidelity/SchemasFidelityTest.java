package io.hubsync.emulator.fidelity;

import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.EmulatorFixture.Reply;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The object schemas API against crm-schemas-v3.json: list, get by type id and by fully qualified
 * name, create, batch read, patch, association definitions, delete, and the 403 without a custom
 * scope. (The alias {@code /crm/v3/schemas} is not in the spec; CustomObjectsTest covers it.)
 */
class SchemasFidelityTest {
    static final SpecValidator SPEC = SpecValidator.of("crm-schemas-v3.json");
    static final String BASE = "/crm-object-schemas/v3/schemas";

    static EmulatorFixture emu;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> {
            c.contacts = 5;
            c.customObjects.put("cars", 5);
        });
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static Reply call(String method, String path, String json) {
        return call(method, path, json, emu.token);
    }

    private static Reply call(String method, String path, String json, String token) {
        return SPEC.assertConforms(method, path, emu.send(method, path, json, token,
                json == null ? null : "application/json"));
    }

    @Test
    void listAndGetBySeveralNames() {
        Reply list = call("GET", BASE, null);
        assertEquals(200, list.status(), list.body());
        assertEquals("cars", list.json().at("/results/0/name").asText());
        String typeId = list.json().at("/results/0/objectTypeId").asText();
        Reply byId = call("GET", BASE + "/" + typeId, null);
        assertEquals(200, byId.status(), byId.body());
        Reply byName = call("GET", BASE + "/p" + emu.portalId + "_cars?includePropertyDefinitions=false", null);
        assertEquals(200, byName.status(), byName.body());
        assertEquals(0, byName.json().get("properties").size());
        Reply missing = call("GET", BASE + "/2-1", null);
        assertEquals(404, missing.status(), missing.body());
    }

    @Test
    void createBatchReadPatchAssociateAndDelete() {
        Reply created = call("POST", BASE, """
                {"name":"widgets","labels":{"singular":"Widget","plural":"Widgets"},
                 "primaryDisplayProperty":"widget_name","requiredProperties":["widget_name"],
                 "searchableProperties":["widget_name"],"secondaryDisplayProperties":[],
                 "associatedObjects":["CONTACT"],
                 "properties":[{"name":"widget_name","label":"Widget name","type":"string","fieldType":"text"},
                   {"name":"size","label":"Size","type":"enumeration","fieldType":"select",
                    "options":[{"label":"Small","value":"s","displayOrder":0,"hidden":false}]}]}""");
        assertEquals(201, created.status(), created.body());
        String typeId = created.json().get("objectTypeId").asText();

        Reply batch = call("POST", BASE + "/batch/read", """
                {"inputs":["%s"],"includeAssociationDefinitions":true,"includeAuditMetadata":true,
                 "includePropertyDefinitions":true}""".formatted(typeId));
        assertEquals(200, batch.status(), batch.body());
        assertEquals(typeId, batch.json().at("/results/0/objectTypeId").asText());

        Reply patched = call("PATCH", BASE + "/" + typeId, """
                {"labels":{"singular":"Gadget","plural":"Gadgets"},"description":"renamed"}""");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("Gadget", patched.json().at("/labels/singular").asText());

        Reply assoc = call("POST", BASE + "/" + typeId + "/associations", """
                {"fromObjectTypeId":"%s","toObjectTypeId":"0-2","name":"widget_to_company"}""".formatted(typeId));
        assertEquals(201, assoc.status(), assoc.body());
        Reply dropped = call("DELETE", BASE + "/" + typeId + "/associations/" + assoc.json().get("id").asText(), null);
        assertEquals(204, dropped.status(), dropped.body());

        Reply deleted = call("DELETE", BASE + "/" + typeId, null);
        assertEquals(204, deleted.status(), deleted.body());
        Reply archived = call("GET", BASE + "?archived=true", null);
        assertTrue(archived.json().at("/results/0/archived").asBoolean(), archived.body());
    }

    @Test
    void invalidCreateIs400AndNoCustomScopeIs403() {
        Reply bad = call("POST", BASE, """
                {"name":"nolabels","properties":[],"requiredProperties":[],"associatedObjects":[]}""");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("VALIDATION_ERROR", bad.json().get("category").asText());
        String token = emu.admin("POST", "/private-apps", "{\"portalId\":" + emu.portalId
                + ",\"scopes\":[\"crm.objects.contacts.read\"]}").json().get("token").asText();
        Reply denied = call("GET", BASE, null, token);
        assertEquals(403, denied.status(), denied.body());
    }
}
