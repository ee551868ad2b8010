package io.hubsync;

import io.hubsync.emulator.EmulatorMain;
import io.hubsync.sync.SyncMain;
import io.hubsync.sync.SyncRun;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code java -jar hubsync.jar [run|emulator|demo|bench] [--help]}; {@code run} is the default. */
@Command(name = "hubsync", mixinStandardHelpOptions = true, version = "hubsync 0.1.0",
        description = "Keeps a local SQL database in step with HubSpot CRM records.",
        subcommands = {Application.Run.class, EmulatorMain.class, Application.Demo.class, Application.Bench.class})
public final class Application implements Callable<Integer> {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Application());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException) {
                cmd.getErr().println("hubsync: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        if (args.length == 0 || args[0].startsWith("-") && !isHelpOrVersion(args[0])) {
            String[] withRun = new String[args.length + 1];
            withRun[0] = "run";
            System.arraycopy(args, 0, withRun, 1, args.length);
            args = withRun;
        }
        return cli.execute(args);
    }

    private static boolean isHelpOrVersion(String a) {
        return a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version");
    }

    @Override
    public Integer call() {
        return new CommandLine(new Run()).execute();
    }

    /** Not built yet: says so and which issue builds it. */
    abstract static class NotBuiltYet implements Callable<Integer> {
        abstract String what();

        @Override
        public Integer call() {
            System.err.println("hubsync: " + what() + " is not built yet (it arrives with issue 2/4, the contacts "
                    + "sync). Available now: hubsync emulator --help");
            return 2;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Runs the sync on its schedules (default), reading application.properties and routes/",
                "from the working directory when they are there, else the copies in the jar."})
    static final class Run implements Callable<Integer> {
        @CommandLine.Option(names = "--once", description = "one run of every object type of sync.objects, then exit "
                + "(0 when all succeeded, 1 otherwise)")
        boolean once;

        @Override
        public Integer call() throws Exception {
            SyncMain sync = new SyncMain(java.util.Map.of());
            if (!once) {
                return sync.runScheduled();
            }
            boolean ok = true;
            for (SyncRun run : sync.runOnce()) {
                ok &= run == null || run.isSucceeded() || !run.isClaimed();
            }
            return ok ? 0 : 1;
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Starts the emulator with 50,000 contacts, syncs them, prints a summary.")
    static final class Demo extends NotBuiltYet {
        @Override
        String what() { return "the demo"; }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
            description = "Runs the emulator and a sync in one process and prints throughput figures.",
            subcommands = io.hubsync.bench.EmulatorBench.class)
    static final class Bench extends NotBuiltYet {
        @Override
        String what() { return "the sync benchmark (`hubsync bench emulator` measures the emulator alone)"; }
    }
}
