package io.hubsync.verify;

import io.hubsync.core.AssociationRead;
import io.hubsync.core.PageAssociations;
import io.hubsync.hubspot.AssociationPairs;
import io.hubsync.store.AssociationRows;
import org.apache.camel.ExchangeProperty;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * verify's association check (docs/operations.md "Checking for drift"), one list page at a time: the
 * associations of the page's stored live records, for each pair of sync.associations.<type>, read from
 * HubSpot as the sync reads them (routes/associations.camel.yaml's association-reads), compared with the
 * stored live rows of those ids without writing (AssociationRows.diff). The repair is the sync's own
 * write (RecordWriter.writeAssociations): new change_seq values, so readers of the table see the fix.
 */
public final class AssociationDriftCheck {
    private final DataSource ds;
    private final AssociationPairs pairs;
    private final AssociationRows rows = new AssociationRows(Clock.systemUTC());

    public AssociationDriftCheck(DataSource ds, AssociationPairs pairs) {
        this.ds = ds;
        this.pairs = pairs;
    }

    /**
     * The reads of the page's ids stored live (a record missing from the table has its drift reported,
     * and with --repair is written before this runs), one per pair; none without pairs.
     */
    public PageAssociations reads(@ExchangeProperty("drift") Drift drift, @ExchangeProperty("run") io.hubsync.core.SyncRun run)
            throws SQLException {
        List<String> toTypes = pairs.toTypes(drift.getObjectType());
        if (toTypes.isEmpty() || drift.pageIds.isEmpty()) {
            return PageAssociations.none();
        }
        toTypes.forEach(drift::pair);
        List<Long> live;
        try (Connection c = ds.getConnection()) {
            live = new ArrayList<>(AssociationRows.liveIds(c, drift.getConnectionId(), drift.getObjectType(),
                    drift.pageIds));
        }
        live.sort(null);
        // the pairs as the sync reads them: a custom to-type asked for by its id, stored under its name
        return pairs.forIds(run, live);
    }

    /** HubSpot's answer against the stored rows, each pair counted apart. */
    public void compare(@ExchangeProperty("drift") Drift drift,
                        @ExchangeProperty("associations") PageAssociations associations) throws SQLException {
        if (associations.isPending()) {
            throw new IllegalStateException("the page's associations are not all read: " + associations.getCurrent());
        }
        try (Connection c = ds.getConnection()) {
            for (AssociationRead read : associations.getReads()) {
                AssociationRows.Changes d = rows.diff(c, drift.getConnectionId(), read);
                drift.foundAssociations(read.getToType(), d.added(), d.removed(), d.changed());
            }
        }
    }

    /** After the repair's write: how many rows it changed (one changed by the sync meanwhile is not counted). */
    public void repaired(@ExchangeProperty("drift") Drift drift,
                         @ExchangeProperty("associationsWritten") AssociationRows.Changes written) {
        drift.repairedAssociations(written == null ? 0 : written.total());
    }
}
