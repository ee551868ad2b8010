package io.hubsync.emulator.crm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The associations of one portal, stored in both directions with the type ids of each
 * (docs/hubspot.md §14). An association to or from a record that is not live (archived, merged away)
 * stays stored but is not listed: archiving hides it, restoring shows it again. Merging moves the
 * merged-away record's associations to the survivor; a GDPR delete forgets them.
 *
 * <p>Every write announces an {@code associationChange} {@link CrmEvent} per direction: one when a
 * pair is first linked or unlinked, and one with {@code primary} set when the primary type is added
 * or removed ([U] docs/hubspot.md §14 suggests exactly this). Seeding, merges and archives announce
 * none.
 *
 * <p>Writes do not change the records' last-modified date unless {@link #bumpsModified} is on:
 * HubSpot's evidently do not (§14).
 */
public final class AssociationStore {
    private final long portalId;
    private final Function<ObjectType, ObjectStore> stores;
    private final java.util.function.Supplier<List<ObjectType>> types;
    private final LongSupplier clock;
    private final Consumer<CrmEvent> events;
    /** (from type, to type) as from index × 1024 + to index → from id → to id → type ids, ascending (an int[]: a million pairs stay small) */
    private final Map<Integer, Map<Long, TreeMap<Long, int[]>>> edges = new HashMap<>();
    private volatile boolean bumpsModified;

    AssociationStore(long portalId, Function<ObjectType, ObjectStore> stores,
                     java.util.function.Supplier<List<ObjectType>> types, LongSupplier clock, Consumer<CrmEvent> events) {
        this.portalId = portalId;
        this.stores = stores;
        this.types = types;
        this.clock = clock;
        this.events = events;
    }

    public boolean bumpsModified() { return bumpsModified; }
    public void bumpsModified(boolean on) { this.bumpsModified = on; }

    /** One associated record and the type ids from the asking side. */
    public record Link(long toId, List<Integer> typeIds) { }

    /** Whether the record is live, which is what a write needs on both ends. */
    public boolean live(ObjectType type, long id) {
        ObjectStore store = stores.apply(type);
        return store != null && store.get(id) != null;
    }

    // ---------------------------------------------------------------- writes

    /**
     * Adds one type (and its inverse); a primary type brings the unlabeled one, and takes the primary
     * from whatever other company the non-company end had. False when the type is unknown.
     */
    public boolean add(ObjectType from, long fromId, ObjectType to, long toId, int typeId, String source) {
        AssociationTypes.Type t = AssociationTypes.byId(from, to, typeId);
        if (t == null) {
            return false;
        }
        synchronized (this) {
            List<Integer> before = types(from, fromId, to, toId);
            if (t.primary()) {
                boolean companyIsTo = to == ObjectType.COMPANIES;
                dropPrimary(companyIsTo ? from : to, companyIsTo ? fromId : toId, companyIsTo ? toId : fromId, source);
                put(from, fromId, to, toId, AssociationTypes.unlabeled(from, to).id());
            }
            put(from, fromId, to, toId, t.id());
            if (before.isEmpty()) {
                announce(from, fromId, to, toId, false, false, source);
            }
            if (t.primary() && !before.contains(t.id())) {
                announce(from, fromId, to, toId, false, true, source);
            }
        }
        bump(from, fromId, to, toId, source);
        return true;
    }

    /** Seeding: adds a type (and the unlabeled one beside a primary) without events or last-modified stamps. */
    synchronized void seed(ObjectType from, long fromId, ObjectType to, long toId, int typeId) {
        if (AssociationTypes.byId(from, to, typeId).primary()) {
            put(from, fromId, to, toId, AssociationTypes.unlabeled(from, to).id());
        }
        put(from, fromId, to, toId, typeId);
    }

    /** Adds the default (unlabeled) type; false when the two types cannot be associated. */
    public boolean addDefault(ObjectType from, long fromId, ObjectType to, long toId, String source) {
        AssociationTypes.Type t = AssociationTypes.unlabeled(from, to);
        return t != null && add(from, fromId, to, toId, t.id(), source);
    }

    /** Removes every type between the two records; false when there was none. */
    public boolean remove(ObjectType from, long fromId, ObjectType to, long toId, String source) {
        boolean had;
        synchronized (this) {
            List<Integer> before = types(from, fromId, to, toId);
            had = removeAll(from, fromId, to, toId);
            if (had) {
                announce(from, fromId, to, toId, true, false, source);
                AssociationTypes.Type p = AssociationTypes.primary(from, to);
                if (p != null && before.contains(p.id())) {
                    announce(from, fromId, to, toId, true, true, source);
                }
            }
        }
        if (had) {
            bump(from, fromId, to, toId, source);
        }
        return had;
    }

    /** Whether any type links the two records (stored, visible or not). */
    public synchronized boolean linked(ObjectType from, long fromId, ObjectType to, long toId) {
        TreeMap<Long, int[]> m = edges(from, to).get(fromId);
        return m != null && m.containsKey(toId);
    }

    /**
     * The merged-away record's associations move to the survivor. Pairs both had stay once; a primary
     * the survivor already has of its own wins, the merged-away one's is dropped (§14).
     */
    synchronized void merge(ObjectType type, long survivor, long mergedAway) {
        for (ObjectType to : types.get()) {
            TreeMap<Long, int[]> theirs = edges(type, to).get(mergedAway);
            if (theirs == null) {
                continue;
            }
            for (Map.Entry<Long, int[]> e : new ArrayList<>(theirs.entrySet())) {
                long toId = e.getKey();
                List<Integer> ids = list(e.getValue());
                removeAll(type, mergedAway, to, toId);
                for (int id : ids) {
                    AssociationTypes.Type t = AssociationTypes.byId(type, to, id);
                    if (t == null || t.primary() && to == ObjectType.COMPANIES && hasPrimary(type, survivor, t.id())) {
                        continue;
                    }
                    put(type, survivor, to, toId, id);
                }
            }
        }
    }

    /** A GDPR delete: the record's associations are gone for good. */
    synchronized void forget(ObjectType type, long id) {
        for (ObjectType to : types.get()) {
            TreeMap<Long, int[]> m = edges(type, to).get(id);
            if (m != null) {
                for (Long toId : new ArrayList<>(m.keySet())) {
                    removeAll(type, id, to, toId);
                }
            }
        }
    }

    // ---------------------------------------------------------------- reads

    /** Up to {@code limit + 1} visible links from the record with to-id ≥ {@code fromToId}, by to-id. */
    public List<Link> page(ObjectType from, long fromId, ObjectType to, long fromToId, int limit) {
        List<Link> out = new ArrayList<>();
        synchronized (this) {
            TreeMap<Long, int[]> m = edges(from, to).get(fromId);
            if (m == null) {
                return out;
            }
            for (Map.Entry<Long, int[]> e : m.tailMap(fromToId, true).entrySet()) {
                if (live(to, e.getKey())) {
                    out.add(new Link(e.getKey(), list(e.getValue())));
                    if (out.size() > limit) {
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** Every visible association from live records of one type to another: from id → links, by id. */
    public TreeMap<Long, List<Link>> dump(ObjectType from, ObjectType to) {
        TreeMap<Long, List<Link>> out = new TreeMap<>();
        List<Long> fromIds;
        synchronized (this) {
            fromIds = new ArrayList<>(edges(from, to).keySet());
        }
        for (long id : fromIds) {
            if (live(from, id)) {
                List<Link> links = page(from, id, to, Long.MIN_VALUE, Integer.MAX_VALUE - 1);
                if (!links.isEmpty()) {
                    out.put(id, links);
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- internals

    private static List<Integer> list(int[] ids) {
        return Arrays.stream(ids).boxed().toList();
    }

    /** The sorted union of two sorted id sets. */
    private static int[] union(int[] a, int[] b) {
        return java.util.stream.IntStream.concat(Arrays.stream(a), Arrays.stream(b)).distinct().sorted().toArray();
    }

    private static int[] without(int[] ids, int id) {
        return Arrays.stream(ids).filter(x -> x != id).toArray();
    }

    private List<Integer> types(ObjectType from, long fromId, ObjectType to, long toId) {
        TreeMap<Long, int[]> m = edges(from, to).get(fromId);
        int[] s = m == null ? null : m.get(toId);
        return s == null ? List.of() : list(s);
    }

    /** The change in both directions; {@code isPrimaryAssociation} only for pairs that have a primary type. */
    private void announce(ObjectType from, long fromId, ObjectType to, long toId, boolean removed, boolean primary,
                          String source) {
        long at = clock.getAsLong();
        String src = source == null ? "CRM_UI" : source;
        Boolean p = AssociationTypes.primary(from, to) == null ? null : primary;
        events.accept(new CrmEvent(portalId, from, "associationChange", fromId, null, null, List.of(), at, src, 0,
                new CrmEvent.Association(to, toId, removed, p)));
        events.accept(new CrmEvent(portalId, to, "associationChange", toId, null, null, List.of(), at, src, 0,
                new CrmEvent.Association(from, fromId, removed, p)));
    }

    private Map<Long, TreeMap<Long, int[]>> edges(ObjectType from, ObjectType to) {
        return edges.computeIfAbsent(from.index() * 1024 + to.index(), k -> new HashMap<>());
    }

    private void put(ObjectType from, long fromId, ObjectType to, long toId, int typeId) {
        AssociationTypes.Type t = AssociationTypes.byId(from, to, typeId);
        edges(from, to).computeIfAbsent(fromId, k -> new TreeMap<>()).merge(toId, new int[] {typeId},
                AssociationStore::union);
        edges(to, from).computeIfAbsent(toId, k -> new TreeMap<>()).merge(fromId, new int[] {t.inverseId()},
                AssociationStore::union);
    }

    private boolean removeAll(ObjectType from, long fromId, ObjectType to, long toId) {
        boolean had = removeOneWay(from, fromId, to, toId);
        return removeOneWay(to, toId, from, fromId) || had;
    }

    private boolean removeOneWay(ObjectType from, long fromId, ObjectType to, long toId) {
        Map<Long, TreeMap<Long, int[]>> byFrom = edges(from, to);
        TreeMap<Long, int[]> m = byFrom.get(fromId);
        if (m == null || m.remove(toId) == null) {
            return false;
        }
        if (m.isEmpty()) {
            byFrom.remove(fromId);
        }
        return true;
    }

    private boolean hasPrimary(ObjectType type, long id, int primaryId) {
        TreeMap<Long, int[]> m = edges(type, ObjectType.COMPANIES).get(id);
        return m != null && m.values().stream().anyMatch(s -> Arrays.binarySearch(s, primaryId) >= 0);
    }

    /** A record has one primary company: the primary type leaves every other company of {@code holder}. */
    private void dropPrimary(ObjectType holder, long holderId, long keepCompany, String source) {
        AssociationTypes.Type p = AssociationTypes.primary(holder, ObjectType.COMPANIES);
        TreeMap<Long, int[]> m = edges(holder, ObjectType.COMPANIES).get(holderId);
        if (p == null || m == null) {
            return;
        }
        for (Map.Entry<Long, int[]> e : m.entrySet()) {
            if (e.getKey() != keepCompany && Arrays.binarySearch(e.getValue(), p.id()) >= 0) {
                e.setValue(without(e.getValue(), p.id()));
                TreeMap<Long, int[]> back = edges(ObjectType.COMPANIES, holder).get(e.getKey());
                if (back != null && back.get(holderId) != null) {
                    back.put(holderId, without(back.get(holderId), p.inverseId()));
                }
                announce(holder, holderId, ObjectType.COMPANIES, e.getKey(), true, true, source);
            }
        }
    }

    /** With {@link #bumpsModified} on, an association write is a write to both records. */
    private void bump(ObjectType from, long fromId, ObjectType to, long toId, String source) {
        if (bumpsModified) {
            stores.apply(from).update(fromId, Map.of(), source);
            stores.apply(to).update(toId, Map.of(), source);
        }
    }
}
