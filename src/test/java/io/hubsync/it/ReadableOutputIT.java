package io.hubsync.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Output a person can read, from the built jar against the emulator in its own process: {@code run --once}
 * says a handful of lines; the CLI's result is stdout alone (logs go to stderr), so {@code connections list | …}
 * and {@code status --json | jq} work; a HubSpot refusal is one line naming the connection, the call and
 * HubSpot's message, with no stack trace at INFO; and {@code run} starts what is due at once
 * (sync.run-at-start) with one line saying what it runs and when, even when the schedules' first tick is
 * years away.
 */
class ReadableOutputIT extends ProcessesTest {
    static final String FAR = "0 0 0 1 1 ? 2099";

    Path dir(TestInfo info) {
        return Path.of("target", "it", getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName()
                + "-" + System.nanoTime());
    }

    Map<String, String> env(Path dir, String token) {
        Map<String, String> env = new HashMap<>(keep(ItDatabase.h2(dir)).env());
        env.put("HUBSPOT_BASE_URL", emu.base);
        env.put("HUBSPOT_ACCESS_TOKEN", token);
        return env;
    }

    @Test
    void commandsPrintTheirResultOnStdoutAndAFailureInOneLine(TestInfo info) throws Exception {
        Path dir = dir(info);
        emu = keep(EmulatorJar.start(dir, "--contacts", "300"));
        String token = emu.portals().get(0).get("privateAppToken").asText();
        Map<String, String> env = env(dir, token);

        // the backfill, the sweeps and the owners read: a line each and Camel's start and stop, no narration
        Output once = run(dir, env, "run", "--once");
        assertEquals(0, once.code, once.all());
        List<String> lines = once.lines();
        assertTrue(lines.size() <= 12, "run --once said " + lines.size() + " lines: " + once.all());
        assertEquals(1, lines.stream().filter(l -> l.contains("contacts[default] backfill done: 300 records")).count(),
                once.all());
        for (String noise : List.of("Routes startup", "BaseMainSupport", "QuartzScheduler", "HikariPool", "DbMigrate",
                "already registered", "is deprecated")) {
            assertFalse(once.all().contains(noise), noise + " in: " + once.all());
        }

        // with nothing to do, run --once starts only what one run needs (the JVM's record of the classes it
        // loaded says what was made): no Quartz scheduler, no HTTP server, no webhook, dashboard, health or
        // housekeeping beans, no queue consumers, no Flyway for a schema already current; the lease heartbeat does run
        Path classes = dir.resolve("run-once-classes.txt");
        Output quiet = run(dir, env, List.of("-Xlog:class+load=info:file=" + classes.toAbsolutePath()), "run", "--once");
        assertEquals(0, quiet.code, quiet.all());
        assertTrue(quiet.stderr.contains("contacts[default] incremental done: 0 records"), quiet.all());
        String loaded = Files.readString(classes, StandardCharsets.UTF_8);
        assertTrue(loaded.contains(" io.hubsync.store.Leases ") && loaded.contains(" org.apache.camel.component.timer.TimerConsumer "),
                "the class log is read");
        for (String started : List.of("org.quartz.core.QuartzScheduler", "org.apache.camel.component.quartz.QuartzComponent",
                "org.apache.camel.component.platform.http.PlatformHttpComponent", "io.hubsync.webhook.WebhookInbox",
                "io.hubsync.ui.UiSession", "io.hubsync.observe.HealthReport", "io.hubsync.store.Retention",
                "org.apache.camel.component.seda.SedaConsumer", "org.flywaydb.core.Flyway")) {
            assertFalse(loaded.contains(" " + started + " "), "run --once with nothing to do made a " + started);
        }

        // stdout is the result alone: the table, the JSON, the report
        Output list = run(dir, env, "connections", "list");
        assertEquals(0, list.code, list.all());
        List<String> table = list.stdout.lines().toList();
        assertEquals(2, table.size(), list.all());
        assertTrue(table.get(0).startsWith("NAME ") && table.get(1).startsWith("default "), list.stdout);
        Output status = run(dir, env, "status", "--json");
        assertEquals(0, status.code, status.all());
        JsonNode json = EmulatorJar.JSON.readTree(status.stdout);
        assertTrue(json.toString().contains("\"contacts\""), status.stdout);
        Output verify = run(dir, env, "verify", "--connection", "default");
        assertEquals(0, verify.code, verify.all());
        assertTrue(verify.stdout.startsWith("verify contacts[default]: 300 records") && verify.stdout.contains("no drift"),
                verify.all());
        for (Output o : List.of(list, status, verify)) {
            assertFalse(o.stdout.contains(" INFO ") || o.stdout.contains(" WARN "), "a log line on stdout: " + o.stdout);
        }

        // a token HubSpot refuses: one line with the connection, the call and HubSpot's message; no stack trace
        Map<String, String> bad = new HashMap<>(env);
        bad.put("HUBSPOT_ACCESS_TOKEN", "pat-na1-00000000-0000-0000-0000-000000000000");
        Output refused = run(dir, bad, "verify", "--connection", "default");
        assertEquals(1, refused.code, refused.all());
        assertEquals("", refused.stdout);
        List<String> said = refused.stderr.lines().filter(l -> l.contains("HubSpot answered")).toList();
        assertEquals(1, said.size(), refused.stderr);
        assertTrue(said.get(0).startsWith("hubsync: verify contacts[default]: HubSpot answered 401 to versions-list (")
                && said.get(0).contains("Authentication credentials not found"), said.get(0));
        assertTrue(refused.stderr.lines().count() <= 5, refused.stderr);
        Output failed = run(dir, bad, "run", "--once");
        assertEquals(1, failed.code, failed.all());
        List<String> failures = failed.lines().stream().filter(l -> l.contains(" ERROR ")).toList();
        assertEquals(1, failures.size(), failed.all());
        assertTrue(failures.get(0).contains("contacts[default] incremental FAILED")
                && failures.get(0).contains("HubSpot answered 401 to search (")
                && failures.get(0).contains("Authentication credentials not found"), failures.get(0));
        for (Output o : List.of(refused, failed)) {
            assertFalse(o.all().contains("HttpOperationFailedException") || o.all().contains("\tat ")
                    || o.all().contains("Failed delivery"), "a stack trace at INFO: " + o.all());
        }
        assertTrue(failed.lines().size() <= 6, failed.all());
    }

    @Test
    void runStartsWhatIsDueAtOnceAndSaysSoInOneLine(TestInfo info) throws Exception {
        Path dir = dir(info);
        emu = keep(EmulatorJar.start(dir, "--contacts", "300"));
        Map<String, String> env = env(dir, emu.portals().get(0).get("privateAppToken").asText());
        // no schedule ticks before 2099: whatever runs, runs because it was due at start
        env.putAll(Map.of("SYNC_SCHEDULE", FAR, "SYNC_ARCHIVED_SCHEDULE", FAR, "SYNC_OWNERS_SCHEDULE", FAR,
                "SYNC_ASSOCIATIONS_SWEEP_SCHEDULE", FAR));
        JarProcess first = keep(JarProcess.start("run", dir, env, "256m", "run"));
        first.awaitLog("contacts[default] backfill done: 300 records", Duration.ofSeconds(120));
        first.awaitLog("owners[default]: 8 live", Duration.ofSeconds(30));
        first.awaitLog("contacts[default] archived sweep", Duration.ofSeconds(30));
        first.awaitLog("contacts[default] association sweep done", Duration.ofSeconds(30));
        assertEquals(0, first.stop(), first.tail());
        List<String> start = first.output().lines().filter(l -> l.contains("hubsync runs ")).toList();
        assertEquals(List.of("contacts for 1 connection (default), on sync.schedule '" + FAR + "'; started now "
                + "(sync.run-at-start): 1 run, 2 sweeps, 1 owners read; next tick 2099-01-01 00:00:00"),
                start.stream().map(l -> l.substring(l.indexOf("hubsync runs ") + 13, l.lastIndexOf(' '))).toList(),
                first.output());
        assertEquals(List.of(), Oracle.errorTraces(first.output()));

        // a restart before the next tick: nothing ran since a tick, so nothing runs again
        JarProcess second = keep(JarProcess.start("run-again", dir, env, "256m", "run"));
        second.awaitLog("hubsync runs ", Duration.ofSeconds(120));
        assertEquals(0, second.stop(), second.tail());
        assertTrue(second.output().contains("; nothing due now, first run at 2099-01-01 00:00:00"), second.tail());
        assertFalse(second.output().contains("contacts[default] incremental"), second.tail());
        assertFalse(second.output().contains("owners[default]:"), second.tail());
    }

    /** A command of the jar with its stdout and stderr apart. */
    record Output(int code, String stdout, String stderr) {
        String all() {
            return "stdout:\n" + stdout + "\nstderr:\n" + stderr;
        }

        /** The lines of stdout and stderr: what a person sees in the terminal. */
        List<String> lines() {
            List<String> out = new ArrayList<>(stdout.lines().toList());
            out.addAll(stderr.lines().toList());
            return out;
        }
    }

    static Output run(Path dir, Map<String, String> env, String... args) throws Exception {
        return run(dir, env, List.of(), args);
    }

    /** @param jvm options of the JVM beside the heap's, e.g. a log of the classes it loads */
    static Output run(Path dir, Map<String, String> env, List<String> jvm, String... args) throws Exception {
        Files.createDirectories(dir);
        String name = String.join("-", args).replaceAll("[^a-z-]", "");
        Path out = dir.resolve(name + "-" + System.nanoTime() + ".out");
        Path err = dir.resolve(name + "-" + System.nanoTime() + ".err");
        List<String> cmd = new ArrayList<>(List.of(JarProcess.java(), "-Xmx256m", "-XX:+UseSerialGC"));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", JarProcess.JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", args) + " did not finish in 3 minutes");
        }
        return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
