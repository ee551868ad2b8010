package io.hubsync.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built jar as a user edits it: {@code init} writes application.properties and routes/ out of the
 * jar, refuses to overwrite them without --force, and a {@code run} in that folder syncs with an
 * edited route file and an edited property; with {@code ROUTES_RELOAD=true} a running {@code run} takes a
 * saved route file without a restart. And {@code LOG_FORMAT=json}: every line on stderr is one JSON
 * object, stdout stays empty.
 */
class InitAndLogFormatIT {
    static final String TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";
    static final ObjectMapper JSON = new ObjectMapper();
    static Path root;
    static EmulatorJar emulator;

    @BeforeAll
    static void startEmulator() throws IOException {
        root = Files.createDirectories(Path.of("target", "it", "init-" + System.nanoTime())).toAbsolutePath();
        emulator = EmulatorJar.start(root.resolve("emulator"), "--contacts", "300");
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        if (emulator != null) {
            emulator.close();
        }
    }

    /** stdout, stderr and exit code of one command of the jar, run in {@code dir}. */
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    static Result jar(Path dir, Map<String, String> env, String... args) throws Exception {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>(List.of(JarProcess.java(), "-Xmx256m", "-XX:+UseSerialGC", "-jar",
                JarProcess.JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "stdout", ".txt");
        Path err = Files.createTempFile(dir, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                .redirectError(err.toFile());
        // nothing of this JVM's environment that would point hubsync elsewhere
        pb.environment().keySet().removeIf(k -> k.startsWith("HUBSPOT_") || k.startsWith("DB_") || k.startsWith("SYNC_")
                || k.equals("LOG_FORMAT"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not finish in 3 minutes; stderr: "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static Map<String, String> emulatorEnv() {
        return Map.of("HUBSPOT_BASE_URL", emulator.base, "HUBSPOT_ACCESS_TOKEN", TOKEN);
    }

    @Test
    void initWritesTheJarsFilesAndRunUsesTheEditedOnes() throws Exception {
        Path dir = root.resolve("edited");
        Result init = jar(root, Map.of(), "init", "--dir", "edited");
        assertEquals(0, init.code(), init.err());
        assertTrue(init.out().contains("wrote edited/application.properties"), init.out());
        assertTrue(init.out().contains("wrote edited/routes/sync.camel.yaml"), init.out());
        assertTrue(init.out().contains("run --once"), "init names the next command: " + init.out());
        assertEquals("", init.err(), "init logs nothing on stderr");
        try (var routes = Files.list(dir.resolve("routes"))) {
            assertEquals(io.hubsync.app.HubsyncRoutes.FILES.size(), routes.count(), "every route file of the jar");
        }
        String jarsSync = Files.readString(dir.resolve("routes/sync.camel.yaml"), StandardCharsets.UTF_8);
        assertEquals(Files.readString(Path.of("routes/sync.camel.yaml"), StandardCharsets.UTF_8), jarsSync,
                "the jar's copy, byte for byte");

        // edit one route file and one property
        String anchor = "      uri: direct:sync\n      steps:\n";
        assertTrue(jarsSync.contains(anchor), "sync.camel.yaml's route sync-run starts from direct:sync");
        Files.writeString(dir.resolve("routes/sync.camel.yaml"), jarsSync.replace(anchor,
                anchor + "        - log: \"edited route: a run of ${exchangeProperty.objectType} starts\"\n"));
        Path props = dir.resolve("application.properties");
        String jarsProps = Files.readString(props, StandardCharsets.UTF_8);
        String dbLine = "db.url = jdbc:h2:file:./data/hubsync;AUTO_SERVER=TRUE";
        assertTrue(jarsProps.contains(dbLine), "the jar's application.properties sets db.url");
        String edited = jarsProps.replace(dbLine, "db.url = jdbc:h2:file:./data/edited;AUTO_SERVER=TRUE");
        Files.writeString(props, edited);

        // a second init leaves the edits alone, naming the file and the flag
        Result again = jar(dir, Map.of(), "init");
        assertEquals(2, again.code(), again.out() + again.err());
        assertTrue(again.err().contains("application.properties exists") && again.err().contains("--force"), again.err());
        assertEquals("", again.out());
        assertEquals(edited, Files.readString(props, StandardCharsets.UTF_8), "nothing was overwritten");

        Result run = jar(dir, emulatorEnv(), "run", "--once");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.err().contains("edited route: a run of contacts starts"), "the edited route ran: " + run.err());
        assertTrue(Files.isRegularFile(dir.resolve("data/edited.mv.db")), "the edited db.url was used");
        assertFalse(Files.exists(dir.resolve("data/hubsync.mv.db")), "the jar's db.url was not");

        // --force writes the jar's copies again
        Result force = jar(dir, Map.of(), "init", "--force");
        assertEquals(0, force.code(), force.err());
        assertEquals(jarsSync, Files.readString(dir.resolve("routes/sync.camel.yaml"), StandardCharsets.UTF_8));
    }

    @Test
    void withRoutesReloadASavedRouteFileChangesTheRunningJar() throws Exception {
        Path dir = root.resolve("reload");
        Result init = jar(root, Map.of(), "init", "--dir", "reload");
        assertEquals(0, init.code(), init.err());
        Path sync = dir.resolve("routes/sync.camel.yaml");
        String jars = Files.readString(sync, StandardCharsets.UTF_8);
        String anchor = "      uri: direct:sync\n      steps:\n";
        assertTrue(jars.contains(anchor), "sync.camel.yaml's route sync-run starts from direct:sync");
        Files.writeString(sync, jars.replace(anchor, anchor + "        - log: \"reload probe: before\"\n"));
        Map<String, String> env = new java.util.HashMap<>(emulatorEnv());
        env.put("ROUTES_RELOAD", "true");
        env.put("SYNC_SCHEDULE", "0/2 * * * * ?"); // a run every 2 s, so each edit shows in the next run
        try (JarProcess run = JarProcess.start("run", dir, env, "256m", "run")) {
            run.awaitLog("reload probe: before", java.time.Duration.ofMinutes(2));
            Files.writeString(sync, jars.replace(anchor, anchor + "        - log: \"reload probe: after\"\n"));
            // no restart: the running jar's next run takes the saved file
            run.awaitLog("reload probe: after", java.time.Duration.ofMinutes(1));
            assertTrue(run.alive(), run.tail());
            int exit = run.stop();
            assertTrue(exit == 0 || exit == 143, "stopped by SIGTERM: " + exit + "; " + run.tail());
        }
    }

    @Test
    void withLogFormatJsonEveryLineOnStderrIsOneJsonObject() throws Exception {
        Path dir = root.resolve("json");
        Map<String, String> env = new java.util.HashMap<>(emulatorEnv());
        env.put("LOG_FORMAT", "json");
        Result ok = jar(dir, env, "run", "--once");
        assertEquals(0, ok.code(), ok.err());
        assertEquals("", ok.out(), "logs go to stderr only");
        assertJsonLines(ok);
        assertTrue(ok.err().contains("\"level\":\"INFO\""), ok.err());

        // a run that fails (HubSpot refuses the token): its error lines are JSON too
        env.put("HUBSPOT_ACCESS_TOKEN", "pat-na1-00000000-0000-0000-0000-000000000000");
        env.put("DB_URL", "jdbc:h2:file:./data/refused");
        Result refused = jar(dir, env, "run", "--once");
        assertEquals(1, refused.code(), refused.err());
        List<JsonNode> events = assertJsonLines(refused);
        assertTrue(events.stream().anyMatch(e -> e.get("level").asText().equals("ERROR")
                || e.get("level").asText().equals("WARN")), refused.err());
        assertFalse(refused.err().contains("pat-na1-00000000"), "the token is never logged");
    }

    /** Every line parses as one JSON object with time, level, logger, thread and message; the events. */
    private static List<JsonNode> assertJsonLines(Result r) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        assertFalse(r.errLines().isEmpty(), "something was logged");
        for (String line : r.errLines()) {
            JsonNode e;
            try {
                e = JSON.readTree(line);
            } catch (IOException ex) {
                throw new AssertionError("not a JSON line: " + line, ex);
            }
            assertTrue(e.isObject(), line);
            for (String field : List.of("time", "level", "logger", "thread", "message")) {
                assertTrue(e.hasNonNull(field), field + " in " + line);
            }
            assertTrue(e.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), line);
            if (e.has("exception")) {
                assertTrue(e.get("exception").isTextual(), "the stack trace as one string: " + line);
            }
            events.add(e);
        }
        return events;
    }
}
