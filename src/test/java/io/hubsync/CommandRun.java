package io.hubsync;

import io.hubsync.app.Application;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * One hubsync command line run as main runs it (its exit codes too), in this JVM, with what it printed
 * on stdout and stderr kept apart: a test of a CLI command checks both.
 */
public record CommandRun(int code, String out, String err) {

    public static CommandRun of(String... args) {
        return of(CommandLine.defaultFactory(), args);
    }

    /** {@code hubsync <command> --config <config> <args…>}: a command against a test's own settings file. */
    public static CommandRun of(CommandLine.IFactory factory, String command, java.nio.file.Path config, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = command;
        all[1] = "--config";
        all[2] = config.toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return of(factory, all);
    }

    /** @param factory makes the command objects (a test gives a command its own environment) */
    public static CommandRun of(CommandLine.IFactory factory, String... args) {
        CommandLine cli = Application.commandLine(factory);
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cli.setOut(new PrintWriter(o, true));
        cli.setErr(new PrintWriter(e, true));
        int code = cli.execute(args);
        return new CommandRun(code, o.toString(), e.toString());
    }
}
