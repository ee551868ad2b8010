package io.hubsync.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.notify.NoticeReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every schedule a setting names runs under {@code hubsync run} started from the built jar, against
 * the emulator in its own process: the sync per object type, the archived sweep per object type, the
 * association sweep per object type with pairs, the owners read, the webhook inbox's poll, the notices'
 * delivery, the housekeeping; the records API over HTTP answers the associations ({@code include=associations}
 * and the association feed). And {@code run --once}, as a cron job runs it, applies deletes too; and
 * {@code sync.objects=*}. (Tests that sent to the sweep's route themselves all passed while
 * {@code hubsync run} never scheduled it.)
 */
class SchedulesIT extends ProcessesTest {
    static final String SECRET = "notice-secret-0123456789-abcdefghijklmnopq";
    static final String API_KEY = "admin-key-0123456789-abcdefghijklmnopqrstu";
    Path dir;

    Path dir(TestInfo info) {
        return Path.of("target", "it", getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName()
                + "-" + System.nanoTime());
    }

    @Test
    void runSchedulesEverythingItsSettingsName(TestInfo info) throws Exception {
        dir = dir(info);
        emu = keep(EmulatorJar.start(dir, "--contacts", "2000", "--companies", "300", "--index-delay", "200ms"));
        JsonNode portal = emu.portals().get(0);
        String token = portal.get("privateAppToken").asText();
        long portalId = portal.get("portalId").asLong();
        NoticeReceiver receiver = keep(new NoticeReceiver(SECRET));
        ItDatabase db = keep(ItDatabase.h2(dir));
        int port = freePort();
        Map<String, String> env = new HashMap<>(db.env());
        env.putAll(Map.ofEntries(
                Map.entry("HUBSPOT_BASE_URL", emu.base), Map.entry("HUBSPOT_ACCESS_TOKEN", token),
                Map.entry("HUBSPOT_PORTAL_ID", String.valueOf(portalId)),
                Map.entry("HUBSPOT_OAUTH_CLIENT_SECRET", "hubsync-emulator-secret"),
                Map.entry("SYNC_OBJECTS", "contacts,companies"),
                // a schedule of the shared key and one of a type's own key
                Map.entry("SYNC_SCHEDULE", "0/3 * * * * ?"), Map.entry("SYNC_SCHEDULE_COMPANIES", "1/3 * * * * ?"),
                Map.entry("SYNC_ARCHIVED_SCHEDULE", "2/4 * * * * ?"), Map.entry("SYNC_SEARCH_LAG", "1s"),
                Map.entry("SYNC_ASSOCIATIONS_SWEEP_SCHEDULE", "3/5 * * * * ?"),
                Map.entry("SYNC_OWNERS_SCHEDULE", "3/4 * * * * ?"),
                Map.entry("NOTIFY_URL", receiver.url()), Map.entry("NOTIFY_SECRET", SECRET),
                Map.entry("NOTIFY_POLL_INTERVAL", "500ms"),
                Map.entry("HOUSEKEEPING_SCHEDULE", "0/2 * * * * ?"),
                Map.entry("SERVER_ENABLED", "true"), Map.entry("SERVER_PORT", String.valueOf(port)),
                Map.entry("SERVER_API_KEY", API_KEY), Map.entry("SERVER_PUBLIC_URL", "http://127.0.0.1:" + port),
                Map.entry("WEBHOOKS_POLL_INTERVAL_MILLIS", "1000")));
        JarProcess run = keep(JarProcess.start("run", dir, env, "256m", "run"));
        // migrated and started: only then does this test open the database (H2's AUTO_SERVER file)
        run.awaitLog(") started in ", Duration.ofSeconds(60));

        // the sync of each type on its schedule: backfills, then incremental runs
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (String type : List.of("contacts", "companies")) {
                assertTrue(count(db, "SELECT COUNT(*) FROM sync_runs WHERE object_type = '" + type
                        + "' AND phase = 'INCREMENTAL' AND success = TRUE") >= 2, type + " ran incrementally; " + run.tail());
            }
        });

        // the probes and the scraper see it: ready (database migrated, schedules started), the backfills'
        // records counted by kind, HubSpot's answers by call and status, a lag per type; the metrics want the key
        HttpResponse<String> health = get(port, "/observe/health/ready", null);
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("{\"name\":\"database\",\"status\":\"UP\"")
                && health.body().contains("{\"name\":\"scheduler\",\"status\":\"UP\""), health.body());
        assertEquals(401, get(port, "/observe/metrics", null).statusCode());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            String metrics = get(port, "/observe/metrics", API_KEY).body();
            assertEquals(2_000, metric(metrics, "hubsync_records_written_total", "connection=\"default\"", "type=\"contacts\"",
                    "kind=\"added\"", "source=\"backfill\""), metrics);
            assertTrue(metric(metrics, "hubsync_hubspot_requests_total", "call=\"list\"", "status=\"200\"") >= 20, metrics);
            assertTrue(metric(metrics, "hubsync_run_duration_seconds_count", "connection=\"default\"", "type=\"companies\"",
                    "phase=\"incremental\"", "outcome=\"succeeded\"") >= 2, metrics);
            double lag = metric(metrics, "hubsync_sync_lag_seconds", "connection=\"default\"", "type=\"contacts\"");
            assertTrue(lag > 0 && lag < 60, "lag " + lag);
            assertTrue(metrics.contains("camel_exchanges_total{"), metrics);
        });

        // deletes with no webhook: the scheduled sweep alone tombstones them
        List<Long> archived = new ArrayList<>();
        for (JsonNode r : EmulatorJar.JSON.readTree(emu.hubspot("GET", "/crm/v3/objects/contacts?limit=20", null, token)
                .body()).get("results")) {
            archived.add(r.get("id").asLong());
            assertEquals(204, emu.hubspot("DELETE", "/crm/v3/objects/contacts/" + r.get("id").asText(), null, token)
                    .statusCode());
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertEquals(20, count(db, "SELECT COUNT(*) FROM records WHERE object_type = 'contacts' "
                        + "AND deleted = 'ARCHIVED' AND id IN (" + join(archived) + ")"), "tombstoned by the sweep"));
        for (String type : List.of("contacts", "companies")) {
            assertTrue(count(db, "SELECT COUNT(*) FROM sync_runs WHERE object_type = '" + type
                    + "' AND phase = 'ARCHIVED_SWEEP' AND success = TRUE") >= 1, "a sweep of " + type);
        }

        // association-only changes (no record's last-modified moves): the scheduled association sweep alone
        // sees them; contacts keep their companies by default, companies keep no pair (no schedule of theirs)
        List<Long> contacts = new ArrayList<>();
        for (JsonNode r : EmulatorJar.JSON.readTree(emu.hubspot("GET", "/crm/v3/objects/contacts?limit=10&after="
                + (archived.get(19) + 1), null, token).body()).get("results")) {
            contacts.add(r.get("id").asLong());
        }
        long company = EmulatorJar.JSON.readTree(emu.hubspot("POST", "/crm/v3/objects/companies",
                "{\"properties\":{\"name\":\"Swept\"}}", token).body()).get("id").asLong();
        StringBuilder inputs = new StringBuilder();
        for (long id : contacts) {
            inputs.append(inputs.length() == 0 ? "" : ",").append("{\"from\":{\"id\":\"").append(id)
                  .append("\"},\"to\":{\"id\":\"").append(company).append("\"}}");
        }
        assertEquals(200, emu.hubspot("POST", "/crm/v4/associations/contacts/companies/batch/associate/default",
                "{\"inputs\":[" + inputs + "]}", token).statusCode());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertEquals(10, count(db, "SELECT COUNT(*) FROM contact_companies WHERE company_id = " + company),
                        "associated by the sweep; " + run.tail()));
        assertTrue(count(db, "SELECT COUNT(*) FROM sync_runs WHERE object_type = 'contacts' AND phase = 'ASSOC_SWEEP' "
                + "AND success = TRUE") >= 1);
        assertEquals(0, count(db, "SELECT COUNT(*) FROM sync_runs WHERE object_type = 'companies' "
                + "AND phase = 'ASSOC_SWEEP'"));

        // the records API over HTTP, as a program reads it: include=associations answers every contact's live
        // associations as HubSpot has them (the seeded primary companies, the swept ones, none for the
        // archived); the association feed holds the swept rows, and from its last cursor only a later unlink
        RecordsApiReader api = new RecordsApiReader("http://127.0.0.1:" + port, API_KEY);
        Oracle.Links answered = new Oracle.Links();
        for (JsonNode r : api.readFrom("/api/v1/connections/default/records/contacts", "include=associations", null)
                .items()) {
            for (JsonNode link : r.get("associations").path("companies")) {
                link.get("types").forEach(t -> answered.add(r.get("id").asLong(), link.get("id").asLong(),
                        t.get("typeId").asInt()));
            }
            if (r.get("deleted").isTextual()) {
                assertEquals(0, r.get("associations").size(), "a tombstone's associations ended: " + r);
            }
        }
        assertEquals(List.of(), Oracle.differences("contacts", "companies",
                Oracle.atHubSpot(emu, portalId, "contacts", "companies"), answered));
        RecordsApiReader.Read feed = api.readFrom("/api/v1/connections/default/associations", "", null);
        assertEquals(contacts.size(), feed.items().stream().filter(a -> a.get("toId").asLong() == company
                && a.get("deleted").isNull() && a.get("typeId").asInt() == 279).count(), "the swept rows in the feed");
        // ended ARCHIVED by the tombstone, or REMOVED first when a read of the contact's associations (the
        // association sweep's, the reconciliation's) found none at HubSpot before the archived sweep ran
        List<JsonNode> ofArchived = feed.items().stream().filter(a -> "contacts".equals(a.get("fromType").asText())
                && archived.contains(a.get("fromId").asLong())).toList();
        assertFalse(ofArchived.isEmpty(), "the archived contacts' rows in the feed");
        assertTrue(ofArchived.stream().allMatch(a -> List.of("ARCHIVED", "REMOVED").contains(a.get("deleted").asText(""))),
                "the archived contacts' rows in the feed are ended: " + ofArchived);
        long unlinked = contacts.get(0);
        assertEquals(204, emu.hubspot("DELETE", "/crm/v4/objects/contacts/" + unlinked + "/associations/companies/"
                + company, null, token).statusCode());
        List<JsonNode> since = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            since.clear();
            since.addAll(api.readFrom("/api/v1/connections/default/associations", "", feed.cursor()).items());
            return !since.isEmpty();
        });
        assertEquals(1, since.size(), "only the unlink since the last cursor: " + since);
        assertEquals(List.of("contacts", String.valueOf(unlinked), "companies", String.valueOf(company), "REMOVED"),
                List.of(since.get(0).get("fromType").asText(), since.get(0).get("fromId").asText(),
                        since.get(0).get("toType").asText(), since.get(0).get("toId").asText(),
                        since.get(0).get("deleted").asText()));

        // the owners read on its schedule: the emulator's ten owners (two archived), then an edit on a later tick
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertEquals(10, count(db, "SELECT COUNT(*) FROM owners WHERE connection_id = 'default'"), run.tail()));
        assertEquals(2, count(db, "SELECT COUNT(*) FROM owners WHERE deleted = 'ARCHIVED'"));
        assertEquals("Scheduled", emu.admin("PATCH", "/portals/" + portalId + "/owners/101",
                "{\"lastName\":\"Scheduled\"}").get("lastName").asText());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                count(db, "SELECT COUNT(*) FROM owners WHERE id = '101' AND last_name = 'Scheduled'") == 1);
        assertTrue(count(db, "SELECT COUNT(*) FROM sync_runs WHERE object_type = 'owners' AND phase = 'OWNERS' "
                + "AND success = TRUE") >= 2, "owners read on two ticks");

        // notices delivered on their timer, telling of the tombstones: by the sweep's own notice, or by a
        // run's that ended between the sweep's pages and its end (a notice covers every change committed
        // before it, so the sweep's then finds nothing new and sends none)
        long tombstonesThrough = count(db, "SELECT MAX(change_seq) FROM records WHERE object_type = 'contacts' "
                + "AND id IN (" + join(archived) + ")");
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted.stream()
                .anyMatch(n -> "contacts".equals(n.path("objectType").asText())
                        && n.path("changes").path("throughSequence").asLong() >= tombstonesThrough));

        // the webhook inbox's poll: events of a paused connection wait in the inbox; once it is resumed,
        // only the poll applies them (nothing new arrives to wake the applier)
        assertEquals(0, cli(env, dir, "connections", "pause", "default"));
        emu.admin("POST", "/webhooks", "{\"targetUrl\":\"http://127.0.0.1:" + port + "/webhooks/hubspot\","
                + "\"subscriptions\":[\"*\"],\"properties\":[\"*\"]}");
        String edited = EmulatorJar.JSON.readTree(emu.hubspot("GET", "/crm/v3/objects/contacts?limit=1&after="
                + (archived.get(19) + 1), null, token).body()).get("results").get(0).get("id").asText();
        assertEquals(200, emu.hubspot("PATCH", "/crm/v3/objects/contacts/" + edited,
                "{\"properties\":{\"firstname\":\"Webhooked\"}}", token).statusCode());
        await().atMost(Duration.ofSeconds(30)).until(() -> count(db, "SELECT COUNT(*) FROM webhook_inbox") > 0);
        // what an operator sees meanwhile: the connection paused, its events waiting
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            String metrics = get(port, "/observe/metrics", API_KEY).body();
            assertTrue(metric(metrics, "hubsync_webhook_inbox_depth", "connection=\"default\"") > 0, metrics);
            assertEquals(1, metric(metrics, "hubsync_connection_status", "connection=\"default\"", "status=\"PAUSED\""));
        });
        assertEquals(0, cli(env, dir, "connections", "resume", "default"));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(db, "SELECT COUNT(*) FROM webhook_inbox") == 0);

        // housekeeping: a notice delivered long ago is removed
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO notices (id, seq, "
                + "connection_id, event, body, status, attempts, next_attempt_at, created_at, sent_at) VALUES "
                + "('old-notice', nextval('notice_seq'), 'default', 'run.completed', '{}', 'SENT', 1, ?, ?, ?)")) {
            Timestamp longAgo = Timestamp.from(Instant.now().minus(Duration.ofDays(60)));
            ps.setTimestamp(1, longAgo);
            ps.setTimestamp(2, longAgo);
            ps.setTimestamp(3, longAgo);
            ps.executeUpdate();
        }
        await().atMost(Duration.ofSeconds(30)).until(() ->
                count(db, "SELECT COUNT(*) FROM notices WHERE id = 'old-notice'") == 0);

        int exit = run.stop();
        assertTrue(exit == 0 || exit == 143, "stopped by SIGTERM: " + exit + "; " + run.tail());
        assertEquals(List.of(), Oracle.errorTraces(run.output()));
    }

    private static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** A GET to hubsync's server, with the admin key when one is given. */
    static HttpResponse<String> get(int port, String path, String key) throws Exception {
        java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            b.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of a Prometheus sample whose labels include these; 0 when there is none. */
    static double metric(String scrape, String name, String... labels) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + "{")) {
                int close = line.lastIndexOf('}');
                List<String> has = List.of(line.substring(name.length() + 1, close).split(","));
                if (has.containsAll(List.of(labels))) {
                    return Double.parseDouble(line.substring(close + 1).trim());
                }
            }
        }
        return 0;
    }

    @Test
    void runOnceFromCronAppliesDeletesToo(TestInfo info) throws Exception {
        dir = dir(info);
        emu = keep(EmulatorJar.start(dir, "--contacts", "2000", "--index-delay", "200ms"));
        JsonNode portal = emu.portals().get(0);
        String token = portal.get("privateAppToken").asText();
        ItDatabase db = keep(ItDatabase.h2(dir));
        Map<String, String> env = new HashMap<>(db.env());
        env.putAll(Map.of("HUBSPOT_BASE_URL", emu.base, "HUBSPOT_ACCESS_TOKEN", token, "SYNC_SEARCH_LAG", "1s",
                // every run --once finds a sweep due
                "SYNC_ARCHIVED_SCHEDULE", "* * * * * ?"));
        assertEquals(0, runOnce(env, dir), "the backfill");
        // and the owners, never read before: due
        assertEquals(10, count(db, "SELECT COUNT(*) FROM owners"));
        assertEquals(1, count(db, "SELECT COUNT(*) FROM sync_runs WHERE object_type = 'owners' AND success = TRUE"));

        List<Long> ids = new ArrayList<>();
        for (JsonNode r : EmulatorJar.JSON.readTree(emu.hubspot("GET", "/crm/v3/objects/contacts?limit=100&after=1",
                null, token).body()).get("results")) {
            ids.add(r.get("id").asLong());
        }
        String after = "1";
        List<Long> more = new ArrayList<>();
        for (int page = 0; page < 4; page++) {
            JsonNode p = EmulatorJar.JSON.readTree(emu.hubspot("GET", "/crm/v3/objects/contacts?limit=100&after="
                    + after, null, token).body());
            p.get("results").forEach(r -> more.add(r.get("id").asLong()));
            after = p.at("/paging/next/after").asText();
        }
        // 200 archived, 50 merged pairs
        List<Long> archived = more.subList(0, 200);
        for (long id : archived) {
            assertEquals(204, emu.hubspot("DELETE", "/crm/v3/objects/contacts/" + id, null, token).statusCode());
        }
        List<Long> mergedAway = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long primary = more.get(200 + 2 * i);
            long secondary = more.get(201 + 2 * i);
            assertEquals(200, emu.hubspot("POST", "/crm/v3/objects/contacts/merge", "{\"primaryObjectId\":\""
                    + primary + "\",\"objectIdToMerge\":\"" + secondary + "\"}", token).statusCode());
            mergedAway.add(secondary);
        }
        // two runs: the first one's window may end (sync.search-lag) before the last merges
        assertEquals(0, runOnce(env, dir));
        assertEquals(0, runOnce(env, dir));
        assertEquals(200, count(db, "SELECT COUNT(*) FROM records WHERE deleted = 'ARCHIVED' AND id IN (" + join(archived) + ")"));
        assertEquals(50, count(db, "SELECT COUNT(*) FROM records WHERE deleted = 'MERGED' AND id IN (" + join(mergedAway) + ")"));
        assertTrue(count(db, "SELECT COUNT(*) FROM sync_runs WHERE phase = 'ARCHIVED_SWEEP' AND success = TRUE") >= 2);
        // and the association sweep, never run before: due at the first run --once, then not till its night
        assertEquals(1, count(db, "SELECT COUNT(*) FROM sync_runs WHERE phase = 'ASSOC_SWEEP' AND success = TRUE"));

        // `hubsync status --json` as a script runs it: its stdout alone parses as JSON, and says what the database says
        JsonNode status = statusJson(env, dir);
        JsonNode connection = status.get("connections").get(0);
        assertEquals("default", connection.get("name").asText(), status.toString());
        Map<String, JsonNode> types = new HashMap<>();
        connection.get("objectTypes").forEach(t -> types.put(t.get("objectType").asText(), t));
        JsonNode contacts = types.get("contacts");
        assertEquals("INCREMENTAL", contacts.get("phase").asText(), status.toString());
        assertEquals(count(db, "SELECT COUNT(*) FROM records WHERE object_type = 'contacts' AND deleted IS NULL"),
                contacts.get("records").asLong());
        assertEquals(count(db, "SELECT MAX(id) FROM sync_runs WHERE object_type = 'contacts'"),
                contacts.at("/lastRun/id").asLong());
        assertEquals("ok", contacts.at("/lastRun/result").asText());
        assertEquals(0, contacts.get("errors24h").asLong());
        assertTrue(contacts.get("lagSeconds").asLong() >= 0, status.toString());
        assertEquals(count(db, "SELECT COUNT(*) FROM owners WHERE deleted IS NULL"), types.get("owners").get("records").asLong(),
                status.toString());
    }

    /** {@code status --json} through the jar, stdout and stderr apart; stdout parsed (a log line in it fails here). */
    static JsonNode statusJson(Map<String, String> env, Path dir) throws Exception {
        Path out = dir.resolve("status.json");
        Path err = dir.resolve("status.log");
        ProcessBuilder pb = new ProcessBuilder(JarProcess.java(), "-Xmx128m", "-jar", JarProcess.JAR.toString(), "status",
                "--json").directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(1, java.util.concurrent.TimeUnit.MINUTES), "status did not end");
        assertEquals(0, p.exitValue(), java.nio.file.Files.readString(err));
        String json = java.nio.file.Files.readString(out).strip();
        assertTrue(json.startsWith("{") && json.endsWith("}"), "stdout is the JSON alone: " + json);
        return EmulatorJar.JSON.readTree(json);
    }

    /**
     * {@code sync.objects=*} (docs/behavior.md rule 13): one schedule for all types finds each
     * connection's types at every tick, a custom object among them, and queues each; calls keep a
     * schedule of their own; the archived sweep tombstones a custom object's deletes; types the token
     * may not read are skipped with one WARN each however many ticks pass; and {@code run --once}
     * does the same and exits 0.
     */
    @Test
    void everyTypeThePortalHasOnOneSchedule(TestInfo info) throws Exception {
        dir = dir(info);
        emu = keep(EmulatorJar.start(dir, "--contacts", "300", "--objects", "calls=200,notes=50",
                "--custom-object", "cars=150", "--index-delay", "200ms"));
        JsonNode portal = emu.portals().get(0);
        String full = portal.get("privateAppToken").asText();
        long portalId = portal.get("portalId").asLong();
        // no notes, deals, ... scope: those types are skipped
        String token = emu.admin("POST", "/private-apps", "{\"portalId\":" + portalId + ",\"scopes\":["
                + "\"crm.objects.contacts.read\",\"crm.objects.calls.read\",\"crm.objects.custom.read\"]}")
                .get("token").asText();
        ItDatabase db = keep(ItDatabase.h2(dir));
        Map<String, String> env = new HashMap<>(db.env());
        env.putAll(Map.of("HUBSPOT_BASE_URL", emu.base, "HUBSPOT_ACCESS_TOKEN", token, "SYNC_SEARCH_LAG", "1s",
                "SYNC_OBJECTS", "*", "SYNC_SCHEDULE", "0/3 * * * * ?", "SYNC_SCHEDULE_CALLS", "1/3 * * * * ?",
                "SYNC_ARCHIVED_SCHEDULE", "2/4 * * * * ?"));
        // each car was seeded with a contact: the custom object's pair (docs/associations.md "Custom objects")
        env.put("SYNC_ASSOCIATIONS_CARS", "contacts");
        JarProcess run = keep(JarProcess.start("run", dir, env, "256m", "run"));
        run.awaitLog(") started in ", Duration.ofSeconds(60));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            for (String type : List.of("contacts", "calls", "cars", "communications")) {
                assertTrue(count(db, "SELECT COUNT(*) FROM sync_runs WHERE object_type = '" + type
                        + "' AND phase = 'INCREMENTAL' AND success = TRUE") >= 2, type + " ran incrementally; " + run.tail());
            }
        });
        assertEquals(150, count(db, "SELECT COUNT(*) FROM records WHERE object_type = 'cars'"));
        assertEquals(200, count(db, "SELECT COUNT(*) FROM records WHERE object_type = 'calls'"));
        assertEquals(150, count(db, "SELECT COUNT(DISTINCT from_id) FROM associations WHERE from_type = 'cars' "
                + "AND to_type = 'contacts' AND deleted IS NULL"), "every car's contact, under the type names");

        // a custom object's deletes: the `*` sweep finds the type and tombstones them
        String carsId = EmulatorJar.JSON.readTree(emu.hubspot("GET", "/crm-object-schemas/v3/schemas", null, full).body())
                .at("/results/0/objectTypeId").asText();
        List<Long> archived = new ArrayList<>();
        for (JsonNode r : EmulatorJar.JSON.readTree(emu.hubspot("GET", "/crm/v3/objects/" + carsId + "?limit=5", null,
                full).body()).get("results")) {
            archived.add(r.get("id").asLong());
            assertEquals(204, emu.hubspot("DELETE", "/crm/v3/objects/" + carsId + "/" + r.get("id").asText(), null, full)
                    .statusCode());
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertEquals(5, count(db, "SELECT COUNT(*) FROM records WHERE object_type = 'cars' "
                        + "AND deleted = 'ARCHIVED' AND id IN (" + join(archived) + ")"), "tombstoned by the sweep"));

        int exit = run.stop();
        assertTrue(exit == 0 || exit == 143, "stopped by SIGTERM: " + exit + "; " + run.tail());
        assertEquals(List.of(), Oracle.errorTraces(run.output()));
        // many ticks, one WARN per skipped type; no run of them recorded
        assertEquals(1, occurrences(run.output(), "notes[default]: skipped: the token may not read it"), run.tail());
        assertEquals(1, occurrences(run.output(), "deals[default]: skipped: the token may not read it"), run.tail());
        // (the association sweep of deals, due at start under `*` like every standard type with pairs, walks the
        // stored deals, none, as its nightly tick would: a row of its own, not a run of the type)
        assertEquals(0, count(db, "SELECT COUNT(*) FROM sync_runs WHERE object_type IN ('notes', 'deals') "
                + "AND phase <> 'ASSOC_SWEEP'"));
        assertEquals(0, count(db, "SELECT COUNT(*) FROM sync_runs WHERE object_type IN ('notes', 'deals') "
                + "AND phase = 'ASSOC_SWEEP' AND (added > 0 OR updated > 0 OR success IS NOT TRUE)"));
        // the token may not read companies: the contacts' default pair is skipped with one WARN, the runs go on
        assertEquals(1, occurrences(run.output(), "associations contacts → companies[default]: skipped"), run.tail());
        assertEquals(5, count(db, "SELECT COUNT(*) FROM associations WHERE from_type = 'cars' AND deleted = 'ARCHIVED'"),
                "an archived car's association ends with it");
        assertTrue(count(db, "SELECT COUNT(*) FROM sync_runs WHERE object_type = 'cars' AND phase = 'ARCHIVED_SWEEP' "
                + "AND success = TRUE") >= 1);

        // run --once likewise: the readable types run, the others are skipped, and it exits 0
        assertEquals(0, runOnce(env, dir));
        assertTrue(count(db, "SELECT COUNT(*) FROM sync_runs WHERE object_type = 'cars'") >= 3);
    }

    static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    static int runOnce(Map<String, String> env, Path dir) throws Exception {
        JarProcess p = JarProcess.start("run-once", dir, env, "256m", "run", "--once");
        int code = p.waitFor(Duration.ofMinutes(3));
        if (code != 0) {
            throw new AssertionError("run --once exited " + code + "; " + p.tail());
        }
        assertEquals(List.of(), Oracle.errorTraces(p.output()));
        return code;
    }

    static int cli(Map<String, String> env, Path dir, String... args) throws Exception {
        JarProcess p = JarProcess.start("cli", dir, env, "128m", args);
        int code = p.waitFor(Duration.ofMinutes(1));
        if (code != 0) {
            throw new AssertionError(String.join(" ", args) + " exited " + code + "; " + p.tail());
        }
        return code;
    }

    static long count(ItDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String join(List<Long> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
