package io.hubsync.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The leases this node holds, and the node's claim on each connection it works for (docs/operations.md,
 * "Running several nodes"). Several nodes share one database; the database's rows and transactions
 * are the only coordination.
 *
 * <ul>
 * <li>A lease is short ({@code sync.claim-lease}, a minute by default) and renewed by a heartbeat
 *     (routes/leases.camel.yaml) every quarter of it, for as long as the work that holds it is
 *     under way on this node. A node that dies stops renewing: within one lease another
 *     node takes its work over, and the dead node's unfinished run rows are closed as abandoned.</li>
 * <li>Work that spends a connection's HubSpot budget (its syncs of every object type, its archived
 *     sweeps, its webhook events) runs on one node at a time: the node first claims the connection
 *     (a {@code work_leases} row named {@code node}) and keeps it while any such work is under way
 *     there, so the connection's budget is spent by one pacer, never by two nodes that each think
 *     they have all of it.</li>
 * </ul>
 *
 * <p>Hand-written rather than a lock library (ShedLock and the like): the lease's token also fences
 * the checkpoint, whose every update names it in the same transaction as the page it covers, so a
 * run that lost its lease can never move the checkpoint of the run that took over.
 */
public final class Leases {
    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);
    /** The work_leases row by which a node claims a connection. */
    static final String NODE = "node";

    /** Which table a held lease lives in, and how it is renewed: (until, keys…, token). */
    public enum Kind {
        /** sync_state, keyed by (connection_id, object_type): a sync run's lease */
        PAIR("UPDATE sync_state SET claimed_until = ? WHERE connection_id = ? AND object_type = ? AND claimed_by = ?"),
        /** work_leases, keyed by (connection_id, name): a sweep's lease, a node's claim on a connection */
        WORK("UPDATE work_leases SET claimed_until = ? WHERE connection_id = ? AND name = ? AND claimed_by = ?"),
        /** webhook_inbox rows claimed together under one token: a batch of events being applied */
        INBOX("UPDATE webhook_inbox SET claimed_until = ? WHERE claimed_by = ?");

        final String renew;

        Kind(String renew) {
            this.renew = renew;
        }
    }

    private record Held(Kind kind, String connectionId, String name, String token) { }

    private final DataSource ds;
    private final Duration lease;
    private final Clock clock;
    private final String node;
    /** held here → when it was last taken or renewed (System.nanoTime) */
    private final Map<Held, Long> held = new ConcurrentHashMap<>();
    /** connection → how much work of it is under way here (its node claim is held while above zero) */
    private final Map<String, Integer> working = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    /**
     * @param claimLease {@code sync.claim-lease}: how long a lease lasts without renewal (an Object: Camel's
     *                   bean binding makes a number of plain digits, milliseconds, before it picks a constructor)
     */
    public Leases(DataSource ds, Object claimLease) {
        this(ds, io.hubsync.core.Durations.parse("sync.claim-lease", String.valueOf(claimLease)), Clock.systemUTC());
    }

    Leases(DataSource ds, Duration lease, Clock clock) {
        if (lease.toMillis() < 2000) {
            throw new IllegalArgumentException("sync.claim-lease must be at least 2s (it is renewed every quarter "
                    + "of it), got " + lease.toMillis() + " ms");
        }
        this.ds = ds;
        this.lease = lease;
        this.clock = clock;
        String process = ManagementFactory.getRuntimeMXBean().getName();
        // claimed_by holds 128 characters: a long host name is cut, the random part keeps it unique
        this.node = process.substring(0, Math.min(process.length(), 80)) + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This process: pid@host and a random part, as claimed_by and sync_runs.node name it. */
    public String node() { return node; }
    public Duration lease() { return lease; }
    Clock clock() { return clock; }

    /** When a lease taken or renewed now runs out. */
    public Timestamp until() {
        return Timestamp.from(clock.instant().plus(lease));
    }

    /** The heartbeat keeps this lease alive from now on, until {@link #drop}. */
    public void hold(Kind kind, String connectionId, String name, String token) {
        held.put(new Held(kind, connectionId, name, token), System.nanoTime());
    }

    /** The work is over (or lost): no more renewals. */
    public void drop(Kind kind, String connectionId, String name, String token) {
        if (token != null) {
            held.remove(new Held(kind, connectionId, name, token));
        }
    }

    /**
     * The heartbeat (called every second): renews each lease held here that was last renewed a
     * quarter of a lease ago or more. A lease found lost (its row names another holder:
     * this node was too slow to renew it and another took over) is dropped, and the work holding it
     * fails at its next checkpoint write, which names the token.
     *
     * @return how many leases were renewed
     */
    public int renewAll() throws SQLException {
        if (held.isEmpty()) {
            return 0;
        }
        int renewed = 0;
        long due = System.nanoTime() - lease.toNanos() / 4;
        try (Connection c = ds.getConnection()) {
            for (Map.Entry<Held, Long> e : held.entrySet()) {
                Held h = e.getKey();
                if (e.getValue() - due > 0) {
                    continue;
                }
                long renewing = System.nanoTime();
                try (PreparedStatement ps = c.prepareStatement(h.kind.renew)) {
                    int i = 1;
                    ps.setTimestamp(i++, until());
                    if (h.kind != Kind.INBOX) {
                        ps.setString(i++, h.connectionId);
                        ps.setString(i++, h.name);
                    }
                    ps.setString(i, h.token);
                    if (ps.executeUpdate() >= 1) {
                        held.replace(h, e.getValue(), renewing);
                        renewed++;
                    } else if (h.kind == Kind.INBOX) {
                        held.remove(h); // every event of the claim is applied (or handed on): nothing left to keep
                    } else if (held.remove(h) != null) {
                        if (h.kind == Kind.WORK && NODE.equals(h.name)) {
                            // another node works for this connection now: new work here must claim it again
                            synchronized (lock(h.connectionId)) {
                                working.remove(h.connectionId);
                            }
                        }
                        LOG.warn("{}[{}]: this node's lease was taken over by another node (renewed too late; "
                                + "sync.claim-lease = {}); its work here stops at its next write", h.name, h.connectionId,
                                lease);
                    }
                }
            }
        }
        return renewed;
    }

    /**
     * Claims the connection for work on this node, or joins the work already under way here; false
     * when another node works for it now. Every true must be followed by {@link #leave}.
     */
    public boolean enter(String connectionId) throws SQLException {
        synchronized (lock(connectionId)) {
            Integer n = working.get(connectionId);
            if (n != null) {
                working.put(connectionId, n + 1);
                return true;
            }
            try (Connection c = ds.getConnection()) {
                c.setAutoCommit(false);
                boolean mine = claimWork(c, connectionId, NODE, node);
                c.commit();
                if (!mine) {
                    return false;
                }
            }
            working.put(connectionId, 1);
            hold(Kind.WORK, connectionId, NODE, node);
            return true;
        }
    }

    /** One piece of work of the connection ended here; the last one gives the connection back. */
    public void leave(String connectionId) throws SQLException {
        synchronized (lock(connectionId)) {
            Integer n = working.get(connectionId);
            if (n == null) {
                return;
            }
            if (n > 1) {
                working.put(connectionId, n - 1);
                return;
            }
            working.remove(connectionId);
            drop(Kind.WORK, connectionId, NODE, node);
            try (Connection c = ds.getConnection()) {
                CheckpointStore.update(c, "UPDATE work_leases SET claimed_by = NULL, claimed_until = NULL "
                        + "WHERE connection_id = ? AND name = ? AND claimed_by = ?", connectionId, NODE, node);
            }
        }
    }

    private Object lock(String connectionId) {
        return locks.computeIfAbsent(connectionId, k -> new Object());
    }

    /**
     * Inside the caller's transaction: takes the {@code work_leases} row (connection, name) for
     * {@code token} when it is free, expired, or already the token's; false when someone else holds it.
     */
    boolean claimWork(Connection c, String connectionId, String name, String token) throws SQLException {
        Instant now = clock.instant();
        int n = CheckpointStore.updateCount(c, "UPDATE work_leases SET claimed_by = ?, claimed_until = ? "
                + "WHERE connection_id = ? AND name = ? AND (claimed_by IS NULL OR claimed_by = ? OR claimed_until < ?)",
                token, until(), connectionId, name, token, Timestamp.from(now));
        if (n == 1) {
            return true;
        }
        Savepoint before = c.setSavepoint();
        try {
            CheckpointStore.update(c, "INSERT INTO work_leases (connection_id, name, claimed_by, claimed_until) "
                    + "VALUES (?, ?, ?, ?)", connectionId, name, token, until());
            return true;
        } catch (SQLException e) {
            // the row exists and someone holds it (or another node inserted it first)
            c.rollback(before);
            return false;
        }
    }

    /** Who holds the {@code work_leases} row now, for a log line. */
    static String holder(Connection c, String connectionId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT claimed_by, claimed_until FROM work_leases "
                + "WHERE connection_id = ? AND name = ?")) {
            ps.setString(1, connectionId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? describe(rs.getString(1), rs.getTimestamp(2)) : "nobody";
            }
        }
    }

    /** "node until time", tolerating a lease released meanwhile (both columns NULL). */
    static String describe(String claimedBy, Timestamp claimedUntil) {
        if (claimedBy == null) {
            return "nobody (released just now)";
        }
        return claimedBy + (claimedUntil == null ? "" : " until " + claimedUntil.toInstant());
    }
}
