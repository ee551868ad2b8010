package io.hubsync.emulator.admin;

import io.hubsync.emulator.Emulator;
import io.hubsync.emulator.crm.AssociationStore;
import io.hubsync.emulator.crm.AssociationTypes;
import io.hubsync.emulator.crm.CrmRecord;
import io.hubsync.emulator.crm.ObjectStore;
import io.hubsync.emulator.crm.ObjectType;
import io.hubsync.emulator.crm.Portal;
import io.hubsync.emulator.crm.PropertyDef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Users at work: creates, edits, archives, restores, merges and GDPR-deletes records at a steady
 * rate in every portal, so a sync can be tested against a CRM that moves while it reads.
 */
public final class ActivityGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityGenerator.class);

    /**
     * Relative weights of each kind of change. {@code associate} adds a default association between a
     * random record and a random record of its partner type, or removes it when they are associated
     * already (contacts and companies pair with each other, deals and tickets with contacts); it is 0
     * unless asked for, so the default mix changes what it always changed.
     */
    public record Mix(int create, int edit, int archive, int restore, int merge, int gdprDelete, int associate) {
        public static final Mix DEFAULT = new Mix(15, 70, 6, 3, 4, 2, 0);

        public Mix(int create, int edit, int archive, int restore, int merge, int gdprDelete) {
            this(create, edit, archive, restore, merge, gdprDelete, 0);
        }

        int total() { return create + edit + archive + restore + merge + gdprDelete + associate; }
    }

    private final Emulator emulator;
    private final AtomicLong done = new AtomicLong();
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> task;
    private SplittableRandom random;
    private Mix mix = Mix.DEFAULT;
    private List<ObjectType> types = List.of(ObjectType.CONTACTS);
    private double perSecond;

    public ActivityGenerator(Emulator emulator) {
        this.emulator = emulator;
    }

    /** Starts (or re-tunes) activity: {@code perSecond} changes a second spread over all portals. */
    public synchronized void start(double perSecond, Mix mix, List<ObjectType> types, long seed) {
        stop();
        if (perSecond <= 0) {
            return;
        }
        this.perSecond = perSecond;
        this.mix = mix;
        this.types = List.copyOf(types);
        this.random = new SplittableRandom(seed);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "emulator-activity");
            t.setDaemon(true);
            return t;
        });
        // ticks of 20 ms; each does the changes due by then, so any rate up to thousands a second works
        long start = System.nanoTime();
        AtomicLong issued = new AtomicLong();
        task = executor.scheduleAtFixedRate(() -> {
            long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
            while (issued.get() < due) {
                issued.incrementAndGet();
                try {
                    step();
                } catch (RuntimeException e) {
                    LOG.warn("Activity step failed: {}", e.toString());
                }
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
        LOG.info("Activity on: {} changes/s over {}", perSecond, this.types);
    }

    public synchronized void stop() {
        if (task != null) {
            task.cancel(false);
            executor.shutdownNow();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            task = null;
            executor = null;
            LOG.info("Activity off after {} changes", done.get());
        }
    }

    public synchronized boolean running() { return task != null; }
    public long changes() { return done.get(); }
    public double perSecond() { return running() ? perSecond : 0; }

    /** One change in a random portal and object type; public so tests can step it deterministically. */
    public synchronized void step() {
        if (random == null) {
            random = new SplittableRandom(emulator.config().seed);
        }
        List<Portal> portals = emulator.portals();
        if (portals.isEmpty()) {
            return;
        }
        ObjectType type = types.get(random.nextInt(types.size()));
        // a custom type lives in one portal only
        Portal p = type.custom() ? emulator.portal(type.portalId()) : portals.get(random.nextInt(portals.size()));
        ObjectStore store = p == null ? null : p.store(type);
        if (store == null) {
            return;
        }
        int roll = random.nextInt(mix.total());
        if ((roll -= mix.create) < 0 || store.liveCount() < 2) {
            Map<String, String> props = new LinkedHashMap<>();
            for (PropertyDef d : editable(store)) {
                if (random.nextInt(3) == 0) {
                    props.put(d.name(), p.generator().editValue(store.type(), d, random.nextLong(1_000_000), random.nextLong()));
                }
            }
            store.create(props, "CRM_UI");
        } else if ((roll -= mix.edit) < 0) {
            CrmRecord r = randomLive(store);
            List<PropertyDef> defs = editable(store);
            PropertyDef d = defs.get(random.nextInt(defs.size()));
            store.update(r.id(), Map.of(d.name(), p.generator().editValue(store.type(), d, r.id(), random.nextLong())),
                    "CRM_UI");
        } else if ((roll -= mix.archive) < 0) {
            store.archive(randomLive(store).id(), "CRM_UI");
        } else if ((roll -= mix.restore) < 0) {
            List<CrmRecord> gone = store.page(0, 50, true);
            if (gone.isEmpty()) {
                return;
            }
            store.restore(gone.get(random.nextInt(gone.size())).id(), "CRM_UI");
        } else if ((roll -= mix.merge) < 0) {
            CrmRecord a = randomLive(store);
            CrmRecord b = randomLive(store);
            if (a.id() != b.id()) {
                store.merge(a.id(), b.id(), "CRM_UI");
            }
        } else if ((roll -= mix.gdprDelete) < 0) {
            store.gdprDelete(randomLive(store).id(), "GDPR");
        } else if (!associate(p, store)) {
            return;
        }
        done.incrementAndGet();
    }

    /** Adds or removes one association; false when the partner type has no live records. */
    private boolean associate(Portal p, ObjectStore store) {
        ObjectType partnerType = partner(store.type());
        ObjectStore partner = partnerType == null ? null : p.store(partnerType);
        if (partner == null || partner.liveCount() == 0) {
            return false;
        }
        long a = randomLive(store).id();
        long b = randomLive(partner).id();
        AssociationStore links = p.associations();
        if (links.linked(store.type(), a, partnerType, b)) {
            links.remove(store.type(), a, partnerType, b, "CRM_UI");
        } else {
            links.addDefault(store.type(), a, partnerType, b, "CRM_UI");
        }
        return true;
    }

    /** Contacts (companies for contacts), else the first type the type can be associated with; null when none. */
    private static ObjectType partner(ObjectType type) {
        for (ObjectType t : ObjectType.standard()) {
            if (t != type && AssociationTypes.unlabeled(type, t) != null) {
                return t;
            }
        }
        return null;
    }

    private static List<PropertyDef> editable(ObjectStore store) {
        List<PropertyDef> out = new ArrayList<>();
        for (PropertyDef d : store.schema().all()) {
            if (!d.readOnlyValue() && !d.name().equals("hs_merged_object_ids")) {
                out.add(d);
            }
        }
        return out;
    }

    private CrmRecord randomLive(ObjectStore store) {
        List<CrmRecord> first = store.page(0, 1, false);
        long min = first.get(0).id();
        // ids are dense enough that a random probe between the lowest and the next-id lands near a record
        CrmRecord r = null;
        for (int i = 0; i < 8 && r == null; i++) {
            long probe = min + random.nextLong(Math.max(1, store.liveCount() * 3L));
            List<CrmRecord> at = store.page(probe, 1, false);
            r = at.isEmpty() ? null : at.get(0);
        }
        return r != null ? r : first.get(0);
    }
}
