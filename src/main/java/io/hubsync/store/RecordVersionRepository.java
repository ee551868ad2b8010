package io.hubsync.store;

import io.hubsync.core.HubSpotObject;
import io.hubsync.core.HubSpotPage;
import io.hubsync.core.SyncRun;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Camel's idempotent-repository contract over the records table itself (docs/behavior.md rule 5): a key is
 * one version of one record, {@code connection/objectType/id/lastModifiedMillis}, and it counts as
 * seen when the stored version is as new or newer. Nothing is ever added to a side table: the
 * record write is what makes a version seen.
 *
 * <p>A MERGED or GDPR tombstone counts as every version seen: HubSpot never brings such an id back,
 * so no write, however new its version, gives it properties again (see {@link Tombstones}).
 *
 * <p>The paging routes' idempotentConsumer (routes/sync.camel.yaml, {@code new-versions}) asks record
 * by record, but of a page's versions read in one query ({@link #ofPage}): a query per record cost
 * the backfill 16–30% more CPU (docs/performance.md). Without a page on the exchange, a key is looked
 * up in the table.
 */
public final class RecordVersionRepository extends ServiceSupport implements IdempotentRepository {
    /** The exchange property holding the {@link PageVersions} of the page being split. */
    public static final String PAGE_VERSIONS = "pageVersions";

    /**
     * PostgreSQL's lookup of a page's ids: one array parameter, so a statement of the same text for every
     * page (pgjdbc prepares it once per connection); on an analyzed table each id is a probe of the
     * primary key (RecordStatistics keeps it analyzed; RecordStatisticsTest checks the plan).
     */
    static final String POSTGRES_LOOKUP = "SELECT id, last_modified, deleted FROM records "
            + "WHERE connection_id = ? AND object_type = ? AND id = ANY (?)";

    private final DataSource ds;
    private final DatabaseKind kind = new DatabaseKind();

    public RecordVersionRepository(DataSource ds) {
        this.ds = ds;
    }

    public static String key(String connectionId, String objectType, long id, long lastModifiedMillis) {
        return connectionId + "/" + objectType + "/" + id + "/" + lastModifiedMillis;
    }

    /** The key of this version of this record of the run's connection and type. */
    public String keyOf(@ExchangeProperty("run") SyncRun run, HubSpotObject record) {
        return key(run.getConnectionId(), run.getObjectType(), record.idAsLong(), record.updated().toEpochMilli());
    }

    /**
     * A page and the stored versions of its ids, read in one query, for the idempotent consumer to
     * answer from record by record ({@link #add(Exchange, String)}). Fails the run (checkpoint intact)
     * on a malformed page.
     */
    public PageVersions ofPage(@ExchangeProperty("run") SyncRun run, HubSpotPage page) throws SQLException {
        page.validated();
        List<Long> ids = new ArrayList<>(page.results.size());
        for (HubSpotObject o : page.results) {
            ids.add(o.idAsLong());
        }
        try (Connection c = ds.getConnection()) {
            return new PageVersions(page, storedVersions(c, run.getConnectionId(), run.getObjectType(), ids));
        }
    }

    /** A record passed the idempotent consumer: the write stores it. */
    public void keep(@ExchangeProperty(PAGE_VERSIONS) PageVersions page, HubSpotObject record) {
        page.keep(record);
    }

    /** The stored last-modified time (epoch ms) of each of these ids that is stored. */
    public Map<Long, Long> storedVersions(Connection c, String connectionId, String objectType, Collection<Long> ids)
            throws SQLException {
        Map<Long, Long> out = new HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        if (kind.isPostgres(c)) {
            try (PreparedStatement ps = c.prepareStatement(POSTGRES_LOOKUP)) {
                ps.setString(1, connectionId);
                ps.setString(2, objectType);
                ps.setArray(3, c.createArrayOf("bigint", ids.toArray(new Long[0])));
                read(ps, out);
            }
            return out;
        }
        // a join with the ids as a VALUES table: H2 then looks each id up in the primary key, where
        // "id IN (…)" after two equalities makes it scan every record of the connection and type
        StringBuilder sql = new StringBuilder("SELECT r.id, r.last_modified, r.deleted FROM (VALUES ");
        for (int i = 0; i < ids.size(); i++) {
            sql.append(i == 0 ? "(CAST(? AS BIGINT))" : ",(?)");
        }
        sql.append(") AS v(id) JOIN records r ON r.connection_id = ? AND r.object_type = ? AND r.id = v.id");
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (Long id : ids) {
                ps.setLong(i++, id);
            }
            ps.setString(i++, connectionId);
            ps.setString(i, objectType);
            read(ps, out);
        }
        return out;
    }

    private static void read(PreparedStatement ps, Map<Long, Long> out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getLong(1), version(rs.getTimestamp(2), rs.getString(3)));
            }
        }
    }

    /** The stored version in epoch ms; a final tombstone (MERGED, GDPR) is newer than any. */
    private static long version(Timestamp lastModified, String deleted) {
        return Tombstones.MERGED.equals(deleted) || Tombstones.GDPR.equals(deleted) ? Long.MAX_VALUE
                : lastModified.getTime();
    }

    @Override
    public boolean contains(String key) {
        String[] k = split(key);
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT last_modified, deleted FROM records WHERE connection_id = ? "
                     + "AND object_type = ? AND id = ?")) {
            ps.setString(1, k[0]);
            ps.setString(2, k[1]);
            ps.setLong(3, Long.parseLong(k[2]));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                return version(rs.getTimestamp(1), rs.getString(2)) >= Long.parseLong(k[3]);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read record versions: " + e.getMessage(), e);
        }
    }

    /** True when this version is newer than what is stored (the caller then writes it). */
    @Override
    public boolean add(String key) {
        return !contains(key);
    }

    /**
     * The idempotent consumer's question for one record of a page: answered from the versions read
     * with the page when the exchange carries them ({@link #PAGE_VERSIONS}), else from the table.
     */
    @Override
    public boolean add(Exchange exchange, String key) {
        PageVersions page = exchange.getProperty(PAGE_VERSIONS, PageVersions.class);
        if (page == null) {
            return add(key);
        }
        String[] k = split(key);
        return page.isNew(Long.parseLong(k[2]), Long.parseLong(k[3]));
    }

    @Override
    public boolean contains(Exchange exchange, String key) {
        return !add(exchange, key);
    }

    /** Versions are never "un-seen": a failed write simply leaves the older version stored. */
    @Override
    public boolean remove(String key) {
        return false;
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("The records table is the repository; it is never cleared here");
    }

    private static String[] split(String key) {
        String[] k = key.split("/");
        if (k.length != 4) {
            throw new IllegalArgumentException("Record version key must be connection/objectType/id/lastModifiedMillis,"
                    + " got " + key);
        }
        return k;
    }

    @Override
    protected void doStart() {
    }

    @Override
    protected void doStop() {
    }
}
