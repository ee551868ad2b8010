package io.hubsync.app;

import io.hubsync.core.SettingsCheck;
import io.hubsync.sync.SyncSchedules;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * hubsync in a CamelContext of the host's (docs/embedding.md): its settings, beans and routes, as
 * {@code hubsync run} has them. Settings resolve as in {@code run}: environment variables (and JVM
 * system properties) first, then {@code overrides}, then the host's own property locations, then
 * the defaults of the application.properties inside this jar; every setting is checked before
 * any bean is made (a bad value throws IllegalArgumentException naming its key). Call before the
 * context starts.
 */
public final class HubsyncRoutes {

    /**
     * Every file of routes/ (without {@code .camel.yaml}) in the order they load: beans first, as the
     * other files' beans refer to its beans and Camel creates each file's beans as it reads the file.
     */
    public static final List<String> FILES = List.of("beans", "leases", "schedule", "object-types", "sync", "backfill",
            "incremental", "hubspot", "token-refresh", "archived", "associations", "owners", "verify", "notify",
            "housekeeping", "webhooks", "admin", "oauth-install", "records-api", "observe", "ui");

    private HubsyncRoutes() { }

    /**
     * Every route file, and the Quartz schedules of {@code sync.schedule}, {@code sync.archived-schedule}
     * and (when {@code sync.owners} is on) {@code sync.owners.schedule}.
     */
    public static void addTo(CamelContext context, Properties overrides) throws Exception {
        addRoutesTo(context, overrides, FILES);
        SyncSchedules schedules = new SyncSchedules();
        context.addRoutes(schedules);
        // routes from templates are added by a call of their own (camel-main makes it after every builder)
        context.addTemplatedRoutes(schedules);
    }

    /**
     * These files of routes/ in this order (beans first), without the Quartz schedules: runs start
     * on the host's trigger ({@code io.hubsync.sync.SyncMain.runOnce(context)}, or direct:sync-due
     * with the exchange property objectType).
     */
    public static void addRoutesTo(CamelContext context, Properties overrides, List<String> files) throws Exception {
        if (files.isEmpty() || !files.get(0).equals("beans")) {
            throw new IllegalArgumentException("beans loads first: the other files refer to its beans; got " + files);
        }
        PropertiesComponent properties = context.getPropertiesComponent();
        // the jar's defaults under whatever the host set already
        Properties hostInitial = properties instanceof org.apache.camel.component.properties.PropertiesComponent pc
                ? pc.getInitialProperties() : null;
        Properties defaults = defaults();
        for (String key : defaults.stringPropertyNames()) {
            if (hostInitial == null || !hostInitial.containsKey(key)) {
                properties.addInitialProperty(key, defaults.getProperty(key));
            }
        }
        for (String key : overrides.stringPropertyNames()) {
            properties.addOverrideProperty(key, overrides.getProperty(key));
        }
        context.build();
        // every setting checked before the beans open anything, as `hubsync run` does
        SettingsCheck.check(context);
        List<Resource> routes = new ArrayList<>();
        for (String file : files) {
            String path = "routes/" + file + ".camel.yaml";
            routes.add(ResourceHelper.fromBytes(path, read(path)));
        }
        PluginHelper.getRoutesLoader(context).loadRoutes(routes);
    }

    /**
     * hubsync's keys of the application.properties in this jar; not its camel.* keys, which would
     * configure the host's camel-main (its name, its HTTP server) rather than hubsync.
     */
    static Properties defaults() throws IOException {
        Properties all = new Properties();
        all.load(new StringReader(new String(read("application.properties"), StandardCharsets.UTF_8)));
        Properties hubsync = new Properties();
        for (String key : all.stringPropertyNames()) {
            if (!key.startsWith("camel.")) {
                hubsync.setProperty(key, all.getProperty(key));
            }
        }
        return hubsync;
    }

    /**
     * A file of this jar (or of the classes folder this class was loaded from): a host's own
     * application.properties or routes/ on the class path would come first by name.
     */
    static byte[] read(String path) throws IOException {
        String self = HubsyncRoutes.class.getName().replace('.', '/') + ".class";
        String here = HubsyncRoutes.class.getResource("/" + self).toString();
        try (InputStream in = URI.create(here.substring(0, here.length() - self.length()) + path).toURL().openStream()) {
            return in.readAllBytes();
        }
    }
}
