package io.hubsync.emulator.crm;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** One HubSpot account ("portal", "hub"): its own records and property definitions per object type. */
public final class Portal {
    private final long id;
    private final RecordGenerator generator;
    private final Map<ObjectType, ObjectStore> stores = new EnumMap<>(ObjectType.class);

    public Portal(long id, long seed, LongSupplier clock, LongSupplier indexDelay, Consumer<CrmEvent> events) {
        this.id = id;
        this.generator = new RecordGenerator(seed * 1_000_003L + id);
        long firstId = 1001 + (seed % 1000) * 7;
        for (ObjectType t : ObjectType.values()) {
            // ids are unique per object type, not across them, as in HubSpot
            stores.put(t, new ObjectStore(id, t, new PropertySchema(t), generator, clock, indexDelay, events,
                    firstId + t.ordinal() * 100_000_000L));
        }
    }

    public long id() { return id; }
    public ObjectStore store(ObjectType type) { return stores.get(type); }
    public RecordGenerator generator() { return generator; }
}
