package io.hubsync.emulator;

import io.hubsync.core.Settings;
import io.hubsync.emulator.http.EmulatorServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import io.hubsync.emulator.crm.ObjectType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code hubsync emulator}: a stateful HubSpot on a local port, until Ctrl-C. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Serves a stateful, in-memory HubSpot on real HTTP: portals, OAuth, CRM objects, search,",
            "rate limits, faults and outgoing webhooks. Admin API under /_emulator/."})
public final class EmulatorMain implements Callable<Integer> {
    @Option(names = "--port", description = "HTTP port, 0 for a free one (default: ${DEFAULT-VALUE})")
    int port = 8089;
    @Option(names = "--host", description = "address to listen on (default: ${DEFAULT-VALUE})")
    String host = "127.0.0.1";
    @Option(names = "--portals", description = "number of portals (default: ${DEFAULT-VALUE})")
    int portals = 1;
    @Option(names = "--contacts", description = "contacts seeded per portal (default: ${DEFAULT-VALUE})")
    int contacts = 1_000;
    @Option(names = "--companies", description = "companies seeded per portal (default: ${DEFAULT-VALUE})")
    int companies = 0;
    @Option(names = "--deals", description = "deals seeded per portal (default: ${DEFAULT-VALUE})")
    int deals = 0;
    @Option(names = "--tickets", description = "tickets seeded per portal (default: ${DEFAULT-VALUE})")
    int tickets = 0;
    @Option(names = "--objects", split = ",", paramLabel = "TYPE=N",
            description = "records of other standard types seeded per portal, e.g. products=500,calls=2000; "
                    + "any of products, line_items, quotes, calls, emails, meetings, notes, tasks, communications, "
                    + "postal_mail, leads (the four above have their own options)")
    Map<String, Integer> objects = new LinkedHashMap<>();
    @Option(names = "--custom-object", paramLabel = "NAME=N",
            description = "a custom object schema made per portal with N records (each associated with a contact), "
                    + "repeatable, e.g. cars=12000")
    Map<String, Integer> customObjects = new LinkedHashMap<>();
    @Option(names = "--owners", description = "owners seeded per portal, a fifth of them archived (default: ${DEFAULT-VALUE})")
    int owners = 10;
    @Option(names = "--seed", description = "seed for the generated data; same seed, same portal (default: ${DEFAULT-VALUE})")
    long seed = 7;
    @Option(names = "--rate-limits", description = "off, starter, professional, enterprise, pack, oauth, or requests "
            + "per 10 s (default: ${DEFAULT-VALUE})")
    String rateLimits = "off";
    @Option(names = "--search-per-second", description = "search requests a second per portal when rate limits are on "
            + "(default: ${DEFAULT-VALUE})")
    int searchPerSecond = 5;
    @Option(names = "--daily-limit", description = "private-app requests a day per portal when rate limits are on; "
            + "0 takes the tier's (default: ${DEFAULT-VALUE})")
    long dailyLimit = 0;
    @Option(names = "--rate-limit-retry-after", description = "send Retry-After on 429s (unverified for HubSpot)")
    boolean rateLimitRetryAfter;
    @Option(names = "--index-delay", description = "how long a write takes to reach search, e.g. 2s, 500ms "
            + "(default: ${DEFAULT-VALUE})")
    String indexDelay = "2s";
    @Option(names = "--search-cap", description = "first search offset answered with 400 (default: ${DEFAULT-VALUE})")
    int searchCap = 10_000;
    @Option(names = "--private-app-token", description = "private-app token of the first portal (default: ${DEFAULT-VALUE})")
    String privateAppToken = new EmulatorConfig().privateAppToken;
    @Option(names = "--client-id", description = "OAuth app client id (default: ${DEFAULT-VALUE})")
    String clientId = new EmulatorConfig().clientId;
    @Option(names = "--client-secret", description = "OAuth app client secret; also signs webhooks (default: ${DEFAULT-VALUE})")
    String clientSecret = new EmulatorConfig().clientSecret;
    @Option(names = "--redirect-uri", description = "allowed OAuth redirect URI, repeatable; * allows any (default: *)")
    List<String> redirectUris = List.of("*");
    @Option(names = "--token-ttl", description = "OAuth access token lifetime, e.g. 1800s, 30m (default: ${DEFAULT-VALUE})")
    String tokenTtl = "1800s";
    @Option(names = "--rotate-refresh-tokens", description = "issue a new refresh token on every refresh")
    boolean rotateRefreshTokens;
    @Option(names = "--webhook-url", description = "where to POST webhook events (default: none)")
    String webhookUrl;
    @Option(names = "--webhook-duplicates", description = "deliver every webhook batch twice")
    boolean webhookDuplicates;
    @Option(names = "--history-years", description = "seeded records were created over this many years (default: ${DEFAULT-VALUE})")
    int historyYears = 5;
    @Option(names = "--no-seed-associations", description = "seed contacts without a primary company, custom records without a contact")
    boolean noSeedAssociations;
    @Option(names = "--association-change-bumps-modified",
            description = "association writes also stamp both records' last-modified date (HubSpot's do not)")
    boolean associationChangeBumpsModified;

    /** The configuration these options describe. */
    public EmulatorConfig config() {
        EmulatorConfig c = new EmulatorConfig();
        // 0: a free port
        c.port = Settings.between("--port", port, 0, 65_535);
        c.host = host;
        c.portals = Settings.atLeast("--portals", portals, 1);
        c.contacts = Settings.atLeast("--contacts", contacts, 0);
        c.companies = Settings.atLeast("--companies", companies, 0);
        c.deals = Settings.atLeast("--deals", deals, 0);
        c.tickets = Settings.atLeast("--tickets", tickets, 0);
        for (Map.Entry<String, Integer> e : objects.entrySet()) {
            ObjectType t = ObjectType.parse(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("--objects names '" + e.getKey() + "', not an object type");
            }
            c.objects.put(t.path(), Settings.atLeast("--objects " + t.path(), e.getValue(), 0));
        }
        for (Map.Entry<String, Integer> e : customObjects.entrySet()) {
            if (!e.getKey().matches("[a-z][a-z0-9_]*") || ObjectType.parse(e.getKey()) != null) {
                throw new IllegalArgumentException("--custom-object names '" + e.getKey()
                        + "'; use lowercase letters, digits and underscores, not a standard object's name");
            }
            c.customObjects.put(e.getKey(), Settings.atLeast("--custom-object " + e.getKey(), e.getValue(), 0));
        }
        c.owners = Settings.atLeast("--owners", owners, 0);
        c.seed = seed;
        c.rateLimits = rateLimits;
        c.searchPerSecond = Settings.atLeast("--search-per-second", searchPerSecond, 1);
        if (dailyLimit < 0) {
            throw new IllegalArgumentException("--daily-limit must be at least 0, got " + dailyLimit);
        }
        c.dailyLimit = dailyLimit;
        c.rateLimitRetryAfter = rateLimitRetryAfter;
        c.indexDelayMillis = io.hubsync.core.Durations.parse("--index-delay", indexDelay).toMillis();
        c.searchCap = Settings.atLeast("--search-cap", searchCap, 1);
        c.privateAppToken = privateAppToken;
        c.clientId = clientId;
        c.clientSecret = clientSecret;
        c.redirectUris = List.copyOf(redirectUris);
        c.accessTokenTtlSeconds = io.hubsync.core.Durations.parse("--token-ttl", tokenTtl).toSeconds();
        c.rotateRefreshTokens = rotateRefreshTokens;
        c.webhookUrl = webhookUrl;
        c.webhookDuplicates = webhookDuplicates;
        c.historyYears = Settings.atLeast("--history-years", historyYears, 0);
        c.associateContactsWithCompanies = !noSeedAssociations;
        c.associationChangeBumpsModified = associationChangeBumpsModified;
        return c;
    }

    @Override
    public Integer call() throws Exception {
        EmulatorConfig c = config();
        Emulator emulator = new Emulator(c);
        EmulatorServer server = new EmulatorServer(emulator);
        server.start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            emulator.close();
            stop.countDown();
        }));
        System.out.println(banner(emulator, server.baseUrl()));
        stop.await();
        return 0;
    }

    static String banner(Emulator emulator, String base) {
        EmulatorConfig c = emulator.config();
        StringBuilder sb = new StringBuilder();
        sb.append("HubSpot emulator listening on ").append(base).append('\n');
        sb.append("  portals:            ").append(c.portals).append(" (first id ").append(c.firstPortalId).append(")\n");
        sb.append("  records per portal: ").append(c.contacts).append(" contacts, ").append(c.companies)
          .append(" companies, ").append(c.deals).append(" deals, ").append(c.tickets).append(" tickets");
        c.objects.forEach((type, n) -> sb.append(", ").append(n).append(' ').append(type));
        c.customObjects.forEach((name, n) -> sb.append(", ").append(n).append(' ').append(name).append(" (custom)"));
        sb.append('\n');
        sb.append("  private-app token:  ").append(emulator.auth().privateAppToken(c.firstPortalId))
          .append("  (portal ").append(c.firstPortalId).append(")\n");
        if (c.portals > 1) {
            sb.append("  other portals' tokens: GET ").append(base).append("/_emulator/portals\n");
        }
        sb.append("  OAuth client id:     ").append(c.clientId).append('\n');
        sb.append("  OAuth client secret: ").append(c.clientSecret).append('\n');
        sb.append("  authorize URL:       ").append(base).append("/oauth/authorize?client_id=").append(c.clientId)
          .append("&redirect_uri=<yours>&scope=crm.objects.contacts.read\n");
        sb.append("  rate limits: ").append(c.rateLimits).append(", index delay: ").append(c.indexDelayMillis)
          .append(" ms, search cap: ").append(c.searchCap).append('\n');
        sb.append("  try: curl -H 'Authorization: Bearer ").append(emulator.auth().privateAppToken(c.firstPortalId))
          .append("' '").append(base).append("/crm/v3/objects/contacts?limit=2'").append('\n');
        // what a new user runs next, in a second terminal (README.md, "Try it against the emulator")
        sb.append("Sync it with hubsync, in a second terminal (a database of its own, apart from a real portal's):\n");
        sb.append("  export HUBSPOT_BASE_URL=").append(base).append('\n');
        sb.append("  export HUBSPOT_ACCESS_TOKEN=").append(emulator.auth().privateAppToken(c.firstPortalId)).append('\n');
        sb.append("  export DB_URL=\"jdbc:h2:file:./data/emulator;AUTO_SERVER=TRUE\"\n");
        sb.append("  java -jar target/hubsync.jar run --once");
        return sb.toString();
    }
}
