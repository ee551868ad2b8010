package io.hubsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link PortalsNode} in a JVM of its own, started from this jar: its {@code NODE …} lines read as
 * they come, its log kept in a file beside the bench's database (the last lines shown when it fails).
 */
final class NodeProcess implements AutoCloseable {
    private static final long WAIT_MINUTES = 30;

    private final String name;
    private final Process process;
    private final Path log;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final ObjectMapper mapper = new ObjectMapper();

    private NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("NODE ")) {
                        lines.add(line.substring(5));
                    }
                }
            } catch (IOException e) {
                // the process is gone: await says so
            }
            lines.add("EXITED");
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
    }

    static NodeProcess start(String name, Path settings, Path dir, String heap) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(PortalsNode.class.getName());
        cmd.add(settings.toAbsolutePath().toString());
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        return new NodeProcess(name, p, log);
    }

    /** The JSON of the node's next line of this kind ({@code READY}, {@code RESULT}); fails when the node exits. */
    JsonNode await(String kind) throws IOException, InterruptedException {
        String line = lines.poll(WAIT_MINUTES, TimeUnit.MINUTES);
        if (line == null || !line.startsWith(kind + " ")) {
            throw new IllegalStateException(name + " did not say " + kind + " (" + (line == null ? "timed out"
                    : line) + "); the end of its log:\n" + tail());
        }
        return mapper.readTree(line.substring(kind.length() + 1));
    }

    void send(String line) throws IOException {
        in.write(line + "\n");
        in.flush();
    }

    void awaitExit() throws InterruptedException {
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            throw new IllegalStateException(name + " did not exit within 2 minutes; the end of its log:\n" + tail());
        }
    }

    private String tail() {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
