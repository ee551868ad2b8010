package io.hubsync.app;

import io.hubsync.app.ConnectionsCommand;
import io.hubsync.app.Demo;
import io.hubsync.bench.SyncBench;
import io.hubsync.core.SyncRun;
import io.hubsync.emulator.EmulatorMain;
import io.hubsync.sync.SyncMain;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.util.concurrent.Callable;

/** {@code java -jar hubsync.jar [run|connections|status|verify|init|emulator|demo|bench] [--help]}; {@code run} is the default. */
@Command(name = "hubsync", mixinStandardHelpOptions = true, version = "hubsync 0.1.0",
        description = "Keeps a local SQL database in step with HubSpot CRM records.")
public final class Application implements Callable<Integer> {
    /**
     * The commands, in the order {@code hubsync --help} lists them. Added one by one (not as the annotation's
     * subcommands): a command line names one, and picocli reads every option of every command it is given,
     * the emulator's and the benchmarks' too, which was a tenth of a {@code run --once} with nothing to do.
     */
    static final java.util.List<Class<?>> COMMANDS = java.util.List.of(Application.Run.class, ConnectionsCommand.class,
            StatusCommand.class, io.hubsync.app.NoticesCommand.class, io.hubsync.app.VerifyCommand.class, InitCommand.class,
            EmulatorMain.class, Demo.class, Application.Bench.class);

    public static void main(String[] args) {
        // before any class that logs is loaded: log4j2 picks its layout once (log.format)
        LogFormat.apply(args);
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        if (args.length == 0 || args[0].startsWith("-") && !isHelpOrVersion(args[0])) {
            String[] withRun = new String[args.length + 1];
            withRun[0] = "run";
            System.arraycopy(args, 0, withRun, 1, args.length);
            args = withRun;
        }
        return commandLine(CommandLine.defaultFactory(), args[0]).execute(args);
    }

    /** The command line with hubsync's exit codes: 2 for a bad setting or input, 1 for other failures. */
    public static CommandLine commandLine(CommandLine.IFactory factory) {
        return commandLine(factory, null);
    }

    /**
     * The command line with only the command named {@code first} when there is one of that name (its help
     * and errors read as with all of them), else with every command (help, version, a misspelt name).
     */
    static CommandLine commandLine(CommandLine.IFactory factory, String first) {
        CommandLine cli = new CommandLine(new Application(), factory);
        boolean known = COMMANDS.stream().anyMatch(c -> name(c).equals(first));
        for (Class<?> command : COMMANDS) {
            if (!known || name(command).equals(first)) {
                cli.addSubcommand(name(command), new CommandLine(command, factory));
            }
        }
        // after the commands: picocli gives the handler to the commands there are when it is set
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CommandFailed failed) {
                cmd.getErr().println("hubsync: " + failed.getMessage());
                if (failed.getCause() != null) {
                    org.slf4j.LoggerFactory.getLogger(Application.class).debug("{}", failed.getMessage(), failed.getCause());
                }
                return 1;
            }
            // a bad setting surfaces as an IllegalArgumentException naming the key, often wrapped by Camel
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof IllegalArgumentException) {
                    cmd.getErr().println("hubsync: " + t.getMessage());
                    return 2;
                }
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            cmd.getErr().println("hubsync: " + root.getClass().getSimpleName() + ": " + root.getMessage());
            return 1;
        });
        return cli;
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
    }

    private static boolean isHelpOrVersion(String a) {
        return a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version");
    }

    @Override
    public Integer call() {
        return new CommandLine(new Run()).execute();
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs the sync on its schedules (default), reading application.properties and routes/",
                "from the working directory when they are there, else the copies in the jar."})
    static final class Run implements Callable<Integer> {
        @CommandLine.Option(names = "--once", description = "one run of every object type of sync.objects, then exit "
                + "(0 when all succeeded, 1 otherwise)")
        boolean once;

        @CommandLine.Option(names = "--config", paramLabel = "FILE",
                description = "the application.properties to use (default: ./application.properties, then the jar's)")
        java.nio.file.Path config;

        @Override
        public Integer call() throws Exception {
            // --once starts only what one run needs: no HTTP server, schedules or queues (SyncMain.startOnce)
            SyncMain sync = new SyncMain(java.util.Map.of(), config);
            if (!once) {
                return sync.runScheduled();
            }
            boolean ok = true;
            for (SyncRun run : sync.runOnce()) {
                ok &= run == null || run.isSucceeded() || !run.isClaimed() || run.isSkipped();
            }
            return ok ? 0 : 1;
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            subcommands = {SyncBench.class, io.hubsync.bench.PortalsBench.class, io.hubsync.bench.EmulatorBench.class,
                io.hubsync.bench.WebhooksBench.class},
            description = "Benchmarks that print numbers: 'bench sync' (a backfill and an incremental run against "
                    + "the emulator in its own JVM), 'bench portals' (many connections at once), 'bench emulator' (the "
                    + "emulator alone), 'bench webhooks' (the webhook intake and its applier).")
    static final class Bench implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(System.out);
            return 0;
        }
    }
}
