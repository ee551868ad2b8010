package io.hubsync.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.sync.SyncHarness;
import io.hubsync.sync.SyncMain;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hubsync status} and {@code status --json} against the database a real sync wrote (H2 file,
 * the emulator over HTTP): a backfill of 1,234 contacts, then an incremental run HubSpot refuses, so
 * the table shows a failed last run, its error count and the records the backfill stored; on H2 and
 * on PostgreSQL (skipped, saying why, where none runs), whose SQL the status query must also suit.
 */
class StatusCommandTest {
    private EmulatorFixture emu;
    private SyncHarness sync;
    private Path config;
    private String out;
    private String err;
    private String schema;

    /** On H2 ({@code h2}) or PostgreSQL ({@code postgresql}). */
    void syncThenFail(String database) throws Exception {
        emu = new EmulatorFixture(c -> c.contacts = 1_234);
        sync = new SyncHarness(emu).set("hubspot.max-retries", "0");
        String db = "db.url = " + sync.dbUrl + "\n";
        if (database.equals("postgresql")) {
            schema = io.hubsync.auth.PostgresSchema.create();
            String url = io.hubsync.auth.PostgresSchema.SERVER + "?currentSchema=" + schema;
            sync.set("db.url", url).set("db.user", io.hubsync.auth.PostgresSchema.USER);
            db = "db.url = " + url + "\ndb.user = " + io.hubsync.auth.PostgresSchema.USER + "\n";
        }
        sync.start();
        sync.runOnce();
        // every search refused: the next (incremental) run of contacts fails
        assertEquals(201, emu.admin("POST", "/faults", "{\"endpoint\":\"crm.search\",\"probability\":1.0,"
                + "\"fault\":{\"kind\":\"status\",\"status\":400}}").status());
        assertFalse(SyncMain.runOnce(sync.context()).get(0).isSucceeded(), "the incremental run fails");
        // and a paused connection that has never run
        try (java.sql.Connection c = sync.jdbc()) {
            c.createStatement().executeUpdate("INSERT INTO connections (id, auth_type, status) "
                    + "VALUES ('later', 'PRIVATE_APP', 'PAUSED')");
        }
        Path dir = Files.createDirectories(Path.of("target", "status-test", UUID.randomUUID().toString()));
        config = dir.resolve("application.properties");
        Files.writeString(config, db);
    }

    @AfterEach
    void stop() throws Exception {
        if (sync != null) {
            sync.close();
        }
        if (emu != null) {
            emu.close();
        }
        if (schema != null) {
            io.hubsync.auth.PostgresSchema.drop(schema);
        }
    }

    private int hubsync(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "status";
        all[1] = "--config";
        all[2] = config.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        io.hubsync.CommandRun run = io.hubsync.CommandRun.of(all);
        out = run.out();
        err = run.err();
        return run.code();
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void theTableShowsEachTypesPhaseLastRunLagRecordsAndErrors(String database) throws Exception {
        syncThenFail(database);
        assertEquals(0, hubsync(), err);
        List<String> lines = out.lines().toList();
        assertTrue(lines.get(0).matches("CONNECTION +STATUS +TYPE +PHASE +LAST RUN +RESULT +LAG +RECORDS +ERRORS 24H"),
                out);
        String contacts = lines.stream().filter(l -> l.matches("default +ACTIVE +contacts .*")).findFirst()
                .orElseThrow(() -> new AssertionError(out));
        // last run seconds ago and failed; lag seconds (the watermark is where the backfill began)
        assertTrue(contacts.matches("default +ACTIVE +contacts +INCREMENTAL +(\\d+m )?\\d+s ago +failed "
                + "+(\\d+m )?\\d+s +1,234 +1"), contacts);
        // every column starts where its header does
        int at = lines.get(0).indexOf("RESULT");
        assertEquals("failed", contacts.substring(at, at + 6), out);
        // a connection before its first run: one row of dashes
        assertTrue(lines.stream().anyMatch(l -> l.matches("later +PAUSED +- +- +never +- +- +0 +0")), out);
        // no log line among the result: every line is the header or a connection's row
        assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith("default ") || l.startsWith("later ")), out);
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void jsonGivesTheSameFieldsForScripts(String database) throws Exception {
        syncThenFail(database);
        assertEquals(0, hubsync("--json"), err);
        JsonNode doc = new ObjectMapper().readTree(out);
        assertEquals(2, doc.get("connections").size(), out);
        JsonNode later = doc.get("connections").get(1);
        assertEquals("later", later.get("name").asText());
        assertEquals("PAUSED", later.get("status").asText());
        assertEquals(0, later.get("objectTypes").size(), "no type before the first run");
        JsonNode connection = doc.get("connections").get(0);
        assertEquals("default", connection.get("name").asText());
        assertEquals("ACTIVE", connection.get("status").asText());
        JsonNode contacts = null;
        for (JsonNode t : connection.get("objectTypes")) {
            if (t.get("objectType").asText().equals("contacts")) {
                contacts = t;
            }
        }
        assertTrue(contacts != null, out);
        assertEquals("INCREMENTAL", contacts.get("phase").asText());
        assertEquals(1_234, contacts.get("records").asLong());
        assertEquals(1, contacts.get("errors24h").asLong());
        assertTrue(contacts.get("lagSeconds").asLong() >= 0 && contacts.get("lagSeconds").asLong() < 600, out);
        JsonNode run = contacts.get("lastRun");
        assertEquals("failed", run.get("result").asText());
        assertEquals("INCREMENTAL", run.get("phase").asText());
        assertTrue(run.get("error").asText().contains("400"), run.toString());
        assertTrue(run.get("finishedAt").asText().endsWith("Z"), run.toString());
    }

    @Test
    void durationsAndCountsReadAsAPersonWritesThem() {
        assertEquals("0s", io.hubsync.app.StatusCommand.duration(Duration.ZERO));
        assertEquals("3m 12s", io.hubsync.app.StatusCommand.duration(Duration.ofSeconds(192)));
        assertEquals("2h 5m", io.hubsync.app.StatusCommand.duration(Duration.ofMinutes(125)));
        assertEquals("4d 3h", io.hubsync.app.StatusCommand.duration(Duration.ofHours(99)));
        assertEquals("1,234,567", io.hubsync.app.StatusCommand.count(1_234_567));
    }
}
