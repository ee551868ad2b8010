package io.hubsync.emulator.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.ApiException;
import io.hubsync.emulator.Emulator;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;
import io.hubsync.emulator.http.Router;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;

/**
 * {@code POST /crm/v3/objects/{objectType}/search}: filter groups (OR of ANDs), one sort, offset
 * paging capped at {@code searchCap}, free-text query, and only what the index can see yet.
 */
public final class SearchApi {
    static final int MAX_GROUPS = 5;
    static final int MAX_PER_GROUP = 6;
    static final int MAX_FILTERS = 18;
    static final int MAX_LIMIT = 200;

    private final Emulator emulator;

    public SearchApi(Emulator emulator) {
        this.emulator = emulator;
    }

    public void register(Router router) {
        router.add("POST", CrmApi.BASE + "/search", "crm.search", Route.Kind.SEARCH,
                r -> CrmApi.scopes(r, "objectType").readScope(), this::search);
    }

    private record Sort(PropertyDef def, boolean descending) { }

    private EmuResponse search(EmuRequest req, RequestContext ctx) throws IOException {
        ObjectStore store = CrmApi.store(emulator, req, ctx);
        int bodyLimit = emulator.config().searchBodyLimit;
        if (req.body().length > bodyLimit) {
            throw new ApiException(HubSpotErrors.validation("The request body is " + req.body().length
                    + " characters; search accepts at most " + bodyLimit));
        }
        JsonNode body = CrmApi.body(req);

        List<List<SearchFilter>> groups = new ArrayList<>();
        JsonNode fg = body.path("filterGroups");
        int total = 0;
        if (fg.isArray()) {
            if (fg.size() > MAX_GROUPS) {
                throw new ApiException(HubSpotErrors.validation("Too many filter groups: " + fg.size()
                        + ". At most " + MAX_GROUPS + " are allowed."));
            }
            for (JsonNode g : fg) {
                List<SearchFilter> filters = new ArrayList<>();
                for (JsonNode f : g.path("filters")) {
                    filters.add(SearchFilter.compile(f, store));
                }
                if (filters.size() > MAX_PER_GROUP) {
                    throw new ApiException(HubSpotErrors.validation("Too many filters in a group: " + filters.size()
                            + ". At most " + MAX_PER_GROUP + " per group are allowed."));
                }
                total += filters.size();
                groups.add(filters);
            }
        }
        if (total > MAX_FILTERS) {
            throw new ApiException(HubSpotErrors.validation("Too many filters: " + total + ". At most "
                    + MAX_FILTERS + " in all are allowed."));
        }
        Sort sort = sort(body.path("sorts"), store);
        int limit = body.has("limit") ? CrmApi.limit(body.get("limit").asText(), 10, MAX_LIMIT) : 10;
        int after = offset(body.path("after"));
        if (after >= emulator.config().searchCap) {
            throw new ApiException(HubSpotErrors.searchCap());
        }
        String query = body.path("query").asText("").trim().toLowerCase(Locale.ROOT);
        List<String> requested = new ArrayList<>();
        body.path("properties").forEach(p -> requested.add(p.asText()));
        List<PropertyDef> props = RecordJson.select(store, requested);
        List<PropertyDef> searchable = new ArrayList<>();
        for (String n : store.type().searchableProperties()) {
            PropertyDef d = store.schema().get(n);
            if (d != null) {
                searchable.add(d);
            }
        }
        String[] terms = query.isEmpty() ? new String[0] : query.split("\\s+");

        NavigableMap<Long, CrmRecord> index = store.searchable();
        List<CrmRecord> page = new ArrayList<>(limit);
        int matched = 0;
        int end = Math.min(after + limit, emulator.config().searchCap);
        boolean byId = sort != null && sort.def.name().equals("hs_object_id") && !sort.descending;
        String keyPaging = byId && groups.size() == 1 ? keyPagingKey(store, groups.get(0), query) : null;
        if (keyPaging != null) {
            // key paging: the same window page after page, only the id bound moves. Its matches are
            // found once per state of the index, sorted by id; each page is then a binary search.
            List<SearchFilter> rest = new ArrayList<>();
            long from = Long.MIN_VALUE;
            for (SearchFilter f : groups.get(0)) {
                if (f.idBound()) {
                    from = Math.max(from, f.idLowerBound());
                } else {
                    rest.add(f);
                }
            }
            List<CrmRecord> all = windowMatches(store, keyPaging, rest, terms, searchable);
            int start = firstIdAtLeast(all, from);
            matched = all.size() - start;
            for (int i = start + after; i < Math.min(start + end, all.size()); i++) {
                page.add(all.get(i));
            }
        } else if (byId) {
            // key paging fast path: walk the index in id order from the lowest id any group admits
            long from = Long.MAX_VALUE;
            for (List<SearchFilter> g : groups) {
                long groupFrom = Long.MIN_VALUE;
                for (SearchFilter f : g) {
                    groupFrom = Math.max(groupFrom, f.idLowerBound());
                }
                from = Math.min(from, groupFrom);
            }
            NavigableMap<Long, CrmRecord> view = groups.isEmpty() || from == Long.MIN_VALUE ? index
                    : index.tailMap(from, true);
            for (CrmRecord r : view.values()) {
                if (matches(store, r, groups, terms, searchable)) {
                    if (matched >= after && matched < end) {
                        page.add(r);
                    }
                    matched++;
                }
            }
        } else {
            List<CrmRecord> all = new ArrayList<>();
            for (CrmRecord r : index.values()) {
                if (matches(store, r, groups, terms, searchable)) {
                    all.add(r);
                }
            }
            all.sort(comparator(store, sort));
            matched = all.size();
            for (int i = after; i < Math.min(end, all.size()); i++) {
                page.add(all.get(i));
            }
        }
        int totalMatched = matched;
        byte[] json = RecordJson.build(g -> {
            g.writeStartObject();
            g.writeNumberField("total", totalMatched);
            g.writeArrayFieldStart("results");
            for (CrmRecord r : page) {
                RecordJson.write(g, store, r, props, null);
            }
            g.writeEndArray();
            if (after + limit < totalMatched) {
                g.writeObjectFieldStart("paging");
                g.writeObjectFieldStart("next");
                g.writeStringField("after", Integer.toString(after + limit));
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
        });
        return EmuResponse.json(200, json);
    }

    private record Window(long version, List<CrmRecord> matches) { }

    /** The last few windows' matches, by query (without the id bound) and store. */
    private final java.util.Map<String, Window> windows = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Window> e) {
                    return size() > 32;
                }
            });

    /** A key for a key-paged query (one group, id bounds set aside), or null when it bounds no id. */
    private static String keyPagingKey(ObjectStore store, List<SearchFilter> group, String query) {
        StringBuilder sb = new StringBuilder();
        boolean bounded = false;
        for (SearchFilter f : group) {
            if (f.idBound()) {
                bounded = true;
            } else {
                sb.append(f.text).append(';');
            }
        }
        return bounded ? System.identityHashCode(store) + "|" + query + "|" + sb : null;
    }

    private List<CrmRecord> windowMatches(ObjectStore store, String key, List<SearchFilter> filters, String[] terms,
                                          List<PropertyDef> searchable) {
        long version = store.indexVersion();
        Window cached = windows.get(key);
        if (cached != null && cached.version == version) {
            return cached.matches;
        }
        List<List<SearchFilter>> groups = filters.isEmpty() ? List.of() : List.of(filters);
        Iterable<CrmRecord> candidates = byLastModified(store, groups);
        if (candidates == null) {
            candidates = store.searchable().values();
        }
        List<CrmRecord> all = new ArrayList<>();
        for (CrmRecord r : candidates) {
            if (matches(store, r, groups, terms, searchable)) {
                all.add(r);
            }
        }
        all.sort(Comparator.comparingLong(CrmRecord::id));
        windows.put(key, new Window(version, all));
        return all;
    }

    private static int firstIdAtLeast(List<CrmRecord> sorted, long id) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).id() < id) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * The records whose last-modified date lies in a range some filter of each group requires, or
     * null when a group has no such filter (then every record must be looked at).
     */
    private static Iterable<CrmRecord> byLastModified(ObjectStore store, List<List<SearchFilter>> groups) {
        if (groups.isEmpty()) {
            return null;
        }
        String property = store.type().lastModifiedProperty();
        List<long[]> ranges = new ArrayList<>();
        for (List<SearchFilter> g : groups) {
            long[] range = null;
            for (SearchFilter f : g) {
                long[] r = f.timeRange(property);
                if (r != null) {
                    range = range == null ? r : new long[] {Math.max(range[0], r[0]), Math.min(range[1], r[1])};
                }
            }
            if (range == null) {
                return null;
            }
            ranges.add(range);
        }
        if (ranges.size() == 1) {
            long[] r = ranges.get(0);
            return r[0] <= r[1] ? store.searchableModified(r[0], r[1]) : List.of();
        }
        java.util.Map<Long, CrmRecord> out = new java.util.LinkedHashMap<>();
        for (long[] r : ranges) {
            if (r[0] <= r[1]) {
                for (CrmRecord rec : store.searchableModified(r[0], r[1])) {
                    out.putIfAbsent(rec.id(), rec);
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private static boolean matches(ObjectStore store, CrmRecord r, List<List<SearchFilter>> groups, String[] terms,
                                   List<PropertyDef> searchable) {
        if (terms.length > 0 && !matchesQuery(store, r, terms, searchable)) {
            return false;
        }
        if (groups.isEmpty()) {
            return true;
        }
        for (List<SearchFilter> g : groups) {
            boolean all = true;
            for (SearchFilter f : g) {
                if (!f.matches(store, r)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** Every term must start a word of one of the type's searchable properties. */
    private static boolean matchesQuery(ObjectStore store, CrmRecord r, String[] terms, List<PropertyDef> searchable) {
        StringBuilder text = new StringBuilder();
        for (PropertyDef d : searchable) {
            String v = store.value(r, d);
            if (v != null) {
                text.append(' ').append(v.toLowerCase(Locale.ROOT));
            }
        }
        String[] words = text.toString().split("[\\s@.,;:_\\-+()]+");
        for (String t : terms) {
            boolean hit = text.indexOf(t) >= 0 && t.contains("@");
            for (int i = 0; !hit && i < words.length; i++) {
                hit = words[i].startsWith(t);
            }
            if (!hit) {
                return false;
            }
        }
        return true;
    }

    private static Comparator<CrmRecord> comparator(ObjectStore store, Sort sort) {
        Comparator<CrmRecord> byId = Comparator.comparingLong(CrmRecord::id);
        if (sort == null) {
            // HubSpot's default: object creation, oldest first
            return Comparator.comparingLong(CrmRecord::createdAt).thenComparing(byId);
        }
        PropertyDef def = sort.def;
        Comparator<CrmRecord> c;
        if (def.numeric()) {
            c = (a, b) -> {
                double x = store.number(a, def);
                double y = store.number(b, def);
                if (Double.isNaN(x) || Double.isNaN(y)) {
                    return Double.isNaN(x) ? (Double.isNaN(y) ? 0 : 1) : -1;
                }
                return sort.descending ? Double.compare(y, x) : Double.compare(x, y);
            };
        } else {
            c = (a, b) -> {
                String x = store.value(a, def);
                String y = store.value(b, def);
                if (x == null || y == null) {
                    return x == null ? (y == null ? 0 : 1) : -1;
                }
                return sort.descending ? y.compareToIgnoreCase(x) : x.compareToIgnoreCase(y);
            };
        }
        return c.thenComparing(byId);
    }

    /**
     * One sort only. Accepted forms: {@code {"propertyName","direction"}}, a plain name (ascending),
     * a {@code -}-prefixed name (descending), and an object serialized as a string.
     */
    private static Sort sort(JsonNode sorts, ObjectStore store) {
        if (sorts.isMissingNode() || sorts.isNull() || (sorts.isArray() && sorts.isEmpty())) {
            return null;
        }
        if (!sorts.isArray()) {
            throw new ApiException(HubSpotErrors.validation("sorts must be an array"));
        }
        if (sorts.size() > 1) {
            throw new ApiException(HubSpotErrors.validation("Only one sort is allowed, got " + sorts.size()));
        }
        JsonNode s = sorts.get(0);
        if (s.isTextual()) {
            String t = s.asText().trim();
            if (t.startsWith("{")) {
                try {
                    s = HubSpotErrors.MAPPER.readTree(t);
                } catch (IOException e) {
                    throw new ApiException(HubSpotErrors.validation("Cannot read sort " + t));
                }
            } else {
                boolean desc = t.startsWith("-");
                return new Sort(sortProperty(desc ? t.substring(1) : t, store), desc);
            }
        }
        String name = s.path("propertyName").asText(null);
        String dir = s.path("direction").asText("ASCENDING");
        if (!dir.equals("ASCENDING") && !dir.equals("DESCENDING")) {
            throw new ApiException(HubSpotErrors.validation("Sort direction must be ASCENDING or DESCENDING, got " + dir));
        }
        return new Sort(sortProperty(name, store), dir.equals("DESCENDING"));
    }

    private static PropertyDef sortProperty(String name, ObjectStore store) {
        PropertyDef d = name == null ? null : store.schema().get(name);
        if (d == null) {
            throw new ApiException(HubSpotErrors.validation("Cannot sort by unknown property '" + name + "'"));
        }
        return d;
    }

    private static int offset(JsonNode after) {
        if (after.isMissingNode() || after.isNull() || after.asText().isEmpty()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(after.asText().trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new ApiException(HubSpotErrors.validation("after must be a non-negative integer offset, got '"
                    + after.asText() + "'"));
        }
    }
}
