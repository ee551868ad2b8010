package io.hubsync.app;

import io.hubsync.app.ConfiguredDatabase;
import io.hubsync.store.NoticeOutbox;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code hubsync notices …}: the notice outbox of the configured database. A running hubsync sends a
 * re-sent notice at its next pass over the outbox (notify.poll-interval).
 */
@Command(name = "notices", mixinStandardHelpOptions = true,
        description = "Lists completion notices and sends dead ones again.",
        subcommands = {NoticesCommand.ListNotices.class, NoticesCommand.Resend.class})
public final class NoticesCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "the application.properties to use (default: ./application.properties, then the jar's)")
    Path config;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    private static NoticeOutbox outbox(ConfiguredDatabase db) {
        // list and resend use no delivery setting: these values only satisfy the constructor
        return new NoticeOutbox(db.ds(), "", 1, "1s", "1s");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The newest notices first.")
    static final class ListNotices implements Callable<Integer> {
        @CommandLine.ParentCommand
        NoticesCommand parent;

        @Option(names = "--status", paramLabel = "STATUS", description = "PENDING, SENT or DEAD (default: all)")
        String status;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "at most this many (default 50)")
        int limit;

        @Override
        public Integer call() throws Exception {
            // 0 would be no limit at all (JDBC's maxRows), below it a JDBC error
            int n = io.hubsync.core.Settings.atLeast("--limit", limit, 1);
            String s = status == null ? null : status.trim().toUpperCase(Locale.ROOT);
            if (s != null && !List.of(NoticeOutbox.PENDING, NoticeOutbox.SENT, NoticeOutbox.DEAD).contains(s)) {
                throw new IllegalArgumentException("--status must be PENDING, SENT or DEAD, got "
                        + io.hubsync.core.Quoted.of(status));
            }
            try (ConfiguredDatabase db = ConfiguredDatabase.open(parent.config)) {
                var out = parent.spec.commandLine().getOut();
                out.printf("%-36s  %-24s  %-24s  %-7s  %8s  %s%n", "ID", "CONNECTION", "EVENT", "STATUS", "ATTEMPTS",
                        "LAST ERROR");
                for (NoticeOutbox.Entry e : outbox(db).list(s, n)) {
                    out.printf("%-36s  %-24s  %-24s  %-7s  %8d  %s%n", e.id(), e.connectionId(), e.event(), e.status(),
                            e.attempts(), e.lastError() == null ? "" : e.lastError());
                }
                out.flush();
                return 0;
            }
        }
    }

    @Command(name = "resend", mixinStandardHelpOptions = true,
            description = "Sends a notice again (same id, same body), or every DEAD one with --dead.")
    static final class Resend implements Callable<Integer> {
        @CommandLine.ParentCommand
        NoticesCommand parent;

        @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "the notice's id")
        String id;

        @Option(names = "--dead", description = "every DEAD notice")
        boolean dead;

        @Override
        public Integer call() throws Exception {
            if ((id == null) == !dead) {
                throw new CommandLine.ParameterException(parent.spec.commandLine(),
                        "name one notice (hubsync notices resend ID) or use --dead, not both");
            }
            try (ConfiguredDatabase db = ConfiguredDatabase.open(parent.config)) {
                var out = parent.spec.commandLine().getOut();
                if (dead) {
                    out.println(outbox(db).resendDead() + " dead notices queued again");
                } else if (outbox(db).resend(id)) {
                    out.println("notice " + id + " queued again");
                } else {
                    // not found: exit 2, as every other name that is not there
                    throw new IllegalArgumentException("no notice with id " + io.hubsync.core.Quoted.of(id)
                            + " (hubsync notices list shows them)");
                }
                out.flush();
                return 0;
            }
        }
    }
}
