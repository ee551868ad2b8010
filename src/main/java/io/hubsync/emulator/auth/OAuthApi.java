package io.hubsync.emulator.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.Emulator;
import io.hubsync.emulator.EmulatorConfig;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.QueryString;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;
import io.hubsync.emulator.http.Router;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HubSpot's OAuth 2.0 endpoints (docs/hubspot.md §5): the consent page (which consents at once and
 * redirects), the token endpoint for authorization_code and refresh_token, token information,
 * introspection and revocation. Errors use HubSpot's body with {@code error}, {@code status}.
 */
public final class OAuthApi {
    /** [U] how long an authorization code lives; HubSpot does not document it */
    static final long CODE_TTL_MILLIS = 10 * 60_000L;

    private final Emulator emulator;
    private final AuthService auth;
    private final TokenStore tokens;
    private final EmulatorConfig config;

    public OAuthApi(Emulator emulator, AuthService auth) {
        this.emulator = emulator;
        this.auth = auth;
        this.tokens = auth.tokens();
        this.config = auth.config();
    }

    public void register(Router router) {
        Route.Kind pub = Route.Kind.PUBLIC;
        router.add("GET", "/oauth/authorize", "oauth.authorize", pub, null, this::authorize)
              .add("GET", "/oauth/{portalId}/authorize", "oauth.authorize", pub, null, this::authorize);
        for (String v : List.of("v1", "v3", "2026-03", "2026-09")) {
            router.add("POST", "/oauth/" + v + "/token", "oauth.token", pub, null, this::token);
        }
        router.add("GET", "/oauth/v1/access-tokens/{token}", "oauth.access-token-info", pub, null, this::accessInfo)
              .add("GET", "/oauth/v1/refresh-tokens/{token}", "oauth.refresh-token-info", pub, null, this::refreshInfo)
              .add("DELETE", "/oauth/v1/refresh-tokens/{token}", "oauth.refresh-token-revoke", pub, null,
                      this::revokeRefresh)
              .add("POST", "/oauth/v3/token/introspect", "oauth.introspect", pub, null, this::introspect)
              .add("POST", "/oauth/v3/token/revoke", "oauth.revoke", pub, null, this::revoke);
    }

    private static EmuResponse oauthError(String error, String status, String message) {
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("error", error);
        n.put("error_description", message);
        n.put("status", status);
        n.put("message", message);
        n.put("correlationId", java.util.UUID.randomUUID().toString());
        return HubSpotErrors.response(400, n);
    }

    private boolean redirectAllowed(String uri) {
        return uri != null && (config.redirectUris.contains("*") || config.redirectUris.contains(uri));
    }

    // ------------------------------------------------------------------ consent

    private EmuResponse authorize(EmuRequest req, RequestContext ctx) {
        String clientId = req.queryParam("client_id");
        String redirect = req.queryParam("redirect_uri");
        if (!config.clientId.equals(clientId)) {
            return EmuResponse.html(400, page("Unknown app", "No app has client_id '" + escape(clientId) + "'."));
        }
        if (!redirectAllowed(redirect)) {
            return EmuResponse.html(400, page("Redirect URI mismatch",
                    "'" + escape(redirect) + "' is not a redirect URI of this app."));
        }
        String state = req.queryParam("state");
        Set<String> scopes = AuthService.parseScopes(req.queryParam("scope"));
        Set<String> optional = AuthService.parseScopes(req.queryParam("optional_scope"));
        Set<String> known = Scopes.all();
        for (String s : scopes) {
            if (!known.contains(s)) {
                return EmuResponse.redirect(redirect + sep(redirect) + "error=invalid_scope&error_description="
                        + enc("Unknown scope " + s) + (state == null ? "" : "&state=" + enc(state)));
            }
        }
        for (String s : optional) {
            if (known.contains(s)) {
                scopes.add(s);
            }
        }
        scopes.add("oauth");
        long portalId;
        String pinned = req.pathParam("portalId") != null ? req.pathParam("portalId") : req.queryParam("portal");
        if (pinned != null) {
            try {
                portalId = Long.parseLong(pinned);
            } catch (NumberFormatException e) {
                portalId = -1;
            }
            if (emulator.portal(portalId) == null) {
                return EmuResponse.redirect(redirect + sep(redirect) + "error=access_denied&error_description="
                        + enc("missing or unknown hub id") + (state == null ? "" : "&state=" + enc(state)));
            }
        } else {
            portalId = emulator.config().portalId(0);
        }
        String code = TokenStore.codeValue();
        tokens.codes.put(code, new TokenStore.AuthCode(code, clientId, redirect, portalId, Set.copyOf(scopes),
                auth.clock().now() + CODE_TTL_MILLIS));
        return EmuResponse.redirect(redirect + sep(redirect) + "code=" + enc(code)
                + (state == null ? "" : "&state=" + enc(state)));
    }

    // ------------------------------------------------------------------ token endpoint

    private EmuResponse token(EmuRequest req, RequestContext ctx) {
        Map<String, List<String>> form = QueryString.parse(req.bodyText());
        // v1 also takes client_secret and refresh_token in the query string [V SPEC]
        req.query().forEach(form::putIfAbsent);
        String grant = first(form, "grant_type");
        String clientId = first(form, "client_id");
        String secret = first(form, "client_secret");
        if (!config.clientId.equals(clientId)) {
            return oauthError("invalid_client", "BAD_CLIENT_ID", "missing or unknown client id");
        }
        if (!config.clientSecret.equals(secret)) {
            return oauthError("invalid_client", "BAD_CLIENT_SECRET", "missing or invalid client secret");
        }
        if ("authorization_code".equals(grant)) {
            String code = first(form, "code");
            TokenStore.AuthCode ac = code == null ? null : tokens.codes.remove(code);
            if (ac == null || auth.clock().now() > ac.expiresAt() || !ac.clientId().equals(clientId)) {
                return oauthError("invalid_grant", "BAD_AUTH_CODE", "missing or invalid auth code");
            }
            if (!ac.redirectUri().equals(first(form, "redirect_uri"))) {
                return oauthError("invalid_grant", "BAD_REDIRECT_URI", "redirect_uri does not match the one "
                        + "used to obtain the authorization code");
            }
            String refresh = TokenStore.refreshTokenValue();
            long userId = 200_000 + ac.portalId() % 100_000;
            TokenStore.RefreshGrant grantRow = new TokenStore.RefreshGrant(refresh, ac.portalId(), clientId,
                    config.appId, userId, ac.scopes(), false);
            tokens.refreshTokens.put(refresh, grantRow);
            return issue(grantRow);
        }
        if ("refresh_token".equals(grant)) {
            String refresh = first(form, "refresh_token");
            TokenStore.RefreshGrant g = refresh == null ? null : tokens.refreshTokens.get(refresh);
            if (g == null || g.revoked() || !g.clientId().equals(clientId)) {
                return oauthError("invalid_grant", "BAD_REFRESH_TOKEN", "refresh token is invalid, expired or revoked");
            }
            if (config.rotateRefreshTokens) {
                tokens.refreshTokens.remove(refresh);
                String next = TokenStore.refreshTokenValue();
                g = new TokenStore.RefreshGrant(next, g.portalId(), g.clientId(), g.appId(), g.userId(), g.scopes(),
                        false);
                tokens.refreshTokens.put(next, g);
            }
            return issue(g);
        }
        return oauthError("unsupported_grant_type", "BAD_GRANT_TYPE", "grant_type must be authorization_code or "
                + "refresh_token, got '" + grant + "'");
    }

    private EmuResponse issue(TokenStore.RefreshGrant g) {
        long now = auth.clock().now();
        String access = TokenStore.accessTokenValue();
        tokens.accessTokens.put(access, new TokenStore.AccessToken(access, g.portalId(), g.clientId(), g.appId(),
                g.userId(), g.scopes(), now, now + config.accessTokenTtlSeconds * 1000, g.token()));
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("token_type", "bearer");
        n.put("refresh_token", g.token());
        n.put("access_token", access);
        n.put("expires_in", config.accessTokenTtlSeconds);
        n.put("token_use", "access_token");
        n.put("hub_id", g.portalId());
        n.put("user_id", g.userId());
        var scopes = n.putArray("scopes");
        g.scopes().forEach(scopes::add);
        return EmuResponse.json(200, n.toString());
    }

    // ------------------------------------------------------------------ token information

    private EmuResponse accessInfo(EmuRequest req, RequestContext ctx) {
        TokenStore.AccessToken t = tokens.accessTokens.get(req.pathParam("token"));
        long now = auth.clock().now();
        if (t == null || now >= t.expiresAt()) {
            // [U] HubSpot's body for an unknown or expired token on this endpoint
            return HubSpotErrors.response(404, HubSpotErrors.body("The access token is invalid or expired",
                    "OBJECT_NOT_FOUND"));
        }
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("token", t.token());
        n.put("user", "user" + t.userId() + "@example.com");
        n.put("hub_domain", "portal-" + t.portalId() + ".example.com");
        var scopes = n.putArray("scopes");
        t.scopes().forEach(scopes::add);
        ObjectNode signed = n.putObject("signed_access_token");
        signed.put("expiresAt", t.expiresAt());
        signed.put("hubId", t.portalId());
        signed.put("userId", t.userId());
        signed.put("appId", t.appId());
        signed.put("hublet", "na1");
        signed.put("isUserLevel", false);
        // opaque in HubSpot; the fields the documented example has (docs/hubspot.md §5) must be present
        signed.put("scopes", Base64.getEncoder().encodeToString(String.join(" ", t.scopes())
                .getBytes(StandardCharsets.UTF_8)));
        signed.put("signature", opaque("signature", t.token()));
        signed.put("newSignature", opaque("newSignature", t.token()));
        signed.put("scopeToScopeGroupPks", opaque("scopeToScopeGroupPks", String.join(" ", t.scopes())));
        signed.put("trialScopes", "");
        signed.put("trialScopeToScopeGroupPks", "");
        n.put("hub_id", t.portalId());
        n.put("app_id", t.appId());
        n.put("expires_in", Math.max(0, (t.expiresAt() - now) / 1000));
        n.put("user_id", t.userId());
        n.put("token_type", "access");
        n.put("is_private_distribution", false);
        return EmuResponse.json(200, n.toString());
    }

    private EmuResponse refreshInfo(EmuRequest req, RequestContext ctx) {
        TokenStore.RefreshGrant g = tokens.refreshTokens.get(req.pathParam("token"));
        if (g == null || g.revoked()) {
            return HubSpotErrors.response(404, HubSpotErrors.body("The refresh token is invalid or revoked",
                    "OBJECT_NOT_FOUND"));
        }
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("token", g.token());
        n.put("user", "user" + g.userId() + "@example.com");
        n.put("hub_domain", "portal-" + g.portalId() + ".example.com");
        var scopes = n.putArray("scopes");
        g.scopes().forEach(scopes::add);
        n.put("hub_id", g.portalId());
        n.put("client_id", g.clientId());
        n.put("user_id", g.userId());
        // [U] the value HubSpot puts here
        n.put("token_type", "refresh");
        return EmuResponse.json(200, n.toString());
    }

    /** Revokes a refresh token; access tokens already issued stay valid until they expire [V DOCS v1]. */
    private EmuResponse revokeRefresh(EmuRequest req, RequestContext ctx) {
        TokenStore.RefreshGrant g = tokens.refreshTokens.get(req.pathParam("token"));
        if (g == null) {
            return HubSpotErrors.response(404, HubSpotErrors.body("The refresh token is invalid", "OBJECT_NOT_FOUND"));
        }
        tokens.refreshTokens.put(g.token(), new TokenStore.RefreshGrant(g.token(), g.portalId(), g.clientId(),
                g.appId(), g.userId(), g.scopes(), true));
        return EmuResponse.noContent();
    }

    private EmuResponse introspect(EmuRequest req, RequestContext ctx) {
        Map<String, List<String>> form = QueryString.parse(req.bodyText());
        if (!config.clientId.equals(first(form, "client_id")) || !config.clientSecret.equals(first(form, "client_secret"))) {
            return oauthError("invalid_client", "BAD_CLIENT_ID", "missing or unknown client id");
        }
        String token = first(form, "token");
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        TokenStore.AccessToken at = token == null ? null : tokens.accessTokens.get(token);
        TokenStore.RefreshGrant rg = token == null ? null : tokens.refreshTokens.get(token);
        long now = auth.clock().now();
        if (at != null && now < at.expiresAt()) {
            n.put("active", true);
            n.put("client_id", at.clientId());
            n.put("token_use", "access_token");
            n.put("token_type", "Bearer");
            n.put("hub_id", at.portalId());
            n.put("user_id", at.userId());
            n.put("exp", at.expiresAt() / 1000);
            n.put("scope", String.join(" ", at.scopes()));
        } else if (rg != null && !rg.revoked()) {
            n.put("active", true);
            n.put("client_id", rg.clientId());
            n.put("token_use", "refresh_token");
            n.put("token_type", "Bearer");
            n.put("hub_id", rg.portalId());
            n.put("user_id", rg.userId());
            n.put("scope", String.join(" ", rg.scopes()));
        } else {
            n.put("active", false);
        }
        return EmuResponse.json(200, n.toString());
    }

    private EmuResponse revoke(EmuRequest req, RequestContext ctx) {
        Map<String, List<String>> form = QueryString.parse(req.bodyText());
        if (!config.clientId.equals(first(form, "client_id")) || !config.clientSecret.equals(first(form, "client_secret"))) {
            return oauthError("invalid_client", "BAD_CLIENT_ID", "missing or unknown client id");
        }
        String token = first(form, "token");
        TokenStore.RefreshGrant g = token == null ? null : tokens.refreshTokens.get(token);
        if (g != null) {
            tokens.refreshTokens.put(g.token(), new TokenStore.RefreshGrant(g.token(), g.portalId(), g.clientId(),
                    g.appId(), g.userId(), g.scopes(), true));
        } else if (token != null) {
            tokens.accessTokens.remove(token);
        }
        return EmuResponse.json(200, "{}");
    }

    // ------------------------------------------------------------------ helpers

    private static String first(Map<String, List<String>> form, String key) {
        List<String> v = form.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** A stable base64 stand-in for one of HubSpot's opaque signed-token fields. */
    private static String opaque(String field, String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((field + ':' + value).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sep(String uri) { return uri.contains("?") ? "&" : "?"; }

    private static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }

    private static String page(String title, String text) {
        return "<!doctype html><html><head><title>" + title + "</title></head><body><h1>" + title + "</h1><p>"
                + text + "</p></body></html>";
    }
}
