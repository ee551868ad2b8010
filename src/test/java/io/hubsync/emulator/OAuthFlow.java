package io.hubsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Walks the emulator's OAuth flow as an app would: the consent redirect (read with a client that
 * does not follow redirects, since the redirect URI is the app's, not the emulator's), then the
 * token endpoint with a form body. Shared by every test that needs an OAuth token.
 */
public final class OAuthFlow {
    static final String REDIRECT_URI = "http://localhost/cb";
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

    private final EmulatorFixture emu;
    private final HttpClient noRedirects = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    public final String clientId;
    public final String clientSecret;

    public OAuthFlow(EmulatorFixture emu) {
        this.emu = emu;
        JsonNode app = emu.admin("GET", "/portals", null).json().get("oauth");
        this.clientId = app.get("clientId").asText();
        this.clientSecret = app.get("clientSecret").asText();
    }

    /** The authorization code from the consent redirect, after checking the redirect itself. */
    public String code(String scope) {
        String path = "/oauth/authorize?client_id=" + enc(clientId) + "&redirect_uri=" + enc(REDIRECT_URI)
                + "&scope=" + enc(scope) + "&state=x";
        try {
            HttpResponse<String> r = noRedirects.send(HttpRequest.newBuilder(URI.create(emu.base + path)).GET()
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(302, r.statusCode(), r.body());
            String location = r.headers().firstValue("Location").orElseThrow();
            assertTrue(location.startsWith(REDIRECT_URI + "?"), location);
            assertTrue(location.contains("state=x"), location);
            Matcher m = CODE.matcher(location);
            assertTrue(m.find(), location);
            return m.group(1);
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** POSTs a form to the token endpoint of one version ({@code v1}, {@code v3}). */
    public EmulatorFixture.Reply token(String version, String form) {
        return emu.send("POST", "/oauth/" + version + "/token", form, null, "application/x-www-form-urlencoded");
    }

    public String authorizationCodeForm(String code) {
        return "grant_type=authorization_code&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret)
                + "&redirect_uri=" + enc(REDIRECT_URI) + "&code=" + enc(code);
    }

    public String refreshForm(String refreshToken) {
        return "grant_type=refresh_token&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret)
                + "&refresh_token=" + enc(refreshToken);
    }

    /** A fresh token response for the scope, through the whole flow on {@code /oauth/v1/token}. */
    public JsonNode tokens(String scope) {
        EmulatorFixture.Reply r = token("v1", authorizationCodeForm(code(scope)));
        assertEquals(200, r.status(), r.body());
        return r.json();
    }

    /** A fresh access token for the scope, through the whole flow. */
    public String accessToken(String scope) {
        return tokens(scope).get("access_token").asText();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
