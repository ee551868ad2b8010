package io.hubsync.sync;

import io.hubsync.core.SyncRun;
import io.hubsync.store.ConnectionStatus;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * HubSpot's DAILY 429 (a private app spent its portal's daily budget): retrying is useless until
 * the daily reset, so the connection's schedule skips it until then (docs/behavior.md rule 7) and says so.
 * HubSpot resets at midnight in the account's time zone, which the API does not tell:
 * {@code hubspot.daily-reset-zone} (UTC by default, as the emulator does).
 */
public final class DailyLimitPause {
    private static final Logger LOG = LoggerFactory.getLogger(DailyLimitPause.class);
    private final ConnectionStatus connections;
    private final ZoneId zone;
    private final Clock clock;

    public DailyLimitPause(ConnectionStatus connections, String zone) {
        this(connections, zone, Clock.systemUTC());
    }

    public DailyLimitPause(ConnectionStatus connections, String zone, Clock clock) {
        this.connections = connections;
        try {
            this.zone = ZoneId.of(zone.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("hubspot.daily-reset-zone = '" + zone + "' is not a time zone id "
                    + "(e.g. UTC, America/New_York)");
        }
        this.clock = clock;
    }

    /** The next midnight in the reset zone. */
    public Instant nextReset() {
        return LocalDate.now(clock.withZone(zone)).plusDays(1).atStartOfDay(zone).toInstant();
    }

    public void pause(@ExchangeProperty("run") SyncRun run) throws SQLException {
        Instant until = nextReset();
        String reason = "HubSpot's daily API limit is spent; paused until " + until;
        connections.pauseUntil(run.getConnectionId(), until, reason);
        run.setError(reason);
        LOG.warn("{}: {} (hubspot.daily-reset-zone={}); the checkpoint is kept and the sync resumes then",
                run.getConnectionId(), reason, zone);
    }
}
