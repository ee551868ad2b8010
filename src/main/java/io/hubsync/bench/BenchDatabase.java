package io.hubsync.bench;

import picocli.CommandLine.Option;

/**
 * The database a benchmark writes to, {@code --db-url} and {@code --db-user} of {@code bench sync} and
 * {@code bench portals} (a picocli mixin): a fresh H2 file, or with a PostgreSQL URL a schema of its
 * own there, created for the run and dropped at its end ({@link BenchSchema}).
 */
final class BenchDatabase {
    @Option(names = "--db-url", description = "a PostgreSQL URL (jdbc:postgresql://host:port/db) instead of a fresh "
            + "H2 file: each run creates a schema of its own there and drops it at the end, so every run starts "
            + "from a fresh, never-analyzed database")
    String url;
    @Option(names = "--db-user", description = "the user of --db-url (default: ${DEFAULT-VALUE}); a password, "
            + "if any, from the PGPASSWORD environment variable")
    String user = "postgres";

    boolean isPostgres() {
        return url != null;
    }

    /** A URL other than PostgreSQL's: an IllegalArgumentException, which the command line prints as one line (exit 2). */
    void check() {
        if (url != null && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "--db-url: only a PostgreSQL URL (jdbc:postgresql://…) is supported; without it, a fresh H2 file");
        }
    }

    static String password() {
        return System.getenv("PGPASSWORD");
    }
}
