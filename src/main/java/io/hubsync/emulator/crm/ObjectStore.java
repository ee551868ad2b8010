package io.hubsync.emulator.crm;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The records of one object type in one portal. Reads are lock-free on skip lists; writes take
 * the store's lock and announce a {@link CrmEvent}.
 *
 * <p>The search index is a second map that trails the store by the configured index delay: each
 * write is queued with the instant it becomes visible, and a search first applies what is due.
 * Until then a search sees the record's previous version, as HubSpot's does.
 */
public final class ObjectStore {
    private final long portalId;
    private final ObjectType type;
    private final PropertySchema schema;
    private final RecordGenerator generator;
    private final LongSupplier clock;
    private final LongSupplier indexDelay;
    private final Consumer<CrmEvent> events;
    private final AssociationStore associations;

    private final ConcurrentSkipListMap<Long, CrmRecord> live = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<Long, CrmRecord> archived = new ConcurrentSkipListMap<>();
    /** merged-away id → the surviving id */
    private final Map<Long, Long> mergedInto = new ConcurrentHashMap<>();
    /** surviving id → merged-away ids, in merge order (the value of hs_merged_object_ids) */
    private final Map<Long, List<Long>> mergedIds = new ConcurrentHashMap<>();
    /** GDPR-deleted id → when */
    private final Map<Long, Long> gdprDeleted = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, CrmRecord> indexed = new ConcurrentSkipListMap<>();
    /** changes whenever the search index does; search caches a window's matches under it */
    private final java.util.concurrent.atomic.AtomicLong indexVersion = new java.util.concurrent.atomic.AtomicLong();
    /** the same searchable records by (last-modified, id): a window's records without a scan of all */
    private final ConcurrentSkipListSet<CrmRecord> indexedByTime = new ConcurrentSkipListSet<>(BY_TIME);
    private static final Comparator<CrmRecord> BY_TIME =
            Comparator.comparingLong((CrmRecord r) -> r.updatedAt).thenComparingLong(r -> r.id);
    private final ArrayDeque<long[]> pendingKeys = new ArrayDeque<>();
    private final ArrayDeque<CrmRecord> pendingRecords = new ArrayDeque<>();
    private long nextId;
    private long lastStamp;

    public ObjectStore(long portalId, ObjectType type, PropertySchema schema, RecordGenerator generator,
                       LongSupplier clock, LongSupplier indexDelay, Consumer<CrmEvent> events, long firstId,
                       AssociationStore associations) {
        this.associations = associations;
        this.portalId = portalId;
        this.type = type;
        this.schema = schema;
        this.generator = generator;
        this.clock = clock;
        this.indexDelay = indexDelay;
        this.events = events;
        this.nextId = firstId;
    }

    public ObjectType type() { return type; }
    public PropertySchema schema() { return schema; }
    public int liveCount() { return live.size(); }
    public int archivedCount() { return archived.size(); }

    // ---------------------------------------------------------------- values

    /** The value of one property of one record, as the API returns it (strings; null when unset). */
    public String value(CrmRecord r, PropertyDef def) {
        String name = def.name();
        if (name.equals("hs_object_id")) {
            return Long.toString(r.id);
        }
        if (name.equals(type.createdProperty())) {
            return Iso.format(r.createdAt);
        }
        if (name.equals(type.lastModifiedProperty())) {
            return Iso.format(r.updatedAt);
        }
        if (name.equals("hs_merged_object_ids")) {
            List<Long> ids = mergedIds.get(r.id);
            if (ids == null || ids.isEmpty()) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            for (Long id : ids) {
                sb.append(sb.length() == 0 ? "" : ";").append(id);
            }
            return sb.toString();
        }
        if (r.values == null) {
            return generator.value(type, def, r.id);
        }
        int slot = schema.slot(name);
        return slot >= 0 && slot < r.values.length ? r.values[slot] : null;
    }

    /** The value as a number for comparisons (datetimes as epoch ms); NaN when absent or not numeric. */
    public double number(CrmRecord r, PropertyDef def) {
        String name = def.name();
        if (name.equals("hs_object_id")) {
            return r.id;
        }
        if (name.equals(type.createdProperty())) {
            return r.createdAt;
        }
        if (name.equals(type.lastModifiedProperty())) {
            return r.updatedAt;
        }
        String v = value(r, def);
        if (v == null || v.isEmpty()) {
            return Double.NaN;
        }
        try {
            return def.type().equals("datetime") || def.type().equals("date") ? Iso.parse(v) : Double.parseDouble(v);
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    private String[] materialize(CrmRecord r) {
        List<PropertyDef> defs = schema.all();
        String[] out = new String[defs.size()];
        if (r.values != null) {
            System.arraycopy(r.values, 0, out, 0, Math.min(r.values.length, out.length));
        } else {
            for (int i = 0; i < defs.size(); i++) {
                out[i] = generator.value(type, defs.get(i), r.id);
            }
        }
        return out;
    }

    /** A strictly increasing timestamp, so two writes never share a millisecond unless asked to. */
    private long stamp() {
        long now = clock.getAsLong();
        lastStamp = Math.max(now, lastStamp);
        return lastStamp;
    }

    // ---------------------------------------------------------------- reads

    public CrmRecord get(long id) {
        return live.get(id);
    }

    public CrmRecord getArchived(long id) {
        return archived.get(id);
    }

    /** The surviving id when {@code id} was merged away, else null. */
    public Long mergedInto(long id) {
        Long to = mergedInto.get(id);
        while (to != null && mergedInto.containsKey(to)) {
            to = mergedInto.get(to);
        }
        return to;
    }

    /** Records with id ≥ {@code fromId} in id order: {@code limit} of them plus one to tell if more follow. */
    public List<CrmRecord> page(long fromId, int limit, boolean archivedOnly) {
        NavigableMap<Long, CrmRecord> map = archivedOnly ? archived : live;
        List<CrmRecord> out = new ArrayList<>(limit + 1);
        for (CrmRecord r : map.tailMap(fromId, true).values()) {
            out.add(r);
            if (out.size() > limit) {
                break;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- writes

    /** Seeds {@code n} records created evenly over [from, to], each modified at a random later instant. */
    public synchronized void seed(int n, long from, long to, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed ^ (portalId * 31 + type.index()));
        long span = Math.max(1, to - from);
        List<CrmRecord> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long id = nextId;
            nextId += 1 + rnd.nextInt(3);
            long created = from + span * i / Math.max(1, n) + rnd.nextLong(Math.max(1, span / Math.max(1, n)));
            created = Math.min(created, to);
            long updated = created + (long) ((to - created) * Math.pow(rnd.nextDouble(), 2));
            CrmRecord r = new CrmRecord(id, created, updated, 0, null);
            live.put(id, r);
            batch.add(r);
        }
        // seeded data predates the run: visible to search at once
        for (CrmRecord r : batch) {
            applyIndex(r.id, r);
        }
        lastStamp = Math.max(lastStamp, to);
    }

    public synchronized CrmRecord create(Map<String, String> properties, String source) {
        long now = stamp();
        String[] values = new String[schema.size()];
        for (Map.Entry<String, String> e : properties.entrySet()) {
            int slot = schema.slot(e.getKey());
            if (slot >= 0 && !readOnly(e.getKey())) {
                values[slot] = e.getValue();
            }
        }
        CrmRecord r = new CrmRecord(nextId, now, now, 0, values);
        nextId += 1;
        live.put(r.id, r);
        queueIndex(r.id, r);
        emit("creation", r.id, null, null, List.of(), now, source);
        return r;
    }

    /** Applies changed properties; returns the new version, or null when the id is not live. */
    public synchronized CrmRecord update(long id, Map<String, String> properties, String source) {
        CrmRecord cur = live.get(id);
        if (cur == null) {
            return null;
        }
        long now = stamp();
        String[] values = materialize(cur);
        Map<String, String> changed = new LinkedHashMap<>();
        List<PropertyDef> defs = schema.all();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            int slot = schema.slot(e.getKey());
            if (slot < 0 || readOnly(e.getKey())) {
                continue;
            }
            String v = e.getValue() == null || e.getValue().isEmpty() ? null : e.getValue();
            if (!java.util.Objects.equals(values[slot], v)) {
                changed.put(defs.get(slot).name(), v);
            }
            values[slot] = v;
        }
        // HubSpot stamps lastmodifieddate on every accepted write, even one that changes no value
        CrmRecord next = cur.withValues(values, now);
        live.put(id, next);
        queueIndex(id, next);
        changed.forEach((k, v) -> emit("propertyChange", id, k, v, List.of(), now, source));
        return next;
    }

    /** Stamps {@code count} live records (the lowest ids from {@code fromId}) with one identical millisecond. */
    public synchronized int bulkTouch(int count, long fromId, String property, String value) {
        long now = stamp();
        int slot = property == null ? -1 : schema.slot(property);
        int done = 0;
        List<CrmRecord> touched = new ArrayList<>(count);
        for (CrmRecord cur : live.tailMap(fromId, true).values()) {
            if (done >= count) {
                break;
            }
            String[] values = cur.values;
            if (slot >= 0) {
                values = materialize(cur);
                values[slot] = value;
            }
            touched.add(cur.withValues(values, now));
            done++;
        }
        for (CrmRecord r : touched) {
            live.put(r.id, r);
            queueIndex(r.id, r);
            if (slot >= 0) {
                emit("propertyChange", r.id, property, value, List.of(), now, "IMPORT");
            }
        }
        return done;
    }

    /** Archives (soft-deletes) a record; false when it is not live. */
    public synchronized boolean archive(long id, String source) {
        CrmRecord cur = live.remove(id);
        if (cur == null) {
            return false;
        }
        long now = stamp();
        CrmRecord gone = cur.withArchivedAt(now, now);
        archived.put(id, gone);
        queueIndex(id, null);
        emit("deletion", id, null, null, List.of(), now, source);
        return true;
    }

    /** Restores an archived record; null when it is not archived. */
    public synchronized CrmRecord restore(long id, String source) {
        CrmRecord cur = archived.remove(id);
        if (cur == null) {
            return null;
        }
        long now = stamp();
        CrmRecord back = cur.withArchivedAt(0, now);
        live.put(id, back);
        queueIndex(id, back);
        emit("restore", id, null, null, List.of(), now, source);
        return back;
    }

    /**
     * Merges {@code secondary} into {@code primary}: the primary survives with its id, takes the
     * secondary's values where its own are empty, and lists the secondary (and whatever had been
     * merged into it) in {@code hs_merged_object_ids}. The secondary leaves every listing; reading
     * it by id answers with the primary, as HubSpot does for merged contacts.
     */
    public synchronized CrmRecord merge(long primary, long secondary, String source) {
        CrmRecord p = live.get(primary);
        CrmRecord s = live.get(secondary);
        if (p == null || s == null || primary == secondary) {
            return null;
        }
        long now = stamp();
        String[] pv = materialize(p);
        String[] sv = materialize(s);
        int moved = 0;
        for (int i = 0; i < pv.length; i++) {
            if ((pv[i] == null || pv[i].isEmpty()) && sv[i] != null) {
                pv[i] = sv[i];
                moved++;
            }
        }
        live.remove(secondary);
        queueIndex(secondary, null);
        mergedInto.put(secondary, primary);
        List<Long> ids = new ArrayList<>(mergedIds.getOrDefault(primary, List.of()));
        ids.add(secondary);
        ids.addAll(mergedIds.getOrDefault(secondary, List.of()));
        mergedIds.remove(secondary);
        mergedIds.put(primary, List.copyOf(ids));
        associations.merge(type, primary, secondary);
        CrmRecord next = p.withValues(pv, now);
        live.put(primary, next);
        queueIndex(primary, next);
        events.accept(new CrmEvent(portalId, type, "merge", primary, null, null, List.of(secondary), now,
                source == null ? "CRM_UI" : source, moved));
        return next;
    }

    /** Deletes permanently (GDPR); false when unknown. */
    public synchronized boolean gdprDelete(long id, String source) {
        CrmRecord cur = live.remove(id);
        if (cur == null) {
            cur = archived.remove(id);
        }
        if (cur == null) {
            return false;
        }
        long now = stamp();
        queueIndex(id, null);
        gdprDeleted.put(id, now);
        associations.forget(type, id);
        emit("privacyDeletion", id, null, null, List.of(), now, source);
        // HubSpot fires contact.deletion alongside contact.privacyDeletion (docs/hubspot.md §7)
        emit("deletion", id, null, null, List.of(), now, source);
        return true;
    }

    /** Finds a live record whose property equals the value (for idProperty lookups such as email). */
    public CrmRecord findBy(String property, String value) {
        PropertyDef def = schema.get(property);
        if (def == null || value == null) {
            return null;
        }
        for (CrmRecord r : live.values()) {
            if (value.equalsIgnoreCase(value(r, def))) {
                return r;
            }
        }
        return null;
    }

    private boolean readOnly(String name) {
        return name.equals("hs_object_id") || name.equals(type.createdProperty()) || name.equals(type.lastModifiedProperty())
                || name.equals("hs_merged_object_ids");
    }

    private void emit(String kind, long id, String prop, String value, List<Long> merged, long at, String source) {
        events.accept(new CrmEvent(portalId, type, kind, id, prop, value, merged, at,
                source == null ? "CRM_UI" : source));
    }

    // ---------------------------------------------------------------- search index

    private void queueIndex(long id, CrmRecord r) {
        long delay = indexDelay.getAsLong();
        synchronized (pendingKeys) {
            if (delay <= 0 && pendingKeys.isEmpty()) {
                applyIndex(id, r);
                return;
            }
            pendingKeys.add(new long[] {clock.getAsLong() + Math.max(0, delay), id});
            pendingRecords.add(r == null ? TOMBSTONE : r);
        }
    }

    private static final CrmRecord TOMBSTONE = new CrmRecord(-1, 0, 0, 0, null);

    private void applyIndex(long id, CrmRecord r) {
        indexVersion.incrementAndGet();
        CrmRecord old = r == null ? indexed.remove(id) : indexed.put(id, r);
        if (old != null) {
            indexedByTime.remove(old);
        }
        if (r != null) {
            indexedByTime.add(r);
        }
    }

    /** A number that changes with every change the search index takes in. */
    public long indexVersion() { return indexVersion.get(); }

    /** Searchable records last modified within [from, to] (call {@link #searchable()} first). */
    public java.util.NavigableSet<CrmRecord> searchableModified(long from, long to) {
        return indexedByTime.subSet(new CrmRecord(Long.MIN_VALUE, 0, from, 0, null), true,
                new CrmRecord(Long.MAX_VALUE, 0, to, 0, null), true);
    }

    /** The records search can see now: every write older than the index delay has reached it. */
    public NavigableMap<Long, CrmRecord> searchable() {
        long now = clock.getAsLong();
        synchronized (pendingKeys) {
            while (!pendingKeys.isEmpty() && pendingKeys.peek()[0] <= now) {
                long id = pendingKeys.poll()[1];
                CrmRecord r = pendingRecords.poll();
                applyIndex(id, r == TOMBSTONE ? null : r);
            }
        }
        return indexed;
    }

    // ---------------------------------------------------------------- oracle

    /** One line of the dump that tests compare a synced database with. */
    public record DumpEntry(long id, long createdAt, long lastModified, boolean archived, Long archivedAt,
                            Long mergedInto, String state, String hash, Map<String, String> properties) { }

    /**
     * Every record this store has known: live, archived, merged away and GDPR-deleted. The hash is
     * hex SHA-256 over {@code name=value\n} lines of the chosen properties with a value, sorted by
     * name (UTF-8); a sync computes the same over what it stored.
     */
    public List<DumpEntry> dump(List<String> properties, boolean withValues) {
        List<PropertyDef> defs = new ArrayList<>();
        if (properties == null || properties.isEmpty()) {
            defs.addAll(schema.all());
        } else {
            for (String p : properties) {
                PropertyDef d = schema.get(p);
                if (d != null) {
                    defs.add(d);
                }
            }
        }
        defs.sort(java.util.Comparator.comparing(PropertyDef::name));
        TreeMap<Long, DumpEntry> out = new TreeMap<>();
        for (CrmRecord r : live.values()) {
            out.put(r.id, entry(r, "live", null, defs, withValues));
        }
        for (CrmRecord r : archived.values()) {
            out.put(r.id, entry(r, "archived", null, defs, withValues));
        }
        mergedInto.keySet().forEach(id -> out.put(id,
                new DumpEntry(id, 0, 0, false, null, mergedInto(id), "merged", null, null)));
        gdprDeleted.forEach((id, at) -> out.put(id,
                new DumpEntry(id, 0, at, false, null, null, "gdpr-deleted", null, null)));
        return new ArrayList<>(out.values());
    }

    private DumpEntry entry(CrmRecord r, String state, Long merged, List<PropertyDef> defs, boolean withValues) {
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder sb = new StringBuilder();
        for (PropertyDef d : defs) {
            String v = value(r, d);
            if (v != null) {
                sb.append(d.name()).append('=').append(v).append('\n');
                values.put(d.name(), v);
            }
        }
        return new DumpEntry(r.id, r.createdAt, r.updatedAt, r.archived(), r.archived() ? r.archivedAt : null,
                merged, state, sha256(sb.toString()), withValues ? values : null);
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
