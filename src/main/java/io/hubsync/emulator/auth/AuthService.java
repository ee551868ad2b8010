package io.hubsync.emulator.auth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.EmulatorClock;
import io.hubsync.emulator.EmulatorConfig;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;

import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who is calling: checks the bearer token of every API request against the private-app tokens and
 * the OAuth access tokens the emulator issued, answering HubSpot's 401 and 403 bodies (docs/hubspot.md §4).
 */
public final class AuthService {
    static final String NOT_FOUND_MESSAGE = "Authentication credentials not found. This API supports OAuth 2.0 "
            + "authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview";

    private final EmulatorConfig config;
    private final EmulatorClock clock;
    private final TokenStore tokens = new TokenStore();

    public AuthService(EmulatorConfig config, EmulatorClock clock) {
        this.config = config;
        this.clock = clock;
    }

    public TokenStore tokens() { return tokens; }
    public EmulatorConfig config() { return config; }
    public EmulatorClock clock() { return clock; }

    /** Installs a private app with every scope in a portal; the first portal gets the configured token. */
    public String addPortal(long portalId, int index) {
        String token = index == 0 ? config.privateAppToken : derivedToken(portalId);
        tokens.privateApps.put(token, new TokenStore.PrivateApp(token, portalId, "private-" + portalId, Scopes.all()));
        return token;
    }

    /** A private-app token with only the given scopes (to provoke MISSING_SCOPES). */
    public String addPrivateApp(long portalId, Set<String> scopes) {
        String token = "pat-na1-" + java.util.UUID.randomUUID();
        tokens.privateApps.put(token, new TokenStore.PrivateApp(token, portalId, "private-" + portalId + "-"
                + token.substring(8, 16), Set.copyOf(scopes)));
        return token;
    }

    public String privateAppToken(long portalId) {
        for (TokenStore.PrivateApp a : tokens.privateApps.values()) {
            if (a.portalId() == portalId && a.scopes().containsAll(Scopes.all())) {
                return a.token();
            }
        }
        return null;
    }

    private String derivedToken(long portalId) {
        // deterministic per seed and portal, shaped like HubSpot's pat-na1-<uuid>
        String hex = HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16)
                .putLong(config.seed * 0x9E3779B97F4A7C15L ^ portalId).putLong(portalId * 0xBF58476D1CE4E5B9L).array());
        return "pat-na1-" + hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }

    /**
     * Fills the context from the request's bearer token; null when the call may proceed, else the
     * 401 or 403 response to send.
     */
    public EmuResponse authenticate(EmuRequest req, RequestContext ctx, String requiredScope) {
        String header = req.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return unauthorized(HubSpotErrors.body(NOT_FOUND_MESSAGE, "INVALID_AUTHENTICATION"));
        }
        String token = header.substring(7).trim();
        TokenStore.PrivateApp app = tokens.privateApps.get(token);
        if (app != null) {
            ctx.authenticated(app.portalId(), app.appId(), "private-app", app.scopes());
            return scopeCheck(ctx, requiredScope);
        }
        TokenStore.AccessToken at = tokens.accessTokens.get(token);
        if (at == null) {
            return unauthorized(HubSpotErrors.body(NOT_FOUND_MESSAGE, "INVALID_AUTHENTICATION"));
        }
        long now = clock.now();
        if (now >= at.expiresAt()) {
            return expired(at.expiresAt(), now);
        }
        ctx.authenticated(at.portalId(), "oauth-" + at.appId(), "oauth", at.scopes());
        return scopeCheck(ctx, requiredScope);
    }

    /** HubSpot's 401 for an expired OAuth token, with the age in the largest whole unit. */
    public static EmuResponse expired(long expiresAt, long now) {
        long secs = Math.max(0, (now - expiresAt) / 1000);
        String age = secs < 120 ? secs + " second(s)" : secs < 7200 ? secs / 60 + " minute(s)"
                : secs < 172_800 ? secs / 3600 + " hour(s)" : secs / 86_400 + " day(s)";
        ObjectNode body = HubSpotErrors.body("The OAuth token used to make this call expired " + age + " ago.",
                "EXPIRED_AUTHENTICATION");
        body.putObject("context").putArray("expire time").add(Instant.ofEpochMilli(expiresAt).toString());
        return unauthorized(body);
    }

    private static EmuResponse unauthorized(ObjectNode body) {
        return HubSpotErrors.response(401, body).header("x-hubspot-auth-failure", "401 Unauthorized");
    }

    /**
     * {@code requiredScope} may list alternatives as {@code a|b}: any one of them will do; and several
     * such groups separated by spaces, each needed (an association read needs both types' scopes, [U]
     * docs/hubspot.md §14): the 403 names the first group not held.
     */
    private static EmuResponse scopeCheck(RequestContext ctx, String requiredScope) {
        if (requiredScope == null) {
            return null;
        }
        for (String group : requiredScope.trim().split(" +")) {
            EmuResponse refused = scopeCheck(ctx, List.of(group.split("\\|")));
            if (refused != null) {
                return refused;
            }
        }
        return null;
    }

    private static EmuResponse scopeCheck(RequestContext ctx, List<String> anyOf) {
        if (anyOf.stream().anyMatch(ctx.scopes()::contains)) {
            return null;
        }
        ObjectNode body = HubSpotErrors.body("This app hasn't been granted all required scopes to make this call. "
                + "Read more about required scopes here: https://developers.hubspot.com/scopes.", "MISSING_SCOPES");
        ArrayNode errors = body.putArray("errors");
        ObjectNode e = errors.addObject();
        e.put("message", "One or more of the following scopes are required.");
        ArrayNode required = e.putObject("context").putArray("requiredGranularScopes");
        anyOf.forEach(required::add);
        body.putObject("links").put("scopes", "https://developers.hubspot.com/scopes");
        return HubSpotErrors.response(403, body);
    }

    /** Ends every access token of a portal now (to provoke 401 EXPIRED_AUTHENTICATION mid-run). */
    public int expireAccessTokens(long portalId) {
        long now = clock.now();
        int n = 0;
        for (TokenStore.AccessToken t : List.copyOf(tokens.accessTokens.values())) {
            if (portalId == 0 || t.portalId() == portalId) {
                tokens.accessTokens.put(t.token(), new TokenStore.AccessToken(t.token(), t.portalId(), t.clientId(),
                        t.appId(), t.userId(), t.scopes(), t.issuedAt(), Math.min(t.expiresAt(), now), t.refreshToken()));
                n++;
            }
        }
        return n;
    }

    static Set<String> parseScopes(String s) {
        Set<String> out = new LinkedHashSet<>();
        if (s != null) {
            for (String p : s.trim().split("[\\s+]+")) {
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
