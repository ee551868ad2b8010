package io.hubsync.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hubsync.store.ConnectionStore;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/connections/{name}/owners} (routes/records-api.camel.yaml, docs/owners.md): a
 * connection's stored owners in change order, tombstones included, paged by change_seq as the records
 * are ({@link RecordsApi}): the cursor is the change_seq of the last owner of a page.
 */
public final class OwnersApi {
    private final ConnectionStore connections;
    private final ObjectMapper json = new ObjectMapper();

    public OwnersApi(ConnectionStore connections) {
        this.connections = connections;
    }

    /** The named parameters of the owners query; 404 for an unknown connection, 400 naming a bad parameter. */
    public Map<String, Object> query(@Header("name") String connection, @Header(Exchange.HTTP_QUERY) String rawQuery)
            throws SQLException {
        return RecordsApi.feedQuery(connections, connection, rawQuery);
    }

    /** {@code {"results": [...], "paging": {"next": {"cursor": "…"}}}}, paging only when more owners follow. */
    public Map<String, Object> answer(List<Map<String, Object>> rows,
                                      @ExchangeProperty("ownersQuery") Map<String, Object> q) throws Exception {
        return RecordsApi.page(rows, (Integer) q.get("limit"), this::owner);
    }

    private Map<String, Object> owner(Map<String, Object> row) throws Exception {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", row.get("id"));
        o.put("email", row.get("email"));
        o.put("firstName", row.get("first_name"));
        o.put("lastName", row.get("last_name"));
        o.put("type", row.get("type"));
        o.put("userId", number(row.get("user_id")));
        o.put("userIdIncludingInactive", number(row.get("user_id_including_inactive")));
        o.put("teams", json.readTree((String) row.get("teams")));
        o.put("createdAt", RecordsApi.iso(row.get("created_at")));
        o.put("updatedAt", RecordsApi.iso(row.get("updated_at")));
        o.put("archived", row.get("archived"));
        o.put("deleted", row.get("deleted"));
        o.put("deletedAt", RecordsApi.iso(row.get("deleted_at")));
        o.put("changeSeq", ((Number) row.get("change_seq")).longValue());
        return o;
    }

    private static Long number(Object v) {
        return v == null ? null : ((Number) v).longValue();
    }
}
