package io.hubsync.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the emulator can be started with. Every field has a default that gives a working
 * HubSpot; {@link EmulatorMain} maps the CLI options onto these fields one to one.
 */
public final class EmulatorConfig {
    /** 0 picks a free port */
    public int port = 8089;
    public String host = "127.0.0.1";
    public int portals = 1;
    /** first portal id; the others follow */
    public long firstPortalId = 10_000_001L;
    public int contacts = 1_000;
    public int companies = 0;
    public int deals = 0;
    public int tickets = 0;
    /**
     * records of any standard type seeded per portal, by path name ({@code products=500}); the four
     * fields above win for their types
     */
    public Map<String, Integer> objects = new LinkedHashMap<>();
    /**
     * custom object schemas made per portal at start, by name, with that many records each
     * ({@code cars=12000}); their properties are {@code CustomObjects.sample}'s
     */
    public Map<String, Integer> customObjects = new LinkedHashMap<>();
    /** owners seeded per portal, the last fifth archived (ids 101–104, the seeded records' owners, stay live) */
    public int owners = 10;
    public long seed = 7;
    /** how many years back the seeded records were created */
    public int historyYears = 5;
    /** off, starter, professional, enterprise, pack, oauth, or a number per 10 s */
    public String rateLimits = "off";
    /** search requests a second per portal when rate limits are on (docs/hubspot.md §2) */
    public int searchPerSecond = 5;
    /**
     * private-app requests a day per portal when rate limits are on; 0 takes the tier's
     * (docs/hubspot.md §3; a numeric tier then has none). The day is the UTC day.
     */
    public long dailyLimit = 0;
    /** send Retry-After on 429s; whether HubSpot does is unverified ([U] docs/hubspot.md §3) */
    public boolean rateLimitRetryAfter = false;
    /** a fresh write reaches search only after this long ([U] in docs/hubspot.md §12) */
    public long indexDelayMillis = 2_000;
    /** a search page may not start at or beyond this offset */
    public int searchCap = 10_000;
    /** longest search request body in characters ([V] docs/hubspot.md §2 "Limits") */
    public int searchBodyLimit = 3_000;
    /** the private-app token of the first portal; the others get derived ones */
    public String privateAppToken = "pat-na1-11111111-2222-3333-4444-555555555555";
    public String clientId = "hubsync-emulator-client";
    public String clientSecret = "hubsync-emulator-secret";
    public long appId = 1_234_567L;
    public List<String> redirectUris = new ArrayList<>(List.of("*"));
    public long accessTokenTtlSeconds = 1_800;
    /** HubSpot keeps the refresh token on refresh by default ([C]); true issues a new one each time */
    public boolean rotateRefreshTokens = false;
    public String webhookUrl;
    /** outgoing webhook retries: at most this many, the first after webhookRetryBaseMillis, doubling */
    public int webhookMaxRetries = 10;
    public long webhookRetryBaseMillis = 1_000;
    /** each webhook batch is sent twice when true (HubSpot does not promise exactly once) */
    public boolean webhookDuplicates = false;
    /**
     * seeding associates each contact with a company (its primary one) when companies are seeded too, and
     * each custom object record with a contact
     */
    public boolean associateContactsWithCompanies = true;
    /** an association write also stamps both records' last-modified date (HubSpot's do not, docs/hubspot.md §14) */
    public boolean associationChangeBumpsModified = false;
    /** v4 association ids as JSON numbers, as HubSpot's examples show; false sends strings, as its spec says */
    public boolean associationIdsAsNumbers = true;
    /** associated records per input of a v4 batch/read page ([U] docs/hubspot.md §14) */
    public int associationBatchPageSize = 500;
    /** event loop threads of the HTTP server */
    public int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());

    public long portalId(int index) { return firstPortalId + index; }
}
