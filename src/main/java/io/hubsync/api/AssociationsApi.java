package io.hubsync.api;

import io.hubsync.store.ConnectionStore;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/connections/{name}/associations} (routes/records-api.camel.yaml,
 * docs/records-api.md): a connection's association changes in change order, ended ones included
 * ({@code deleted} says why), paged by change_seq as the records and owners are ({@link RecordsApi}):
 * a backend reads only what changed since its last cursor.
 */
public final class AssociationsApi {
    private final ConnectionStore connections;

    public AssociationsApi(ConnectionStore connections) {
        this.connections = connections;
    }

    /** The named parameters of the associations query; 404 for an unknown connection, 400 naming a bad parameter. */
    public Map<String, Object> query(@Header("name") String connection, @Header(Exchange.HTTP_QUERY) String rawQuery)
            throws SQLException {
        return RecordsApi.feedQuery(connections, connection, rawQuery);
    }

    /** {@code {"results": [...], "paging": {"next": {"cursor": "…"}}}}, paging only when more changes follow. */
    public Map<String, Object> answer(List<Map<String, Object>> rows,
                                      @ExchangeProperty("associationsQuery") Map<String, Object> q) throws Exception {
        return RecordsApi.page(rows, (Integer) q.get("limit"), AssociationsApi::association);
    }

    private static Map<String, Object> association(Map<String, Object> row) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("fromType", row.get("from_type"));
        a.put("fromId", String.valueOf(row.get("from_id")));
        a.put("toType", row.get("to_type"));
        a.put("toId", String.valueOf(row.get("to_id")));
        a.put("typeId", ((Number) row.get("type_id")).intValue());
        a.put("category", row.get("category"));
        a.put("label", row.get("label"));
        a.put("deleted", row.get("deleted"));
        a.put("syncedAt", RecordsApi.iso(row.get("synced_at")));
        a.put("changeSeq", ((Number) row.get("change_seq")).longValue());
        return a;
    }
}
