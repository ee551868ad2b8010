package io.hubsync.app;

import io.hubsync.sync.SyncMain;
import io.hubsync.verify.Drift;
import io.hubsync.verify.VerifyRuns;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code hubsync verify --connection NAME [--type contacts] [--repair]}: every id and last-modified
 * HubSpot lists against the database (routes/verify.camel.yaml). Exit 0: no drift, or drift repaired;
 * 3: drift found and not repaired; 2: a bad option; 1: the check failed (HubSpot or the database).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Compares every record id and last-modified in HubSpot with the database: missing (in HubSpot,",
            "not stored or a tombstone), stale (stored older) and extra (stored live, gone from HubSpot);",
            "and the associations of each pair of sync.associations.<type>: missing, extra and changed rows.",
            "Exit 0 when there is no drift (or --repair healed it), 3 when drift was found."})
public final class VerifyCommand implements Callable<Integer> {
    /** The exit code when drift was found and not repaired. */
    public static final int DRIFT = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--connection", required = true, paramLabel = "NAME", description = "the connection to check")
    String connection;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "contacts",
            description = "contacts, companies, deals or tickets (default: ${DEFAULT-VALUE})")
    String type;

    @Option(names = "--repair", description = "read missing and stale records again, tombstone the extra ones, "
            + "write HubSpot's associations where they differ")
    boolean repair;

    @Option(names = "--config", paramLabel = "FILE",
            description = "the application.properties to use (default: ./application.properties, then the jar's)")
    Path config;

    @Override
    public Integer call() throws Exception {
        String problem = io.hubsync.core.ObjectTypes.ALL.equals(type) ? "is every type, not one"
                : io.hubsync.core.ObjectTypes.problem(type);
        if (problem != null) {
            throw new IllegalArgumentException("--type: " + io.hubsync.core.Quoted.of(type) + " " + problem);
        }
        // verify never serves the admin API: another process may be the server
        Main main = new SyncMain(Map.of("server.enabled", "false"), config).build(false);
        main.start();
        Drift drift;
        try (ProducerTemplate template = main.getCamelContext().createProducerTemplate()) {
            // an unknown connection is a bad option (one line, exit 2), not a failed route with a stack trace
            main.getCamelContext().getRegistry().lookupByNameAndType("verifyRuns", VerifyRuns.class)
                    .connection(connection);
            Exchange done = template.request("direct:verify", e -> {
                e.setProperty("connectionId", connection);
                e.setProperty("objectType", type);
                e.setProperty("typeNamedBy", "--type");
                e.setProperty("repair", repair);
            });
            if (done.getException() != null) {
                if (!refusedByHubSpot(done.getException())) {
                    throw done.getException(); // a bad option (exit 2) or the database: as any command's
                }
                // one line naming the connection, the call and HubSpot's message; the stack trace at DEBUG
                throw new CommandFailed("verify " + type + "[" + connection + "]: " + io.hubsync.core.RunOutcome.describe(
                        done.getException(), done.getProperty("hubspotCall", String.class)), done.getException());
            }
            drift = done.getProperty("drift", Drift.class);
        } finally {
            main.stop();
        }
        return report(drift, spec.commandLine().getOut());
    }

    private static boolean refusedByHubSpot(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.apache.camel.http.base.HttpOperationFailedException) {
                return true;
            }
        }
        return false;
    }

    /** Prints the findings; the exit code. */
    static int report(Drift d, PrintWriter out) {
        out.printf("verify %s: %,d records in HubSpot checked in %.1f s%n", d, d.getChecked(),
                d.elapsed().toMillis() / 1000.0);
        line(out, "missing", d.getMissing());
        line(out, "stale", d.getStale());
        line(out, "extra", d.getExtra());
        // one line per pair of sync.associations.<type>, rows of the records stored live
        d.getAssociations().forEach((to, p) -> out.printf("associations of %s with %s: %s%n", d.getObjectType(), to, p));
        if (!d.isFound()) {
            out.println("no drift");
            return 0;
        }
        if (d.isRepair()) {
            out.printf("repaired: %,d records written, %,d tombstoned, %,d association rows written%n", d.getWritten(),
                    d.getArchived(), d.getAssociationsRepaired());
            return 0;
        }
        out.println("drift found: run again with --repair to heal it");
        return DRIFT;
    }

    private static void line(PrintWriter out, String kind, Drift.Kind k) {
        String ids = k.getFirst().stream().map(String::valueOf).collect(Collectors.joining(" "));
        out.printf("%-8s %,d%s%n", kind, k.getCount(), k.getCount() == 0 ? ""
                : "  " + ids + (k.getCount() > k.getFirst().size() ? " …" : ""));
    }
}
