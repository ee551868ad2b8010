package io.hubsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

/**
 * An OAuth install of the emulator's app on one portal, as an app makes it: the consent redirect of
 * {@code /oauth/{portalId}/authorize} (not followed: the redirect URI is the app's), then the
 * authorization code exchanged at {@code /oauth/v1/token}. The token response.
 */
final class OAuthInstall {
    private static final String REDIRECT_URI = "http://localhost/bench-callback";
    private static final Pattern CODE = Pattern.compile("[?&]code=([^&]+)");

    private final String base;
    private final String clientId;
    private final String clientSecret;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper mapper = new ObjectMapper();

    OAuthInstall(String base, String clientId, String clientSecret) {
        this.base = base;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    JsonNode install(long portalId, String scope) throws IOException, InterruptedException {
        HttpResponse<String> consent = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/" + portalId
                + "/authorize?client_id=" + enc(clientId) + "&redirect_uri=" + enc(REDIRECT_URI) + "&scope=" + enc(scope)
                + "&state=bench")).timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        String location = consent.headers().firstValue("Location").orElse("");
        Matcher m = CODE.matcher(location);
        if (consent.statusCode() != 302 || !m.find()) {
            throw new IOException("The consent of portal " + portalId + " gave no code: " + consent.statusCode() + " "
                    + location);
        }
        String form = "grant_type=authorization_code&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret)
                + "&redirect_uri=" + enc(REDIRECT_URI) + "&code=" + m.group(1);
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base + "/oauth/v1/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (token.statusCode() != 200) {
            // the body names the error, never a token (HubSpot's error bodies carry none)
            throw new IOException("The token exchange of portal " + portalId + " answered " + token.statusCode() + ": "
                    + token.body());
        }
        return mapper.readTree(token.body());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
