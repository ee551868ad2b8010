package io.hubsync.sync;

import io.hubsync.auth.LogCapture;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every setting is checked before anything is opened: a bad value of each type stops start-up with
 * one line naming the key, the value (unless secret) and what is expected, and the H2 file is never
 * created. A renamed *-millis key still works and warns; a key nothing reads is warned of.
 */
class StartUpSettingsTest {
    private static final String TOKEN_KEY = "q83vEjRWeJq8rN7wESIzRFVmd4iZqrvM3e7/ABEiM0Q=";

    /** A database file of its own under target/, not there yet. */
    private static Path dbFile() {
        return Path.of("target", "settings-test", UUID.randomUUID().toString()).toAbsolutePath();
    }

    private static Map<String, String> settings(Path db) {
        Map<String, String> s = new HashMap<>();
        s.put("db.url", "jdbc:h2:file:" + db);
        s.put("hubspot.base-url", "http://127.0.0.1:9");
        s.put("hubspot.access-token", "pat-test");
        return s;
    }

    private static String firstIllegalArgument(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException) {
                return t.getMessage();
            }
        }
        throw new AssertionError("no IllegalArgumentException in " + e, e);
    }

    @Test
    void aBadValueOfEachTypeStopsStartUpBeforeTheDatabaseIsCreated() {
        Map<String, String[]> bad = new LinkedHashMap<>();
        bad.put("duration", new String[] {"sync.search-lag", "abc",
            "sync.search-lag: 'abc' is not a duration; use e.g. 30s, 5m, 1h, 500ms (plain digits: milliseconds)"});
        bad.put("duration below its least", new String[] {"sync.claim-lease", "1s",
            "sync.claim-lease: '1s' is less than 2s; use 2s or more"});
        bad.put("integer", new String[] {"sync.workers", "many",
            "sync.workers: 'many' is not a whole number; use from 1 to 256"});
        bad.put("integer out of range", new String[] {"server.port", "70000",
            "server.port: '70000' is out of range; use from 0 to 65535"});
        bad.put("cron", new String[] {"sync.schedule", "every 15 minutes",
            "sync.schedule: 'every 15 minutes' is not a Quartz cron expression (seconds minutes hours day-of-month "
                + "month day-of-week); use e.g. 0 0/15 * * * ?"});
        bad.put("cron of one type", new String[] {"sync.archived-schedule.deals", "0 0 * * *",
            "sync.archived-schedule.deals: '0 0 * * *' is not a Quartz cron expression (seconds minutes hours "
                + "day-of-month month day-of-week); use e.g. 0 0/15 * * * ?"});
        // a custom object's key: not among the catalog's keys, checked all the same
        bad.put("cron of a custom object", new String[] {"sync.schedule.cars", "hourly",
            "sync.schedule.cars: 'hourly' is not a Quartz cron expression (seconds minutes hours "
                + "day-of-month month day-of-week); use e.g. 0 0/15 * * * ?"});
        bad.put("url", new String[] {"hubspot.base-url", "api.hubapi.com",
            "hubspot.base-url: 'api.hubapi.com' is not an http(s) URL; use e.g. https://example.com"});
        bad.put("jdbc url", new String[] {"db.url", "jdbc:mysql://127.0.0.1/hubsync",
            "db.url: 'jdbc:mysql://127.0.0.1/hubsync' is not an H2 or PostgreSQL JDBC URL; use e.g. "
                + "jdbc:h2:file:./data/hubsync or jdbc:postgresql://127.0.0.1:5432/hubsync"});
        bad.put("boolean", new String[] {"server.enabled", "yes", "server.enabled: 'yes' is not a boolean; use true or false"});
        bad.put("enum", new String[] {"hubspot.rate-limit", "gold",
            "hubspot.rate-limit: 'gold' is not one of starter, free, professional, enterprise, pack, oauth; use one "
                + "of them or a whole number of 1 or more"});
        bad.put("time zone", new String[] {"hubspot.daily-reset-zone", "Mars/Olympus",
            "hubspot.daily-reset-zone: 'Mars/Olympus' is not a time zone id; use e.g. UTC, America/New_York"});
        bad.put("object types", new String[] {"sync.objects", "contacts,contact",
            "sync.objects: 'contacts,contact' names 'contact', which looks like the standard object contacts, not a "
                + "custom one (a custom object of that name: give its p<portal>_<name> or 2-<id>); use any of contacts, "
                + "companies, deals, tickets, products, line_items, quotes, communications, tasks, notes, meetings, "
                + "calls, emails, postal_mail, leads; a custom object's name, p<portal>_<name> or 2-<id>; or * for "
                + "every type"});
        bad.put("association pairs", new String[] {"sync.associations.deals", "contacts,contact",
            "sync.associations.deals: 'contacts,contact' names 'contact', which looks like the standard object "
                + "contacts, not a custom one (a custom object of that name: give its p<portal>_<name> or 2-<id>); "
                + "use any of contacts, companies, deals, tickets, products, line_items, quotes, communications, "
                + "tasks, notes, meetings, calls, emails, postal_mail, leads; a custom object's name, "
                + "p<portal>_<name> or 2-<id>; or * for every type"});
        // * has no meaning in one pair's call (docs/associations.md "Which pairs")
        bad.put("association pairs of *", new String[] {"sync.associations.contacts", "companies,*",
            "sync.associations.contacts: 'companies,*' names *, which this key does not take: list the object types, "
                + "comma-separated (e.g. companies,deals, or a custom object's name)"});
        // a key of a type that is none would be ignored, its pairs silently not kept
        bad.put("association pairs of a look-alike type", new String[] {"sync.associations.contact", "companies",
            "sync.associations.contact: the type 'contact' looks like the standard object contacts, not a custom one "
                + "(a custom object of that name: give its p<portal>_<name> or 2-<id>); use any of contacts, "
                + "companies, deals, tickets, products, line_items, quotes, communications, tasks, notes, meetings, "
                + "calls, emails, postal_mail, leads; a custom object's name, p<portal>_<name> or 2-<id>; or * for "
                + "every type"});
        bad.put("association pairs of every type", new String[] {"sync.associations.*", "companies",
            "sync.associations.*: the type '*' is not one object type: set one key per type"});
        bad.put("association budget", new String[] {"hubspot.associations.rate-per-second", "0",
            "hubspot.associations.rate-per-second: '0' is out of range; use 1 or more"});
        bad.put("property names", new String[] {"sync.properties.tickets", " , ",
            "sync.properties.tickets: ',' is empty; list the properties to sync, comma-separated, or * for all"});
        bad.put("string", new String[] {"sync.connection", "", "sync.connection: '' is empty; set a value"});
        bad.put("optional integer", new String[] {"hubspot.portal-id", "hub-1",
            "hubspot.portal-id: 'hub-1' is not a whole number; use 1 or more"});
        bad.put("renamed key", new String[] {"hubspot.connect-timeout-millis", "ten seconds",
            "hubspot.connect-timeout-millis: 'ten seconds' is not a duration; use e.g. 30s, 5m, 1h, 500ms (plain "
                + "digits: milliseconds)"});
        for (Map.Entry<String, String[]> c : bad.entrySet()) {
            String[] kv = c.getValue();
            Path db = dbFile();
            Map<String, String> s = settings(db);
            s.put(kv[0], kv[1]);
            Main main = new SyncMain(s).build(true);
            Exception e = assertThrows(Exception.class, main::start, c.getKey());
            main.stop();
            assertEquals(kv[2], firstIllegalArgument(e), c.getKey());
            assertFalse(Files.exists(Path.of(db + ".mv.db")), c.getKey() + ": the database was opened");
        }
    }

    @Test
    void aBadSecretIsNamedButNeverShown() {
        Map<String, String[]> bad = new LinkedHashMap<>();
        bad.put("db.token-key", new String[] {"not-base64-at-all!"});
        bad.put("server.api-key", new String[] {"short-secret-key"});
        bad.put("notify.secret", new String[] {"short-notify-secret"});
        for (Map.Entry<String, String[]> c : bad.entrySet()) {
            Path db = dbFile();
            Map<String, String> s = settings(db);
            s.put("server.enabled", "true");
            s.put("server.api-key", "k".repeat(16) + "0123456789abcdef");
            s.put("notify.url", "http://127.0.0.1:9/notices");
            s.put("notify.secret", "s".repeat(16) + "0123456789abcdef");
            s.put(c.getKey(), c.getValue()[0]);
            Main main = new SyncMain(s).build(false);
            String message = firstIllegalArgument(assertThrows(Exception.class, main::start));
            main.stop();
            assertTrue(message.startsWith(c.getKey() + " "), message);
            assertFalse(message.contains(c.getValue()[0]), message);
            assertFalse(Files.exists(Path.of(db + ".mv.db")), c.getKey());
        }
    }

    @Test
    void theCommandLineRefusesABadSettingInOneLineBeforeItOpensTheDatabase() throws Exception {
        Path db = dbFile();
        Path config = Files.createDirectories(db.getParent()).resolve(db.getFileName() + ".properties");
        Files.writeString(config, "db.url = jdbc:h2:file:" + db + "\nsync.schedule = 0 0/15 * * *\n");
        for (List<String> args : List.of(List.of("run", "--once", "--config", config.toString()),
                List.of("connections", "--config", config.toString(), "list"))) {
            io.hubsync.CommandRun run = io.hubsync.CommandRun.of(args.toArray(String[]::new));
            assertEquals(2, run.code(), args + ": " + run.err());
            assertEquals("hubsync: sync.schedule: '0 0/15 * * *' is not a Quartz cron expression (seconds minutes "
                    + "hours day-of-month month day-of-week); use e.g. 0 0/15 * * * ?", run.err().trim(), args.toString());
            assertFalse(Files.exists(Path.of(db + ".mv.db")), args + ": the database was opened");
        }
    }

    /**
     * One start-up (they take seconds): renamed keys on the command line and in the file, and keys
     * nothing reads beside Camel's own.
     */
    @Test
    void aRenamedKeyStillWorksAndWarnsNamingTheNewOneAndAnUnknownKeyIsWarnedOf() throws Exception {
        Path db = dbFile();
        Path config = Files.createDirectories(db.getParent()).resolve(db.getFileName() + ".properties");
        Files.writeString(config, """
                webhooks.poll-interval = 10s
                hubspot.response-timeout-millis = 45000
                hubspot.response-timeout = 30s
                """);
        Map<String, String> s = settings(db);
        s.put("hubspot.connect-timeout-millis", "1234");
        s.put("webhooks.poll-interval-millis", "250");
        s.put("sync.serach-lag", "5s");
        s.put("camel.main.name", "hubsync");
        try (LogCapture log = new LogCapture()) {
            Main main = new SyncMain(s, config).build(false);
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                HttpComponent http = context.getComponent("http", HttpComponent.class);
                assertEquals(1234, http.getConnectTimeout());
                // both in the same file: the new key wins
                assertEquals(30_000, http.getResponseTimeout());
                // the old key on the command line wins over the new one in a file
                assertEquals("250", context.resolvePropertyPlaceholders("{{millis:webhooks.poll-interval}}"));
            } finally {
                main.stop();
            }
            List<String> warnings = log.at(Level.WARN).stream().map(LogCapture.Line::text).toList();
            for (String warning : new String[] {
                "hubspot.connect-timeout-millis is deprecated; use hubspot.connect-timeout=1234ms",
                "webhooks.poll-interval-millis is deprecated; use webhooks.poll-interval=250ms",
                "hubspot.response-timeout-millis is deprecated and ignored: hubspot.response-timeout is set (30s)",
                "sync.serach-lag is not a hubsync setting"}) {
                assertTrue(warnings.stream().anyMatch(w -> w.contains(warning)), warning + " in " + warnings);
            }
            assertEquals(1, warnings.stream().filter(w -> w.contains("not a hubsync setting")).count(), warnings.toString());
        }
    }
}
