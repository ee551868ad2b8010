package io.hubsync.auth;

import io.hubsync.core.Durations;
import io.hubsync.store.ConnectionStore;
import io.hubsync.store.TokenStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * OAuth access tokens of connections (docs/behavior.md rule 9). A token comes from memory while more than
 * {@code hubspot.oauth.refresh-before} of it remains; then one thread per connection (single
 * flight: the others wait for its result) reads the stored tokens, and if they are short too,
 * refreshes them holding the connection's row lock, so that one node at a time refreshes and a
 * node that waited uses what the first one stored. A refused refresh token marks the connection
 * NEEDS_REAUTH once; after that its callers fail at once without calling HubSpot.
 */
public final class OAuthTokens implements AccessTokens {
    private static final Logger LOG = LoggerFactory.getLogger(OAuthTokens.class);
    /** How often a wait for another node's refresh may run into the database's lock timeout. */
    private static final int LOCK_ATTEMPTS = 10;

    private final ConnectionStore connections;
    private final TokenStore tokens;
    private final TokenEndpoint endpoint;
    private final long refreshBeforeMillis;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<String>> inFlight = new ConcurrentHashMap<>();

    /**
     * A token in memory, for the portal it was granted for; {@code rejected} when HubSpot answered
     * EXPIRED_AUTHENTICATION to it.
     */
    private record Cached(String token, Instant expiresAt, boolean rejected, Long portalId) {
        @Override
        public String toString() {
            return "Cached[expires " + expiresAt + (rejected ? ", rejected" : "") + "]";
        }
    }

    /** What the locked step decided: a token to use, or HubSpot's reason for NEEDS_REAUTH. */
    private record Outcome(String token, Instant expiresAt, String refused, Long portalId) {
        @Override
        public String toString() {
            return "Outcome[expires " + expiresAt + ", refused " + refused + "]";
        }
    }

    /** @param refreshBefore {@code hubspot.oauth.refresh-before}, e.g. 5m */
    public OAuthTokens(ConnectionStore connections, TokenStore tokens, TokenEndpoint endpoint, String refreshBefore) {
        this(connections, tokens, endpoint, Durations.millis("hubspot.oauth.refresh-before", refreshBefore),
                Clock.systemUTC());
    }

    public OAuthTokens(ConnectionStore connections, TokenStore tokens, TokenEndpoint endpoint, long refreshBeforeMillis,
                       Clock clock) {
        this.connections = connections;
        this.tokens = tokens;
        this.endpoint = endpoint;
        this.refreshBeforeMillis = refreshBeforeMillis;
        this.clock = clock;
    }

    @Override
    public String accessToken(String connectionId) {
        return accessToken(connectionId, ConnectionStore.OAUTH, null);
    }

    /** @param portalId the portal the caller syncs (null: any); a token of another install is not used */
    @Override
    public String accessToken(String connectionId, String authType, Long portalId) {
        Cached c = cache.get(connectionId);
        if (c != null && !c.rejected() && fresh(c.expiresAt()) && samePortal(c.portalId(), portalId)) {
            return c.token();
        }
        return singleFlight(connectionId, portalId);
    }

    private static boolean samePortal(Long remembered, Long wanted) {
        return wanted == null || wanted.equals(remembered);
    }

    /**
     * HubSpot answered 401 EXPIRED_AUTHENTICATION to {@code token} (null: the token is not known):
     * the next {@link #accessToken} refreshes, whatever the stored expiry says, unless another
     * thread has replaced that token already.
     */
    public void rejected(String connectionId, String token) {
        cache.compute(connectionId, (id, c) -> {
            if (c == null) {
                return token == null ? null : new Cached(token, Instant.EPOCH, true, null);
            }
            return token == null || c.token().equals(token) ? new Cached(c.token(), c.expiresAt(), true, c.portalId())
                    : c;
        });
    }

    /** One refresh per connection in this process; the threads that arrive meanwhile wait for its result. */
    private String singleFlight(String connectionId, Long portalId) {
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = inFlight.putIfAbsent(connectionId, mine);
        if (running != null) {
            return await(running);
        }
        try {
            String token = load(connectionId, portalId);
            mine.complete(token);
            return token;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(connectionId, mine);
        }
    }

    private static String await(CompletableFuture<String> running) {
        try {
            return running.get();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a token refresh", e);
        }
    }

    /** Memory, then the stored tokens, then a refresh under the row lock. */
    private String load(String id, Long portalId) {
        Cached c = cache.get(id);
        if (c != null && !c.rejected() && fresh(c.expiresAt()) && samePortal(c.portalId(), portalId)) {
            return c.token(); // the flight before this one has just brought it
        }
        String rejected = c != null && c.rejected() ? c.token() : null;
        try {
            ConnectionStore.Info info = connections.get(id);
            if (ConnectionStore.NEEDS_REAUTH.equals(info.status())) {
                throw new NeedsReauthException(id, String.valueOf(info.statusReason()));
            }
            if (!info.oauth()) {
                throw new IllegalArgumentException("connection '" + id + "' is not an OAuth connection");
            }
            if (!samePortal(info.portalId(), portalId)) {
                cache.remove(id);
                throw new IllegalStateException("connection '" + id + "' was installed again, for portal "
                        + info.portalId() + ", while a run for portal " + portalId + " was under way; that run stops");
            }
            TokenStore.Tokens stored = tokens.tokens(id);
            if (usable(stored.accessToken(), stored.expiresAt(), rejected)) {
                return remember(id, stored.accessToken(), stored.expiresAt(), info.portalId());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the tokens of connection " + id + ": " + e.getMessage(), e);
        }
        Outcome o = refreshLocked(id, rejected);
        if (o.refused() != null) {
            cache.remove(id);
            throw new NeedsReauthException(id, o.refused());
        }
        return remember(id, o.token(), o.expiresAt(), o.portalId());
    }

    private String remember(String id, String token, Instant expiresAt, Long portalId) {
        cache.put(id, new Cached(token, expiresAt, false, portalId));
        return token;
    }

    /**
     * Holding the row lock: the tokens as now committed (another node may have refreshed while this
     * one waited), and only if they are short too, the refresh, stored before the lock is released.
     */
    private Outcome refreshLocked(String id, String rejected) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tokens.withTokenLock(id, locked -> {
                    ConnectionStore.Info info = locked.info();
                    if (ConnectionStore.NEEDS_REAUTH.equals(info.status())) {
                        return new Outcome(null, null, String.valueOf(info.statusReason()), null); // another node found out
                    }
                    TokenStore.Tokens current = locked.current();
                    if (usable(current.accessToken(), current.expiresAt(), rejected)) {
                        return new Outcome(current.accessToken(), current.expiresAt(), null, info.portalId());
                    }
                    if (current.refreshToken() == null) {
                        locked.needsReauth("no refresh token stored");
                        return refused(id, "it has no refresh token stored");
                    }
                    Instant asked = clock.instant();
                    TokenResponse r;
                    try {
                        r = endpoint.refresh(id, current.refreshToken());
                    } catch (TokenEndpoint.RefreshRefused e) {
                        locked.needsReauth(e.getMessage());
                        return refused(id, e.getMessage());
                    }
                    Instant expiresAt = asked.plusSeconds(r.getExpiresIn());
                    // HubSpot may hand out a new refresh token: always keep the newest
                    String refresh = r.getRefreshToken() == null || r.getRefreshToken().isBlank()
                            ? current.refreshToken() : r.getRefreshToken();
                    locked.store(r.getAccessToken(), refresh, expiresAt);
                    return new Outcome(r.getAccessToken(), expiresAt, null, info.portalId());
                });
            } catch (SQLException e) {
                if (lockTimeout(e) && attempt < LOCK_ATTEMPTS) {
                    LOG.debug("{}: still waiting for another node's token refresh ({})", id, e.getMessage());
                    continue;
                }
                throw new IllegalStateException("Cannot refresh the tokens of connection " + id + ": "
                        + e.getMessage(), e);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Cannot refresh the tokens of connection " + id + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** The one line a refused refresh token logs, on the node that found out. */
    private static Outcome refused(String id, String reason) {
        LOG.error("Connection '{}' needs re-authorization: {}. Its syncs are stopped (status NEEDS_REAUTH); {}", id,
                reason, NeedsReauthException.reconnectHint(id));
        return new Outcome(null, null, reason, null);
    }

    /** H2's lock timeout (HYT00) or PostgreSQL's lock_not_available (55P03). */
    private static boolean lockTimeout(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && ("HYT00".equals(s.getSQLState()) || "55P03".equals(s.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    private boolean usable(String token, Instant expiresAt, String rejected) {
        return token != null && !token.equals(rejected) && expiresAt != null && fresh(expiresAt);
    }

    private boolean fresh(Instant expiresAt) {
        return expiresAt.toEpochMilli() - refreshBeforeMillis > clock.millis();
    }

    @Override
    public String toString() {
        return "OAuthTokens[" + cache.size() + " cached]";
    }
}
