package io.hubsync.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.hubsync.core.SettingType.bool;
import static io.hubsync.core.SettingType.cron;
import static io.hubsync.core.SettingType.duration;
import static io.hubsync.core.SettingType.integer;
import static io.hubsync.core.SettingType.text;
import static io.hubsync.core.SettingType.url;

/**
 * Every setting hubsync reads, in one place: key, type, default, whether it is secret, and one
 * line of doc. {@link SettingsCheck} checks them all before anything is opened, and
 * docs/settings.md is generated from this list ({@link SettingsTable}); the jar's
 * application.properties holds the same keys with the same defaults (SettingsDocTest keeps the
 * three in step).
 */
public final class SettingsCatalog {
    private static final int MAX = Integer.MAX_VALUE;

    public static final List<Setting> ALL = List.of(
            // hubspot.*
            s("hubspot.base-url", url(false), "https://api.hubapi.com",
                    "HubSpot's API; the emulator (`java -jar hubsync.jar emulator`) serves the same on http://127.0.0.1:8089"),
            secret("hubspot.access-token", text(true),
                    "a private app's access token (pat-…) for the connection sync.connection; export HUBSPOT_ACCESS_TOKEN"),
            s("hubspot.portal-id", integer(1, Long.MAX_VALUE, "Hub ID").optional(), "",
                    "the portal (Hub ID) of hubspot.access-token; only webhooks need it"),
            s("hubspot.oauth.client-id", text(true), "", "your HubSpot OAuth app's client id"),
            secret("hubspot.oauth.client-secret", text(true),
                    "your HubSpot OAuth app's client secret; it also checks the app's webhook signatures"),
            s("hubspot.oauth.refresh-before", duration(), "5m",
                    "an OAuth access token (they last 30 minutes) is refreshed when less than this remains"),
            s("hubspot.oauth.authorize-url", url(false), "https://app.hubspot.com/oauth/authorize",
                    "where /oauth/connect sends the browser: HubSpot's consent page"),
            // what the default settings read: contacts and their properties, the contacts' companies, owners
            s("hubspot.oauth.scopes", text(false),
                    "oauth crm.objects.contacts.read crm.schemas.contacts.read crm.objects.companies.read "
                            + "crm.objects.owners.read",
                    "the scopes an install asks for, space-separated"),
            renamed("hubspot.connect-timeout", duration(), "10s", "hubspot.connect-timeout-millis",
                    "how long to wait for HubSpot to accept a connection"),
            renamed("hubspot.response-timeout", duration(), "60s", "hubspot.response-timeout-millis",
                    "how long to wait for HubSpot to answer"),
            s("hubspot.rate-limit", SettingType.oneOf(List.of("starter", "free", "professional", "enterprise", "pack",
                    "oauth"), true, "requests per 10 s"), "professional",
                    "your portal's API tier, or requests per 10 seconds: runs pace themselves inside it"),
            s("hubspot.searches-per-second", integer(1, MAX, "requests"), "5",
                    "HubSpot's search budget: runs pace their searches inside it"),
            renamed("hubspot.rate-window", duration(Duration.ofMillis(1), null), "10010ms", "hubspot.rate-window-millis",
                    "the window hubspot.rate-limit rolls over (HubSpot's 10 s, and a few ms for the two clocks' drift)"),
            renamed("hubspot.search-window", duration(Duration.ofMillis(1), null), "1005ms", "hubspot.search-window-millis",
                    "the window hubspot.searches-per-second rolls over (HubSpot's 1 s, and a few ms for drift)"),
            s("hubspot.associations.rate-per-second", integer(1, MAX, "requests"), "10",
                    "association batch reads per rolling second and connection: a budget of their own, as HubSpot "
                            + "exempts them from the 10-second one"),
            s("hubspot.max-retries", integer(0, MAX, "retries"), "5",
                    "retries of 5xx, timeouts, resets and truncated pages"),
            renamed("hubspot.retry-delay", duration(), "1s", "hubspot.retry-delay-millis",
                    "the first wait before such a retry; it doubles, with jitter"),
            s("hubspot.max-throttled-retries", integer(0, MAX, "retries"), "50",
                    "retries of 429s, each waiting as HubSpot's policy says"),
            s("hubspot.secondly-wait", duration(), "1s", "the wait after a 429 of HubSpot's secondly limit"),
            s("hubspot.ten-secondly-wait", duration(), "10s", "the wait after a 429 of HubSpot's ten-secondly limit"),
            s("hubspot.daily-reset-zone", SettingType.zone(), "UTC",
                    "a DAILY 429 pauses the connection until midnight in this zone (your account's)"),
            // sync.*
            s("sync.objects", SettingType.objectTypes(), "contacts",
                    "object types to sync, comma-separated: any of " + String.join(", ", ObjectTypes.SUPPORTED)
                    + " (or their ids, 0-48 for calls); a custom object by name, p<portal>_<name> or 2-<id>; "
                    + "or * for every type each portal has and its token may read, found each run"),
            s("sync.schedule", cron(false), "0 0/15 * * * ?", "when runs start: a Quartz cron"),
            s("sync.schedule.<type>", cron(true), null, "the schedule of one object type, instead of sync.schedule"),
            s("sync.run-at-start", bool(), "true",
                    "`run` starts what the schedules would have run by now (every connection and type never run, "
                    + "or with a tick since its last good run) at once, not at the next tick; false: the ticks only"),
            s("sync.archived-schedule", cron(false), "30 0/15 * * * ?",
                    "when sweeps list archived records (search never shows them): a Quartz cron"),
            s("sync.archived-schedule.<type>", cron(true), null,
                    "the sweep schedule of one object type, instead of sync.archived-schedule"),
            s("sync.archived-workers", integer(1, MAX, "sweeps"), "2", "how many sweeps run at once"),
            s("sync.reconcile-every", duration(), "1d",
                    "how often a sweep also compares every live id with the database (0: never)"),
            s("sync.owners", bool(), "true",
                    "read HubSpot's owners into the owners table (docs/owners.md); false: no owners schedule"),
            s("sync.owners.schedule", cron(false), "0 40 * * * ?",
                    "when every connection's owners are read in full: a Quartz cron"),
            s("sync.connection", text(false), "default",
                    "the connection name under which hubspot.access-token's portal is stored"),
            s("sync.workers", integer(1, 256, "connections"), "16", "how many connections sync at once"),
            s("sync.backfill.search-chains", integer(0, 16, "chains"), "1",
                    "search chains that read a large backfill's upper id ranges beside the list endpoint, "
                            + "spending the search budget too (docs/behavior.md rule 11); 0: the list endpoint alone"),
            s("sync.backfill.split-above", integer(0, MAX, "records"), "10000",
                    "a backfill of fewer records is read by the list endpoint alone"),
            s("sync.breaker-failures", integer(1, MAX, "runs"), "3",
                    "a connection whose last this many runs failed is skipped for a while"),
            s("sync.breaker-open-for", duration(), "30m", "how long such a connection is skipped"),
            properties("contacts", "email,firstname,lastname,phone,mobilephone,company,jobtitle,lifecyclestage,"
                    + "hs_lead_status,city,state,country,hubspot_owner_id"),
            properties("companies", "name,domain,industry,phone,city,country,numberofemployees,annualrevenue,"
                    + "lifecyclestage,hubspot_owner_id"),
            properties("deals", "dealname,amount,closedate,dealstage,pipeline,dealtype,hubspot_owner_id"),
            properties("tickets", "subject,content,hs_pipeline,hs_pipeline_stage,hs_ticket_priority,"
                    + "hs_ticket_category,hubspot_owner_id"),
            s("sync.properties.<type>", SettingType.propertyNames(), null,
                    "properties of another object type (custom ones by name) to store; not set: * (every property)"),
            associations("contacts", "companies"),
            associations("companies", ""),
            associations("deals", "contacts,companies"),
            associations("tickets", "contacts,companies"),
            s("sync.associations.<type>", SettingType.associationTypes(), null,
                    "the object types whose associations with another object type are kept, comma-separated; "
                            + "not set or empty: none"),
            s("sync.associations.sweep-schedule", cron(false), "0 40 2 * * ?",
                    "when a sweep reads every stored record's associations again (no other path sees a change "
                            + "that moves no record): a Quartz cron"),
            s("sync.search-lag", duration(), "30s",
                    "windows end this long before now: HubSpot's search index trails writes"),
            s("sync.claim-lease", duration(Duration.ofSeconds(2), null), "60s",
                    "how long a lease on work lasts unrenewed: a stopped node's work is taken over after it"),
            s("sync.cap-restarts", integer(0, MAX, "restarts"), "5",
                    "how often a restart after HubSpot's search paging cap may be tried for one page"),
            s("sync.page-properties-chars", integer(200, MAX, "characters"), "2000",
                    "most characters of property names asked for with each page"),
            s("sync.batch-properties-chars", integer(1, MAX, "characters"), "12000",
                    "most characters of property names per batch read of the rest"),
            s("sync.progress-every", duration(), "5s", "how often a running sync logs its progress"),
            // db.*
            s("db.url", SettingType.jdbcUrl(), "jdbc:h2:file:./data/hubsync;AUTO_SERVER=TRUE",
                    "the database: an H2 file, or PostgreSQL for several nodes"),
            s("db.user", text(true), "sa", "the database user"),
            secret("db.password", text(true), "the database password"),
            s("db.pool-size", integer(1, MAX, "connections"), "8", "database connections held open"),
            secret("db.token-key", SettingType.tokenKey(),
                    "the AES-256 key of stored tokens, base64 of 32 random bytes; export DB_TOKEN_KEY"),
            // notify.*
            s("notify.url", url(true), "",
                    "where completion notices are POSTed (signed JSON); empty: no notices"),
            secret("notify.secret", SettingType.secret(32, "notify.url", "NOTIFY_SECRET"),
                    "the HMAC key of X-Hubsync-Signature, 32 characters or more, needed with notify.url; the receiver "
                            + "needs the same; export NOTIFY_SECRET"),
            s("notify.poll-interval", duration(), "2s", "how often the outbox of notices is read"),
            s("notify.batch", integer(1, MAX, "notices"), "100", "most notices one pass sends"),
            s("notify.retry-delay", duration(), "10s", "the first wait after a failed POST; it doubles, with jitter"),
            s("notify.max-retry-delay", duration(), "1h", "the longest wait between POSTs of one notice"),
            s("notify.max-attempts", integer(1, MAX, "attempts"), "20", "a notice is DEAD after this many failed POSTs"),
            s("notify.keep-sent", duration(), "30d", "delivered notices are removed this long after delivery"),
            // housekeeping.*
            s("housekeeping.schedule", cron(false), "0 17 3 * * ?",
                    "when old notices and dedupe keys are removed: a Quartz cron"),
            s("housekeeping.keep-dedupe-keys", duration(), "3d",
                    "how long the dedupe keys of webhook events and used OAuth states are kept"),
            // server.*
            s("server.enabled", bool(), "false",
                    "the admin and records APIs, OAuth install pages and webhooks; off: nothing listens"),
            s("server.host", text(false), "127.0.0.1", "the address the server listens on"),
            s("server.port", integer(0, 65535, "port"), "8080", "the port the server listens on"),
            secret("server.api-key", SettingType.secret(32, "server.enabled", "SERVER_API_KEY"),
                    "the admin API's bearer key, 32 characters or more, needed with server.enabled; export SERVER_API_KEY"),
            s("server.public-url", url(false), "http://localhost:8080",
                    "where browsers and HubSpot reach this server (OAuth redirects, webhooks)"),
            s("server.max-connections", integer(1, MAX, "connections"), "64",
                    "connections held open at once; one more is closed as it arrives"),
            s("server.idle-timeout", duration(Duration.ofMillis(1), Duration.ofDays(24)), "30s",
                    "a connection that sends and receives nothing for this long is closed"),
            s("server.api-max-body-size", integer(1024, MAX, "bytes"), "65536",
                    "the largest request body of the admin and records APIs"),
            s("server.webhook-max-body-size", integer(1024, MAX, "bytes"), "524288",
                    "the largest webhook request"),
            s("server.metrics.public", bool(), "false",
                    "GET /observe/metrics without the admin key (for a scraper that cannot send one); health never wants it"),
            // webhooks.*
            secret("webhooks.secret", text(true),
                    "another app's client secret whose webhook signatures are accepted too; export WEBHOOKS_SECRET"),
            s("webhooks.max-age", duration(), "5m", "webhook requests timestamped further from now are refused"),
            renamed("webhooks.poll-interval", duration(), "10s", "webhooks.poll-interval-millis",
                    "how often the webhook inbox is read besides when events arrive"),
            s("webhooks.retry-delay", duration(), "10s", "the first wait after a webhook event failed; it doubles"),
            s("webhooks.max-retry-delay", duration(), "1h", "the longest wait between attempts of one event"),
            // routes.*
            s("routes.reload", bool(), "false",
                    "development: a saved file of ./routes (`hubsync init` writes them) replaces its routes while `run` "
                            + "runs; off in production, where a half-saved file would replace working routes"),
            // log.*
            s("log.format", SettingType.oneOf(List.of("text", "json"), false, null), "text",
                    "text: one line per event for people; json: one JSON object per line for log collectors "
                            + "(export LOG_FORMAT=json)"));

    private SettingsCatalog() { }

    /** The setting of a key as set (sync.schedule.deals finds sync.schedule.{@code <type>}), if hubsync reads it. */
    public static Optional<Setting> find(String key) {
        Optional<Setting> named = ALL.stream().filter(s -> s.keys().contains(key)).findFirst();
        if (named.isPresent()) {
            return named;
        }
        // a custom object's key (sync.schedule.cars): the type part can only be checked against a portal
        return ALL.stream().filter(s -> s.key().endsWith("." + Setting.TYPE)).filter(s -> {
            String prefix = s.key().substring(0, s.key().length() - Setting.TYPE.length());
            return key.startsWith(prefix) && ObjectTypes.isCustom(key.substring(prefix.length()));
        }).findFirst();
    }

    private static Setting s(String key, SettingType type, String defaultValue, String doc) {
        return new Setting(key, type, defaultValue, false, doc, null);
    }

    private static Setting secret(String key, SettingType type, String doc) {
        return new Setting(key, type, "", true, doc, null);
    }

    private static Setting renamed(String key, SettingType type, String defaultValue, String replaces, String doc) {
        return new Setting(key, type, defaultValue, false, doc, replaces);
    }

    private static Setting associations(String type, String defaultValue) {
        return s("sync.associations." + type, SettingType.associationTypes(), defaultValue,
                "the object types whose associations with " + type + " are kept, comma-separated; empty: none");
    }

    private static Setting properties(String type, String defaultValue) {
        return s("sync.properties." + type, SettingType.propertyNames(), defaultValue,
                "properties of " + type + " to store, comma-separated, or * for every property the portal defines");
    }
}
