package io.hubsync.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.notify.NoticeReceiver;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * hubsync as an operator runs it: the built jar's {@code hubsync run} on PostgreSQL with its schedules
 * in seconds, the emulator in its own process with users creating, editing, archiving, restoring,
 * merging and GDPR-deleting contacts, companies and deals, and the process killed (SIGKILL) at bad
 * moments: mid-backfill, mid-window, mid-sweep, and (webhooks on) while applying HubSpot's events.
 * Once the users stop and hubsync settles, per object type: the records table equals the emulator's
 * dump (nothing missing, stale, extra, or with the wrong tombstone), so do the live associations of
 * every pair kept (the users link and unlink records too), no tombstone keeps a live association,
 * {@code hubsync verify} exits 0, and the completion notices' change ranges cover every change,
 * association rows included, with no gap.
 */
class CrashAndSettleIT extends ProcessesTest {
    static final List<String> TYPES = List.of("contacts", "companies", "deals");
    /** The pairs of associations kept (the defaults, set here so that the oracle checks what is configured). */
    static final Map<String, List<String>> PAIRS = Map.of("contacts", List.of("companies"),
            "deals", List.of("contacts", "companies"));
    static final String SECRET = "notice-secret-0123456789-abcdefghijklmnopq";
    static final String API_KEY = "admin-key-0123456789-abcdefghijklmnopqrstu";
    ItDatabase db;
    NoticeReceiver receiver;
    Map<String, String> env;
    Path dir;
    long portalId;

    @Test
    void withoutWebhooksTheSweepAloneCatchesEveryDelete() throws Exception {
        setUp("no-webhooks", false);
        JarProcess node = start();
        // mid-backfill with the contacts' ids split between the list and a search chain, a range still
        // being read (docs/behavior.md rule 11): every range resumes where its last page left it. Which
        // one is open when the kill lands varies: 1,500 contacts fit in one window of the list's budget, so
        // the list's share is most of them (ResumeTest kills a part-read search range for certain)
        killWhen(node, "mid-split-backfill", () -> count("SELECT COUNT(*) FROM records") >= 500
                && count("SELECT COUNT(*) FROM backfill_ranges WHERE done = FALSE") > 0);
        node = start();
        killWhen(node, "mid-window", () -> count("SELECT COUNT(*) FROM sync_runs WHERE phase = 'INCREMENTAL' "
                + "AND finished_at IS NULL") > 0);
        node = start();
        killWhen(node, "mid-sweep", () -> count("SELECT COUNT(*) FROM sync_runs WHERE phase = 'ARCHIVED_SWEEP' "
                + "AND finished_at IS NULL") > 0);
        node = start();
        killWhen(node, "mid-reconciliation", () -> count("SELECT COUNT(*) FROM sync_runs WHERE phase = 'RECONCILE' "
                + "AND finished_at IS NULL") > 0);
        settleAndCheck(start(), true);
    }

    @Test
    void withWebhooksAndDuplicateDeliveriesNothingIsLostToKills() throws Exception {
        setUp("webhooks", true);
        JarProcess node = start();
        killWhen(node, "mid-backfill", () -> count("SELECT COUNT(*) FROM records") >= 500
                && count("SELECT COUNT(*) FROM sync_state WHERE phase = 'INITIAL'") > 0);
        node = start();
        killWhen(node, "while applying webhooks", () -> count("SELECT COUNT(*) FROM webhook_inbox "
                + "WHERE claimed_by IS NOT NULL") > 0);
        node = start();
        killWhen(node, "mid-sweep", () -> count("SELECT COUNT(*) FROM sync_runs WHERE phase = 'ARCHIVED_SWEEP' "
                + "AND finished_at IS NULL") > 0);
        node = start();
        killWhen(node, "mid-window", () -> count("SELECT COUNT(*) FROM sync_runs WHERE phase = 'INCREMENTAL' "
                + "AND finished_at IS NULL") > 0);
        settleAndCheck(start(), false);
        emu.admin("DELETE", "/webhooks", null);
    }

    void setUp(String name, boolean webhooks) throws Exception {
        dir = Path.of("target", "it", "CrashAndSettleIT-" + name + "-" + System.nanoTime());
        db = ItDatabase.postgres();
        open.add(db);
        emu = EmulatorJar.start(dir, "--contacts", "1500", "--companies", "400", "--deals", "400",
                "--index-delay", "300ms", "--seed", "11");
        open.add(emu);
        JsonNode portal = emu.portals().get(0);
        portalId = portal.get("portalId").asLong();
        receiver = new NoticeReceiver(SECRET);
        open.add(receiver);
        env = new HashMap<>(db.env());
        env.putAll(Map.ofEntries(
                Map.entry("HUBSPOT_BASE_URL", emu.base),
                Map.entry("HUBSPOT_ACCESS_TOKEN", portal.get("privateAppToken").asText()),
                Map.entry("HUBSPOT_RETRY_DELAY_MILLIS", "200"),
                Map.entry("SYNC_OBJECTS", String.join(",", TYPES)),
                Map.entry("SYNC_SCHEDULE", "0/2 * * * * ?"), Map.entry("SYNC_ARCHIVED_SCHEDULE", "1/5 * * * * ?"),
                Map.entry("SYNC_RECONCILE_EVERY", "15s"), Map.entry("SYNC_SEARCH_LAG", "2s"),
                Map.entry("SYNC_ASSOCIATIONS_CONTACTS", String.join(",", PAIRS.get("contacts"))),
                Map.entry("SYNC_ASSOCIATIONS_DEALS", String.join(",", PAIRS.get("deals"))),
                // association-only changes move no record: without webhooks only the sweep sees them, and
                // a restored record's rows from other records come back with it (docs/associations.md)
                Map.entry("SYNC_ASSOCIATIONS_SWEEP_SCHEDULE", "3/5 * * * * ?"),
                // a killed node's work is taken over within seconds here (a minute by default)
                Map.entry("SYNC_CLAIM_LEASE", "4s"), Map.entry("SYNC_PROGRESS_EVERY", "2s"),
                // the contacts' 1,500 are read by the list and a search chain at once
                Map.entry("SYNC_BACKFILL_SPLIT_ABOVE", "1000"),
                Map.entry("NOTIFY_URL", receiver.url()), Map.entry("NOTIFY_SECRET", SECRET),
                Map.entry("NOTIFY_POLL_INTERVAL", "500ms"), Map.entry("NOTIFY_RETRY_DELAY", "1s")));
        if (webhooks) {
            int port = SchedulesIT.freePort();
            env.putAll(Map.of("SERVER_ENABLED", "true", "SERVER_PORT", String.valueOf(port),
                    "SERVER_API_KEY", API_KEY, "SERVER_PUBLIC_URL", "http://127.0.0.1:" + port,
                    "HUBSPOT_PORTAL_ID", String.valueOf(portalId),
                    "HUBSPOT_OAUTH_CLIENT_SECRET", "hubsync-emulator-secret",
                    "WEBHOOKS_POLL_INTERVAL_MILLIS", "500", "WEBHOOKS_RETRY_DELAY", "500ms"));
            // subscribed before the users start: every change is told, retried while hubsync is down
            emu.admin("POST", "/webhooks", "{\"targetUrl\":\"" + env.get("SERVER_PUBLIC_URL") + "/webhooks/hubspot\","
                    + "\"subscriptions\":[\"*\"],\"properties\":[\"*\"],\"duplicates\":true,\"maxRetries\":12,"
                    + "\"retryBaseMillis\":200}");
        }
        // pages slow enough that a kill lands in the middle of things
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":120}}");
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.search\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":150}}");
        // deals with companies (seeding links contacts to companies only; the users' association changes
        // link deals to contacts)
        associate(portal.get("privateAppToken").asText(), "deals", "companies", 100);
        // users at work from the first moment, in every object type, associations included
        emu.admin("POST", "/activity", "{\"perSecond\":25,\"objectTypes\":[\"contacts\",\"companies\",\"deals\"],"
                + "\"mix\":{\"create\":20,\"edit\":45,\"archive\":12,\"restore\":6,\"merge\":10,\"gdprDelete\":7,"
                + "\"associate\":15}}");
    }

    /** The first {@code n} (at most 100, a page) records of {@code from} each with one of the first {@code n} of {@code to}, unlabeled. */
    void associate(String token, String from, String to, int n) {
        List<String> froms = ids(token, from, n);
        List<String> tos = ids(token, to, n);
        StringBuilder inputs = new StringBuilder();
        for (int i = 0; i < n; i++) {
            inputs.append(i == 0 ? "" : ",").append("{\"from\":{\"id\":\"").append(froms.get(i))
                  .append("\"},\"to\":{\"id\":\"").append(tos.get(i)).append("\"}}");
        }
        var r = emu.hubspot("POST", "/crm/v4/associations/" + from + "/" + to + "/batch/associate/default",
                "{\"inputs\":[" + inputs + "]}", token);
        assertEquals(200, r.statusCode(), r.body());
    }

    List<String> ids(String token, String type, int n) {
        List<String> out = new ArrayList<>();
        var page = emu.hubspot("GET", "/crm/v3/objects/" + type + "?limit=" + n, null, token);
        assertEquals(200, page.statusCode(), page.body());
        try {
            EmulatorJar.JSON.readTree(page.body()).get("results").forEach(r -> out.add(r.get("id").asText()));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertEquals(n, out.size(), type);
        return out;
    }

    JarProcess start() throws Exception {
        JarProcess node = JarProcess.start("node-" + (nodes.size() + 1), dir, env, "256m", "run");
        nodes.add(node);
        node.awaitLog(") started in ", Duration.ofSeconds(90));
        return node;
    }

    /** SIGKILL the node the moment {@code when} holds (polled every 50 ms). */
    void killWhen(JarProcess node, String moment, Callable<Boolean> when) throws Exception {
        await(moment).atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).ignoreExceptions()
                .until(() -> {
                    if (!node.alive()) {
                        throw new AssertionError(node.name + " died by itself; " + node.tail());
                    }
                    return when.call();
                });
        node.kill();
    }

    void settleAndCheck(JarProcess node, boolean gdprUnseen) throws Exception {
        await("users at work").atMost(Duration.ofSeconds(60)).until(() ->
                emu.admin("GET", "/activity", null).path("changes").asLong() >= 400);
        emu.admin("DELETE", "/activity", null);
        emu.admin("DELETE", "/faults", null);
        await("settled").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions()
                .untilAsserted(() -> {
                    List<String> diff = new ArrayList<>();
                    try (Connection c = db.connect()) {
                        for (String type : TYPES) {
                            diff.addAll(Oracle.differences(c, emu, "default", portalId, type, gdprUnseen));
                            diff.addAll(Oracle.noticeGaps(receiver.accepted, c, "default", type));
                        }
                        for (Map.Entry<String, List<String>> pair : PAIRS.entrySet()) {
                            for (String to : pair.getValue()) {
                                diff.addAll(Oracle.associationDifferences(c, emu, "default", portalId, pair.getKey(), to));
                            }
                        }
                        diff.addAll(Oracle.liveAssociationsOfTombstones(c, "default"));
                        diff.addAll(Oracle.associationNoticeGaps(receiver.accepted, c, "default"));
                    }
                    assertEquals(List.of(), diff);
                });
        // the deletes really happened, of every kind, and ended associations with them
        for (String reason : List.of("ARCHIVED", "MERGED", "GDPR")) {
            assertTrue(count("SELECT COUNT(*) FROM records WHERE deleted = '" + reason + "'") > 0, reason);
        }
        // Rows ended, whatever why: which reason ends a row depends on the order things are learned (a
        // deleted record's rows end REMOVED when a read of its associations finds none at HubSpot before
        // its tombstone comes, and the users' unlinks in a short run may all land on rows not stored
        // yet), so the run is not asked for each reason; the oracle above holds whichever it was
        assertTrue(count("SELECT COUNT(*) FROM associations WHERE deleted IS NOT NULL") > 0, "associations ended");
        // and every pair has live rows to compare
        for (Map.Entry<String, List<String>> pair : PAIRS.entrySet()) {
            for (String to : pair.getValue()) {
                assertTrue(count("SELECT COUNT(*) FROM associations WHERE deleted IS NULL AND from_type = '"
                        + pair.getKey() + "' AND to_type = '" + to + "'") > 0, pair.getKey() + " -> " + to);
            }
        }
        int exit = node.stop();
        assertTrue(exit == 0 || exit == 143, "stopped by SIGTERM: " + exit);
        for (String type : TYPES) {
            JarProcess verify = JarProcess.start("verify-" + type, dir, env, "256m", "verify", "--connection",
                    "default", "--type", type);
            assertEquals(0, verify.waitFor(Duration.ofMinutes(2)), verify.tail());
            assertTrue(verify.output().contains("no drift"), verify.tail());
        }
        try (Connection c = db.connect()) {
            List<Oracle.Run> runs = Oracle.runs(c);
            assertEquals(List.of(), Oracle.overlaps(runs));
            assertTrue(runs.stream().anyMatch(Oracle.Run::abandoned), "the killed runs are on record as abandoned");
            assertEquals(List.of(), runs.stream().filter(r -> r.finished() == null).toList(), "every run row closed");
        }
        for (JarProcess n : nodes) {
            assertEquals(List.of(), Oracle.errorTraces(n.output()), n.name);
        }
    }

    long count(String sql) throws Exception {
        try (Connection c = db.connect(); var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
