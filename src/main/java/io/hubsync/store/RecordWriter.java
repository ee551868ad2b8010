package io.hubsync.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.core.AssociationRead;
import io.hubsync.core.BackfillRanges;
import io.hubsync.core.Checkpoint;
import io.hubsync.core.HubSpotObject;
import io.hubsync.core.HubSpotPage;
import io.hubsync.core.PageAssociations;
import io.hubsync.core.SyncRun;
import org.apache.camel.ExchangeProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * Writes one page of records and the checkpoint that covers it in ONE transaction (docs/behavior.md rule 4),
 * idempotently (rule 5): versions older than or equal to the stored one are never written, so
 * re-reading a page after a crash changes nothing. The paging routes pass it only the versions their
 * idempotent consumer let through ({@link PageVersions}); under the pair's lock it checks those once
 * more, the last guard should another writer (a webhook, a sweep) have stored a version since. Pages
 * read outside a run's checkpoint are judged here whole. The merges a page tells of
 * ({@code hs_merged_object_ids}) become tombstones in the same transaction (rule 6).
 */
public final class RecordWriter {
    // Standard SQL MERGE: H2 2.x and PostgreSQL 15 both run it as is. The AND clauses are the last
    // guard of rule 5 should two writers race on one record, and keep MERGED and GDPR tombstones final.
    // first_seq keeps the change_seq of the first stored version (SET reads the old row), which tells
    // the records API added from updated.
    private static final String MERGE = "MERGE INTO records t USING (VALUES (CAST(? AS VARCHAR(64)), "
            + "CAST(? AS VARCHAR(32)), CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE), "
            + "CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE))) "
            + "AS s(connection_id, object_type, id, properties, created_at, last_modified, synced_at) "
            + "ON t.connection_id = s.connection_id AND t.object_type = s.object_type AND t.id = s.id "
            + "WHEN MATCHED AND t.last_modified < s.last_modified AND (t.deleted IS NULL OR t.deleted = 'ARCHIVED') "
            + "THEN UPDATE SET properties = s.properties, "
            + "created_at = s.created_at, last_modified = s.last_modified, archived = FALSE, archived_at = NULL, "
            + "merged_into = NULL, deleted = NULL, first_seq = COALESCE(t.first_seq, t.change_seq), "
            + "change_seq = nextval('record_change_seq'), synced_at = s.synced_at "
            + "WHEN NOT MATCHED THEN INSERT (connection_id, object_type, id, properties, created_at, last_modified, "
            + "archived, change_seq, synced_at) VALUES (s.connection_id, s.object_type, s.id, s.properties, "
            + "s.created_at, s.last_modified, FALSE, nextval('record_change_seq'), s.synced_at)";

    /**
     * New records (the whole of a backfill) go by plain INSERT, cheaper than MERGE. On PostgreSQL both go
     * as one statement per page instead ({@link PostgresRecordRows}: INSERT and INSERT … ON CONFLICT … DO
     * UPDATE … WHERE over the page's rows as arrays).
     */
    private static final String INSERT = "INSERT INTO records (connection_id, object_type, id, properties, created_at, "
            + "last_modified, archived, change_seq, synced_at) VALUES (?, ?, ?, ?, ?, ?, FALSE, "
            + "nextval('record_change_seq'), ?)";
    /** SQLSTATE of a unique-key violation, on H2 and PostgreSQL alike */
    private static final String DUPLICATE_KEY = "23505";

    private final DataSource ds;
    private final RecordVersionRepository versions;
    private final CheckpointStore checkpoints;
    private final Tombstones tombstones;
    private final AssociationRows associationRows;
    private final ObjectMapper json = new ObjectMapper();
    private final DatabaseKind kind = new DatabaseKind();
    private final RecordStatistics statistics;

    public RecordWriter(DataSource ds, RecordVersionRepository versions, CheckpointStore checkpoints) {
        this.ds = ds;
        this.versions = versions;
        this.checkpoints = checkpoints;
        this.tombstones = new Tombstones(checkpoints.clock());
        this.associationRows = new AssociationRows(checkpoints.clock());
        this.statistics = new RecordStatistics();
    }

    /** A list page's new versions plus the next {@code after} cursor (none after the last page). */
    public void writeListPage(@ExchangeProperty("run") SyncRun run, PageVersions versions,
                              @ExchangeProperty("associations") PageAssociations associations,
                              @ExchangeProperty("range") BackfillRanges.Range range) throws SQLException {
        HubSpotPage page = versions.getPage().validated();
        String next = page.nextAfter();
        Checkpoint after = checkpoints.afterListPage(run, next);
        long lastId = page.lastId(range == null ? 0 : range.getLastId());
        write(run, versions, associations, c -> checkpoints.renew(c, run), c -> {
            checkpoints.save(c, run, after);
            if (range != null) {
                BackfillRangeStore.read(c, run, range, lastId, next == null);
            }
        });
        run.moveTo(after);
        if (range != null) {
            run.getRanges().written(range, lastId, page.results.size(), next == null);
        }
    }

    /**
     * A page of a backfill's search range (docs/behavior.md rule 11): its new versions plus the range's
     * highest id read, and whether the range is read (the page names no next), in one transaction.
     */
    public void writeRangePage(@ExchangeProperty("run") SyncRun run, PageVersions versions,
                               @ExchangeProperty("associations") PageAssociations associations,
                               @ExchangeProperty("range") BackfillRanges.Range range) throws SQLException {
        java.util.Objects.requireNonNull(range, "exchange property range: the backfill range the page belongs to");
        HubSpotPage page = versions.getPage().validated();
        boolean ended = page.nextAfter() == null;
        long lastId = page.lastId(range.getLastId());
        write(run, versions, associations, c -> checkpoints.renew(c, run),
                c -> BackfillRangeStore.read(c, run, range, lastId, ended));
        run.getRanges().written(range, lastId, page.results.size(), ended);
    }

    /** A search page's new versions plus the highest id read, the key the next page of the window starts after. */
    public void writeSearchPage(@ExchangeProperty("run") SyncRun run, PageVersions versions,
                                @ExchangeProperty("associations") PageAssociations associations) throws SQLException {
        HubSpotPage page = versions.getPage().validated();
        Checkpoint after = run.getCheckpoint().windowReadTo(page.lastId(run.getWindowLastId()));
        write(run, versions, associations, c -> checkpoints.renew(c, run), c -> checkpoints.save(c, run, after));
        if (page.total != null && run.getExpectedTotal() == null) {
            run.setExpectedTotal(page.total);
        }
        run.moveTo(after);
    }

    /**
     * Records read outside a sync run's checkpoint ({@code hubsync verify --repair}): the same idempotent
     * upsert, in one transaction, but no lease and no checkpoint, so it never disturbs a running sync.
     */
    public void writeRecords(@ExchangeProperty("run") SyncRun run, HubSpotPage page) throws SQLException {
        page.validated();
        write(run, PageVersions.all(page), null, c -> { }, c -> { });
    }

    /**
     * Records read by id outside a sync run's checkpoint (webhook events, the archived sweep): upserted
     * as a page is; those among {@code restore} that HubSpot returned (so live) lose their ARCHIVED
     * tombstone. Returns how many were restored.
     */
    public int writeFetched(@ExchangeProperty("run") SyncRun run, HubSpotPage page,
                            @ExchangeProperty("restore") java.util.Collection<Long> restore) throws SQLException {
        page.validated();
        List<Long> live = new ArrayList<>();
        for (HubSpotObject o : page.results) {
            if (restore != null && restore.contains(o.idAsLong())) {
                live.add(o.idAsLong());
            }
        }
        int[] restored = new int[1];
        // the tombstone first, then the upsert as for any page (which skips a version not newer)
        write(run, PageVersions.all(page), null,
                c -> restored[0] = tombstones.restore(c, run.getConnectionId(), run.getObjectType(), live), c -> { });
        return restored[0];
    }

    /**
     * Associations read outside a page (webhook events): replaced in one transaction under the pair's
     * lock, for the ids stored live only (a record not stored yet gets its associations with its page).
     * Returns what changed (verify --repair counts it).
     */
    public AssociationRows.Changes writeAssociations(@ExchangeProperty("run") SyncRun run,
                                  @ExchangeProperty("associations") PageAssociations associations) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                PairLock.lock(c, run.getConnectionId(), run.getObjectType());
                java.util.Set<Long> live = AssociationRows.liveIds(c, run.getConnectionId(), run.getObjectType(),
                        associations.getReads().isEmpty() ? List.of()
                                : associations.getReads().get(0).getLinks().keySet());
                for (AssociationRead read : associations.getReads()) {
                    read.retain(live);
                }
                AssociationRows.Changes links = replaceAssociations(c, run, associations, null);
                c.commit();
                run.countAssociations(links.added(), links.changed(), links.removed());
                return links;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private Timestamp now() {
        return Timestamp.from(checkpoints.clock().instant());
    }

    @FunctionalInterface
    private interface CheckpointUpdate {
        void apply(Connection c) throws SQLException;
    }

    /**
     * @param associations the associations of every record on the page (null: none read), stored after
     *                     the records and their merges, in the same transaction (docs/associations.md)
     * @param first runs in the transaction before the records are written, {@code checkpoint} after them
     */
    private void write(SyncRun run, PageVersions page, PageAssociations associations, CheckpointUpdate first,
                       CheckpointUpdate checkpoint) throws SQLException {
        List<HubSpotObject> records = page.getKept();
        List<Long> ids = new ArrayList<>(records.size());
        for (HubSpotObject o : records) {
            ids.add(o.idAsLong());
        }
        Timestamp synced = now();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            boolean pg = kind.isPostgres(c);
            try {
                PairLock.lock(c, run.getConnectionId(), run.getObjectType());
                first.apply(c);
                // the last guard: a version stored since the idempotent consumer looked is skipped too
                Map<Long, Long> stored = versions.storedVersions(c, run.getConnectionId(), run.getObjectType(), ids);
                long unchanged = page.skipped();
                List<HubSpotObject> fresh = new ArrayList<>();
                List<HubSpotObject> newer = new ArrayList<>();
                for (HubSpotObject o : records) {
                    Long have = stored.get(o.idAsLong());
                    if (have == null) {
                        fresh.add(o);
                    } else if (have < o.updated().toEpochMilli()) {
                        newer.add(o);
                    } else {
                        unchanged++;
                    }
                }
                long added = fresh.size();
                long updated = newer.size();
                // only the versions this page writes tell of merges: an older copy must not re-point a
                // merged id at a survivor that has since been merged itself
                List<HubSpotObject> written = new ArrayList<>(fresh);
                written.addAll(newer);
                if (!fresh.isEmpty()) {
                    java.sql.Savepoint before = c.setSavepoint();
                    try {
                        writeRows(c, pg, false, run, fresh, synced);
                    } catch (SQLException e) {
                        if (!DUPLICATE_KEY.equals(sqlState(e))) {
                            throw e;
                        }
                        // another writer stored some of them since the lookup: the upsert keeps the newest
                        c.rollback(before);
                        newer.addAll(fresh);
                    }
                }
                if (!newer.isEmpty()) {
                    writeRows(c, pg, true, run, newer, synced);
                }
                int merged = tombstones.mergesOnPage(c, run.getConnectionId(), run.getObjectType(), written);
                AssociationRows.Changes links = replaceAssociations(c, run, associations, page.getRecords());
                checkpoint.apply(c);
                c.commit();
                if (pg) {
                    // after the commit: the page is stored whatever becomes of this
                    statistics.refreshIfStale(c);
                }
                run.countPage(added, updated, unchanged);
                run.countDeleted(merged);
                run.countAssociations(links.added(), links.changed(), links.removed());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Every read pair of the page: its records' associations as HubSpot answered them. The page's
     * associations are read with it, ahead (io.hubsync.sync.PagePrefetch): reads of other ids than the
     * page's are refused, so no page's associations can be written in another page's transaction.
     */
    private AssociationRows.Changes replaceAssociations(Connection c, SyncRun run, PageAssociations associations,
                                                        List<HubSpotObject> pageRecords) throws SQLException {
        // pageRecords null: associations read outside a page (webhook events), of the ids stored live
        AssociationRows.Changes all = new AssociationRows.Changes(0, 0, 0);
        if (associations == null) {
            return all;
        }
        if (associations.isPending()) {
            throw new IllegalStateException("the page's associations are not all read: " + associations.getCurrent());
        }
        for (AssociationRead read : associations.getReads()) {
            if (!read.getFromType().equals(run.getObjectType())) {
                throw new IllegalStateException("associations of " + read + " on a page of " + run.getObjectType());
            }
            if (pageRecords != null && !sameIds(read.getLinks().keySet(), pageRecords)) {
                throw new IllegalStateException("associations of " + read + " are not those of the page being written");
            }
            all = all.plus(associationRows.replace(c, run.getConnectionId(), read));
        }
        return all;
    }

    private static boolean sameIds(java.util.Set<Long> read, List<HubSpotObject> records) {
        java.util.Set<Long> page = new java.util.HashSet<>();
        for (HubSpotObject o : records) {
            page.add(o.idAsLong());
        }
        return page.equals(read);
    }


    /**
     * H2's upsert of newer versions, {@link #MERGE}; its parameters: connection id, object type, id,
     * properties JSON, created, last modified, synced at (RecordUpsertTest runs it).
     */
    static String mergeSql() {
        return MERGE;
    }

    /**
     * The page's new records ({@code upsert} false: a plain INSERT) or its newer versions (the idempotent
     * upsert): on PostgreSQL one statement for them all, on H2 a batch of a row per statement.
     */
    private void writeRows(Connection c, boolean pg, boolean upsert, SyncRun run, List<HubSpotObject> records,
                           Timestamp synced) throws SQLException {
        if (!pg) {
            batch(c, upsert ? MERGE : INSERT, run, records, synced);
        } else if (upsert) {
            PostgresRecordRows.upsert(c, run.getConnectionId(), run.getObjectType(), records, jsonOf(records), synced);
        } else {
            PostgresRecordRows.insert(c, run.getConnectionId(), run.getObjectType(), records, jsonOf(records), synced);
        }
    }

    private List<String> jsonOf(List<HubSpotObject> records) {
        List<String> out = new ArrayList<>(records.size());
        for (HubSpotObject o : records) {
            out.add(json(o.properties));
        }
        return out;
    }

    private void batch(Connection c, String sql, SyncRun run, List<HubSpotObject> records, Timestamp synced)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (HubSpotObject o : records) {
                Instant created = o.created();
                ps.setString(1, run.getConnectionId());
                ps.setString(2, run.getObjectType());
                ps.setLong(3, o.idAsLong());
                ps.setString(4, json(o.properties));
                ps.setTimestamp(5, created == null ? null : Timestamp.from(created));
                ps.setTimestamp(6, Timestamp.from(o.updated()));
                ps.setTimestamp(7, synced);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static String sqlState(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getSQLState() != null) {
                return x.getSQLState();
            }
        }
        return null;
    }

    private String json(Map<String, String> properties) {
        try {
            // sorted, so equal records give equal text
            return json.writeValueAsString(new TreeMap<>(properties));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
