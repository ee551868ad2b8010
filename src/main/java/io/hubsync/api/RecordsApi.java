package io.hubsync.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.connections.ConnectionActions;
import io.hubsync.core.ObjectTypes;
import io.hubsync.core.Quoted;
import io.hubsync.store.ConnectionStore;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The records API's two ends (routes/records-api.camel.yaml): the request's parameters checked and
 * turned into the parameters of the SQL query, and the rows it read turned into the answer. Paging is
 * by change_seq: the cursor is the change_seq of the last record of a page (a plain number), so
 * records sharing one last-modified millisecond are never skipped or repeated.
 */
public final class RecordsApi {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    private static final Set<String> PARAMETERS = Set.of("modifiedAfter", "cursor", "limit", "filter", "include");
    static final Set<String> FEED_PARAMETERS = Set.of("cursor", "limit");
    /** What {@code include} may name: more to answer with each record. */
    private static final Set<String> INCLUDES = Set.of("associations");
    private static final Set<String> FILTERS = Set.of("added", "updated", "deleted");
    private static final TypeReference<LinkedHashMap<String, Object>> JSON_OBJECT = new TypeReference<>() { };
    /** The range of modifiedAfter: years 1970 to 9999. */
    static final Instant EARLIEST_MODIFIED = Instant.EPOCH;
    static final Instant LATEST_MODIFIED = Instant.parse("9999-12-31T23:59:59.999Z");

    private final ConnectionStore connections;
    private final ObjectMapper json = new ObjectMapper();

    public RecordsApi(ConnectionStore connections) {
        this.connections = connections;
    }

    /** The named parameters of the records query; 404 for an unknown connection or type, 400 naming a bad parameter. */
    public Map<String, Object> query(@Header("name") String connection, @Header("objectType") String objectType,
                                     @Header(Exchange.HTTP_QUERY) String rawQuery) throws SQLException {
        // a custom object by its name, as stored (docs/records-api.md)
        if (!ObjectTypes.storable(objectType)) {
            throw new ApiError(404, "not_found", "objectType", "no object type " + Quoted.of(objectType) + ": hubsync stores "
                    + String.join(", ", ObjectTypes.SUPPORTED) + ", and custom objects by name");
        }
        if (connections.find(connection).isEmpty()) {
            throw new ConnectionActions.NotFound(connection);
        }
        Map<String, String> given = parameters(rawQuery);
        int limit = limit(given.get("limit"));
        Set<String> filter = filter(given.get("filter"));
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("connectionId", connection);
        q.put("objectType", objectType);
        q.put("cursor", cursor(given.get("cursor")));
        q.put("modifiedAfter", Timestamp.from(modifiedAfter(given.get("modifiedAfter"))));
        q.put("added", filter.contains("added") ? 1 : 0);
        q.put("updated", filter.contains("updated") ? 1 : 0);
        q.put("deleted", filter.contains("deleted") ? 1 : 0);
        q.put("limit", limit);
        // one row more than asked: whether there is a next page, without an empty last page
        q.put("fetch", limit + 1);
        q.put("associations", include(given.get("include")).contains("associations"));
        return q;
    }

    /**
     * The named parameters of the one associations query of a page (include=associations): the ids of
     * the records the answer holds (not the extra row that only says a next page follows).
     */
    public Map<String, Object> associationsQuery(List<Map<String, Object>> rows,
                                                 @ExchangeProperty("recordsQuery") Map<String, Object> q) {
        List<Long> ids = new ArrayList<>();
        for (Map<String, Object> row : rows.subList(0, Math.min((Integer) q.get("limit"), rows.size()))) {
            ids.add(((Number) row.get("id")).longValue());
        }
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("connectionId", q.get("connectionId"));
        a.put("objectType", q.get("objectType"));
        a.put("ids", ids);
        return a;
    }

    /**
     * {@code {"results": [...], "paging": {"next": {"cursor": "…"}}}}, paging only when more records follow;
     * with include=associations each record has its live associations by to-type ({@code associationRows},
     * the page's rows of the associations query; none read when the page is empty).
     */
    public Map<String, Object> answer(List<Map<String, Object>> rows,
                                      @ExchangeProperty("recordsQuery") Map<String, Object> q,
                                      @ExchangeProperty("associationRows") List<Map<String, Object>> associationRows)
            throws Exception {
        if (!Boolean.TRUE.equals(q.get("associations"))) {
            return page(rows, (Integer) q.get("limit"), this::record);
        }
        Map<Long, Map<String, Object>> byRecord = RecordAssociations.byRecord(
                associationRows == null ? List.of() : associationRows);
        return page(rows, (Integer) q.get("limit"), row -> {
            Map<String, Object> r = record(row);
            r.put("associations", byRecord.getOrDefault(((Number) row.get("id")).longValue(), Map.of()));
            return r;
        });
    }

    /** How a row of a change-ordered query becomes an item of the answer. */
    interface Item {
        Map<String, Object> of(Map<String, Object> row) throws Exception;
    }

    /**
     * The answer of a query that read one row more than {@code limit} in change_seq order: the rows as
     * items, and a next cursor (the last item's changeSeq) when the extra row came.
     */
    static Map<String, Object> page(List<Map<String, Object>> rows, int limit, Item item) throws Exception {
        return page(rows, limit, item, "changeSeq");
    }

    /** {@link #page(List, int, Item)} whose next cursor is the last item's {@code cursorField}. */
    static Map<String, Object> page(List<Map<String, Object>> rows, int limit, Item item, String cursorField)
            throws Exception {
        List<Map<String, Object>> results = new ArrayList<>();
        for (Map<String, Object> row : rows.subList(0, Math.min(limit, rows.size()))) {
            results.add(item.of(row));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("results", results);
        if (rows.size() > limit) {
            Object last = results.get(results.size() - 1).get(cursorField);
            out.put("paging", Map.of("next", Map.of("cursor", String.valueOf(last))));
        }
        return out;
    }

    private Map<String, Object> record(Map<String, Object> row) throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", String.valueOf(row.get("id")));
        r.put("properties", json.readValue((String) row.get("properties"), JSON_OBJECT));
        r.put("createdAt", iso(row.get("created_at")));
        r.put("updatedAt", iso(row.get("last_modified")));
        r.put("archived", row.get("archived"));
        r.put("archivedAt", iso(row.get("archived_at")));
        r.put("deleted", row.get("deleted"));
        Object merged = row.get("merged_into");
        r.put("mergedInto", merged == null ? null : merged.toString());
        r.put("changeSeq", ((Number) row.get("change_seq")).longValue());
        return r;
    }

    static String iso(Object t) {
        if (t == null) {
            return null;
        }
        Instant i = t instanceof OffsetDateTime o ? o.toInstant() : t instanceof Timestamp s ? s.toInstant() : (Instant) t;
        return i.toString();
    }

    static Map<String, String> parameters(String rawQuery) {
        return parameters(rawQuery, PARAMETERS);
    }

    /** The query's parameters by name, decoded; 400 naming one that is not {@code known}, or given twice. */
    static Map<String, String> parameters(String rawQuery, Set<String> known) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!known.contains(name)) {
                throw ApiError.badRequest(name, "unknown parameter " + Quoted.of(name) + "; known: "
                        + String.join(", ", new java.util.TreeSet<>(known)));
            }
            if (out.put(name, value.trim()) != null) {
                throw ApiError.badRequest(name, name + " is given twice; give it once");
            }
        }
        return out;
    }

    static int limit(String s) {
        return PageLimit.parse(s, DEFAULT_LIMIT, MAX_LIMIT);
    }

    static long cursor(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        try {
            long c = Long.parseLong(s);
            if (c >= 0) {
                return c;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("cursor", "cursor " + Quoted.of(s) + " is not one this API gave: pass paging.next.cursor of "
                + "the previous answer unchanged, or leave cursor out to start at the first record");
    }

    static Instant modifiedAfter(String s) {
        if (s == null || s.isEmpty()) {
            return Instant.EPOCH;
        }
        Instant t;
        try {
            t = s.chars().allMatch(Character::isDigit) ? Instant.ofEpochMilli(Long.parseLong(s))
                    : OffsetDateTime.parse(s).toInstant();
        } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
            throw ApiError.badRequest("modifiedAfter", "modifiedAfter " + Quoted.of(s) + " is neither an ISO-8601 time "
                    + "with its offset (2024-01-17T19:55:04.281Z) nor epoch milliseconds (1705521304281)");
        }
        // the SQL timestamp of a time past year 292,278,994 overflows (Timestamp.from wraps silently) into
        // one before 1970, which every record is after: bound it to times a record can have
        if (t.isBefore(EARLIEST_MODIFIED) || t.isAfter(LATEST_MODIFIED)) {
            throw ApiError.badRequest("modifiedAfter", "modifiedAfter " + Quoted.of(s) + " is outside "
                    + EARLIEST_MODIFIED + " to " + LATEST_MODIFIED + "; leave it out for every record");
        }
        return t;
    }

    static Set<String> include(String s) {
        return listed("include", s, INCLUDES, "use associations (include=associations)");
    }

    static Set<String> filter(String s) {
        Set<String> out = listed("filter", s, FILTERS, "use added, updated or deleted, or several comma-separated "
                + "(filter=added,updated)");
        return out.isEmpty() ? FILTERS : out;
    }

    /** The comma-separated names of a parameter, blanks skipped; 400 naming the parameter for one not {@code allowed}. */
    private static Set<String> listed(String parameter, String s, Set<String> allowed, String use) {
        Set<String> out = new java.util.HashSet<>();
        if (s == null) {
            return out;
        }
        for (String f : s.split(",")) {
            String name = f.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!allowed.contains(name)) {
                throw ApiError.badRequest(parameter, parameter + " " + Quoted.of(name) + " is not known: " + use);
            }
            out.add(name);
        }
        return out;
    }

    /**
     * The named parameters of a connection-wide change feed (owners, associations: cursor and limit only);
     * 404 for an unknown connection, 400 naming a bad parameter.
     */
    static Map<String, Object> feedQuery(ConnectionStore connections, String connection, String rawQuery)
            throws SQLException {
        if (connections.find(connection).isEmpty()) {
            throw new ConnectionActions.NotFound(connection);
        }
        Map<String, String> given = parameters(rawQuery, FEED_PARAMETERS);
        int limit = limit(given.get("limit"));
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("connectionId", connection);
        q.put("cursor", cursor(given.get("cursor")));
        q.put("limit", limit);
        // one row more than asked: whether there is a next page, without an empty last page
        q.put("fetch", limit + 1);
        return q;
    }
}
