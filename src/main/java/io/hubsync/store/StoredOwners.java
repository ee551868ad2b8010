package io.hubsync.store;

import io.hubsync.core.HubSpotOwner;
import io.hubsync.core.HubSpotOwnersPage;
import io.hubsync.core.OwnersRead;
import io.hubsync.core.SyncRun;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The owners read's database side (routes/owners.camel.yaml, docs/owners.md): its lease (one read of a
 * connection's owners at a time, across nodes too), its row in sync_runs (object type {@code owners},
 * phase OWNERS), and the one transaction that writes what both lists said: owners that changed get a
 * new change_seq, unchanged ones keep theirs, archived ones become ARCHIVED tombstones and owners in
 * neither list GONE ones.
 */
public final class StoredOwners {
    private static final Logger LOG = LoggerFactory.getLogger(StoredOwners.class);
    /** Why an owner is a tombstone: HubSpot lists it with archived=true, or in neither list. */
    public static final String ARCHIVED = "ARCHIVED";
    public static final String GONE = "GONE";
    public static final String SCOPE = "crm.objects.owners.read";

    private static final String COLUMNS = "email, first_name, last_name, type, user_id, user_id_including_inactive, "
            + "teams, created_at, updated_at, archived, deleted, deleted_at";
    private static final String INSERT = "INSERT INTO owners (" + COLUMNS + ", synced_at, connection_id, id, "
            + "change_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, nextval('record_change_seq'))";
    private static final String UPDATE = "UPDATE owners SET email = ?, first_name = ?, last_name = ?, type = ?, "
            + "user_id = ?, user_id_including_inactive = ?, teams = ?, created_at = ?, updated_at = ?, archived = ?, "
            + "deleted = ?, deleted_at = ?, synced_at = ?, change_seq = nextval('record_change_seq') "
            + "WHERE connection_id = ? AND id = ?";

    private final DataSource ds;
    private final CheckpointStore checkpoints;
    private final Leases leases;
    private final Clock clock;
    /** connections whose missing scope was logged at WARN since their last successful read */
    private final Set<String> warnedScope = ConcurrentHashMap.newKeySet();

    public StoredOwners(DataSource ds, CheckpointStore checkpoints) {
        this.ds = ds;
        this.checkpoints = checkpoints;
        this.leases = checkpoints.leases();
        this.clock = checkpoints.clock();
    }

    /** An owner's row as compared: a change of any of these is a new version (and a new change_seq). */
    record Version(String email, String firstName, String lastName, String type, Long userId, Long userIdIncludingInactive,
                   String teams, Instant createdAt, Instant updatedAt, boolean archived, String deleted) {

        static Version of(HubSpotOwner o, String deleted) {
            return new Version(o.email, o.firstName, o.lastName, o.type, o.userId, o.userIdIncludingInactive,
                    o.teamsJson(), o.created(), o.updated(), o.archived, deleted);
        }

        Version gone() {
            return new Version(email, firstName, lastName, type, userId, userIdIncludingInactive, teams, createdAt,
                    updatedAt, archived, GONE);
        }
    }

    private record Stored(Version version, Timestamp deletedAt) { }

    /**
     * Claims the connection (its node claim) and the read's lease, and opens its run row; a read not
     * claimed (another read of the connection's owners runs, or another node works for it) must not proceed.
     */
    public OwnersRead begin(String connectionId) throws SQLException {
        SyncRun probe = new SyncRun(connectionId, OwnersRead.OBJECT_TYPE, null, clock.instant());
        try (Connection c = ds.getConnection()) {
            checkpoints.loadConnection(c, probe);
        }
        String node = WorkLease.enterNode(ds, leases, connectionId);
        if (node != null) {
            OwnersRead skipped = new OwnersRead(probe);
            skipped.setHeldBy(node);
            LOG.debug("{}: {}; this tick skips it", skipped, skipped.getHeldBy());
            return skipped;
        }
        // the read starts when it holds its leases (sync_runs.started_at)
        SyncRun run = new SyncRun(connectionId, OwnersRead.OBJECT_TYPE, null,
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
        run.setConnection(probe.getPortalId(), probe.getAuthType(), probe.getRateLimit(), null);
        run.setStartPhase(OwnersRead.PHASE);
        OwnersRead read = new OwnersRead(run);
        if (!WorkLease.claim(ds, leases, read, OwnersRead.OBJECT_TYPE, "another owners read",
                "phase = '" + OwnersRead.PHASE + "'")) {
            LOG.debug("{}: held by {}; this tick skips it", read, read.getHeldBy());
        }
        return read;
    }

    /** One page of the list being read: checked (a malformed one fails the read before anything is written), kept. */
    public HubSpotOwnersPage listed(@ExchangeProperty("ownersRead") OwnersRead read, HubSpotOwnersPage page) {
        read.listed(page.validated());
        read.getRun().countPage(0, 0, 0);
        return page;
    }

    /**
     * Both lists read: everything in one transaction. New and changed owners written with a new
     * change_seq, unchanged ones left as they are, archived ones ARCHIVED tombstones, stored owners
     * in neither list GONE tombstones. The transaction first renews the read's lease by its token,
     * which fences a read that lost it and keeps a second writer of the connection's owners waiting
     * until this one commits (so change_seq values become visible in order, as PairLock does for records).
     */
    public void write(@ExchangeProperty("ownersRead") OwnersRead read) throws SQLException {
        SyncRun run = read.getRun();
        String connectionId = run.getConnectionId();
        Map<String, Version> listed = listedVersions(read);
        Timestamp now = Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        long added = 0;
        long updated = 0;
        long unchanged = 0;
        long tombstoned = 0;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                WorkLease.renew(c, leases, read, OwnersRead.OBJECT_TYPE);
                Map<String, Stored> stored = load(c, connectionId);
                try (PreparedStatement insert = c.prepareStatement(INSERT);
                     PreparedStatement update = c.prepareStatement(UPDATE)) {
                    for (Map.Entry<String, Version> e : listed.entrySet()) {
                        Stored old = stored.get(e.getKey());
                        Version v = e.getValue();
                        if (old == null) {
                            bind(insert, v, v.deleted() == null ? null : now, now, connectionId, e.getKey());
                            insert.addBatch();
                            if (v.deleted() == null) {
                                added++;
                            } else {
                                tombstoned++;
                            }
                        } else if (old.version().equals(v)) {
                            unchanged++;
                        } else {
                            bind(update, v, deletedAt(old, v, now), now, connectionId, e.getKey());
                            update.addBatch();
                            if (v.deleted() != null && old.version().deleted() == null) {
                                tombstoned++;
                            } else {
                                updated++;
                            }
                        }
                    }
                    for (Map.Entry<String, Stored> e : stored.entrySet()) {
                        Version old = e.getValue().version();
                        if (!listed.containsKey(e.getKey()) && !GONE.equals(old.deleted())) {
                            Version v = old.gone();
                            bind(update, v, deletedAt(e.getValue(), v, now), now, connectionId, e.getKey());
                            update.addBatch();
                            tombstoned++;
                        }
                    }
                    insert.executeBatch();
                    update.executeBatch();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        run.countPage(added, updated, unchanged);
        run.countDeleted(tombstoned);
        warnedScope.remove(connectionId);
    }

    /** The owners of both lists by id, each with its tombstone reason; listed in both (it changed between the reads): the later version. */
    private static Map<String, Version> listedVersions(OwnersRead read) {
        Map<String, Version> out = new LinkedHashMap<>();
        read.getLive().forEach((id, o) -> out.put(id, Version.of(o, null)));
        read.getArchived().forEach((id, o) -> {
            Version live = out.get(id);
            if (live == null || !o.updated().isBefore(live.updatedAt())) {
                out.put(id, Version.of(o, ARCHIVED));
            }
        });
        return out;
    }

    /** When hubsync saw the owner gone: kept while the reason stays, now when it changes, none once live. */
    private static Timestamp deletedAt(Stored old, Version v, Timestamp now) {
        if (v.deleted() == null) {
            return null;
        }
        return v.deleted().equals(old.version().deleted()) ? old.deletedAt() : now;
    }

    private static void bind(PreparedStatement ps, Version v, Timestamp deletedAt, Timestamp now, String connectionId,
                             String id) throws SQLException {
        ps.setString(1, v.email());
        ps.setString(2, v.firstName());
        ps.setString(3, v.lastName());
        ps.setString(4, v.type());
        ps.setObject(5, v.userId(), Types.BIGINT);
        ps.setObject(6, v.userIdIncludingInactive(), Types.BIGINT);
        ps.setString(7, v.teams());
        ps.setTimestamp(8, Timestamp.from(v.createdAt()));
        ps.setTimestamp(9, Timestamp.from(v.updatedAt()));
        ps.setBoolean(10, v.archived());
        ps.setString(11, v.deleted());
        ps.setTimestamp(12, deletedAt);
        ps.setTimestamp(13, now);
        ps.setString(14, connectionId);
        ps.setString(15, id);
    }

    private static Map<String, Stored> load(Connection c, String connectionId) throws SQLException {
        Map<String, Stored> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, " + COLUMNS + " FROM owners WHERE connection_id = ?")) {
            ps.setString(1, connectionId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Version v = new Version(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            longOrNull(rs, 6), longOrNull(rs, 7), rs.getString(8), rs.getTimestamp(9).toInstant(),
                            rs.getTimestamp(10).toInstant(), rs.getBoolean(11), rs.getString(12));
                    out.put(rs.getString(1), new Stored(v, rs.getTimestamp(13)));
                }
            }
        }
        return out;
    }

    private static Long longOrNull(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /**
     * HubSpot answered 403 MISSING_SCOPES: the token may not read owners. Not a failure (the records
     * sync goes on as before); one WARN per connection, until a read of it succeeds again.
     */
    public void missingScope(@ExchangeProperty("ownersRead") OwnersRead read) {
        read.setMissingScope(true);
        read.getRun().setSucceeded(true);
        String id = read.getRun().getConnectionId();
        if (warnedScope.add(id)) {
            LOG.warn("{}: not read: the connection's token lacks the scope {} (HubSpot answered 403 MISSING_SCOPES). "
                    + "Grant it to the private app, or add it to hubspot.oauth.scopes and install again; or set "
                    + "sync.owners = false (docs/owners.md)", read, SCOPE);
        } else {
            LOG.debug("{}: not read: still no scope {}", read, SCOPE);
        }
    }

    /** Records the read's outcome in its run row and releases the lease (a crash leaves it to expire). */
    public void finish(@ExchangeProperty("ownersRead") OwnersRead read) throws SQLException {
        SyncRun run = read.getRun();
        run.setFinishedAt(clock.instant());
        if (!read.isClaimed()) {
            return;
        }
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            String listed = read.isMissingScope() ? "missing scope " + SCOPE
                    : "live=" + read.getLive().size() + " archived=" + read.getArchived().size();
            CheckpointStore.update(c, "UPDATE sync_runs SET finished_at = ?, success = ?, added = ?, updated = ?, "
                    + "unchanged = ?, deleted = ?, requests = ?, throttled = ?, checkpoint_to = ?, error = ? "
                    + "WHERE id = ? AND abandoned = FALSE", Timestamp.from(clock.instant()), run.isSucceeded(),
                    run.getAdded(), run.getUpdated(), run.getUnchanged(), run.getDeleted(), run.getRequests(),
                    run.getThrottled(), listed, run.getError() == null ? null
                            : CheckpointStore.truncate(run.getError(), 2000), read.getRunId());
            WorkLease.free(c, read, OwnersRead.OBJECT_TYPE);
            c.commit();
        } finally {
            WorkLease.leave(leases, read, OwnersRead.OBJECT_TYPE);
        }
        if (!run.isSucceeded()) {
            LOG.warn("{} failed, nothing written; the next read tries again: {}", read, run.getError());
        } else if (!read.isMissingScope()) {
            LOG.info("{}: {} live and {} archived at HubSpot; {} added, {} updated, {} tombstoned, {} unchanged; "
                    + "{} requests", read, read.getLive().size(), read.getArchived().size(), run.getAdded(),
                    run.getUpdated(), run.getDeleted(), run.getUnchanged(), run.getRequests());
        }
    }
}
