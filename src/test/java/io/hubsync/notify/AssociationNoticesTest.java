package io.hubsync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.core.AssociationSweep;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.sync.AssociationsFixture;
import io.hubsync.sync.SyncHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Completion notices and associations (docs/notices.md): a run's notice counts the association rows it
 * added, changed and ended, and its change range covers those rows (they share the records' sequence);
 * the association sweep sends a notice of its own when it changed rows. Delivered to a real HTTP
 * receiver; the table is read to check what the ranges hold.
 */
class AssociationNoticesTest {
    EmulatorFixture emu;
    SyncHarness sync;
    NoticeReceiver receiver;
    AssociationsFixture associations;

    @BeforeEach
    void start() throws Exception {
        emu = new EmulatorFixture(c -> {
            c.contacts = 120;
            c.companies = 15;
            c.indexDelayMillis = 0;
        });
        receiver = new NoticeReceiver(NoticesTest.SECRET);
        sync = new SyncHarness(emu)
                .set("sync.objects", "contacts")
                .set("notify.url", receiver.url())
                .set("notify.secret", NoticesTest.SECRET)
                .set("notify.poll-interval", "100");
        sync.start();
        associations = new AssociationsFixture(emu, sync);
    }

    @AfterEach
    void stop() {
        sync.close();
        receiver.close();
        emu.close();
    }

    @Test
    void aRunsNoticeCountsItsAssociationRowsAndItsRangeCoversThem() throws Exception {
        sync.runOnce();
        JsonNode backfill = notice(1);
        assertEquals(SyncRun.INITIAL, backfill.get("phase").asText());
        long live = sync.count("SELECT COUNT(*) FROM associations WHERE deleted IS NULL");
        assertTrue(live >= 120, "every contact has its primary company: " + live);
        assertEquals(live, backfill.at("/associations/added").asLong(), backfill.toString());
        assertEquals(0, backfill.at("/associations/changed").asLong());
        assertEquals(0, backfill.at("/associations/removed").asLong());
        // the last page's association rows come after its records in the sequence: the range reaches them
        assertEquals(live, inRange(backfill, ""), backfill.toString());

        // one contact edited; its primary company link ended and another company linked, in HubSpot
        long contact = associations.ids("contacts").get(7);
        long primary = sync.count("SELECT to_id FROM associations WHERE from_id = " + contact + " AND type_id = 1");
        long other = associations.ids("companies").stream().filter(id -> id != primary
                && !associations.linked(contact, id)).findFirst().orElseThrow();
        assertEquals(204, emu.post("/crm/v4/associations/contacts/companies/batch/archive", "{\"inputs\":[{\"from\":"
                + "{\"id\":\"" + contact + "\"},\"to\":[{\"id\":\"" + primary + "\"}]}]}").status());
        associations.associate("contacts", "companies", List.of(new long[] {contact, other}));
        assertEquals(200, emu.send("PATCH", "/crm/v3/objects/contacts/" + contact,
                "{\"properties\":{\"firstname\":\"Renamed\"}}", emu.token, "application/json").status());

        assertEquals(1, sync.runOnce().get(0).getUpdated());
        associations.assertSame("contacts", "companies");
        JsonNode window = notice(2);
        assertEquals(SyncRun.INCREMENTAL, window.get("phase").asText());
        assertEquals(backfill.at("/changes/throughSequence").asLong(), window.at("/changes/afterSequence").asLong());
        long removed = inRange(window, " AND deleted = 'REMOVED' AND to_id = " + primary);
        long added = inRange(window, " AND deleted IS NULL AND to_id = " + other);
        assertTrue(removed >= 1 && added >= 1, window.toString());
        assertEquals(removed, window.at("/associations/removed").asLong(), window.toString());
        assertEquals(added, window.at("/associations/added").asLong(), window.toString());
        // every row the run changed is in its range, and nothing else moved
        assertEquals(removed + added, inRange(window, ""));
        assertEquals(removed + added, sync.count("SELECT COUNT(*) FROM associations WHERE change_seq > "
                + backfill.at("/changes/throughSequence").asLong()));
    }

    @Test
    void theSweepSendsANoticeOfAssociationOnlyChanges() throws Exception {
        sync.runOnce();
        JsonNode backfill = notice(1);
        // five contacts linked to one more company each: no record's last-modified moves
        List<Long> contacts = associations.ids("contacts").subList(0, 5);
        List<Long> companies = associations.ids("companies");
        List<long[]> links = new ArrayList<>();
        for (long contact : contacts) {
            links.add(new long[] {contact, companies.stream().filter(id -> !associations.linked(contact, id))
                    .findFirst().orElseThrow()});
        }
        associations.associate("contacts", "companies", links);
        sync.runOnce();
        assertEquals(1, sync.count("SELECT COUNT(*) FROM notices"), "a window that changed nothing sends none");

        AssociationSweep sweep = associations.sweep("contacts");
        assertEquals(5, sweep.getChanged());
        JsonNode swept = notice(2);
        assertEquals("run.completed", swept.get("event").asText());
        assertEquals(AssociationSweep.PHASE, swept.get("phase").asText());
        assertEquals("contacts", swept.get("objectType").asText());
        assertEquals(0, swept.get("added").asLong() + swept.get("updated").asLong() + swept.get("deleted").asLong());
        assertEquals(5, swept.at("/associations/added").asLong(), swept.toString());
        assertEquals("checked=120", swept.get("checkpointTo").asText());
        assertEquals(backfill.at("/changes/throughSequence").asLong(), swept.at("/changes/afterSequence").asLong());
        assertEquals(5, inRange(swept, " AND from_id IN (" + contacts.stream().map(String::valueOf)
                .reduce((a, b) -> a + "," + b).orElseThrow() + ")"));
        assertEquals(5, inRange(swept, ""));

        // a sweep that changes nothing sends nothing
        assertEquals(0, associations.sweep("contacts").getChanged());
        assertEquals(2, sync.count("SELECT COUNT(*) FROM notices"));
    }

    /** The n-th notice received, once it is (in the order of their outbox sequence). */
    private JsonNode notice(int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted.size() >= n);
        List<JsonNode> all = new ArrayList<>(receiver.accepted);
        all.sort(java.util.Comparator.comparing(j -> j.at("/changes/throughSequence").asLong()));
        return all.get(n - 1);
    }

    /** Association rows with change_seq in the notice's range and the extra condition. */
    private long inRange(JsonNode notice, String and) throws Exception {
        return sync.count("SELECT COUNT(*) FROM associations WHERE change_seq > "
                + notice.at("/changes/afterSequence").asLong() + " AND change_seq <= "
                + notice.at("/changes/throughSequence").asLong() + and);
    }
}
