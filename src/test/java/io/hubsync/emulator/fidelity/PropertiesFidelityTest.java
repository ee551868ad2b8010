package io.hubsync.emulator.fidelity;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.EmulatorFixture.Reply;
import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The properties API against crm-properties-v3.json. */
class PropertiesFidelityTest {
    static final SpecValidator SPEC = SpecValidator.of("crm-properties-v3.json");
    static final String BASE = "/crm/v3/properties/";

    static EmulatorFixture emu;

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> c.contacts = 1);
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
    @ValueSource(strings = {"contacts", "companies", "deals", "tickets"})
    void listHasEveryDefinition(String type) {
        Reply r = call("GET", BASE + type, null);
        assertEquals(200, r.status(), r.body());
        Set<String> names = new HashSet<>();
        r.json().get("results").forEach(p -> names.add(p.get("name").asText()));
        assertTrue(names.containsAll(Set.of("hs_object_id", "createdate")), names.toString());
    }

    @Test
    void getOne() {
        Reply r = call("GET", BASE + "contacts/email", null);
        assertEquals(200, r.status(), r.body());
        assertEquals("email", r.json().get("name").asText());
    }

    @Test
    void createEnumerationIs201AndListed() {
        Reply r = call("POST", BASE + "contacts", """
                {"name":"fidelity_flavour","label":"Flavour","type":"enumeration","fieldType":"select",
                 "groupName":"contactinformation","description":"favourite flavour",
                 "options":[{"label":"Vanilla","value":"vanilla","hidden":false,"displayOrder":1},
                            {"label":"Mint","value":"mint","hidden":false,"displayOrder":2}]}""");
        assertEquals(201, r.status(), r.body());
        JsonNode options = r.json().get("options");
        assertEquals(2, options.size(), r.body());
        assertEquals("mint", options.get(1).get("value").asText());
        assertTrue(r.json().get("createdAt").isTextual(), r.body());

        Reply list = call("GET", BASE + "contacts", null);
        boolean listed = false;
        for (JsonNode p : list.json().get("results")) {
            listed |= p.get("name").asText().equals("fidelity_flavour");
        }
        assertTrue(listed, list.body());
    }

    @Test
    void duplicateIs409AndUnknownIs404() {
        String body = """
                {"name":"fidelity_twice","label":"Twice","type":"string","fieldType":"text",
                 "groupName":"contactinformation"}""";
        assertEquals(201, call("POST", BASE + "contacts", body).status());
        Reply again = call("POST", BASE + "contacts", body);
        assertEquals(409, again.status(), again.body());

        Reply missing = call("GET", BASE + "contacts/no_such_property", null);
        assertEquals(404, missing.status(), missing.body());
        assertEquals("OBJECT_NOT_FOUND", missing.json().get("category").asText());
    }

    @Test
    void invalidDefinitionIs400() {
        Reply r = call("POST", BASE + "contacts", """
                {"name":"Bad Name","label":"Bad","type":"string","fieldType":"text",
                 "groupName":"contactinformation"}""");
        assertEquals(400, r.status(), r.body());
        assertEquals("VALIDATION_ERROR", r.json().get("category").asText());
    }
}
