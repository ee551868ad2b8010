package io.hubsync.emulator.crm;

import com.fasterxml.jackson.core.JsonGenerator;
import io.hubsync.emulator.http.EmuRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code associations=} parameter of the v3 list and read-by-id (docs/hubspot.md §14): per asked-for
 * type, the first 100 associated ids as {@code {id, type}} with a {@code paging.next} when more follow.
 * Unknown types are ignored; a type with no associations is left out ([U]).
 */
final class V3Associations {
    static final int PAGE = 100;

    private final AssociationStore store;
    private final List<ObjectType> types;
    private final String baseUrl;

    private V3Associations(AssociationStore store, List<ObjectType> types, String baseUrl) {
        this.store = store;
        this.types = types;
        this.baseUrl = baseUrl;
    }

    /** What the request asks for, or null when it asks for no associations. */
    static V3Associations of(EmuRequest req, Portal portal) {
        AssociationStore store = portal.associations();
        List<ObjectType> types = new ArrayList<>();
        for (String name : RecordJson.splitParams(req.queryParams("associations"))) {
            ObjectType t = portal.type(name);
            if (t != null && !types.contains(t)) {
                types.add(t);
            }
        }
        return types.isEmpty() ? null : new V3Associations(store, types, req.baseUrl());
    }

    /** Writes the {@code associations} field of one record, or nothing when it has none of the types. */
    void write(JsonGenerator g, ObjectType from, long id) throws IOException {
        boolean open = false;
        for (ObjectType to : types) {
            List<AssociationStore.Link> page = store.page(from, id, to, Long.MIN_VALUE, PAGE);
            if (page.isEmpty()) {
                continue;
            }
            if (!open) {
                g.writeObjectFieldStart("associations");
                open = true;
            }
            g.writeObjectFieldStart(to.path());
            g.writeArrayFieldStart("results");
            for (int i = 0; i < Math.min(PAGE, page.size()); i++) {
                AssociationStore.Link l = page.get(i);
                for (int typeId : l.typeIds()) {
                    AssociationTypes.Type t = AssociationTypes.byId(from, to, typeId);
                    if (t == null) {
                        continue; // a removed custom definition's links
                    }
                    g.writeStartObject();
                    g.writeStringField("id", Long.toString(l.toId()));
                    g.writeStringField("type", t.v3Name());
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            if (page.size() > PAGE) {
                String after = AssociationCursor.encode(to, page.get(PAGE).toId());
                g.writeObjectFieldStart("paging");
                g.writeObjectFieldStart("next");
                g.writeStringField("after", after);
                g.writeStringField("link", baseUrl + "/crm/v3/objects/" + from.typeId() + "/" + id + "/associations/"
                        + to.typeId() + "?after=" + after);
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        if (open) {
            g.writeEndObject();
        }
    }
}
