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
        return ds;
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
