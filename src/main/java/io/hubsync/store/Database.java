package io.hubsync.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Opens the store: a HikariCP pool on {@code db.url}, migrated to the current schema by Flyway
 * (one set of migrations for H2 and PostgreSQL, plus a vendor folder for what differs).
 */
public final class Database {
    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /**
     * Open pools by URL and user. Camel's YAML loader builds the beans of a file twice (once while
     * pre-parsing it, once while loading it), so a second open of the same database must hand back
     * the pool the first one made instead of opening and migrating another.
     */
    private static final Map<String, Pool> OPEN = new ConcurrentHashMap<>();

    /**
     * The newest migration of db/migration (common and both vendors'); {@code DatabaseTest} fails when
     * a migration is added without raising it.
     */
    static final int NEWEST_MIGRATION = 12;

    /** Set on the thread that opens the database when Flyway may be skipped for a current schema. */
    private static final ThreadLocal<Boolean> SKIP_CURRENT = ThreadLocal.withInitial(() -> false);

    /** How long an H2 statement waits for a row lock another transaction holds. */
    static final int H2_LOCK_TIMEOUT_MILLIS = 30_000;

    private Database() { }

    /** A pool shared by every open of its database; the last close closes it. */
    private static final class Pool extends HikariDataSource {
        private final String key;
        private int users = 1;

        Pool(HikariConfig config, String key) {
            super(config);
            this.key = key;
        }

        @Override
        public void close() {
            synchronized (OPEN) {
                if (--users > 0) {
                    return;
                }
                OPEN.remove(key, this);
            }
            super.close();
        }
    }

    /** Used by routes/beans.camel.yaml; fails start-up with the name of the key to fix. */
    public static DataSource open(String url, String user, String password, int poolSize) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("db.url is empty: set it in application.properties, e.g. "
                    + "db.url=jdbc:h2:file:./data/hubsync or db.url=jdbc:postgresql://127.0.0.1:5432/hubsync");
        }
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("db.url=" + url + " is not supported: hubsync runs on H2 "
                    + "(jdbc:h2:...) and PostgreSQL (jdbc:postgresql://...)");
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("db.pool-size must be at least 1, got " + poolSize);
        }
        String key = url + "|" + user;
        synchronized (OPEN) {
            Pool open = OPEN.get(key);
            if (open != null && !open.isClosed()) {
                open.users++;
                return open;
            }
            Pool pool = create(url, user, password, poolSize, key);
            OPEN.put(key, pool);
            return pool;
        }
    }

    private static Pool create(String url, String user, String password, int poolSize, String key) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("hubsync-db");
        config.setAutoCommit(true);
        if (vendor(url).equals("h2") && !url.toUpperCase(java.util.Locale.ROOT).contains("LOCK_TIMEOUT")) {
            // H2 gives up on a row lock after 1 s; a node waiting for another's token refresh (an HTTP
            // call under the lock, docs/behavior.md rule 9) must wait longer. PostgreSQL waits by default.
            config.setConnectionInitSql("SET LOCK_TIMEOUT " + H2_LOCK_TIMEOUT_MILLIS);
        }
        Pool ds;
        try {
            ds = new Pool(config, key);
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot connect to db.url=" + url + " as db.user=" + user + ": "
                    + rootMessage(e) + ". Check db.url, db.user and db.password.", e);
        }
        if (SKIP_CURRENT.get() && isCurrent(ds)) {
            LOG.debug("Database {} is at schema version {}: no migration", redact(url), NEWEST_MIGRATION);
            return ds;
        }
        migrate(ds, url);
        return ds;
    }

    private static void migrate(Pool ds, String url) {
        try {
            var result = Flyway.configure().dataSource(ds)
                    .locations(migrations(url))
                    .load().migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Database {} migrated to schema version {}", redact(url), result.targetSchemaVersion);
            }
        } catch (FlywayException e) {
            ds.close();
            throw new IllegalStateException("Cannot migrate the database at db.url=" + redact(url) + ": "
                    + rootMessage(e), e);
        }
    }

    /**
     * Runs {@code start} (which opens the database through {@link #open}) without Flyway when the schema
     * is already at {@link #NEWEST_MIGRATION} with no failed migration: `run --once`, which a cron job
     * starts every few minutes. Flyway (its scan of the jar, its checks of every applied migration) took
     * about a tenth of such a run's start. A schema behind, ahead, failed or missing goes to Flyway as ever,
     * and `run` always migrates through Flyway.
     */
    public static <T> T openingCurrentWithoutFlyway(java.util.concurrent.Callable<T> start) throws Exception {
        SKIP_CURRENT.set(true);
        try {
            return start.call();
        } finally {
            SKIP_CURRENT.remove();
        }
    }

    /** True when Flyway's history has {@link #NEWEST_MIGRATION} applied and no failed migration. */
    static boolean isCurrent(DataSource ds) {
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT \"version\", \"success\" FROM \"flyway_schema_history\" "
                     + "WHERE \"version\" IS NOT NULL")) {
            int newest = 0;
            while (rs.next()) {
                if (!rs.getBoolean(2)) {
                    return false;
                }
                newest = Math.max(newest, Integer.parseInt(rs.getString(1).trim()));
            }
            return newest == NEWEST_MIGRATION;
        } catch (java.sql.SQLException | NumberFormatException e) {
            // no history yet, or versions this check does not read: Flyway decides
            return false;
        }
    }

    /** Where the migrations of a database at the URL are: the common ones and its vendor's. */
    public static String[] migrations(String url) {
        return new String[] {"classpath:db/migration/common", "classpath:db/migration/" + vendor(url)};
    }

    /** The folder of migrations that differ by database: h2 or postgresql. */
    static String vendor(String url) {
        return url.startsWith("jdbc:h2:") ? "h2" : "postgresql";
    }

    /** The URL without anything after a password= parameter. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage();
    }
}
