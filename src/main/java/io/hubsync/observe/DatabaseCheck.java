package io.hubsync.observe;

import io.hubsync.store.Database;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Readiness: the database answers within {@link #TIMEOUT}, and its schema is at the newest migration this
 * hubsync ships (an older backup restored under a running node is not). Its messages name what to fix and
 * never the URL, a user or an error's text, which may carry either: the probe is unauthenticated.
 */
public final class DatabaseCheck extends AbstractHealthCheck {
    /** Probes (Kubernetes: 1 s by default) want an answer even when the pool waits 30 s for a connection. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final MigrationVersion expected;
    /** One probe at a time: one that hangs on a dead database holds this thread, not one per probe. */
    private final ExecutorService prober = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hubsync-health-database");
        t.setDaemon(true);
        return t;
    });
    private Future<String> pending;

    /** @param url {@code db.url}, for the migrations of its vendor */
    public DatabaseCheck(DataSource dataSource, String url) {
        super("hubsync", "database");
        this.dataSource = dataSource;
        MigrationInfo[] all = Flyway.configure().dataSource(dataSource).locations(Database.migrations(url)).load()
                .info().all();
        this.expected = all.length == 0 ? MigrationVersion.EMPTY : all[all.length - 1].getVersion();
    }

    /** With the context (routes/observe.camel.yaml's destroyMethod): the probe's thread goes. */
    public void close() {
        prober.shutdownNow();
    }

    @Override
    public boolean isLiveness() {
        // a database away is no reason to restart hubsync: it waits, and carries on when it is back
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        String problem;
        try {
            problem = probe().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            problem = "the database did not answer within " + TIMEOUT.toSeconds() + " s (db.url)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        } catch (Exception e) {
            problem = "the database cannot be reached (db.url, db.user, db.password): "
                    + (e.getCause() == null ? e : e.getCause()).getClass().getSimpleName();
        }
        if (problem == null) {
            builder.message("schema version " + expected).up();
        } else {
            builder.message(problem).down();
        }
    }

    private synchronized Future<String> probe() {
        if (pending == null || pending.isDone()) {
            pending = prober.submit(this::schemaProblem);
        }
        return pending;
    }

    /** Null when the schema is current; else what is wrong. */
    private String schemaProblem() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout((int) TIMEOUT.toSeconds());
            MigrationVersion newest = MigrationVersion.EMPTY;
            try (ResultSet rs = st.executeQuery("SELECT \"version\" FROM \"flyway_schema_history\" "
                    + "WHERE \"success\" = TRUE AND \"version\" IS NOT NULL")) {
                while (rs.next()) {
                    MigrationVersion v = MigrationVersion.fromVersion(rs.getString(1));
                    newest = v.compareTo(newest) > 0 ? v : newest;
                }
            }
            if (newest.compareTo(expected) < 0) {
                return "the database's schema is at version " + newest + ", this hubsync needs " + expected
                        + ": restart hubsync, which migrates it at start-up";
            }
            return null;
        }
    }
}
