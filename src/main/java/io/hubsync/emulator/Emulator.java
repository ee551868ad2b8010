package io.hubsync.emulator;

import io.hubsync.emulator.admin.ActivityGenerator;
import io.hubsync.emulator.admin.AdminApi;
import io.hubsync.emulator.admin.RequestStats;
import io.hubsync.emulator.auth.AuthService;
import io.hubsync.emulator.auth.OAuthApi;
import io.hubsync.emulator.crm.AssociationTypes;
import io.hubsync.emulator.crm.AssociationsApi;
import io.hubsync.emulator.crm.CrmApi;
import io.hubsync.emulator.crm.CrmEvent;
import io.hubsync.emulator.crm.CustomObjects;
import io.hubsync.emulator.crm.CustomSchema;
import io.hubsync.emulator.crm.ObjectType;
import io.hubsync.emulator.crm.Portal;
import io.hubsync.emulator.crm.PropertiesApi;
import io.hubsync.emulator.crm.SchemasApi;
import io.hubsync.emulator.crm.SearchApi;
import io.hubsync.emulator.fault.FaultApi;
import io.hubsync.emulator.fault.FaultInjector;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;
import io.hubsync.emulator.http.Router;
import io.hubsync.emulator.owners.Owners;
import io.hubsync.emulator.owners.OwnersAdminApi;
import io.hubsync.emulator.owners.OwnersApi;
import io.hubsync.emulator.ratelimit.RateLimitApi;
import io.hubsync.emulator.ratelimit.RateLimiter;
import io.hubsync.emulator.webhook.WebhookApi;
import io.hubsync.emulator.webhook.WebhookSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A stateful HubSpot: portals and their records, credentials, rate limits, faults and webhooks,
 * behind one {@link #handle} that any HTTP server (or a test, in-process) can call.
 *
 * <p>Every API request goes the same way: route → authenticate (401/403) → rate limit (429) →
 * injected fault → handler → rate-limit headers → statistics.
 */
public final class Emulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Emulator.class);

    private final EmulatorConfig config;
    private final EmulatorClock clock = new EmulatorClock();
    private final Map<Long, Portal> portals = new ConcurrentHashMap<>();
    private final AuthService auth;
    private final RateLimiter rateLimiter;
    private final FaultInjector faults;
    private final WebhookSender webhooks;
    private final RequestStats stats = new RequestStats();
    private final ActivityGenerator activity = new ActivityGenerator(this);
    private final Router router = new Router();
    private final Owners owners = new Owners(clock::now);
    private final List<Consumer<CrmEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile long indexDelayMillis;

    public Emulator(EmulatorConfig config) {
        this.config = config;
        this.indexDelayMillis = config.indexDelayMillis;
        this.auth = new AuthService(config, clock);
        this.rateLimiter = new RateLimiter(config, clock);
        this.faults = new FaultInjector(clock::now, config.seed);
        this.webhooks = new WebhookSender(config, clock);
        listeners.add(webhooks);
        new OwnersApi(owners).register(router);
        new OwnersAdminApi(this).register(router); // before the admin API's /{objectType} routes
        new CrmApi(this).register(router);
        new SearchApi(this).register(router);
        new AssociationsApi(this).register(router);
        new PropertiesApi(this).register(router);
        new SchemasApi(this).register(router);
        new OAuthApi(this, auth).register(router);
        new AdminApi(this).register(router);
        new FaultApi(faults).register(router);
        new WebhookApi(webhooks).register(router);
        new RateLimitApi(rateLimiter).register(router);
        reset(true);
    }

    public EmulatorConfig config() { return config; }
    public EmulatorClock clock() { return clock; }
    public AuthService auth() { return auth; }
    public RateLimiter rateLimiter() { return rateLimiter; }
    public FaultInjector faults() { return faults; }
    public WebhookSender webhooks() { return webhooks; }
    public RequestStats stats() { return stats; }
    public ActivityGenerator activity() { return activity; }
    public Router router() { return router; }
    public Owners owners() { return owners; }
    public Portal portal(long id) { return portals.get(id); }
    public List<Portal> portals() { return portals.values().stream().sorted((a, b) -> Long.compare(a.id(), b.id())).toList(); }
    public long indexDelayMillis() { return indexDelayMillis; }
    public void indexDelayMillis(long millis) { this.indexDelayMillis = millis; }

    /** Listens to every record change (webhooks, tests). */
    public void onEvent(Consumer<CrmEvent> listener) { listeners.add(listener); }

    /**
     * Drops every portal, credential, counter and fault, then builds the configured portals again;
     * with {@code seed} the configured records are seeded too.
     */
    public synchronized void reset(boolean seed) {
        portals.clear();
        auth.tokens().clear();
        stats.reset();
        faults.clear();
        rateLimiter.reset();
        webhooks.reset();
        owners.clear();
        long started = System.nanoTime();
        for (int i = 0; i < config.portals; i++) {
            Portal p = addPortal(config.portalId(i), i);
            if (seed) {
                seedPortal(p, configuredCounts(), config.associateContactsWithCompanies);
                config.customObjects.forEach((name, n) -> seedCustomObject(p, name, n));
                owners.seed(p.id(), config.owners);
            }
        }
        if (seed && config.contacts > 10_000) {
            LOG.info("Seeded {} portal(s) in {} ms", config.portals, (System.nanoTime() - started) / 1_000_000);
        }
    }

    public Portal addPortal(long id, int index) {
        Portal p = new Portal(id, config.seed, clock::now, () -> indexDelayMillis, this::publish);
        p.associations().bumpsModified(config.associationChangeBumpsModified);
        portals.put(id, p);
        auth.addPortal(id, index);
        return p;
    }

    /** Seeds records created over {@code historyYears} up to now. */
    public void seedPortal(Portal p, int contacts, int companies, int deals, int tickets) {
        seedPortal(p, contacts, companies, deals, tickets, config.associateContactsWithCompanies);
    }

    /**
     * Seeds records; with {@code associate}, every contact without a company then gets a primary one
     * (when the portal has companies).
     */
    public void seedPortal(Portal p, int contacts, int companies, int deals, int tickets, boolean associate) {
        Map<ObjectType, Integer> counts = new java.util.LinkedHashMap<>();
        counts.put(ObjectType.CONTACTS, contacts);
        counts.put(ObjectType.COMPANIES, companies);
        counts.put(ObjectType.DEALS, deals);
        counts.put(ObjectType.TICKETS, tickets);
        seedPortal(p, counts, associate);
    }

    /** Seeds {@code counts} records per type; {@code associate} as above. */
    public void seedPortal(Portal p, Map<ObjectType, Integer> counts, boolean associate) {
        long now = clock.now();
        long from = now - config.historyYears * 365L * 86_400_000L;
        long to = now - 60_000;
        for (Map.Entry<ObjectType, Integer> e : counts.entrySet()) {
            if (e.getValue() > 0) {
                p.store(e.getKey()).seed(e.getValue(), from, to, config.seed);
            }
        }
        if (associate && (counts.getOrDefault(ObjectType.CONTACTS, 0) > 0
                || counts.getOrDefault(ObjectType.COMPANIES, 0) > 0)) {
            p.associateContactsWithCompanies();
        }
    }

    /**
     * Creates a custom object schema with sample properties ({@link CustomObjects#sample}) and seeds
     * {@code records} records of it, each associated with a contact when the portal has contacts (unless
     * associations are not seeded: {@code --no-seed-associations}); null when the portal has a schema of that name already.
     */
    public CustomSchema seedCustomObject(Portal p, String name, int records) {
        CustomSchema s = p.customObjects().create(CustomObjects.sample(name, clock.now()));
        if (s != null && records > 0) {
            long now = clock.now();
            p.store(s.type()).seed(records, now - config.historyYears * 365L * 86_400_000L, now - 60_000, config.seed);
            if (config.associateContactsWithCompanies) {
                // each record with one contact (round robin), by the schema's definition toward contacts
                p.associateRoundRobin(s.type(), ObjectType.CONTACTS,
                        AssociationTypes.unlabeled(s.type(), ObjectType.CONTACTS).id());
            }
        }
        return s;
    }

    /** The configured counts: {@code objects} by name, then contacts, companies, deals and tickets. */
    private Map<ObjectType, Integer> configuredCounts() {
        Map<ObjectType, Integer> counts = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : config.objects.entrySet()) {
            ObjectType t = ObjectType.parse(e.getKey());
            if (t == null) {
                throw new IllegalArgumentException("objects names '" + e.getKey() + "', not an object type");
            }
            counts.put(t, e.getValue());
        }
        counts.put(ObjectType.CONTACTS, config.contacts);
        counts.put(ObjectType.COMPANIES, config.companies);
        counts.put(ObjectType.DEALS, config.deals);
        counts.put(ObjectType.TICKETS, config.tickets);
        return counts;
    }

    private void publish(CrmEvent e) {
        for (Consumer<CrmEvent> l : listeners) {
            l.accept(e);
        }
    }

    /** Answers one request. Never throws: failures become HubSpot-shaped 4xx/5xx responses. */
    public EmuResponse handle(EmuRequest req) {
        Route route = router.find(req);
        if (route == null) {
            EmuResponse r = router.pathExists(req.path())
                    ? HubSpotErrors.response(405, HubSpotErrors.body("Method " + req.method() + " not allowed on "
                    + req.path(), "VALIDATION_ERROR"))
                    : HubSpotErrors.routeNotFound(req.path());
            stats.record("unknown", r.status(), 0);
            return r;
        }
        RequestContext ctx = new RequestContext(route);
        EmuResponse resp;
        try {
            resp = dispatch(req, ctx, route);
        } catch (ApiException e) {
            resp = e.response();
        } catch (Exception e) {
            LOG.error("Emulator failed on {} {}", req.method(), req.path(), e);
            resp = HubSpotErrors.response(500, HubSpotErrors.body("internal error: " + e, "INTERNAL_ERROR"));
        }
        if (route.kind() != Route.Kind.ADMIN && resp.header("X-HubSpot-Correlation-Id") == null) {
            resp.header("X-HubSpot-Correlation-Id", UUID.randomUUID().toString());
        }
        stats.record(route.name(), resp.status(), ctx.portalId());
        return resp;
    }

    private EmuResponse dispatch(EmuRequest req, RequestContext ctx, Route route) throws Exception {
        if (route.kind() == Route.Kind.ADMIN) {
            return route.handler().handle(req, ctx);
        }
        boolean guarded = route.kind() == Route.Kind.API || route.kind() == Route.Kind.SEARCH
                || route.kind() == Route.Kind.BURST_EXEMPT;
        if (guarded) {
            EmuResponse denied = auth.authenticate(req, ctx, route.requiredScope(req));
            if (denied != null) {
                return denied;
            }
            EmuResponse limited = rateLimiter.admit(ctx, route.kind());
            if (limited != null) {
                return limited;
            }
        }
        FaultInjector.Fault fault = faults.next(req, ctx);
        EmuResponse resp = fault != null && fault.replacement() != null ? fault.replacement() : null;
        if (resp == null) {
            try {
                resp = route.handler().handle(req, ctx);
            } catch (ApiException e) {
                resp = e.response();
            }
            if (fault != null) {
                resp = fault.apply(resp);
            }
        }
        if (guarded) {
            rateLimiter.decorate(ctx, route.kind(), resp);
        }
        return resp;
    }

    @Override
    public void close() {
        activity.stop();
        webhooks.close();
    }
}
