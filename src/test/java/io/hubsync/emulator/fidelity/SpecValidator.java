package io.hubsync.emulator.fidelity;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.hubsync.emulator.EmulatorFixture;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks a response the emulator really sent against one of HubSpot's own OpenAPI specs, with
 * swagger-request-validator, and fails on every message except the few {@link SpecDeviations}
 * allows.
 *
 * <p>The specs are read at test time from {@code ../shared/hubspot-openapi/} beside the project
 * (CI clones the project with {@code shared/} next to it; a clone without it skips these checks,
 * saying why), never copied into the project, so a
 * newer spec is picked up without touching the tests.
 */
public final class SpecValidator {
    static final String SPEC_FOLDER = "../shared/hubspot-openapi";

    private static final Map<String, SpecValidator> LOADED = new ConcurrentHashMap<>();

    private final String specFile;
    /** Parsed at the first check, so that a test class without the specs loads and is skipped, not failed. */
    private volatile OpenApiInteractionValidator validator;

    private SpecValidator(String specFile) {
        this.specFile = specFile;
    }

    private OpenApiInteractionValidator validator() {
        if (validator == null) {
            synchronized (this) {
                if (validator == null) {
                    Path spec = specDir().resolve(specFile);
                    if (!Files.isRegularFile(spec)) {
                        throw new IllegalStateException("HubSpot spec " + spec + " is missing from " + specDir());
                    }
                    validator = OpenApiInteractionValidator.createForSpecificationUrl(spec.toUri().toString())
                            .withLevelResolver(SpecDeviations.LEVELS)
                            .build();
                }
            }
        }
        return validator;
    }

    /** The validator for one spec file in the shared folder, e.g. {@code crm-contacts-v3.json}; parsed once. */
    public static SpecValidator of(String specFile) {
        return LOADED.computeIfAbsent(specFile, SpecValidator::new);
    }

    /**
     * {@code ../shared/hubspot-openapi} from the project root: Maven's {@code basedir} when Surefire
     * sets it, else the working directory (which Surefire also sets to the project root).
     */
    static Path specDir() {
        Path root = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = root.resolve(SPEC_FOLDER).normalize();
        // a clone of the project alone has no specs beside it: its fidelity checks are skipped, saying why
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(dir), "SKIPPED: HubSpot's OpenAPI specs "
                + "were not found at " + dir + ": the fidelity checks need the folder hubspot-openapi/ (HubSpot's "
                + "specs) in a folder shared/ beside the project root " + root.toAbsolutePath().normalize());
        return dir;
    }

    /**
     * One response as the validator sees it: {@code path} is concrete or a template, with or without
     * a query; {@code headers} are the response headers (the validator reads Content-Type from them).
     */
    public record Exchange(String method, String path, int status, Map<String, List<String>> headers, String body) {
        static Exchange of(String method, String path, EmulatorFixture.Reply reply) {
            return new Exchange(method, path, reply.status(), reply.raw().headers().map(), reply.body());
        }

        /** A hand-made JSON response, for tests of the validator itself. */
        static Exchange json(String method, String path, int status, String body) {
            return new Exchange(method, path, status,
                    Map.of("Content-Type", List.of("application/json;charset=utf-8")), body);
        }

        /** The path without its query, which is how the spec names operations. */
        public String requestPath() {
            int q = path.indexOf('?');
            return q < 0 ? path : path.substring(0, q);
        }
    }

    /** The messages the allow-list does not excuse; empty when the response matches the spec. */
    public List<ValidationReport.Message> violations(Exchange x) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(x.status());
        // HTTP/2 pseudo-headers and the like are not response headers the spec could describe
        x.headers().forEach((name, values) -> {
            if (!name.startsWith(":")) {
                response.withHeader(name, values);
            }
        });
        if (x.body() != null && !x.body().isEmpty()) {
            response.withBody(x.body());
        }
        Request.Method method = Request.Method.valueOf(x.method().toUpperCase(Locale.ROOT));
        ValidationReport report = validator().validateResponse(x.requestPath(), method, response.build());
        List<ValidationReport.Message> out = new ArrayList<>();
        for (ValidationReport.Message m : report.getMessages()) {
            if (m.getLevel() != ValidationReport.Level.IGNORE && !SpecDeviations.excuses(x, m)) {
                out.add(m);
            }
        }
        return out;
    }

    /** Fails with every unexcused message when the reply does not match the spec; else returns the reply. */
    public EmulatorFixture.Reply assertConforms(String method, String path, EmulatorFixture.Reply reply) {
        assertConforms(Exchange.of(method, path, reply));
        return reply;
    }

    /** Fails with every unexcused message, the spec file and the body when the exchange does not match. */
    public void assertConforms(Exchange x) {
        List<ValidationReport.Message> bad = violations(x);
        if (!bad.isEmpty()) {
            StringBuilder sb = new StringBuilder(x.method()).append(' ').append(x.path()).append(" → ")
                    .append(x.status()).append(" does not match ").append(specFile).append(':');
            bad.forEach(m -> describe(sb, m, "\n  "));
            sb.append("\n  body: ").append(x.body());
            throw new AssertionError(sb.toString());
        }
    }

    /** The JSON pointer of the offending value in the body, or "" when the message has none. */
    static String pointer(ValidationReport.Message m) {
        return m.getContext().flatMap(ValidationReport.MessageContext::getPointers)
                .map(ValidationReport.MessageContext.Pointers::getInstance).orElse("");
    }

    private static void describe(StringBuilder sb, ValidationReport.Message m, String indent) {
        sb.append(indent).append('[').append(m.getKey()).append(" at '").append(pointer(m)).append("'] ")
          .append(m.getMessage());
        for (ValidationReport.Message n : m.getNestedMessages()) {
            describe(sb, n, indent + "  ");
        }
    }
}
