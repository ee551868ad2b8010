package io.hubsync.emulator.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One HubSpot account ("portal", "hub"): its own records and property definitions per object type,
 * the standard types and the custom ones its schemas made (docs/hubspot.md §18).
 */
public final class Portal {
    private final long id;
    private final RecordGenerator generator;
    private final Map<ObjectType, ObjectStore> stores = new ConcurrentHashMap<>();
    private final AssociationStore associations;
    private final CustomObjects customObjects;
    private final LongSupplier clock;
    private final LongSupplier indexDelay;
    private final Consumer<CrmEvent> events;
    private final long firstId;

    public Portal(long id, long seed, LongSupplier clock, LongSupplier indexDelay, Consumer<CrmEvent> events) {
        this.id = id;
        this.clock = clock;
        this.indexDelay = indexDelay;
        this.events = events;
        this.generator = new RecordGenerator(seed * 1_000_003L + id);
        this.associations = new AssociationStore(id, stores::get, this::types, clock, events);
        this.customObjects = new CustomObjects(this, clock);
        this.firstId = 1001 + (seed % 1000) * 7;
        for (ObjectType t : ObjectType.standard()) {
            addStore(t);
        }
    }

    /** A store for a type; ids are unique per object type, not across them, as in HubSpot. */
    ObjectStore addStore(ObjectType t) {
        ObjectStore s = new ObjectStore(id, t, new PropertySchema(t), generator, clock, indexDelay, events,
                firstId + t.index() * 100_000_000L, associations);
        stores.put(t, s);
        return s;
    }

    void removeStore(ObjectType t) {
        stores.remove(t);
    }

    public long id() { return id; }
    /** The type's store; null for a custom type whose schema was purged. */
    public ObjectStore store(ObjectType type) { return stores.get(type); }
    public RecordGenerator generator() { return generator; }
    public AssociationStore associations() { return associations; }
    public CustomObjects customObjects() { return customObjects; }

    /** The standard types, then the live custom ones. */
    public List<ObjectType> types() {
        List<ObjectType> all = new ArrayList<>(ObjectType.standard());
        all.addAll(customObjects.types());
        return all;
    }

    /**
     * The type a URL names: a standard one by name, singular or id, else a live custom one by
     * {@code 2-<n>}, fully qualified name or bare name; null when none.
     */
    public ObjectType type(String token) {
        ObjectType t = ObjectType.parse(token);
        if (t != null) {
            return t;
        }
        CustomSchema s = customObjects.find(token, false);
        return s == null ? null : s.type();
    }

    /**
     * Associates every live contact that has no company with one live company (round robin over the
     * companies, as its primary company), as a seeded portal's contacts would be; returns how many.
     */
    public int associateContactsWithCompanies() {
        return associateRoundRobin(ObjectType.CONTACTS, ObjectType.COMPANIES,
                AssociationTypes.primary(ObjectType.CONTACTS, ObjectType.COMPANIES).id());
    }

    /**
     * Associates every live record of {@code from} that has none of {@code to} with one live record of
     * {@code to} (round robin), by type {@code typeId}; returns how many were associated.
     */
    public int associateRoundRobin(ObjectType from, ObjectType to, int typeId) {
        List<CrmRecord> targets = store(to).page(0, store(to).liveCount(), false);
        if (targets.isEmpty()) {
            return 0;
        }
        int n = 0;
        int i = 0;
        for (CrmRecord r : store(from).page(0, store(from).liveCount(), false)) {
            CrmRecord target = targets.get(i++ % targets.size());
            if (!associations.page(from, r.id(), to, Long.MIN_VALUE, 0).isEmpty()) {
                continue;
            }
            n++;
            associations.seed(from, r.id(), to, target.id(), typeId);
        }
        return n;
    }
}
