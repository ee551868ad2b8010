package io.hubsync.emulator.fidelity;

import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.EmulatorFixture;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The allow-list: the only places where a fidelity test accepts a response that HubSpot's OpenAPI
 * specs refuse, because HubSpot's real responses differ from its specs in the same way
 * (/work/shared/HUBSPOT.md §13, and the real bodies quoted in §4, §5 and §9). Every other
 * validator message fails the test. Each entry is matched by where it may occur, message key,
 * JSON pointer and message text, all in full.
 */
final class SpecDeviations {
    private SpecDeviations() { }

    static final String TYPE = "validation.response.body.schema.type";
    static final String REQUIRED = "validation.response.body.schema.required";

    /**
     * Extra fields. Real error bodies carry {@code "status":"error"}, and 429s also
     * {@code errorType}, {@code policyName}, {@code groupName} and {@code requestId}, none of which
     * the spec's {@code Error} lists (§13). The validator refuses every field a schema does not list,
     * even where the schema does not forbid them, so §13 says to ignore this one key everywhere.
     */
    static final LevelResolver LEVELS = LevelResolver.create()
            .withLevel("validation.response.body.schema.additionalProperties", ValidationReport.Level.IGNORE)
            .build();

    static final List<Deviation> ALLOWED = List.of(
            // §13 and §1: a requested property that is defined but has no value comes back as null
            // ([V] docs; the Node client types values `string | null`); the spec types every value
            // as a string. Only values inside a record's `properties`: a null anywhere else fails.
            new Deviation("null property value",
                    onPath("/crm/v3/objects/.+"),
                    TYPE, "(/results/\\d+)?/properties/[^/]+",
                    "Instance type (null) does not match any allowed primitive type (allowed: [\"string\"])"),
            // §9: the real 207 from batch endpoints has error items with status, category, message
            // and context only; the spec's StandardError also requires `errors` and `links`.
            new Deviation("batch error item without errors and links",
                    onPath("/crm/v3/objects/[^/]+/batch/(read|create|update)").and(x -> x.status() == 207),
                    REQUIRED, "/errors/\\d+",
                    "Object has missing required properties ([\"errors\",\"links\"])"),
            // §4: HubSpot's 400 for a body that is not JSON has status, message and correlationId,
            // but no `category`, which the spec's Error requires.
            new Deviation("invalid-JSON error without category",
                    x -> x.status() == 400 && message(x).startsWith("Invalid input JSON"),
                    REQUIRED, "/",
                    "Object has missing required properties ([\"category\"])"),
            // §5: the token endpoint's errors are {error, error_description, status, message} (RFC 6749
            // shape plus HubSpot's status such as BAD_REFRESH_TOKEN); none has the Error's `category`.
            new Deviation("OAuth error without category",
                    onPath("/oauth/v[13]/token").and(x -> x.status() == 400),
                    REQUIRED, "/",
                    "Object has missing required properties ([\"category\"])"),
            // §5: HubSpot's documented access-token info has a signed_access_token without these five
            // fields the spec requires; every field that example does have must be present.
            new Deviation("signed_access_token as documented",
                    onPath("/oauth/v1/access-tokens/[^/]+").and(x -> x.status() == 200),
                    REQUIRED, "/signed_access_token",
                    "Object has missing required properties ([\"appInstallId\",\"audience\",\"installingUserId\","
                            + "\"isPrivateDistribution\",\"isServiceAccount\"])"),
            // §14: the unlabeled association type "will always [be] returned in responses with a label
            // value of null" ([V] docs); the spec types `label` as a string. Only a type's label.
            new Deviation("unlabeled association type with a null label",
                    onPath("/crm/(v4/associations|associations/v4|v4/objects)/.+"),
                    TYPE, "/results/\\d+(/to/\\d+)?(/associationTypes/\\d+)?/label",
                    "Instance type (null) does not match any allowed primitive type (allowed: [\"string\"])"),
            // §14: HubSpot's examples and peers' fixtures carry association record ids as JSON numbers
            // ([C]); the spec types them as strings. The emulator sends numbers unless
            // EmulatorConfig.associationIdsAsNumbers is off.
            new Deviation("association record ids as numbers",
                    onPath("/crm/v4/(associations|objects)/.+"),
                    TYPE, "(/results/\\d+)?(/to/\\d+)?/(toObjectId|fromObjectId)",
                    "Instance type (integer) does not match any allowed primitive type (allowed: [\"string\"])"));

    /**
     * One excused message.
     *
     * @param where   which responses it may occur in (request path, status, body)
     * @param key     the validator's message key
     * @param pointer the JSON pointer of the offending value, as a regular expression
     * @param message the message text, literal
     */
    record Deviation(String name, Predicate<SpecValidator.Exchange> where, String key, Pattern pointer,
                     Pattern message) {
        Deviation(String name, Predicate<SpecValidator.Exchange> where, String key, String pointer, String text) {
            // below the root the validator prefixes the text with "[Path '<pointer>'] "
            this(name, where, key, Pattern.compile(pointer),
                    Pattern.compile("(\\[Path '[^']*'\\] )?" + Pattern.quote(text)));
        }

        boolean excuses(SpecValidator.Exchange x, ValidationReport.Message m) {
            return key.equals(m.getKey()) && pointer.matcher(SpecValidator.pointer(m)).matches()
                    && message.matcher(m.getMessage()).matches() && where.test(x);
        }
    }

    static boolean excuses(SpecValidator.Exchange x, ValidationReport.Message m) {
        return ALLOWED.stream().anyMatch(d -> d.excuses(x, m));
    }

    private static Predicate<SpecValidator.Exchange> onPath(String regex) {
        Pattern p = Pattern.compile(regex);
        return x -> p.matcher(x.requestPath()).matches();
    }

    /** The top-level {@code message} of a JSON error body, or "". */
    private static String message(SpecValidator.Exchange x) {
        try {
            JsonNode n = EmulatorFixture.JSON.readTree(x.body() == null ? "" : x.body());
            return n == null ? "" : n.path("message").asText("");
        } catch (IOException e) {
            return "";
        }
    }
}
