package io.hubsync.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hubsync init [--dir DIR] [--force]}: writes the jar's application.properties and routes/ into
 * a folder for editing. {@code run} reads both from its working directory when they are there
 * (io.hubsync.sync.SyncMain): ./application.properties key by key over the jar's copy, ./routes/
 * instead of the jar's routes. What it wrote goes to stdout, one path a line, then the command to run
 * next; an existing file is left alone unless {@code --force}, and then nothing at all is written.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Writes application.properties and routes/ out of the jar into a folder (default: the "
                + "working directory) for editing; `run` started in that folder reads them instead of the jar's copies.",
            "Refuses to overwrite a file that is there unless --force."})
public final class InitCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR", description = "where to write them (default: the working directory)")
    Path dir = Path.of(".");

    @Option(names = "--force", description = "overwrite application.properties and route files that are there")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(Path.of("application.properties"), "application.properties");
        for (String file : HubsyncRoutes.FILES) {
            String path = "routes/" + file + ".camel.yaml";
            files.put(Path.of("routes", file + ".camel.yaml"), path);
        }
        if (!force) {
            List<Path> there = new ArrayList<>();
            for (Path target : files.keySet()) {
                if (Files.exists(dir.resolve(target))) {
                    there.add(dir.resolve(target));
                }
            }
            if (!there.isEmpty()) {
                // exit 2 as for any bad input, before anything is written
                spec.commandLine().getErr().println("hubsync init: " + there.get(0).normalize() + " exists"
                        + (there.size() > 1 ? " (and " + (there.size() - 1) + " more of the files init writes)" : "")
                        + "; init overwrites nothing without --force, which replaces them with the jar's copies");
                return 2;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        Files.createDirectories(dir.resolve("routes"));
        for (Map.Entry<Path, String> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey());
            Files.write(target, HubsyncRoutes.read(f.getValue()));
            out.println("wrote " + target.normalize());
        }
        out.println();
        out.println("Next: edit them, then run hubsync in " + (isHere() ? "this folder" : dir) + "; it reads "
                + "./application.properties and ./routes/ instead of the jar's copies:");
        if (!isHere()) {
            out.println("  cd " + dir);
        }
        out.println("  export HUBSPOT_ACCESS_TOKEN=pat-...   # never in a file you commit");
        out.println("  java -jar " + jar() + " run --once");
        out.println("routes.reload=true (in application.properties) applies route edits while `run` runs, "
                + "for development (docs/configuration.md#editing-the-routes).");
        out.flush();
        return 0;
    }

    private boolean isHere() {
        return dir.toAbsolutePath().normalize().equals(Path.of("").toAbsolutePath().normalize());
    }

    /** This jar's path, as a user would type it; hubsync.jar when running from classes. */
    private static String jar() {
        try {
            Path self = Path.of(InitCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return self.toString().endsWith(".jar") ? self.toString() : "hubsync.jar";
        } catch (Exception e) {
            return "hubsync.jar";
        }
    }
}
