package io.hubsync.app;

import io.hubsync.core.SettingsCheck;
import io.hubsync.store.Database;
import io.hubsync.sync.SyncMain;
import org.apache.camel.impl.DefaultCamelContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The database of application.properties (the same files and environment variables as {@code run},
 * or {@code --config FILE}), for the CLI commands that change it without starting the sync; with
 * the other settings of the same files, every one checked before the database is opened.
 */
public record ConfiguredDatabase(DataSource ds, UnaryOperator<String> settings) implements AutoCloseable {

    public static ConfiguredDatabase open(Path config) throws Exception {
        if (config != null && !Files.isRegularFile(config)) {
            throw new IllegalArgumentException("--config: no file at " + config.toAbsolutePath());
        }
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            // a context only for reading settings: it never starts, and says nothing when it closes
            context.setStartupSummaryLevel(org.apache.camel.StartupSummaryLevel.Off);
            context.getPropertiesComponent().setLocation(SyncMain.propertyLocations(config));
            SettingsCheck.check(context);
            UnaryOperator<String> settings = key -> context.resolvePropertyPlaceholders("{{" + key + "}}");
            // resolved now: the context closes when this returns
            java.util.Map<String, String> known = new java.util.HashMap<>();
            for (String key : new String[] {"db.url", "db.user", "db.password", "db.token-key", "server.public-url"}) {
                known.put(key, settings.apply(key));
            }
            DataSource ds = Database.open(known.get("db.url"), known.get("db.user"), known.get("db.password"),
                    2); // Flyway's check of the schema takes two connections
            return new ConfiguredDatabase(ds, known::get);
        }
    }

    @Override
    public void close() {
        if (ds instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing was left to write
            }
        }
    }
}
