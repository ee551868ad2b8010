package io.hubsync.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.core.HubSpotObject;
import io.hubsync.core.HubSpotPage;
import io.hubsync.core.OwnersRead;
import io.hubsync.core.SyncRun;
import org.apache.camel.ExchangeProperty;

import java.util.List;

/**
 * Builds HubSpot requests from the run's state and the page cursor of the exchange that asks, never
 * from the exchange body, so a retried call sends exactly what the first attempt sent. The cursor is
 * an exchange property ({@code after} for list pages, {@code afterId} for window pages), not the
 * run's checkpoint: the next page is requested while this one is still being written.
 */
public final class HubSpotRequests {
    /** HubSpot's list page maximum (docs/hubspot.md §1) */
    public static final int LIST_LIMIT = 100;
    /** The owners page size asked for: HubSpot's maximum is undocumented; peers ask for 500 (docs/hubspot.md §16) */
    public static final int OWNERS_LIMIT = 500;
    /** HubSpot's search page maximum (docs/hubspot.md §2) */
    public static final int SEARCH_LIMIT = 200;

    private final ObjectMapper json = new ObjectMapper();

    /** {@code limit=100&after=…&properties=a,b} for the list endpoint. */
    public String listQuery(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("after") String after) {
        return list(after, run.getPagePropertiesParam());
    }

    /** {@code limit=100&after=…&properties=<last-modified>}: ids and versions only, whatever the run stores. */
    public String versionsQuery(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("after") String after) {
        return list(after, run.getLastModifiedProperty());
    }

    private static String list(String after, String properties) {
        StringBuilder q = new StringBuilder("limit=").append(LIST_LIMIT);
        appendAfter(q, after);
        return q.append("&properties=").append(properties).toString();
    }

    /**
     * {@code archived=true&limit=100&after=…&properties=<last-modified>,hs_merged_object_ids} for the
     * archived sweep: only archived records (docs/hubspot.md §11), with their archivedAt and the ids merged
     * into them (an archived record's merges show nowhere else: search never returns it).
     */
    public String archivedQuery(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("after") String after) {
        StringBuilder q = new StringBuilder("archived=true&limit=").append(LIST_LIMIT);
        appendAfter(q, after);
        return q.append("&properties=").append(run.getLastModifiedProperty()).append(',')
                .append(HubSpotObject.MERGED_IDS_PROPERTY).toString();
    }

    /**
     * {@code limit=500&archived=false|true&after=…} for {@code GET /crm/v3/owners} (docs/hubspot.md §16):
     * the live owners, then the archived ones, as the read has got to.
     */
    public String ownersQuery(@ExchangeProperty("ownersRead") OwnersRead read, @ExchangeProperty("after") String after) {
        StringBuilder q = new StringBuilder("limit=").append(OWNERS_LIMIT).append("&archived=").append(read.isArchivedList());
        appendAfter(q, after);
        return q.toString();
    }

    private static void appendAfter(StringBuilder q, String after) {
        if (after != null) {
            q.append("&after=").append(java.net.URLEncoder.encode(after, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    /** {@code properties=a,b} for one record by id (a merged-away id answers with its survivor). */
    public String recordQuery(@ExchangeProperty("run") SyncRun run) {
        return "properties=" + run.getPagePropertiesParam();
    }

    /** One record as a page of one, so that the page writer and its merges take it as any page. */
    public HubSpotPage pageOf(HubSpotObject record) {
        HubSpotPage page = new HubSpotPage();
        page.results = new java.util.ArrayList<>(List.of(record));
        return page;
    }

    /**
     * The next page of the open window (docs/behavior.md rule 3): last-modified within [watermark, window end]
     * and id above the last one read, sorted by id, offset always 0. Datetimes and ids go as numbers.
     */
    public String windowSearch(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("afterId") Long afterId) {
        java.util.Objects.requireNonNull(afterId, "exchange property afterId: the key the window page starts after");
        ObjectNode body = json.createObjectNode();
        ArrayNode filters = body.putArray("filterGroups").addObject().putArray("filters");
        filters.addObject().put("propertyName", run.getLastModifiedProperty()).put("operator", "BETWEEN")
               .put("value", Long.toString(run.getWatermark().toEpochMilli()))
               .put("highValue", Long.toString(run.getWindowEnd().toEpochMilli()));
        return keyPaged(run, body, filters, afterId, null);
    }

    /**
     * The key paging every window and range page shares: ids above {@code afterId} (and at most
     * {@code lastId}, when given), sorted by id, 200 a page, offset always 0, the run's page properties.
     */
    private static String keyPaged(SyncRun run, ObjectNode body, ArrayNode filters, long afterId, Long lastId) {
        filters.addObject().put("propertyName", "hs_object_id").put("operator", "GT")
               .put("value", Long.toString(afterId));
        if (lastId != null) {
            filters.addObject().put("propertyName", "hs_object_id").put("operator", "LTE")
                   .put("value", Long.toString(lastId));
        }
        body.putArray("sorts").addObject().put("propertyName", "hs_object_id").put("direction", "ASCENDING");
        ArrayNode props = body.putArray("properties");
        run.getPageProperties().forEach(props::add);
        body.put("limit", SEARCH_LIMIT);
        body.put("after", "0");
        return body.toString();
    }

    /**
     * One record, no filter, the highest id first: the response's {@code total} sizes a backfill for
     * the progress estimate, and its one record is where the ids end (where a split backfill's top range starts
     * to be read, docs/behavior.md rule 11).
     */
    public String countAll() {
        return edge("DESCENDING");
    }

    /** One record, no filter, the lowest id first: where the ids begin. */
    public String lowestId() {
        return edge("ASCENDING");
    }

    private String edge(String direction) {
        ObjectNode body = json.createObjectNode();
        body.putArray("filterGroups");
        body.putArray("sorts").addObject().put("propertyName", "hs_object_id").put("direction", direction);
        body.putArray("properties").add("hs_object_id");
        body.put("limit", 1);
        return body.toString();
    }

    /**
     * A page of a backfill's search range (docs/behavior.md rule 11): ids above {@code afterId} and at
     * most the range's end, by id, key-paged like a window (offset always 0, so never near the cap).
     * The end is read when the request is built: a split since the last page moved it down.
     */
    public String rangeSearch(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("afterId") Long afterId,
                              @ExchangeProperty("range") io.hubsync.core.BackfillRanges.Range range) {
        java.util.Objects.requireNonNull(afterId, "exchange property afterId: the key the range page starts after");
        java.util.Objects.requireNonNull(range, "exchange property range: the backfill range being read");
        ObjectNode body = json.createObjectNode();
        ArrayNode filters = body.putArray("filterGroups").addObject().putArray("filters");
        return keyPaged(run, body, filters, afterId, range.getEndOrNull());
    }

    /** Batch read of the page's ids with the chunk of properties the loop is at. */
    public String batchReadChunk(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("page") HubSpotPage page,
                                 @ExchangeProperty("CamelLoopIndex") int chunk) {
        List<String> ids = new java.util.ArrayList<>(page.results.size());
        page.results.forEach(o -> ids.add(o.id));
        return batchRead(ids, run.getExtraPropertyChunks().get(chunk));
    }

    /** Batch read of the ids in exchange property {@code fetchIds} (at most 100) with the page's properties. */
    public String batchReadIds(@ExchangeProperty("run") SyncRun run,
                               @ExchangeProperty("fetchIds") java.util.Collection<Long> ids) {
        java.util.Objects.requireNonNull(ids, "exchange property fetchIds: the ids to read");
        if (ids.size() > LIST_LIMIT) {
            throw new IllegalArgumentException("batch read takes at most " + LIST_LIMIT + " ids, got " + ids.size());
        }
        return batchRead(ids.stream().map(String::valueOf).toList(), run.getPageProperties());
    }

    /** Batch read of the given ids with one chunk of properties (POST, so no URL length limit). */
    public String batchRead(List<String> ids, List<String> properties) {
        ObjectNode body = json.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        ids.forEach(id -> inputs.addObject().put("id", id));
        ArrayNode props = body.putArray("properties");
        properties.forEach(props::add);
        return body.toString();
    }
}
