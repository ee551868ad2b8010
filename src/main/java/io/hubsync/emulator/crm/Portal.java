package io.hubsync.emulator.crm;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** One HubSpot account ("portal", "hub"): its own records and property definitions per object type. */
public final class Portal {
    private final long id;
    private final RecordGenerator generator;
    private final Map<ObjectType, ObjectStore> stores = new EnumMap<>(ObjectType.class);
    private final AssociationStore associations;

    public Portal(long id, long seed, LongSupplier clock, LongSupplier indexDelay, Consumer<CrmEvent> events) {
        this.id = id;
        this.generator = new RecordGenerator(seed * 1_000_003L + id);
        this.associations = new AssociationStore(id, this::store, clock, events);
        long firstId = 1001 + (seed % 1000) * 7;
        for (ObjectType t : ObjectType.values()) {
            // ids are unique per object type, not across them, as in HubSpot
            stores.put(t, new ObjectStore(id, t, new PropertySchema(t), generator, clock, indexDelay, events,
                    firstId + t.ordinal() * 100_000_000L, associations));
        }
    }

    public long id() { return id; }
    public ObjectStore store(ObjectType type) { return stores.get(type); }
    public RecordGenerator generator() { return generator; }
    public AssociationStore associations() { return associations; }

    /**
     * Associates every live contact that has no company with one live company (round robin over the
     * companies, as its primary company), as a seeded portal's contacts would be; returns how many.
     */
    public int associateContactsWithCompanies() {
        List<CrmRecord> companies = store(ObjectType.COMPANIES).page(0, store(ObjectType.COMPANIES).liveCount(), false);
        if (companies.isEmpty()) {
            return 0;
        }
        int n = 0;
        int i = 0;
        for (CrmRecord c : store(ObjectType.CONTACTS).page(0, store(ObjectType.CONTACTS).liveCount(), false)) {
            CrmRecord company = companies.get(i++ % companies.size());
            if (!associations.page(ObjectType.CONTACTS, c.id(), ObjectType.COMPANIES, Long.MIN_VALUE, 0).isEmpty()) {
                continue;
            }
            n++;
            associations.seed(ObjectType.CONTACTS, c.id(), ObjectType.COMPANIES, company.id(),
                    AssociationTypes.primary(ObjectType.CONTACTS, ObjectType.COMPANIES).id());
        }
        return n;
    }
}
