package io.hubsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.app.Application;
import io.hubsync.auth.PostgresSchema;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bench portals} with two nodes on PostgreSQL, each a JVM of its own, small: three portals of
 * fifty contacts, OAuth installs, the emulator in its JVM. It completes, HubSpot refused nothing, the
 * nodes divided the three backfills between them (one each per connection, whoever claimed it), and
 * its own check of the database passed; and that check finds a record written twice, a connection
 * missing and a failed run. Skipped without PostgreSQL at 127.0.0.1:5432.
 */
class PortalsBenchTest {
    @Test
    void twoNodesOnPostgresBackfillEveryPortalOnce() throws Exception {
        PostgresSchema.drop(PostgresSchema.create()); // skips the test when there is no PostgreSQL
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = System.out;
        int code;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            code = Application.commandLine(CommandLine.defaultFactory()).execute("bench", "portals", "--portals", "3",
                    "--contacts", "50", "--no-baseline", "--db-url", PostgresSchema.SERVER, "--nodes", "2", "--json");
        } finally {
            System.setOut(out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, printed);
        JsonNode figures = null;
        for (String line : printed.lines().toList()) {
            if (line.startsWith("{\"portals\"")) {
                figures = new ObjectMapper().readTree(line);
            }
        }
        assertTrue(figures != null, printed);
        assertEquals(150, figures.get("records").asLong(), printed);
        assertEquals(3, figures.get("backfills").asInt(), printed);
        assertEquals(0, figures.get("failedRuns").asInt(), printed);
        assertEquals(0, figures.get("throttled429").asLong(), printed);
        assertTrue(figures.get("checked").asBoolean(), printed);
        assertEquals("PostgreSQL", figures.get("database").asText());
        assertEquals("oauth", figures.get("auth").asText());
        JsonNode nodes = figures.get("nodeResults");
        assertEquals(2, nodes.size(), printed);
        long backfills = 0;
        long written = 0;
        for (JsonNode n : nodes) {
            backfills += n.get("backfills").asLong();
            written += n.get("recordsWritten").asLong();
            assertTrue(n.get("peakThreads").asInt() > 0 && n.get("peakHeapMb").asLong() > 0, n.toString());
        }
        assertEquals(3, backfills, "each connection backfilled by one node: " + nodes);
        assertEquals(150, written, "no record written twice across the nodes: " + nodes);
        assertTrue(printed.contains("every portal's 50 records written once"), printed);
        // the schema the run created is gone
        java.util.regex.Matcher schema = java.util.regex.Pattern.compile("schema (hubsync_bench_\\w+) ").matcher(printed);
        assertTrue(schema.find(), printed);
        try (var c = java.sql.DriverManager.getConnection(PostgresSchema.SERVER, PostgresSchema.USER, "");
             var ps = c.prepareStatement("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?")) {
            ps.setString(1, schema.group(1));
            try (var rs = ps.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1), "the bench dropped its schema " + schema.group(1));
            }
        }
    }

    @Test
    void theCheckFindsARecordWrittenTwiceAMissingConnectionAndAFailedRun() {
        Map<String, long[]> good = new TreeMap<>(Map.of("portal-0", new long[] {50, 50, 1}, "portal-1",
                new long[] {50, 50, 1}));
        assertEquals(List.of(), PortalsBench.problems(2, 50, good, 0));

        Map<String, long[]> twice = new TreeMap<>(good);
        twice.put("portal-1", new long[] {50, 51, 1});
        assertEquals(List.of("portal-1: 50 records stored, 51 written, 1 successful backfills (expected 50, 50, 1)"),
                PortalsBench.problems(2, 50, twice, 0));

        Map<String, long[]> twoBackfills = new TreeMap<>(good);
        twoBackfills.put("portal-0", new long[] {50, 50, 2});
        assertEquals(1, PortalsBench.problems(2, 50, twoBackfills, 0).size());

        assertEquals(List.of("2 connections, not 3"), PortalsBench.problems(3, 50, good, 0));
        assertEquals(List.of("1 failed runs"), PortalsBench.problems(2, 50, good, 1));
    }
}
