package io.hubsync.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hubsync.observe.SyncStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hubsync status [--json]}: where every connection and object type of the configured database
 * stands (docs/operations.md#status), one table for a person or one JSON document for a script, on
 * stdout; logs go to stderr (log4j2.properties), so {@code status --json | jq} reads clean JSON.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Prints every connection and object type: phase, last run and its result, lag (now - "
                + "watermark), live records and failed runs of the last 24 h.",
            "Reads the database of application.properties (or --config FILE); needs no running sync."})
public final class StatusCommand implements Callable<Integer> {
    static final String[] HEADER = {"CONNECTION", "STATUS", "TYPE", "PHASE", "LAST RUN", "RESULT", "LAG", "RECORDS",
        "ERRORS 24H"};
    /** Numbers read best right-aligned. */
    private static final boolean[] RIGHT = {false, false, false, false, false, false, true, true, true};

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the application.properties to use (default: ./application.properties, then the jar's)")
    Path config;

    @Option(names = "--json", description = "one JSON document for scripts instead of the table")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Instant now = Instant.now();
        List<SyncStatus.ConnectionRow> rows;
        try (ConfiguredDatabase db = ConfiguredDatabase.open(config)) {
            rows = SyncStatus.read(db.ds(), now);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document(rows, now)));
        } else {
            table(rows, now).forEach(out::println);
        }
        out.flush();
        return 0;
    }

    static Map<String, Object> document(List<SyncStatus.ConnectionRow> rows, Instant now) {
        List<Object> connections = new ArrayList<>();
        for (SyncStatus.ConnectionRow c : rows) {
            List<Object> types = new ArrayList<>();
            for (SyncStatus.TypeRow t : c.types()) {
                Map<String, Object> type = new LinkedHashMap<>();
                type.put("objectType", t.objectType());
                type.put("phase", t.phase());
                type.put("lastRun", t.lastRun() == null ? null : t.lastRun().toMap());
                type.put("lagSeconds", t.lag() == null ? null : t.lag().toSeconds());
                type.put("records", t.records());
                type.put("errors24h", t.errors());
                types.add(type);
            }
            Map<String, Object> connection = new LinkedHashMap<>();
            connection.put("name", c.name());
            connection.put("status", c.status());
            connection.put("objectTypes", types);
            connections.add(connection);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("at", now.toString());
        doc.put("connections", connections);
        return doc;
    }

    /** The table's lines, header first, columns aligned. */
    static List<String> table(List<SyncStatus.ConnectionRow> rows, Instant now) {
        List<String[]> cells = new ArrayList<>();
        cells.add(HEADER);
        for (SyncStatus.ConnectionRow c : rows) {
            if (c.types().isEmpty()) {
                cells.add(new String[] {c.name(), c.status(), "-", "-", "never", "-", "-", "0", "0"});
            }
            for (SyncStatus.TypeRow t : c.types()) {
                SyncStatus.LastRun r = t.lastRun();
                cells.add(new String[] {c.name(), c.status(), t.objectType(), t.phase() == null ? "-" : t.phase(),
                    r == null ? "never" : duration(Duration.between(r.startedAt(), now)) + " ago",
                    r == null ? "-" : r.result(), t.lag() == null ? "-" : duration(t.lag()), count(t.records()),
                    count(t.errors())});
            }
        }
        int[] widths = new int[HEADER.length];
        for (String[] r : cells) {
            for (int i = 0; i < r.length; i++) {
                widths[i] = Math.max(widths[i], r[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] r : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(String.format("%" + (RIGHT[i] ? "" : "-") + widths[i] + "s", r[i]))
                        .append(i < r.length - 1 ? "  " : "");
            }
            lines.add(line.toString().stripTrailing());
        }
        return lines;
    }

    /** 1,234 (the same in every locale: scripts and tests read it). */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The two largest units: 12s, 3m 12s, 2h 5m, 4d 3h. */
    public static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        long days = s / 86_400;
        long hours = s / 3_600 % 24;
        long minutes = s / 60 % 60;
        long seconds = s % 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        if (minutes > 0) {
            return minutes + "m " + seconds + "s";
        }
        return seconds + "s";
    }
}
