package io.hubsync.app;

import io.hubsync.api.ConnectLinks;
import io.hubsync.api.ReadKeys;
import io.hubsync.connections.ConnectionActions;
import io.hubsync.connections.ConnectionSettings;
import io.hubsync.connections.InvalidSetting;
import io.hubsync.core.TokenCipher;
import io.hubsync.store.ConnectionStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code hubsync connections …}: the connections in the database of application.properties (the
 * same files and environment variables as {@code run}, or {@code --config FILE}), changed without
 * starting the sync. A running sync sees a pause, resume or delete at its next tick; a new schedule
 * at its next start (the admin API applies one at once).
 */
@Command(name = "connections", mixinStandardHelpOptions = true,
        description = "Adds, lists, pauses, resumes and deletes the HubSpot portals hubsync syncs, and makes "
                + "OAuth install links.",
        subcommands = {ConnectionsCommand.Add.class, ConnectionsCommand.ListConnections.class,
            ConnectionsCommand.Pause.class, ConnectionsCommand.Resume.class, ConnectionsCommand.Delete.class,
            ConnectionsCommand.ConnectLink.class, ConnectionsCommand.NewKey.class, ConnectionsCommand.IssueApiKey.class})
public final class ConnectionsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "the application.properties to use (default: ./application.properties, then the jar's)")
    Path config;

    /** Environment variables, for --token-env (tests give their own). */
    private final Function<String, String> environment;

    public ConnectionsCommand() {
        this(System::getenv);
    }

    public ConnectionsCommand(Function<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** The connections of the configured database, open until closed. */
    private Store open() throws Exception {
        io.hubsync.app.ConfiguredDatabase db = io.hubsync.app.ConfiguredDatabase.open(config);
        TokenCipher cipher;
        try {
            cipher = TokenCipher.fromKey(db.settings().apply("db.token-key"));
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        ConnectionStore store = new ConnectionStore(db.ds(), cipher);
        // a pause or resume from here sends no notice (only the token step's and the daily limit's do)
        return new Store(db, new ConnectionActions(store, new io.hubsync.store.ConnectionStatus(db.ds(), store,
                new io.hubsync.store.ConnectionNotices(null))));
    }

    private record Store(io.hubsync.app.ConfiguredDatabase db, ConnectionActions actions) implements AutoCloseable {
        @Override
        public void close() {
            db.close();
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** {@code --adopt-records} of add and connect-link. */
    static final class AdoptRecords {
        @Option(names = "--adopt-records", description = "the new connection starts on the records a deleted "
                + "connection of this name left (only right for the same HubSpot portal)")
        boolean adoptRecords;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a private app's portal; its token is stored encrypted with db.token-key.")
    static final class Add implements Callable<Integer> {
        @CommandLine.ParentCommand
        ConnectionsCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "the connection's name: letters, digits, . _ -")
        String name;

        @Option(names = "--token-env", paramLabel = "VAR",
                description = "the environment variable that holds the token (default: ask for it, without echo)")
        String tokenEnv;

        @Option(names = "--rate-limit", paramLabel = "TIER",
                description = "starter, professional, enterprise, pack, oauth or requests per 10 s "
                        + "(default: hubspot.rate-limit)")
        String rateLimit;

        @Option(names = "--schedule", paramLabel = "CRON",
                description = "a Quartz cron of its own, e.g. '0 0/5 * * * ?' (default: sync.schedule)")
        String schedule;

        @Option(names = "--properties", paramLabel = "TYPE=a,b,c",
                description = "properties to store for one object type, or TYPE=* for all; repeat per type")
        List<String> properties = new ArrayList<>();

        @CommandLine.Mixin
        AdoptRecords adopt;

        @Override
        public Integer call() throws Exception {
            String id = ConnectionSettings.name("NAME", name);
            String tier = ConnectionSettings.rateLimit("--rate-limit", rateLimit);
            String cron = ConnectionSettings.schedule("--schedule", schedule);
            Map<String, String> props = new LinkedHashMap<>();
            for (String p : properties) {
                int eq = p.indexOf('=');
                if (eq < 1) {
                    throw new InvalidSetting("--properties", "'" + p + "' is not TYPE=a,b,c");
                }
                String type = ConnectionSettings.objectType("--properties", p.substring(0, eq).trim());
                props.put(type, ConnectionSettings.properties("--properties " + type, p.substring(eq + 1)));
            }
            String token = token();
            try (Store s = parent.open()) {
                ConnectionActions.Added added = s.actions().add(new ConnectionActions.NewPrivateApp(id, token, tier, cron,
                        props, adopt.adoptRecords));
                ConnectionStore.Info c = added.connection();
                parent.out().println("added " + c.id() + " (private app, " + c.status() + ")" + (added.adopted().any()
                        ? ", adopting the deleted connection's " + added.adopted() : ""));
            }
            return 0;
        }

        private String token() throws Exception {
            String token;
            if (tokenEnv != null) {
                token = parent.environment.apply(tokenEnv);
                if (token == null || token.isBlank()) {
                    throw new InvalidSetting("--token-env", "the environment variable " + tokenEnv + " is not set");
                }
                return ConnectionSettings.token("--token-env", token);
            }
            Console console = System.console();
            if (console != null) {
                char[] typed = console.readPassword("Token of the private app for %s: ", name);
                token = typed == null ? null : new String(typed);
            } else {
                // not a terminal: the token comes on standard input (echo "$T" | hubsync connections add NAME)
                token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            if (token == null || token.isBlank()) {
                throw new InvalidSetting("token", "no token given: type it when asked, or use --token-env VAR");
            }
            return ConnectionSettings.token("token", token);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the connections (never their tokens).")
    static final class ListConnections implements Callable<Integer> {
        @CommandLine.ParentCommand
        ConnectionsCommand parent;

        @Override
        public Integer call() throws Exception {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "PORTAL", "AUTH", "STATUS", "REASON", "PAUSED UNTIL", "TIER", "SCHEDULE"});
            try (Store s = parent.open()) {
                for (ConnectionStore.Info c : s.actions().store().list()) {
                    rows.add(new String[] {c.id(), text(c.portalId()), c.oauth() ? "oauth" : "private app", c.status(),
                        text(c.statusReason()), text(c.pausedUntil()), text(c.rateLimit()), text(c.schedule())});
                }
            }
            int[] widths = new int[rows.get(0).length];
            for (String[] r : rows) {
                for (int i = 0; i < r.length; i++) {
                    widths[i] = Math.max(widths[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.length; i++) {
                    line.append(String.format("%-" + widths[i] + "s", r[i])).append(i < r.length - 1 ? "  " : "");
                }
                parent.out().println(line.toString().stripTrailing());
            }
            return 0;
        }

        private static String text(Object o) {
            return o == null ? "-" : o instanceof Instant t ? t.toString() : o.toString();
        }
    }

    /** A subcommand on one named connection; prints what it did. */
    abstract static class OnOne implements Callable<Integer> {
        @CommandLine.ParentCommand
        ConnectionsCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        abstract String apply(ConnectionActions connections) throws Exception;

        @Override
        public Integer call() throws Exception {
            String done;
            try (Store s = parent.open()) {
                done = apply(s.actions());
            }
            parent.out().println(done);
            return 0;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Skips the connection until resumed.")
    static final class Pause extends OnOne {
        @Override
        String apply(ConnectionActions connections) throws Exception {
            connections.pause(name);
            return "paused " + name;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Syncs the connection again (also before HubSpot's daily reset).")
    static final class Resume extends OnOne {
        @Override
        String apply(ConnectionActions connections) throws Exception {
            connections.resume(name);
            return "resumed " + name;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes the connection, its checkpoints and run history (its records too with --records).")
    static final class Delete extends OnOne {
        @Option(names = "--records", description = "also delete the records synced from it and its webhook events "
                + "not yet applied; also what a connection of this name deleted without --records left")
        boolean records;

        @Override
        String apply(ConnectionActions connections) throws Exception {
            connections.delete(name, records);
            return "deleted " + name + (records ? " and its records" : " (its records stay)");
        }
    }

    @Command(name = "connect-link", mixinStandardHelpOptions = true,
            description = {"Prints a signed link that installs your HubSpot app as connection NAME (OAuth): send it to "
                    + "the portal's admin. It works until it expires and until an install through it succeeds; "
                    + "/oauth/connect refuses any other.", "Needs server.public-url and db.token-key as the server has them."})
    static final class ConnectLink implements Callable<Integer> {
        @CommandLine.ParentCommand
        ConnectionsCommand parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "a new connection, or an OAuth one to reconnect")
        String name;

        @Option(names = "--expires", paramLabel = "DURATION", description = "how long the link works, e.g. 1h or 7d; "
                + "at most 30d (default: 7d)")
        String expires;

        @CommandLine.Mixin
        AdoptRecords adopt;

        @Override
        public Integer call() throws Exception {
            String id = ConnectionSettings.name("NAME", name);
            java.time.Duration ttl = ConnectLinks.ttl("--expires", expires);
            ConnectLinks.Link link;
            try (Store s = parent.open()) {
                ConnectLinks links = new ConnectLinks(s.actions().store().cipher(),
                        s.db().settings().apply("server.public-url"));
                s.actions().checkLinkable(id, adopt.adoptRecords);
                link = links.make(id, ttl, adopt.adoptRecords);
            }
            parent.out().println(link.url());
            parent.spec.commandLine().getErr().println("install link for " + id + ", valid until " + link.expiresAt()
                    + "; an install through it spends it");
            return 0;
        }
    }

    @Command(name = "api-key", mixinStandardHelpOptions = true,
            description = "Makes a read key of the records API for one connection and prints it once; only its "
                    + "hash is stored. It reads that connection's records only.")
    static final class IssueApiKey implements Callable<Integer> {
        @CommandLine.ParentCommand
        ConnectionsCommand parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> issued;
            try (Store s = parent.open()) {
                issued = new ReadKeys(s.actions().store(), new io.hubsync.store.ConnectionApiKeys(s.db().ds())).issue(name);
            }
            parent.out().println(issued.get("key"));
            parent.spec.commandLine().getErr().println("read key " + issued.get("keyId") + " of " + name + ": shown once, "
                    + "hubsync keeps only its hash; send it as 'Authorization: Bearer <key>'");
            return 0;
        }
    }

    @Command(name = "new-key", mixinStandardHelpOptions = true,
            description = "Prints a new random key (base64 of 32 bytes) for db.token-key or server.api-key.")
    static final class NewKey implements Callable<Integer> {
        @CommandLine.ParentCommand
        ConnectionsCommand parent;

        @Override
        public Integer call() {
            parent.out().println(TokenCipher.newKey());
            return 0;
        }
    }
}
