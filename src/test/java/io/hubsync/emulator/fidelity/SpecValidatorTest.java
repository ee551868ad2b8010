package io.hubsync.emulator.fidelity;

import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.EmulatorFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the validator is live and the allow-list tight: bodies that are wrong in ways HubSpot
 * never is must be refused, with the message that names the fault, even next to allowed faults.
 */
class SpecValidatorTest {
    static EmulatorFixture emu;
    static final SpecValidator CONTACTS = SpecValidator.of("crm-contacts-v3.json");

    @BeforeAll
    static void start() {
        emu = new EmulatorFixture(c -> c.contacts = 3);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    /** A real record from the emulator, with {@code fax} (no value) requested so it comes back null. */
    private static ObjectNode record() throws Exception {
        String id = emu.get("/crm/v3/objects/contacts?limit=1").json().at("/results/0/id").asText();
        EmulatorFixture.Reply r = emu.get("/crm/v3/objects/contacts/" + id + "?properties=email,fax");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.json().at("/properties/fax").isNull(), r.body());
        return (ObjectNode) r.json();
    }

    private static List<ValidationReport.Message> check(ObjectNode body) {
        return CONTACTS.violations(SpecValidator.Exchange.json("GET", "/crm/v3/objects/contacts/1", 200,
                body.toString()));
    }

    @Test
    void realRecordWithNullPropertyPasses() throws Exception {
        assertEquals(List.of(), check(record()));
    }

    @Test
    void recordWithoutIdIsRefused() throws Exception {
        ObjectNode body = record();
        body.remove("id");
        List<ValidationReport.Message> v = check(body);
        assertEquals(1, v.size(), v.toString());
        assertEquals(SpecDeviations.REQUIRED, v.get(0).getKey());
        assertEquals("Object has missing required properties ([\"id\"])", v.get(0).getMessage());
        AssertionError e = assertThrows(AssertionError.class, () -> CONTACTS.assertConforms(
                SpecValidator.Exchange.json("GET", "/crm/v3/objects/contacts/1", 200, body.toString())));
        assertTrue(e.getMessage().contains("missing required properties ([\"id\"])"), e.getMessage());
    }

    @Test
    void nullOutsidePropertiesIsNotExcused() throws Exception {
        ObjectNode body = record();
        body.putNull("id");
        body.put("archived", "no");
        List<ValidationReport.Message> v = check(body);
        assertEquals(2, v.size(), v.toString());
        assertTrue(v.stream().allMatch(m -> m.getKey().equals(SpecDeviations.TYPE)), v.toString());
        assertEquals(List.of("/archived", "/id"), v.stream().map(SpecValidator::pointer).sorted().toList());
    }

    @Test
    void wrongTypeInsidePropertiesIsNotExcused() throws Exception {
        ObjectNode body = record();
        ((ObjectNode) body.get("properties")).put("email", 42);
        List<ValidationReport.Message> v = check(body);
        assertEquals(1, v.size(), v.toString());
        assertEquals("/properties/email", SpecValidator.pointer(v.get(0)));
    }

    @Test
    void badDateTimeIsRefused() throws Exception {
        ObjectNode body = record();
        body.put("createdAt", "yesterday");
        List<ValidationReport.Message> v = check(body);
        assertEquals(1, v.size(), v.toString());
        assertEquals("/createdAt", SpecValidator.pointer(v.get(0)));
    }

    @Test
    void wrongContentTypeIsRefused() throws Exception {
        String body = record().toString();
        List<ValidationReport.Message> v = CONTACTS.violations(new SpecValidator.Exchange("GET",
                "/crm/v3/objects/contacts/1", 200, Map.of("content-type", List.of("text/html;charset=utf-8")), body));
        assertEquals(1, v.size(), v.toString());
        assertEquals("validation.response.contentType.notAllowed", v.get(0).getKey());
    }

    @Test
    void errorBodyWithoutCategoryIsRefusedOutsideTheAllowedCases() {
        // the same fault that is allowed on OAuth token errors and invalid-JSON errors
        String body = "{\"status\":\"error\",\"message\":\"Object not found.\",\"correlationId\":"
                + "\"8a3f6c3a-8296-4002-b0a6-2a06fecf7c0c\"}";
        List<ValidationReport.Message> v = CONTACTS.violations(SpecValidator.Exchange.json("GET",
                "/crm/v3/objects/contacts/1", 404, body));
        assertEquals(1, v.size(), v.toString());
        assertEquals("Object has missing required properties ([\"category\"])", v.get(0).getMessage());
    }

    @Test
    void missingSpecFileIsNamed() {
        // the spec is parsed at the first check (a class without the specs folder loads, then is skipped)
        SpecValidator missing = SpecValidator.of("no-such.json");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> missing.violations(
                new SpecValidator.Exchange("GET", "/crm/v3/objects/contacts/1", 200,
                        Map.of("content-type", List.of("application/json")), "{}")));
        assertTrue(e.getMessage().contains("no-such.json"), e.getMessage());
    }
}
