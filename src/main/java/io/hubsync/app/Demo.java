package io.hubsync.app;

import io.hubsync.core.SyncRun;
import io.hubsync.emulator.Emulator;
import io.hubsync.emulator.EmulatorConfig;
import io.hubsync.emulator.admin.ActivityGenerator;
import io.hubsync.emulator.crm.ObjectType;
import io.hubsync.emulator.http.EmulatorServer;
import io.hubsync.sync.SyncMain;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * {@code hubsync demo}: a HubSpot emulator with 50,000 contacts and people editing them, a backfill
 * into ./data/demo, an incremental run that picks up the edits, and how to look at the result.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts the emulator with 50,000 contacts and light activity, syncs them into an H2 file",
            "(./data/demo, replaced on each demo), prints the summary and how to query the data."})
public final class Demo implements Callable<Integer> {
    @Option(names = "--contacts", description = "contacts in the emulated portal (default: ${DEFAULT-VALUE})")
    int contacts = 50_000;
    @Option(names = "--activity", description = "changes a second made by emulated users (default: ${DEFAULT-VALUE})")
    double activity = 20;

    static final String DB = "./data/demo";

    @Override
    public Integer call() throws Exception {
        for (String suffix : List.of(".mv.db", ".trace.db", ".lock.db")) {
            Files.deleteIfExists(Path.of(DB + suffix));
        }
        EmulatorConfig config = new EmulatorConfig();
        config.port = 0;
        config.contacts = contacts;
        config.indexDelayMillis = 1_000;
        try (Emulator emulator = new Emulator(config); EmulatorServer server = new EmulatorServer(emulator)) {
            server.start();
            long portal = config.portalId(0);
            say("HubSpot emulator on " + server.baseUrl() + " with " + contacts + " contacts in portal " + portal);
            Map<String, String> props = new LinkedHashMap<>();
            props.put("hubspot.base-url", server.baseUrl());
            props.put("hubspot.access-token", emulator.auth().privateAppToken(portal));
            props.put("db.url", "jdbc:h2:file:" + DB + ";AUTO_SERVER=TRUE");
            props.put("sync.search-lag", "2s");
            // a line every 10 s of the minute-long backfill: the demo's whole output fits a screen (about 30 lines)
            props.put("sync.progress-every", "10s");
            Main main = new SyncMain(props).build(false);
            main.start();
            String summary;
            boolean ok;
            try {
                emulator.activity().start(activity, new ActivityGenerator.Mix(30, 70, 0, 0, 0, 0),
                        List.of(ObjectType.CONTACTS), 7);
                say("Backfill: every contact, 100 a page, while emulated users edit and create contacts");
                SyncRun backfill = SyncMain.runOnce(main.getCamelContext()).get(0);
                // let the users work a little more, then let the search lag pass so the window covers it
                Thread.sleep(3_000);
                emulator.activity().stop();
                Thread.sleep(2_500);
                say("Incremental: only what changed since the backfill started (" + emulator.activity().changes()
                        + " changes by emulated users)");
                SyncRun incremental = SyncMain.runOnce(main.getCamelContext()).get(0);
                summary = summary(main, backfill, incremental);
                ok = backfill.isSucceeded() && incremental.isSucceeded();
            } finally {
                main.stop();
            }
            // last, after Camel has stopped: what a person reads when the demo ends
            System.out.print(summary);
            System.out.flush();
            return ok ? 0 : 1;
        }
    }

    private static String summary(Main main, SyncRun backfill, SyncRun incremental) throws Exception {
        DataSource ds = main.getCamelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        long rows;
        try (Connection c = ds.getConnection(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT COUNT(*) FROM records WHERE object_type = 'contacts'")) {
            rs.next();
            rows = rs.getLong(1);
        }
        java.io.StringWriter text = new java.io.StringWriter();
        java.io.PrintWriter out = new java.io.PrintWriter(text);
        out.println();
        out.println("== hubsync demo ==");
        out.printf("backfill:    %,d contacts added in %.1f s%n", backfill.getAdded(),
                backfill.elapsed().toMillis() / 1000.0);
        out.printf("incremental: %,d added, %,d updated in %d requests%n", incremental.getAdded(),
                incremental.getUpdated(), incremental.getRequests());
        out.printf("database:    %,d contacts in %s.mv.db%n", rows, DB);
        out.println();
        out.println("Look at them with plain SQL (hs_prop reads one property):");
        out.println("  java -cp target/hubsync.jar org.h2.tools.Shell -url jdbc:h2:file:" + DB + " -user sa \\");
        out.println("    -sql \"SELECT id, hs_prop(properties, 'email') AS email, hs_prop(properties, 'city') AS city, "
                + "last_modified FROM records WHERE hs_prop(properties, 'lifecyclestage') = 'customer' "
                + "ORDER BY last_modified DESC LIMIT 5\"");
        out.println("Next: java -jar target/hubsync.jar emulator   (a HubSpot to point hubsync at), "
                + "and README.md for real portals.");
        out.flush();
        return text.toString();
    }

    private static void say(String s) {
        System.out.println(">> " + s);
    }
}
