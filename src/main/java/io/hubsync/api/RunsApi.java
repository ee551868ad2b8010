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
 * {@code GET /api/v1/connections/{name}/runs} (routes/records-api.camel.yaml, docs/records-api.md): a
 * connection's sync_runs rows, newest first, paged by run id as the records are by change_seq
 * ({@link RecordsApi}): the cursor is the id of the last run of a page, and the next page holds the
 * runs older than it. Runs started while a reader pages come before its first page, never inside it.
 */
public final class RunsApi {
    private final ConnectionStore connections;

    public RunsApi(ConnectionStore connections) {
        this.connections = connections;
    }

    /** The named parameters of the runs query; 404 for an unknown connection, 400 naming a bad parameter. */
    public Map<String, Object> query(@Header("name") String connection, @Header(Exchange.HTTP_QUERY) String rawQuery)
            throws SQLException {
        Map<String, Object> q = RecordsApi.feedQuery(connections, connection, rawQuery);
        // newest first: without a cursor the page starts above every run id
        if (RecordsApi.parameters(rawQuery, RecordsApi.FEED_PARAMETERS).getOrDefault("cursor", "").isEmpty()) {
            q.put("cursor", Long.MAX_VALUE);
        }
        return q;
    }

    /** {@code {"results": [...], "paging": {"next": {"cursor": "…"}}}}, paging only when older runs follow. */
    public Map<String, Object> answer(List<Map<String, Object>> rows,
                                      @ExchangeProperty("runsQuery") Map<String, Object> q) throws Exception {
        return RecordsApi.page(rows, (Integer) q.get("limit"), RunsApi::run, "id");
    }

    private static Map<String, Object> run(Map<String, Object> row) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", ((Number) row.get("id")).longValue());
        r.put("objectType", row.get("object_type"));
        r.put("phase", row.get("phase"));
        r.put("startedAt", RecordsApi.iso(row.get("started_at")));
        r.put("finishedAt", RecordsApi.iso(row.get("finished_at")));
        // null while the run is under way
        r.put("success", row.get("success"));
        r.put("added", ((Number) row.get("added")).longValue());
        r.put("updated", ((Number) row.get("updated")).longValue());
        r.put("deleted", ((Number) row.get("deleted")).longValue());
        r.put("unchanged", ((Number) row.get("unchanged")).longValue());
        r.put("error", row.get("error"));
        r.put("node", row.get("node"));
        return r;
    }
}
