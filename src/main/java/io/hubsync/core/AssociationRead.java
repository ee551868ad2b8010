package io.hubsync.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The associations of some records of one type toward one other type, as HubSpot's v4 batch read gives
 * them (docs/hubspot.md §14), read to the end: the first request names every id; each answer may name,
 * per input, the cursor of that input's next page, and the next request asks for exactly those. Every
 * id asked for ends with a list, empty when HubSpot has none for it (or does not have the record live:
 * a 207 with errors). The request is built from this state only, so a retried call sends the same.
 */
public final class AssociationRead {
    /** HubSpot's maximum of inputs per batch read (docs/hubspot.md §14) */
    public static final int MAX_INPUTS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One association type between a from record and a to record. */
    public record Link(long toId, int typeId, String category, String label) { }

    private final String fromType;
    private final String toType;
    /** how HubSpot's path names each: a custom object's object type id, a standard type's name */
    private final String fromPath;
    private final String toPath;
    private final Map<Long, List<Link>> links = new LinkedHashMap<>();
    /** ids still to ask for, with their cursor (null: from the start) */
    private Map<Long, String> pending = new LinkedHashMap<>();
    private int requests;

    public AssociationRead(String fromType, String toType, List<Long> ids) {
        this(fromType, toType, ids, fromType, toType);
    }

    /**
     * @param fromType, toType the names rows are stored under ({@code cars})
     * @param fromPath, toPath the names HubSpot's path takes ({@code 2-3465404} for a custom object)
     */
    public AssociationRead(String fromType, String toType, List<Long> ids, String fromPath, String toPath) {
        if (ids.size() > MAX_INPUTS) {
            throw new IllegalArgumentException("a batch read takes at most " + MAX_INPUTS + " ids, got " + ids.size());
        }
        this.fromType = fromType;
        this.toType = toType;
        this.fromPath = fromPath;
        this.toPath = toPath;
        for (Long id : ids) {
            links.put(id, new ArrayList<>());
            pending.put(id, null);
        }
    }

    public String getFromType() { return fromType; }
    public String getToType() { return toType; }
    /** The from-type in {@code /crm/v4/associations/{from}/{to}/batch/read}. */
    public String getFromPath() { return fromPath; }
    public String getToPath() { return toPath; }

    /** Whether another request is needed. */
    public boolean isPending() { return !pending.isEmpty(); }

    /** The request body of the next call: {@code {"inputs":[{"id":"1","after":"…"}]}}. */
    public String getRequestBody() {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode inputs = body.putArray("inputs");
        pending.forEach((id, after) -> {
            ObjectNode in = inputs.addObject().put("id", Long.toString(id));
            if (after != null) {
                in.put("after", after);
            }
        });
        return body.toString();
    }

    /** Takes one answer: its associations, and the inputs it says have more. */
    public void add(HubSpotAssociations answer) {
        answer.validated();
        Map<Long, String> next = new LinkedHashMap<>();
        for (HubSpotAssociations.Result r : answer.results) {
            long from = HubSpotIds.of(r.from.id).getAsLong();
            List<Link> have = links.get(from);
            if (have == null || !pending.containsKey(from)) {
                throw new MalformedResponseException("the association batch read answered for " + from
                        + ", which was not asked for");
            }
            for (HubSpotAssociations.To t : r.to) {
                long to = HubSpotIds.of(t.toObjectId).getAsLong();
                for (HubSpotAssociations.Type ty : t.associationTypes) {
                    have.add(new Link(to, ty.typeId, ty.category, ty.label));
                }
            }
            String after = r.nextAfter();
            if (after != null) {
                if (after.equals(pending.get(from))) {
                    throw new MalformedResponseException("the association batch read gave " + from
                            + " the cursor it was asked with");
                }
                next.put(from, after);
            }
        }
        requests++;
        pending = next;
    }

    /** Every id asked for, with its associations (empty: none). */
    public Map<Long, List<Link>> getLinks() { return links; }

    public int getRequests() { return requests; }

    /** Keeps only these ids (those stored live), once read. */
    public void retain(java.util.Set<Long> ids) {
        links.keySet().retainAll(ids);
    }

    @Override
    public String toString() {
        return fromType + "→" + toType + " of " + links.size() + " records";
    }
}
