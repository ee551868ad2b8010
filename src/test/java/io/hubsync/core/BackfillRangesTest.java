package io.hubsync.core;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a backfill's ids are split between the list chain and search chains (docs/behavior.md rule 11). */
class BackfillRangesTest {
    /** the professional tier: 190 list pages of 100 per 10 s, 5 searches of 200 a second */
    static final BackfillRanges.Rates PROFESSIONAL = new BackfillRanges.Rates(1_900, 1_000);
    static final BackfillRanges.Span IDS = new BackfillRanges.Span(50_000, 1, 50_000);

    @Test
    void aFreshSplitGivesEachBudgetItsShare() {
        List<BackfillRanges.Range> plan = BackfillRanges.plan(IDS, PROFESSIONAL, -1, 1);
        assertEquals(2, plan.size());
        BackfillRanges.Range list = plan.get(0);
        BackfillRanges.Range search = plan.get(1);
        assertTrue(list.isList());
        // by 11 s, the least both budgets need for 50,000 records, the list has had two windows of 19,000
        // and search 12 seconds of 1,000: 38,000 / 50,000 of the ids to the list, from the first id, and
        // a margin of 2% (BackfillRanges.LIST_MARGIN)
        assertEquals(38_760, list.getEnd());
        assertEquals(0, list.getLastId());
        // the search range starts where the list's ends and has no end: ids made since go to it
        assertEquals(list.getEnd(), search.getStart());
        assertEquals(search.getStart(), search.getLastId());
        assertNull(search.getEndOrNull());
    }

    @Test
    void aResumedListStartsItsShareAtItsCursorAndSearchChainsShareTheRest() {
        List<BackfillRanges.Range> plan = BackfillRanges.plan(IDS, PROFESSIONAL, 20_000, 3);
        assertEquals(4, plan.size());
        // 30,000 records left: by 10 s the list's two windows (38,000) and search's 11 seconds (11,000)
        assertEquals(20_000 + (long) Math.floor(30_000 * 38_000 / 49_000.0 * BackfillRanges.LIST_MARGIN), plan.get(0).getEnd());
        for (int i = 1; i < plan.size(); i++) {
            assertEquals(plan.get(i - 1).getEnd(), plan.get(i).getStart(), "ranges meet without a gap");
        }
        assertNull(plan.get(3).getEndOrNull());
    }

    @Test
    void aChainThatRunsOutTakesTheTopOfTheRangeWithMostLeft() {
        BackfillRanges ranges = new BackfillRanges(IDS, PROFESSIONAL, 400, splitAt(38_000));
        BackfillRanges.Range list = ranges.take(true);
        BackfillRanges.Range search = ranges.take(false);
        assertNull(ranges.take(false), "one search range, taken");
        ranges.written(list, 10_000, 10_000, false);
        ranges.written(search, 50_000, 12_000, true);

        BackfillRanges.Split split = ranges.steal();
        // the list has ids 10,001 to 38,000 left; a search chain at its budget takes the top 1,000 / 2,900 of them
        assertEquals(list, split.victim());
        assertEquals(list.getEnd(), split.victimEnd());
        assertEquals(10_000 + (long) Math.ceil(28_000 * 1_900 / 2_900.0), split.victimEnd());
        assertEquals(split.victimEnd(), split.taken().getStart());
        assertEquals(38_000, split.taken().getEnd(), "the taken range ends where its victim did");
        assertFalse(split.taken().isList());

        ranges.unsplit(split);
        assertEquals(38_000, list.getEnd(), "a split that could not be stored is undone");
    }

    @Test
    void aSplitNeverGivesAwayIdsItsVictimAlreadyHolds() {
        BackfillRanges ranges = new BackfillRanges(IDS, PROFESSIONAL, 400, splitAt(38_000));
        BackfillRanges.Range list = ranges.take(true);
        BackfillRanges.Range search = ranges.take(false);
        ranges.written(search, 50_000, 12_000, true);
        // a page in hand reaches id 30,000, not written yet
        List<HubSpotObject> page = records(29_901, 30_000);
        assertFalse(ranges.clip(list, page, true));
        BackfillRanges.Split split = ranges.steal();
        assertTrue(split.victimEnd() >= 30_000, "split at " + split.victimEnd());
    }

    @Test
    void aPageIsCutAtItsRangesEndAndThenEndsTheRange() {
        BackfillRanges ranges = new BackfillRanges(IDS, PROFESSIONAL, 400, splitAt(38_000));
        BackfillRanges.Range list = ranges.take(true);
        List<HubSpotObject> page = records(37_951, 38_050);
        assertTrue(ranges.clip(list, page, true), "the page reaches past the end: the range ends with it");
        assertEquals(50, page.size());
        assertEquals(38_000, page.get(page.size() - 1).idAsLong());
    }

    @Test
    void littleLeftIsSplitOnlyWhenTheListsBudgetWouldPauseIt() {
        BackfillRanges ranges = new BackfillRanges(IDS, PROFESSIONAL, 400, splitAt(38_000));
        BackfillRanges.Range list = ranges.take(true);
        BackfillRanges.Range search = ranges.take(false);
        ranges.written(search, 50_000, 12_000, true);
        ranges.written(list, 37_500, 37_500, false);
        assertNull(ranges.steal(), "500 ids left, the list's budget unknown: fewer than two splits' worth");
        // 500 ids left, the window spent: the list would wait up to 10 s for them, so search takes them all
        BackfillRanges.Split all = ranges.steal(0);
        assertEquals(37_500, all.victimEnd());
        assertEquals(38_000, all.taken().getEnd());
        ranges.unsplit(all);
        // two pages of budget left: the list keeps what they read, search takes the rest
        BackfillRanges.Split rest = ranges.steal(200);
        assertEquals(37_700, rest.victimEnd());
        ranges.unsplit(rest);
        // room for all of it in this burst: nothing to take
        assertNull(ranges.steal(1_000));
        ranges.written(list, 38_000, 500, true);
        assertTrue(ranges.allDone());
    }

    /** The list up to {@code end}, one search range above it. */
    static List<BackfillRanges.Range> splitAt(long end) {
        return List.of(new BackfillRanges.Range(true, -1, 0, end, false),
                new BackfillRanges.Range(false, end, end, Long.MAX_VALUE, false));
    }

    static List<HubSpotObject> records(long from, long to) {
        List<HubSpotObject> page = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            HubSpotObject o = new HubSpotObject();
            o.id = Long.toString(id);
            page.add(o);
        }
        return page;
    }
}
