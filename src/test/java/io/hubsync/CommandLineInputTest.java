package io.hubsync;

import io.hubsync.app.Application;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Numbers and names on the command line that hubsync cannot use: exit 2 and one line naming the
 * option, before anything starts (no JDBC error, no IOException of an emulator that never ran, no
 * server on port -1). The notices commands run on an H2 file under target/.
 */
class CommandLineInputTest {
    private Path config;
    private String out;
    private String err;

    @BeforeEach
    void config() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cli-input-test", UUID.randomUUID().toString()));
        config = dir.resolve("application.properties");
        Files.writeString(config, "db.url = jdbc:h2:file:" + dir.toAbsolutePath().resolve("db") + "\n");
    }

    /** The command line as main runs it; the exit code, with what it printed in out and err. */
    private int hubsync(String... args) {
        // a command that does not check its options would start for good (the emulator on port -1)
        return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            CommandLine cli = Application.commandLine(CommandLine.defaultFactory());
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            cli.setOut(new PrintWriter(o, true));
            cli.setErr(new PrintWriter(e, true));
            int code = cli.execute(args);
            out = o.toString();
            err = e.toString();
            return code;
        });
    }

    /** Exit 2 with one line on stderr that names the option and is no exception's. */
    private void refused(String option, String... args) {
        assertEquals(2, hubsync(args), String.join(" ", args) + ": " + out + err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("hubsync: ") && err.contains(option), err);
        assertFalse(err.contains("Exception"), err);
    }

    @Test
    void noticesListTakesALimitOfOneOrMore() {
        refused("--limit", "notices", "--config", config.toString(), "list", "--limit", "-1");
        assertEquals("hubsync: --limit must be at least 1, got -1", err.trim());
        // 0 would be JDBC's "no limit"
        refused("--limit", "notices", "--config", config.toString(), "list", "--limit", "0");
        refused("--status", "notices", "--config", config.toString(), "list", "--status", "lost");
        assertEquals(0, hubsync("notices", "--config", config.toString(), "list", "--limit", "1", "--status", "dead"),
                err);
    }

    @Test
    void resendingANoticeThatIsNotThereExitsWith2LikeEveryNotFound() {
        refused("no-such", "notices", "--config", config.toString(), "resend", "no-such");
        assertEquals("hubsync: no notice with id 'no-such' (hubsync notices list shows them)", err.trim());
    }

    @Test
    void benchSyncChecksItsNumbersBeforeTheEmulatorStarts() {
        refused("--contacts", "bench", "sync", "--contacts", "-5");
        assertEquals("hubsync: --contacts must be at least 1, got -5", err.trim());
        refused("--changed", "bench", "sync", "--contacts", "10", "--changed", "-1");
        refused("--changed", "bench", "sync", "--contacts", "10", "--changed", "11");
    }

    @Test
    void theOtherBenchesCheckTheirNumbersToo() {
        refused("--portals", "bench", "portals", "--portals", "0");
        refused("--workers", "bench", "portals", "--workers", "0");
        refused("--pool-size", "bench", "portals", "--pool-size", "-1");
        refused("--nodes", "bench", "portals", "--nodes", "0");
        // several nodes share one PostgreSQL; H2 cannot be shared
        refused("--nodes", "bench", "portals", "--nodes", "2");
        refused("--db-url", "bench", "portals", "--db-url", "jdbc:h2:mem:bench");
        refused("--auth", "bench", "portals", "--auth", "api-key");
        refused("--pool-size", "bench", "webhooks", "--pool-size", "0");
        refused("--apply-timeout", "bench", "webhooks", "--apply-timeout", "-1");
        refused("--requests", "bench", "webhooks", "--requests", "0");
        refused("--clients", "bench", "emulator", "--clients", "0");
        refused("--seconds", "bench", "emulator", "--seconds", "-3");
    }

    @Test
    void theEmulatorListensOnPort0To65535() {
        refused("--port", "emulator", "--port", "-1");
        assertEquals("hubsync: --port must be at least 0, got -1", err.trim());
        refused("--port", "emulator", "--port", "65536");
        assertEquals("hubsync: --port must be at most 65535, got 65536", err.trim());
    }
}
