package io.hubsync.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged jar as a user starts it, with its own classpath: every route file loads (a component
 * only the tests' classpath had would fail here, not in the unit tests), the emulator starts as its
 * own process, a backfill runs, and signed webhooks go in and are applied (a small `bench webhooks`).
 */
class JarSmokeIT {

    @Test
    void theJarStartsEveryRouteAndSyncs() throws Exception {
        Path jar = Path.of("target", "hubsync.jar");
        assertTrue(Files.isRegularFile(jar), "mvn package builds " + jar);
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = Files.createTempFile(Path.of("target"), "jar-smoke", ".log");
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "bench", "webhooks",
                "--contacts", "500", "--requests", "20", "--clients", "2", "--emulator-heap", "256m"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("the jar did not finish in 4 minutes; its output: " + tail(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), tail(log));
        assertTrue(out.contains("20 204, 0 not 204"), tail(log));
    }

    @Test
    void aBadSettingStopsTheJarNamingItsKeyBeforeTheDatabaseIsCreated() throws Exception {
        Path dir = Files.createTempDirectory(Path.of("target"), "jar-bad-setting");
        Path db = dir.resolve("hubsync");
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = dir.resolve("run.log");
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar",
                Path.of("target", "hubsync.jar").toAbsolutePath().toString(), "run", "--once"))
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DB_URL", "jdbc:h2:file:" + db.toAbsolutePath());
        pb.environment().put("HUBSPOT_ACCESS_TOKEN", "pat-na1-11111111-2222-3333-4444-555555555555");
        pb.environment().put("SYNC_SEARCH_LAG", "abc");
        Process p = pb.start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the jar did not stop: " + tail(log));
        assertTrue(p.exitValue() != 0, tail(log));
        assertTrue(Files.readString(log, StandardCharsets.UTF_8).contains("sync.search-lag: 'abc' is not a duration"),
                tail(log));
        assertTrue(!Files.exists(dir.resolve("hubsync.mv.db")), "the database was created before the check");
    }

    private static String tail(Path log) throws IOException {
        String s = Files.readString(log, StandardCharsets.UTF_8);
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }
}
