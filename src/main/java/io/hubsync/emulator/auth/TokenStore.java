package io.hubsync.emulator.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Every credential the emulator has issued: private-app tokens, auth codes, access and refresh tokens. */
public final class TokenStore {
    /** A private app installed in one portal. */
    public record PrivateApp(String token, long portalId, String appId, Set<String> scopes) { }

    /** An OAuth access token. */
    public record AccessToken(String token, long portalId, String clientId, long appId, long userId, Set<String> scopes,
                              long issuedAt, long expiresAt, String refreshToken) { }

    /** An OAuth refresh token: the installation of an app in a portal. */
    public record RefreshGrant(String token, long portalId, String clientId, long appId, long userId,
                               Set<String> scopes, boolean revoked) { }

    /** A one-time authorization code from the consent redirect. */
    public record AuthCode(String code, String clientId, String redirectUri, long portalId, Set<String> scopes,
                           long expiresAt) { }

    private static final SecureRandom RANDOM = new SecureRandom();

    final Map<String, PrivateApp> privateApps = new ConcurrentHashMap<>();
    final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
    final Map<String, AuthCode> codes = new ConcurrentHashMap<>();

    static String accessTokenValue() {
        byte[] b = new byte[96];
        RANDOM.nextBytes(b);
        // HubSpot's access tokens are opaque base64-ish strings starting with "C", up to 512 characters
        return "C" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String refreshTokenValue() {
        return "na1-" + UUID.randomUUID().toString().substring(0, 4) + "-" + UUID.randomUUID();
    }

    static String codeValue() {
        return UUID.randomUUID().toString();
    }

    public void clear() {
        privateApps.clear();
        accessTokens.clear();
        refreshTokens.clear();
        codes.clear();
    }
}
