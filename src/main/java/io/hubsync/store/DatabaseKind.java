package io.hubsync.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Whether the store is PostgreSQL (where some statements differ from H2's), known from the first connection. */
final class DatabaseKind {
    private volatile Boolean postgres;

    boolean isPostgres(Connection c) throws SQLException {
        Boolean pg = postgres;
        if (pg == null) {
            pg = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
            postgres = pg;
        }
        return pg;
    }
}
