package io.hubsync.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.core.SyncRun;
import io.hubsync.core.TokenCipher;
import io.hubsync.emulator.EmulatorConfig;
import io.hubsync.emulator.EmulatorFixture;
import io.hubsync.emulator.OAuthFlow;
import io.hubsync.store.ConnectionStore;
import io.hubsync.sync.SyncHarness;
import io.hubsync.sync.SyncMain;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * An emulator and the sync (camel-main, the YAML routes, an H2 file database) set up for OAuth
 * connections: the emulator's app as hubspot.oauth.client-id/-secret, a fresh db.token-key, no
 * private-app token. Connections are installed through the emulator's consent and token endpoints.
 */
final class OAuthFixture implements AutoCloseable {
    static final String CONTACTS_READ = "crm.objects.contacts.read";
    /** what application.properties stores for contacts, plus what every run adds (as BackfillAndIncrementalTest) */
    static final List<String> STORED = List.of("hs_object_id", "createdate", "hs_merged_object_ids", "lastmodifieddate",
            "email", "firstname", "lastname", "phone", "mobilephone", "company", "jobtitle", "lifecyclestage",
            "hs_lead_status", "city", "state", "country", "hubspot_owner_id");

    final EmulatorFixture emu;
    final OAuthFlow flow;
    final SyncHarness sync;
    final String tokenKey = TokenCipher.newKey();

    OAuthFixture(Consumer<EmulatorConfig> tune) {
        emu = new EmulatorFixture(tune);
        flow = new OAuthFlow(emu);
        sync = new SyncHarness(emu)
                .set("hubspot.access-token", "")
                .set("db.token-key", tokenKey)
                .set("hubspot.oauth.client-id", flow.clientId)
                .set("hubspot.oauth.client-secret", flow.clientSecret);
    }

    OAuthFixture start() throws Exception {
        sync.start();
        return this;
    }

    ConnectionStore connections() {
        return sync.context().getRegistry().lookupByNameAndType("connections", ConnectionStore.class);
    }

    io.hubsync.store.TokenStore tokenStore() {
        return sync.context().getRegistry().lookupByNameAndType("tokenStore", io.hubsync.store.TokenStore.class);
    }

    io.hubsync.store.ConnectionStatus connectionStatus() {
        return sync.context().getRegistry().lookupByNameAndType("connectionStatus", io.hubsync.store.ConnectionStatus.class);
    }

    OAuthTokens tokens() {
        return sync.context().getRegistry().lookupByNameAndType("oauthTokens", OAuthTokens.class);
    }

    /**
     * Installs the emulator's app as connection {@code name}; {@code storedExpiry} null stores the
     * expiry the token endpoint gave, else that instant (in the past: the next use refreshes).
     * The emulator's request counts start from zero afterwards.
     */
    JsonNode install(String name, String scope, Instant storedExpiry) throws Exception {
        JsonNode t = flow.tokens(scope);
        Instant expiry = storedExpiry != null ? storedExpiry : Instant.now().plusSeconds(t.get("expires_in").asLong());
        connections().saveOAuth(name, t.get("hub_id").asLong(), "portal.example.com", scope,
                t.get("access_token").asText(), t.get("refresh_token").asText(), expiry);
        emu.emulator.stats().reset();
        return t;
    }

    long tokenRequests() {
        return emu.emulator.stats().count("oauth.token", 0, 0);
    }

    /** One run per due connection, failed ones included. */
    List<SyncRun> runOnce() {
        return SyncMain.runOnce(sync.context());
    }

    @Override
    public void close() {
        sync.close();
        emu.close();
    }
}
