package io.hubsync.emulator.webhook;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hubsync.emulator.EmulatorClock;
import io.hubsync.emulator.EmulatorConfig;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.crm.CrmEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Delivers CRM events to the app's target URL the way HubSpot's app webhooks v3 do (docs/hubspot.md §7):
 * JSON arrays of fewer than 100 events, at most 10 requests in flight per portal, signed v1 and v3,
 * failed deliveries retried with randomized exponential backoff and an increasing
 * {@code attemptNumber}, then dropped.
 *
 * <p>The store calls {@link #accept} while it holds its write lock, so that only enqueues. One
 * scheduler thread owns every portal's batches and in-flight count, forms the batches, and handles
 * each answer; the HTTP client sends asynchronously, so no thread ever waits on a receiver.
 *
 * <p>Retry delays are real time, not the {@link EmulatorClock}: a frozen emulator clock must not
 * stop delivery. The clock only stamps {@code X-HubSpot-Request-Timestamp}.
 */
public final class WebhookSender implements Consumer<CrmEvent>, AutoCloseable {
    /** HubSpot sends fewer than 100 events per request. */
    public static final int MAX_EVENTS_PER_REQUEST = 99;
    /** HubSpot's default throttling: 10 concurrent requests per installing account. */
    public static final int MAX_IN_FLIGHT = 10;
    /** How long a fresh event waits for others to share its request, as HubSpot batches bursts. */
    static final long LINGER_MILLIS = 10;
    /** Real eventIds exceed 32 bits (docs/hubspot.md §7 capture: 4101286121); so do ours, to catch int columns. */
    private static final long FIRST_EVENT_ID = 4_100_000_001L;
    /** Longest backoff doubling, to keep the delay from overflowing with large retry counts. */
    private static final int MAX_DOUBLINGS = 30;
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);

    private final EmulatorConfig config;
    private final EmulatorClock clock;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService httpThreads;
    private final HttpClient http;
    private final AtomicLong nextEventId = new AtomicLong(FIRST_EVENT_ID);
    private final Map<Long, Lane> lanes = new ConcurrentHashMap<>();
    private final Counters counters = new Counters();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile WebhookSettings settings;
    /** Bumped by {@link #reset}; answers to requests of an earlier generation are ignored. Scheduler thread only. */
    private int generation;

    public WebhookSender(EmulatorConfig config, EmulatorClock clock) {
        this.config = config;
        this.clock = clock;
        this.settings = WebhookSettings.of(config);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("hubsync-webhook-scheduler"));
        this.httpThreads = Executors.newCachedThreadPool(daemon("hubsync-webhook-http"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
                .connectTimeout(Duration.ofMillis(WebhookSettings.HUBSPOT_TIMEOUT_MILLIS))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    // ---------------------------------------------------------------- configuration and state

    public WebhookSettings settings() { return settings; }

    /**
     * Replaces the settings. Turning delivery off (no target URL) discards what is queued or
     * waiting to retry, counting it as dropped; requests already in flight finish.
     */
    public void configure(WebhookSettings next) {
        settings = next;
        if (!next.enabled()) {
            onScheduler(() -> lanes.values().forEach(this::drain));
        }
    }

    public WebhookStats stats() { return counters.snapshot(); }

    /** Forgets every queued, waiting and in-flight batch and zeroes the counters; the settings stay. */
    public void reset() {
        if (closed.get()) {
            return;
        }
        try {
            scheduler.submit(() -> {
                generation++;
                lanes.values().forEach(l -> l.waiting.forEach(b -> b.retry.cancel(false)));
                lanes.clear();
                counters.reset();
            }).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | RejectedExecutionException e) {
            LOG.warn("Could not reset the webhook sender", e);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            scheduler.shutdownNow();
            httpThreads.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- the store's side

    /** Queues a subscribed event; called under the store's write lock, so it never blocks. */
    @Override
    public void accept(CrmEvent event) {
        WebhookSettings s = settings;
        if (!s.enabled() || closed.get() || !s.wants(event)) {
            return;
        }
        WebhookEvent w = WebhookEvent.of(event, nextEventId.getAndIncrement(), config.appId);
        Lane lane = lanes.computeIfAbsent(event.portalId(), Lane::new);
        counters.accepted.incrementAndGet();
        counters.queued.incrementAndGet();
        counters.pending.incrementAndGet();
        lane.fresh.add(w);
        if (lane.drainScheduled.compareAndSet(false, true)) {
            try {
                scheduler.schedule(() -> drain(lane), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // the sender is closing: nothing will be delivered any more
            }
        }
    }

    // ---------------------------------------------------------------- the scheduler thread

    /** Sends what the portal's free slots allow: retries due first, then fresh events in batches. */
    private void drain(Lane lane) {
        lane.drainScheduled.set(false);
        if (lanes.get(lane.portalId) != lane) {
            return;
        }
        WebhookSettings s = settings;
        if (!s.enabled()) {
            discard(lane);
            return;
        }
        while (lane.inFlight < MAX_IN_FLIGHT) {
            Batch b = lane.ready.poll();
            if (b == null) {
                List<WebhookEvent> events = new ArrayList<>();
                WebhookEvent e;
                while (events.size() < MAX_EVENTS_PER_REQUEST && (e = lane.fresh.poll()) != null) {
                    events.add(e);
                }
                if (events.isEmpty()) {
                    break;
                }
                counters.queued.addAndGet(-events.size());
                b = new Batch(lane, List.copyOf(events), generation);
                if (s.duplicates()) {
                    counters.pending.addAndGet(events.size());
                    lane.ready.add(new Batch(lane, b.events, generation));
                }
            }
            send(b, s);
        }
    }

    private void send(Batch b, WebhookSettings s) {
        String body = b.body();
        long timestamp = clock.now();
        String secret = config.clientSecret;
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(s.targetUrl()))
                    .timeout(Duration.ofMillis(s.timeoutMillis()))
                    .header("Content-Type", "application/json")
                    .header("X-HubSpot-Signature", WebhookSignatures.v1(secret, body))
                    .header("X-HubSpot-Signature-Version", "v1")
                    .header("X-HubSpot-Signature-v3", WebhookSignatures.v3(secret, "POST", s.targetUrl(), body,
                            timestamp))
                    .header("X-HubSpot-Request-Timestamp", Long.toString(timestamp))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                    .build();
        } catch (IllegalArgumentException badUrl) {
            request = null;
        }
        b.lane.inFlight++;
        counters.inFlight.incrementAndGet();
        counters.sent.incrementAndGet();
        if (request == null) {
            // a URL that cannot be requested fails like a refused connection, answered later as one would be
            onScheduler(() -> answered(b, -1, null, new IllegalArgumentException("bad target URL")));
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> onScheduler(() -> answered(b,
                        response == null ? -1 : response.statusCode(),
                        response == null ? null : response.headers().firstValue("Retry-After").orElse(null),
                        failure)));
    }

    /** A delivery attempt ended: count it, then retry, drop, or move on. {@code status} is -1 without an answer. */
    private void answered(Batch b, int status, String retryAfter, Throwable failure) {
        if (b.generation != generation) {
            return;
        }
        Lane lane = b.lane;
        lane.inFlight--;
        counters.inFlight.decrementAndGet();
        int n = b.events.size();
        WebhookSettings s = settings;
        if (failure == null && status < 400) {
            counters.delivered.incrementAndGet();
            counters.deliveredEvents.addAndGet(n);
            counters.pending.addAndGet(-n);
        } else {
            counters.failedAttempts.incrementAndGet();
            LOG.debug("Webhook attempt {} of {} event(s) failed: {}", b.attempt, n,
                    failure != null ? failure.toString() : "HTTP " + status);
            if (s.enabled() && b.attempt < s.maxRetries()) {
                b.attempt++;
                counters.retried.incrementAndGet();
                long delay = status == 429 ? retryAfterMillis(retryAfter, backoff(b.attempt, s)) : backoff(b.attempt, s);
                lane.waiting.add(b);
                b.retry = scheduler.schedule(() -> {
                    lane.waiting.remove(b);
                    lane.ready.add(b);
                    drain(lane);
                }, delay, TimeUnit.MILLISECONDS);
            } else {
                drop(b);
            }
        }
        drain(lane);
    }

    private void discard(Lane lane) {
        List<WebhookEvent> fresh = new ArrayList<>();
        WebhookEvent e;
        while ((e = lane.fresh.poll()) != null) {
            fresh.add(e);
        }
        if (!fresh.isEmpty()) {
            counters.queued.addAndGet(-fresh.size());
            drop(new Batch(lane, fresh, generation));
        }
        Batch b;
        while ((b = lane.ready.poll()) != null) {
            drop(b);
        }
        for (Batch w : lane.waiting) {
            w.retry.cancel(false);
            drop(w);
        }
        lane.waiting.clear();
    }

    private void drop(Batch b) {
        counters.dropped.incrementAndGet();
        counters.droppedEvents.addAndGet(b.events.size());
        counters.pending.addAndGet(-b.events.size());
    }

    /**
     * The delay before retry {@code retry} (1 for the first): the base doubled per earlier retry,
     * stretched by a random 0–50 % so that receivers are not hit by synchronized waves.
     */
    static long backoff(int retry, WebhookSettings s) {
        long exp = s.retryBaseMillis() << Math.min(MAX_DOUBLINGS, Math.max(0, retry - 1));
        return exp + (long) (exp * 0.5 * ThreadLocalRandom.current().nextDouble());
    }

    /** A 429's {@code Retry-After} in delta-seconds or as an HTTP date; {@code otherwise} when absent or unreadable. */
    static long retryAfterMillis(String header, long otherwise) {
        if (header == null || header.isBlank()) {
            return otherwise;
        }
        String h = header.trim();
        try {
            return Math.max(0, Long.parseLong(h)) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Math.max(0, at - System.currentTimeMillis());
            } catch (DateTimeParseException notDate) {
                return otherwise;
            }
        }
    }

    private void onScheduler(Runnable task) {
        try {
            scheduler.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("Webhook sender failed", e);
                }
            });
        } catch (RejectedExecutionException closing) {
            // closed: answers that arrive now are of no interest
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    // ---------------------------------------------------------------- state

    /** One portal's deliveries. {@code fresh} is filled by the store; the rest is the scheduler thread's. */
    private static final class Lane {
        final long portalId;
        final ConcurrentLinkedQueue<WebhookEvent> fresh = new ConcurrentLinkedQueue<>();
        final AtomicBoolean drainScheduled = new AtomicBoolean();
        final ArrayDeque<Batch> ready = new ArrayDeque<>();
        final Set<Batch> waiting = new HashSet<>();
        int inFlight;

        Lane(long portalId) {
            this.portalId = portalId;
        }
    }

    /** The events of one request; the same batch is sent again on each retry. */
    private static final class Batch {
        final Lane lane;
        final List<WebhookEvent> events;
        final int generation;
        int attempt;
        ScheduledFuture<?> retry;

        Batch(Lane lane, List<WebhookEvent> events, int generation) {
            this.lane = lane;
            this.events = events;
            this.generation = generation;
        }

        /** The JSON array for this attempt: every event carries the batch's attemptNumber. */
        String body() {
            StringWriter out = new StringWriter(events.size() * 300);
            try (JsonGenerator g = HubSpotErrors.MAPPER.getFactory().createGenerator(out)) {
                g.writeStartArray();
                for (WebhookEvent e : events) {
                    e.write(g, attempt);
                }
                g.writeEndArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toString();
        }
    }

    private static final class Counters {
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong queued = new AtomicLong();
        final AtomicLong pending = new AtomicLong();
        final AtomicLong inFlight = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong deliveredEvents = new AtomicLong();
        final AtomicLong failedAttempts = new AtomicLong();
        final AtomicLong retried = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicLong droppedEvents = new AtomicLong();

        WebhookStats snapshot() {
            return new WebhookStats(accepted.get(), queued.get(), pending.get(), inFlight.get(), sent.get(),
                    delivered.get(), deliveredEvents.get(), failedAttempts.get(), retried.get(), dropped.get(),
                    droppedEvents.get());
        }

        void reset() {
            for (AtomicLong c : List.of(accepted, queued, pending, inFlight, sent, delivered, deliveredEvents,
                    failedAttempts, retried, dropped, droppedEvents)) {
                c.set(0);
            }
        }
    }
}
