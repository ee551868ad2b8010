package io.hubsync.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.api.ConnectLinks;
import io.hubsync.store.ConnectionStore;
import org.apache.camel.http.base.HttpOperationFailedException;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * The parts of HubSpot's OAuth install (docs/hubspot.md §5) that routes/oauth-install.camel.yaml calls: the
 * authorize URL with a signed state (once an admin's install link is verified), the token
 * request's form, the token-info path, storing the installation, and the pages the browser sees.
 * No page or log line holds a code, token or the client secret: pages show the connection, the
 * portal and HubSpot's error code only.
 */
public final class OAuthInstall {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String authorizeUrl;
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;
    private final String scopes;
    private final OAuthState states;
    private final ConnectLinks links;
    private final ConnectionStore connections;
    private final Clock clock = Clock.systemUTC();

    /**
     * @param authorizeUrl {@code hubspot.oauth.authorize-url}
     * @param publicUrl {@code server.public-url}: where browsers reach this server; the callback is below it
     * @param scopes {@code hubspot.oauth.scopes}, space-separated
     */
    public OAuthInstall(String authorizeUrl, String clientId, String clientSecret, String publicUrl, String scopes,
                        OAuthState states, ConnectLinks links, ConnectionStore connections) {
        this.authorizeUrl = authorizeUrl.trim();
        this.clientId = clientId == null ? "" : clientId.trim();
        this.clientSecret = clientSecret == null ? "" : clientSecret.trim();
        this.redirectUri = publicUrl.trim().replaceAll("/+$", "") + "/oauth/callback";
        this.scopes = String.join(" ", scopes.trim().split("\\s+"));
        this.states = states;
        this.links = links;
        this.connections = connections;
    }

    /**
     * Where {@code /oauth/connect} sends the browser once the admin's link is verified: HubSpot's
     * consent page, with a state that carries the link's consent to the callback.
     */
    public String authorizeUrl(ConnectLinks.Verified link) {
        requireConfigured();
        String connection = ConnectionStore.checkId(link.connection());
        try {
            if (connections.find(connection).filter(c -> !c.oauth()).isPresent()) {
                throw new OAuthRefused("Connection '" + connection + "' uses a private-app token, not OAuth: choose "
                        + "another name, or delete it first. Nothing was changed.");
            }
            if (!link.adoptRecords() && connections.leftovers(connection).any()) {
                throw new OAuthRefused("Connection '" + connection + "' cannot be installed yet: data of a deleted "
                        + "connection is kept under that name. hubsync's admin must delete it, or make a link that "
                        + "adopts it (only for the same HubSpot portal). Nothing was changed.");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Cannot read the connections: " + e.getMessage(), e);
        }
        String state;
        try {
            state = states.sign(link);
        } catch (IllegalArgumentException e) {
            throw new OAuthRefused(503, "This server cannot store OAuth tokens yet: " + e.getMessage());
        }
        return authorizeUrl + (authorizeUrl.contains("?") ? "&" : "?") + "client_id=" + enc(clientId)
                + "&redirect_uri=" + enc(redirectUri) + "&scope=" + enc(scopes) + "&state=" + enc(state);
    }

    /** HubSpot redirected with {@code error} (the user declined, an unknown scope): nothing to store. */
    public void declined(String error, String description) {
        throw new OAuthRefused("HubSpot did not grant access: " + plain(error)
                + (description == null || description.isBlank() ? "" : " (" + plain(description) + ")")
                + ". Nothing was stored.");
    }

    /** Text from a URL for a page and a log line: one line, not too long. */
    private static String plain(String s) {
        return io.hubsync.core.Quoted.oneLine(s, 200);
    }

    public String code(String code) {
        if (code == null || code.isBlank()) {
            throw new OAuthRefused("The callback has no code: open your install link again.");
        }
        return code;
    }

    /** The form body of the authorization-code grant. */
    public String tokenRequest(String code) {
        requireConfigured();
        return "grant_type=authorization_code&client_id=" + enc(clientId) + "&client_secret=" + enc(clientSecret)
                + "&redirect_uri=" + enc(redirectUri) + "&code=" + enc(code);
    }

    /** GET this below hubspot.base-url for the portal, hub domain and scopes of the token. */
    public String tokenInfoPath(Map<String, Object> tokens) {
        return "/oauth/v1/access-tokens/" + enc(required(tokens, "access_token"));
    }

    /**
     * Stores the installation (tokens encrypted); a reconnect of a NEEDS_REAUTH connection makes it
     * ACTIVE again. Spends the install link first, and gives it back when nothing was stored.
     */
    public ConnectionStore.Info save(OAuthState.Verified install, Map<String, Object> tokens, Map<String, Object> info)
            throws Exception {
        Object hubId = info.get("hub_id");
        if (!(hubId instanceof Number portal)) {
            throw new IllegalStateException("HubSpot's token information has no hub_id");
        }
        Object granted = info.get("scopes");
        String scopeList = granted instanceof Collection<?> c ? String.join(" ", c.stream().map(String::valueOf).toList())
                : null;
        Object expiresIn = tokens.get("expires_in");
        Instant expires = clock.instant().plusSeconds(expiresIn instanceof Number n ? n.longValue() : 1800);
        if (!links.spend(install.link())) {
            throw new OAuthRefused("This install link was used already by another install. Nothing was stored.");
        }
        try {
            connections.saveOAuth(install.connection(), portal.longValue(), (String) info.get("hub_domain"), scopeList,
                    required(tokens, "access_token"), required(tokens, "refresh_token"), expires,
                    install.link().adoptRecords());
        } catch (IllegalArgumentException e) {
            links.giveBack(install.link());
            throw new OAuthRefused(e.getMessage() + ". Nothing was stored.");
        } catch (Exception e) {
            links.giveBack(install.link());
            throw e;
        }
        return connections.get(install.connection());
    }

    public String installedPage(ConnectionStore.Info c) {
        return page("Connected", "hubsync is connected to HubSpot portal " + c.portalId()
                + (c.hubDomain() == null ? "" : " (" + escape(c.hubDomain()) + ")") + " as connection <b>"
                + escape(c.id()) + "</b>. Its records sync at the next scheduled run. You can close this page.");
    }

    /** The refusal behind an exception: Camel wraps what a method in an expression throws. */
    public OAuthRefused refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof OAuthRefused r) {
                return r;
            }
        }
        return new OAuthRefused(e.getClass().getSimpleName());
    }

    public String refusedPage(OAuthRefused e) {
        return page("Not connected", escape(e.getMessage()));
    }

    /**
     * What to show and log when a call to HubSpot failed: the status and HubSpot's error code and
     * message, never the exception's own text (its URI can hold a token).
     */
    public String failure(Exception e) {
        if (e instanceof HttpOperationFailedException h) {
            String detail = "";
            try {
                JsonNode body = JSON.readTree(h.getResponseBody() == null ? "" : h.getResponseBody());
                if (body != null && body.hasNonNull("status")) {
                    detail = " " + body.get("status").asText() + (body.hasNonNull("message")
                            ? ": " + plain(body.get("message").asText()) : "");
                }
            } catch (Exception ignored) {
                // not HubSpot's JSON: the status code says enough
            }
            return "HubSpot answered " + h.getStatusCode() + detail;
        }
        return e.getClass().getSimpleName();
    }

    public String failedPage(Exception e) {
        return page("Not connected", "The install could not be completed (" + escape(failure(e)) + "). Nothing was "
                + "stored; open your install link again.");
    }

    private void requireConfigured() {
        if (clientId.isEmpty() || clientSecret.isEmpty()) {
            throw new OAuthRefused(503, "OAuth is not set up on this server: set hubspot.oauth.client-id and "
                    + "hubspot.oauth.client-secret (export HUBSPOT_OAUTH_CLIENT_SECRET) to your HubSpot app's.");
        }
    }

    private static String required(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        if (!(v instanceof String s) || s.isBlank()) {
            throw new IllegalStateException("HubSpot's token answer has no " + key);
        }
        return s;
    }

    /** Form and query encoding, with spaces as %20 (HubSpot's scope list). */
    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }

    static String page(String title, String html) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>hubsync: " + title + "</title></head>"
                + "<body><h1>" + title + "</h1><p>" + html + "</p></body></html>";
    }

    @Override
    public String toString() {
        return "OAuthInstall[" + clientId + ", " + redirectUri + "]";
    }
}
