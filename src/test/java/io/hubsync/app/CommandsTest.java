package io.hubsync.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A command line gets only the command it names (picocli reads every option of every command it is
 * given); its help still reads as a command of hubsync, and help and a misspelt name get them all.
 */
class CommandsTest {
    static final List<String> ALL = List.of("run", "connections", "status", "notices", "verify", "init", "emulator",
            "demo", "bench");

    @Test
    void aCommandLineGetsTheCommandItNamesAndHelpGetsThemAll() {
        assertEquals(List.of("run"), List.copyOf(Application.commandLine(CommandLine.defaultFactory(), "run")
                .getSubcommands().keySet()));
        assertEquals(List.of("emulator"), List.copyOf(Application.commandLine(CommandLine.defaultFactory(), "emulator")
                .getSubcommands().keySet()));
        for (String first : new String[] {"--help", "-V", "rnu"}) {
            assertEquals(ALL, List.copyOf(Application.commandLine(CommandLine.defaultFactory(), first)
                    .getSubcommands().keySet()), first);
        }
        assertEquals(ALL, List.copyOf(Application.commandLine(CommandLine.defaultFactory()).getSubcommands().keySet()));

        CommandLine run = Application.commandLine(CommandLine.defaultFactory(), "run");
        StringWriter help = new StringWriter();
        run.setOut(new PrintWriter(help));
        assertEquals(0, run.execute("run", "--help"));
        assertTrue(help.toString().startsWith("Usage: hubsync run ") && help.toString().contains("--once"), help.toString());

        CommandLine misspelt = Application.commandLine(CommandLine.defaultFactory(), "rnu");
        StringWriter err = new StringWriter();
        misspelt.setErr(new PrintWriter(err));
        assertEquals(2, misspelt.execute("rnu"));
        assertTrue(err.toString().contains("Unmatched argument at index 0: 'rnu'") && err.toString().contains("run"),
                err.toString());
    }
}
