package io.hubsync.api;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A page's live association rows (include=associations, docs/records-api.md) as each record answers
 * them: by to-type, one item per associated record with all its association types,
 * {@code {"companies": [{"id": "5001", "types": [{"typeId": 1, "category": "HUBSPOT_DEFINED", "label": "Primary"}]}]}}.
 * The rows come ordered by from id, to-type, to id, type id (the route's query).
 */
final class RecordAssociations {
    private RecordAssociations() { }

    static Map<Long, Map<String, Object>> byRecord(List<Map<String, Object>> rows) {
        Map<Long, Map<String, Object>> out = new HashMap<>();
        // the item of the last (from, to-type, to id), to add its further types to
        Map<String, Object> item = null;
        String itemKey = null;
        for (Map<String, Object> row : rows) {
            long from = ((Number) row.get("from_id")).longValue();
            String toType = (String) row.get("to_type");
            String toId = String.valueOf(row.get("to_id"));
            String key = from + "/" + toType + "/" + toId;
            if (!key.equals(itemKey)) {
                item = new LinkedHashMap<>();
                item.put("id", toId);
                item.put("types", new ArrayList<Map<String, Object>>());
                itemKey = key;
                @SuppressWarnings("unchecked")
                List<Object> ofType = (List<Object>) out.computeIfAbsent(from, f -> new LinkedHashMap<>())
                        .computeIfAbsent(toType, t -> new ArrayList<>());
                ofType.add(item);
            }
            Map<String, Object> type = new LinkedHashMap<>();
            type.put("typeId", ((Number) row.get("type_id")).intValue());
            type.put("category", row.get("category"));
            type.put("label", row.get("label"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> types = (List<Map<String, Object>>) item.get("types");
            types.add(type);
        }
        return out;
    }
}
