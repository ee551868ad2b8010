package io.hubsync.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The built jar as users start it ({@code java -jar target/hubsync.jar ...}), in a process of its own
 * with its own working directory and environment, its output in a log file. Killed with SIGKILL where
 * a test must show that hubsync survives a crash, stopped with SIGTERM otherwise.
 */
final class JarProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "hubsync.jar").toAbsolutePath();

    final String name;
    final Path log;
    private final Process process;

    private JarProcess(String name, Path log, Process process) {
        this.name = name;
        this.log = log;
        this.process = process;
    }

    /**
     * @param dir  the working directory (a folder of the test's under target/it)
     * @param env  environment variables on top of this JVM's (hubsync reads its settings from them)
     * @param args the command line after the jar
     */
    static JarProcess start(String name, Path dir, Map<String, String> env, String heap, String... args)
            throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException("mvn package builds " + JAR + " before the integration tests run");
        }
        Files.createDirectories(dir);
        Path log = dir.resolve(name + ".log");
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx" + heap, "-XX:+UseSerialGC", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Files.writeString(log, "---- " + String.join(" ", args) + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return new JarProcess(name, log, pb.start());
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    boolean alive() { return process.isAlive(); }

    long pid() { return process.pid(); }

    /** SIGKILL: no shutdown hook, no finally block, no lease released. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as a service manager stops it; the exit code. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not stop within 60 s of SIGTERM; " + tail());
        }
        return process.exitValue();
    }

    /** Waits for the process to end by itself; its exit code. */
    int waitFor(Duration atMost) throws InterruptedException {
        if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish within " + atMost + "; " + tail());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until the log has a line containing {@code text}. */
    void awaitLog(String text, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (!alive() && !output().contains(text)) {
                throw new AssertionError(name + " exited before it logged '" + text + "'; " + tail());
            }
            return output().contains(text);
        });
    }

    String tail() {
        String s = output();
        return name + "'s log ends: " + (s.length() > 6000 ? s.substring(s.length() - 6000) : s);
    }

    @Override
    public void close() throws InterruptedException {
        if (alive()) {
            kill();
        }
    }
}
