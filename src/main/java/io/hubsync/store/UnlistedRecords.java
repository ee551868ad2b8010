package io.hubsync.store;

import io.hubsync.core.HubSpotObject;
import io.hubsync.core.HubSpotPage;
import io.hubsync.core.SyncRun;
import org.apache.camel.ExchangeProperty;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Records the database has that a listing of HubSpot's did not return (routes/archived.camel.yaml,
 * {@code settle-unlisted}): ARCHIVED tombstones the archived listing no longer has, live records the
 * full listing of a reconciliation did not have. Each is one of four things, asked of HubSpot by id:
 * live (read live: written, its tombstone lifted), merged (read live by its old id, HubSpot answers
 * with the survivor, whose {@code hs_merged_object_ids} tombstones it), archived (read with
 * {@code archived=true}: ARCHIVED as of HubSpot's archivedAt), or gone for good: GDPR-deleted, or
 * archived more than 90 days ago and purged. HubSpot cannot tell those two apart, so the record is
 * erased as a GDPR deletion requires (its properties emptied, the tombstone final).
 *
 * <p>Erasing is final, so an id is erased only when a live read by batch, the archived read after it
 * and a read of the id alone after that all missed it: a restore between two reads cannot make a live
 * record look gone, and the read by id is the one HubSpot answers for a merged-away id with the
 * record it was merged into (whether its batch read does is not documented).
 */
public final class UnlistedRecords {
    private final DataSource ds;
    private final Tombstones tombstones;
    private final Clock clock;

    public UnlistedRecords(DataSource ds, CheckpointStore checkpoints) {
        this.ds = ds;
        this.clock = checkpoints.clock();
        this.tombstones = new Tombstones(clock);
    }

    /** One chunk of unlisted ids (at most a batch read's 100) and what became of them. */
    public static final class Chunk {
        private final List<Long> ids;
        private List<Long> open;
        private long restored;
        private long archived;
        private long erased;

        Chunk(List<Long> ids) {
            this.ids = List.copyOf(ids);
            this.open = this.ids;
        }

        /** All ids of the chunk (the live read asks for these, and may restore any of them). */
        public List<Long> getIds() { return ids; }
        /** The ids not accounted for yet: the next read asks for these. */
        public List<Long> getOpen() { return open; }
        public boolean isSettled() { return open.isEmpty(); }
        /** Tombstones lifted: records HubSpot has live again */
        public long getRestored() { return restored; }
        public long getArchived() { return archived; }
        public long getErased() { return erased; }
    }

    public Chunk start(List<Long> ids) {
        return new Chunk(ids);
    }

    /** What the writer restored of a live read (its answer, the body). */
    public void restored(@ExchangeProperty("unlisted") Chunk chunk, int restored) {
        chunk.restored += restored;
    }

    /** After a live read: the ids it returned, and those merged into a record it returned, are settled. */
    public void readLive(@ExchangeProperty("unlisted") Chunk chunk, HubSpotPage page) {
        page.validated();
        Set<Long> seen = returned(page);
        chunk.open = chunk.open.stream().filter(id -> !seen.contains(id)).toList();
    }

    /** After the archived read: those HubSpot has archived become (or stay) ARCHIVED tombstones. */
    public void readArchived(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("unlisted") Chunk chunk,
                             HubSpotPage page) throws SQLException {
        page.validated();
        Map<Long, Instant> archivedAt = new LinkedHashMap<>();
        for (HubSpotObject o : page.results) {
            if (chunk.open.contains(o.idAsLong())) {
                Instant at = o.archivedInstant();
                archivedAt.put(o.idAsLong(), at != null ? at : o.updated());
            }
        }
        if (!archivedAt.isEmpty()) {
            chunk.archived += inTransaction(run, c -> tombstones.archiveEach(c, run.getConnectionId(),
                    run.getObjectType(), archivedAt));
        }
        chunk.open = chunk.open.stream().filter(id -> !archivedAt.containsKey(id)).toList();
    }

    /** After the reads by id: what none of them returned is gone for good, and erased. */
    public void erase(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("unlisted") Chunk chunk)
            throws SQLException {
        if (chunk.open.isEmpty()) {
            return;
        }
        Collection<Long> gone = chunk.open;
        Instant now = clock.instant();
        chunk.erased += inTransaction(run, c -> tombstones.privacyDelete(c, run.getConnectionId(),
                run.getObjectType(), gone, now));
        chunk.open = List.of();
    }

    private static Set<Long> returned(HubSpotPage page) {
        Set<Long> out = new HashSet<>();
        for (HubSpotObject o : page.results) {
            out.add(o.idAsLong());
            String merged = o.properties == null ? null : o.properties.get(Tombstones.MERGED_IDS_PROPERTY);
            out.addAll(Tombstones.mergedIds(null, merged));
        }
        return out;
    }

    @FunctionalInterface
    private interface Change {
        int apply(Connection c) throws SQLException;
    }

    private int inTransaction(SyncRun run, Change change) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                PairLock.lock(c, run.getConnectionId(), run.getObjectType());
                int n = change.apply(c);
                c.commit();
                return n;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** The ids in chunks of at most {@code size}, for batch reads. */
    public static List<List<Long>> chunks(List<Long> ids, int size) {
        List<List<Long>> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += size) {
            out.add(List.copyOf(ids.subList(i, Math.min(ids.size(), i + size))));
        }
        return out;
    }
}
