package io.hubsync.it;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library as an application embeds it: {@link EmbeddingHost} (the code docs/embedding.md shows)
 * compiled and run in a JVM of its own with only the thin jar and the runtime dependencies its pom
 * declares (target/embedding-classpath.txt, written by mvn package), against the emulator. A class
 * or a resource only the runnable jar or the tests' class path has fails here.
 */
class EmbeddedLibraryIT extends ProcessesTest {
    static final Path SOURCE = Path.of("src", "test", "java", "io", "hubsync", "it", "EmbeddingHost.java");

    @Test
    void anApplicationWithTheLibraryAndItsDependenciesSyncs() throws Exception {
        Path dir = Path.of("target", "it", "EmbeddedLibraryIT-" + System.nanoTime()).toAbsolutePath();
        List<String> classPath = libraryClassPath();
        Path classes = compile(dir.resolve("classes"), classPath);
        classPath.add(0, classes.toString());

        emu = keep(EmulatorJar.start(dir, "--contacts", "500", "--companies", "100", "--index-delay", "200ms"));
        String token = emu.portals().get(0).get("privateAppToken").asText();
        long portalId = emu.portals().get(0).get("portalId").asLong();
        Path log = dir.resolve("host.log");
        ProcessBuilder pb = new ProcessBuilder(JarProcess.java(), "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", String.join(File.pathSeparator, classPath), EmbeddingHost.class.getName())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        // what the snippet leaves to the environment, and a schedule that fires within the test
        pb.environment().putAll(Map.of("HUBSPOT_BASE_URL", emu.base, "HUBSPOT_ACCESS_TOKEN", token,
                "SYNC_SCHEDULE", "0/2 * * * * ?", "SYNC_SEARCH_LAG", "1s"));
        Process host = pb.start();
        keep(() -> {
            host.destroy();
            if (!host.waitFor(30, TimeUnit.SECONDS)) {
                host.destroyForcibly();
            }
        });
        // up (the database migrated): only then does this test open the H2 file, as a second process
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertTrue(host.isAlive(), "the host exited; its output: " + read(log));
            return read(log).contains("host started: ");
        });

        // the snippet's db.url, relative to the host's working directory
        String url = "jdbc:h2:file:" + dir.resolve("data").resolve("crm") + ";AUTO_SERVER=TRUE";
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> diff = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                for (String type : List.of("contacts", "companies")) {
                    diff.addAll(Oracle.differences(c, emu, "default", portalId, type, false));
                }
            }
            assertEquals(List.of(), diff.subList(0, Math.min(10, diff.size())),
                    diff.size() + " differences; the host's output: " + read(log));
        });
        // the host's own stop: hubsync's routes end with its context, the H2 file with nothing left half done
        host.getOutputStream().close();
        assertTrue(host.waitFor(60, TimeUnit.SECONDS), "the host did not stop; " + read(log));
        assertEquals(0, host.exitValue(), read(log));
        Path trace = dir.resolve("data").resolve("crm.trace.db");
        assertTrue(!Files.exists(trace), "H2 traced errors: " + (Files.exists(trace) ? read(trace) : ""));
    }

    /** The thin jar and its declared runtime dependencies, as an application's build resolves them. */
    static List<String> libraryClassPath() throws IOException {
        Path jar = Path.of(System.getProperty("hubsync.library", "target/hubsync-0.1.0-SNAPSHOT.jar"));
        Path dependencies = Path.of("target", "embedding-classpath.txt");
        assertTrue(Files.isRegularFile(jar) && Files.isRegularFile(dependencies),
                "mvn package builds " + jar + " and " + dependencies + " before the integration tests run");
        List<String> out = new ArrayList<>(List.of(jar.toAbsolutePath().toString()));
        for (String entry : Files.readString(dependencies, StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
            out.add(entry);
        }
        return out;
    }

    /** EmbeddingHost compiled against that class path alone: its imports must come from the library's. */
    static Path compile(Path classes, List<String> classPath) throws IOException {
        Files.createDirectories(classes);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(problems, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, files, problems, List.of("-d", classes.toString(), "-proc:none",
                    "--release", "17", "-cp", String.join(File.pathSeparator, classPath)), null,
                    files.getJavaFileObjects(SOURCE)).call();
            assertTrue(ok, "EmbeddingHost does not compile against the library's class path: " + problems.getDiagnostics());
        }
        return classes;
    }

    static String read(Path log) throws IOException {
        String s = Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
