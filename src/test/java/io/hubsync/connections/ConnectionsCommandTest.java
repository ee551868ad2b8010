package io.hubsync.connections;

import io.hubsync.app.ConnectionsCommand;
import io.hubsync.core.TokenCipher;
import io.hubsync.store.ConnectionStore;
import io.hubsync.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code hubsync connections …} on an H2 file under target/, configured by a --config file as users do. */
class ConnectionsCommandTest {
    private static final String TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";

    private final Map<String, String> env = new HashMap<>();
    private Path config;
    private String dbUrl;
    private String out;
    private String err;

    @BeforeEach
    void config() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cli-test", UUID.randomUUID().toString()));
        dbUrl = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db") + ";AUTO_SERVER=TRUE";
        config = dir.resolve("application.properties");
        Files.writeString(config, "db.url = " + dbUrl + "\ndb.token-key = " + ServerFixture.TOKEN_KEY + "\n");
        env.put("ACME_TOKEN", TOKEN);
    }

    @AfterEach
    void noTokenPrinted() {
        assertFalse(String.valueOf(out).contains(TOKEN) || String.valueOf(err).contains(TOKEN), "a token was printed");
    }

    /** Runs the command line as main does, with this test's environment; the exit code. */
    private int hubsync(String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                return cls == ConnectionsCommand.class ? cls.cast(new ConnectionsCommand(env::get))
                        : CommandLine.defaultFactory().create(cls);
            }
        };
        io.hubsync.CommandRun run = io.hubsync.CommandRun.of(factory, "connections", config, args);
        out = run.out();
        err = run.err();
        return run.code();
    }

    @Test
    void addListPauseResumeDelete() throws Exception {
        assertEquals(0, hubsync("add", "acme", "--token-env", "ACME_TOKEN", "--rate-limit", "starter",
                "--schedule", "0 0/5 * * * ?", "--properties", "contacts=email,firstname", "--properties",
                "deals=*"), err);
        assertTrue(out.contains("added acme"), out);

        assertEquals(0, hubsync("list"), err);
        String row = out.lines().filter(l -> l.startsWith("acme")).findFirst().orElseThrow(() -> new AssertionError(out));
        assertTrue(out.lines().findFirst().orElseThrow().matches("NAME +PORTAL +AUTH +STATUS +REASON +PAUSED UNTIL +TIER "
                + "+SCHEDULE"), out);
        assertTrue(row.matches("acme +- +private app +ACTIVE +- +- +starter +0 0/5 \\* \\* \\* \\?"), row);

        try (Store s = store()) {
            assertEquals(TOKEN, new io.hubsync.store.TokenStore(s.ds, TokenCipher.fromKey(ServerFixture.TOKEN_KEY), new io.hubsync.store.ConnectionNotices(null)).tokens("acme").accessToken());
            assertEquals("email,firstname", s.connections.properties("acme", "contacts"));
            assertEquals("*", s.connections.properties("acme", "deals"));
            String raw = s.one("SELECT access_token FROM connections WHERE id = 'acme'");
            assertTrue(raw.startsWith("v1:") && !raw.contains(TOKEN), "the token is stored in clear");
        }

        assertEquals(0, hubsync("pause", "acme"), err);
        hubsync("list");
        assertTrue(out.contains("private app  PAUSED  paused by hand"), out);
        assertEquals(0, hubsync("resume", "acme"), err);
        hubsync("list");
        assertTrue(out.contains("private app  ACTIVE  -"), out);

        // delete keeps the records unless --records
        try (Store s = store()) {
            s.record("acme");
        }
        assertEquals(0, hubsync("delete", "acme"), err);
        try (Store s = store()) {
            assertEquals("1", s.one("SELECT COUNT(*) FROM records WHERE connection_id = 'acme'"));
        }
        // a new connection under the name does not start on them unless adopted
        assertEquals(2, hubsync("add", "acme", "--token-env", "ACME_TOKEN"));
        assertTrue(err.contains("(1 record)") && err.contains("add acme --adopt-records") && err.contains("same HubSpot "
                + "portal") && err.contains("delete acme --records"), err);
        hubsync("list");
        assertEquals(1, out.lines().count(), out);
        assertEquals(0, hubsync("add", "acme", "--token-env", "ACME_TOKEN", "--adopt-records"), err);
        assertTrue(out.contains("added acme (private app, ACTIVE), adopting the deleted connection's 1 record"), out);
        assertEquals(0, hubsync("delete", "acme", "--records"), err);
        try (Store s = store()) {
            assertEquals("0", s.one("SELECT COUNT(*) FROM records WHERE connection_id = 'acme'"));
            assertEquals("0", s.one("SELECT COUNT(*) FROM connections"));
        }
        hubsync("list");
        assertEquals(1, out.lines().count(), out);
    }

    @Test
    void deleteWithRecordsAlsoRemovesWhatADeletedConnectionLeft() throws Exception {
        assertEquals(0, hubsync("add", "acme", "--token-env", "ACME_TOKEN"), err);
        try (Store s = store()) {
            s.record("acme");
            s.webhookEvent("acme");
        }
        assertEquals(0, hubsync("delete", "acme"), err);
        assertEquals(2, hubsync("add", "acme", "--token-env", "ACME_TOKEN"));
        assertTrue(err.contains("(1 record, 1 webhook event)"), err);
        assertEquals(2, hubsync("delete", "acme"));
        assertTrue(err.contains("no connection named 'acme'") && err.contains("delete it with --records"), err);

        assertEquals(0, hubsync("delete", "acme", "--records"), err);
        try (Store s = store()) {
            assertEquals("0", s.one("SELECT COUNT(*) FROM records WHERE connection_id = 'acme'"));
            assertEquals("0", s.one("SELECT COUNT(*) FROM webhook_inbox WHERE connection_id = 'acme'"));
        }
        assertEquals(2, hubsync("delete", "acme", "--records"), "nothing is left to delete");
        assertEquals(0, hubsync("add", "acme", "--token-env", "ACME_TOKEN"), err);
        assertEquals("added acme (private app, ACTIVE)", out.trim());
    }

    @Test
    void connectLinkPrintsALinkTheServerInstallsWith() throws Exception {
        try (ServerFixture server = new ServerFixture()) {
            Files.writeString(config, "db.url = " + server.sync.dbUrl + "\ndb.token-key = " + ServerFixture.TOKEN_KEY
                    + "\nserver.public-url = " + server.base + "\n");
            long before = java.time.Instant.now().getEpochSecond();
            assertEquals(0, hubsync("connect-link", "acme", "--expires", "2h"), err);
            String link = out.trim();
            assertTrue(link.startsWith(server.base + "/oauth/connect?connection=acme&expires="), link);
            long expires = Long.parseLong(link.replaceAll(".*[?&]expires=([0-9]+).*", "$1"));
            assertTrue(expires >= before + 7200 && expires <= before + 7300, link);
            assertTrue(err.contains("install link for acme, valid until"), err);

            assertEquals(200, server.send("GET", server.consent(link, null), null, null).statusCode());
            assertEquals(ConnectionStore.OAUTH, server.connections().get("acme").authType());

            assertEquals(2, hubsync("connect-link", "acme", "--expires", "31d"));
            assertTrue(err.contains("--expires"), err);
            assertEquals(2, hubsync("connect-link", "acme", "--adopt-records"));
            assertTrue(err.contains("exists and keeps its own records"), err);
            assertEquals(0, hubsync("add", "beta", "--token-env", "ACME_TOKEN"), err);
            assertEquals(2, hubsync("connect-link", "beta"));
            assertTrue(err.contains("private-app"), err);
        }
    }

    @Test
    void badInputExitsWith2AndSaysWhy() throws Exception {
        assertEquals(2, hubsync("add", "acme", "--token-env", "ACME_TOKEN", "--schedule", "every five minutes"));
        assertTrue(err.contains("--schedule") && err.contains("not a Quartz cron"), err);
        assertEquals(2, hubsync("add", "acme", "--token-env", "ACME_TOKEN", "--rate-limit", "turbo"));
        assertTrue(err.contains("--rate-limit"), err);
        assertEquals(2, hubsync("add", "acme", "--token-env", "ACME_TOKEN", "--properties", "line-items=a,b"));
        assertTrue(err.contains("line-items"), err);
        assertEquals(2, hubsync("add", "acme", "--token-env", "NO_SUCH_VARIABLE"));
        assertTrue(err.contains("NO_SUCH_VARIABLE"), err);
        assertEquals(2, hubsync("add", "no spaces", "--token-env", "ACME_TOKEN"));
        assertTrue(err.contains("no spaces"), err);
        assertEquals(2, hubsync("pause", "ghost"));
        assertTrue(err.contains("no connection named 'ghost'"), err);
        assertEquals(2, hubsync("resume", "ghost"));
        assertEquals(2, hubsync("delete", "ghost"));
        assertTrue(err.contains("ghost"), err);
        assertEquals(2, hubsync("frobnicate"));

        assertEquals(0, hubsync("add", "acme", "--token-env", "ACME_TOKEN"), err);
        assertEquals(2, hubsync("add", "acme", "--token-env", "ACME_TOKEN"));
        assertTrue(err.contains("exists already"), err);
        hubsync("list");
        assertEquals(2, out.lines().count(), out);
    }

    @Test
    void aHugeTokenOrASecondlyScheduleExitsWith2() throws Exception {
        String huge = "pat-na1-" + "y".repeat(1_000_000);
        env.put("HUGE_TOKEN", huge);
        assertEquals(2, hubsync("add", "acme", "--token-env", "HUGE_TOKEN"), err);
        assertTrue(err.contains("--token-env") && err.contains("1024"), err);
        assertTrue(err.length() < 400 && !err.contains("yyyyyyyyyy"), "the token is repeated: " + err.length());
        assertEquals(2, hubsync("add", "acme", "--token-env", "ACME_TOKEN", "--schedule", "0/1 * * * * ?"), err);
        assertTrue(err.contains("--schedule") && err.contains("once a minute"), err);
        try (Store s = store()) {
            assertEquals("0", s.one("SELECT COUNT(*) FROM connections"));
        }
        assertEquals(0, hubsync("add", "acme", "--token-env", "ACME_TOKEN", "--schedule", "0 * * * * ?"), err);
    }

    @Test
    void newKeyPrintsAKeyForDbTokenKey() {
        assertEquals(0, hubsync("new-key"));
        String key = out.trim();
        assertEquals(32, Base64.getDecoder().decode(key).length);
        TokenCipher.fromKey(key).require("test");
    }

    private Store store() {
        return new Store(Database.open(dbUrl, "sa", "", 2));
    }

    private static final class Store implements AutoCloseable {
        final DataSource ds;
        final ConnectionStore connections;

        Store(DataSource ds) {
            this.ds = ds;
            this.connections = new ConnectionStore(ds, TokenCipher.fromKey(ServerFixture.TOKEN_KEY));
        }

        String one(String sql) throws Exception {
            try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }

        void record(String connection) throws Exception {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO records "
                    + "(connection_id, object_type, id, properties, last_modified, change_seq, synced_at) "
                    + "VALUES (?, 'contacts', 1, '{}', CURRENT_TIMESTAMP, 1, CURRENT_TIMESTAMP)")) {
                ps.setString(1, connection);
                ps.executeUpdate();
            }
        }

        /** A webhook event stored for the connection, not yet applied. */
        void webhookEvent(String connection) throws Exception {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("INSERT INTO webhook_inbox "
                    + "(id, connection_id, object_type, kind, object_id, occurred_at, event, received_at, next_attempt_at) "
                    + "VALUES (nextval('webhook_inbox_seq'), ?, 'contacts', 'deletion', 1, CURRENT_TIMESTAMP, '{}', "
                    + "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")) {
                ps.setString(1, connection);
                ps.executeUpdate();
            }
        }

        @Override
        public void close() throws Exception {
            ((AutoCloseable) ds).close();
        }
    }
}
