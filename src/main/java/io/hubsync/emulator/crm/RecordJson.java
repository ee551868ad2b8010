package io.hubsync.emulator.crm;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.hubsync.emulator.ApiException;
import io.hubsync.emulator.HubSpotErrors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Writes records as HubSpot's {@code SimplePublicObject}, streaming, because pages are the hot path. */
public final class RecordJson {
    public static final JsonFactory FACTORY = new JsonFactory();

    private RecordJson() { }

    /**
     * The properties a response carries: the object type's defaults when none were asked for, else
     * the asked-for ones that exist plus the created-date property, hs_object_id and the last-modified property;
     * unknown names are dropped silently (docs/hubspot.md §1). Sorted by name, as HubSpot sorts them.
     */
    public static List<PropertyDef> select(ObjectStore store, List<String> requested) {
        PropertySchema schema = store.schema();
        ObjectType type = store.type();
        Set<String> names = new LinkedHashSet<>();
        if (requested == null || requested.isEmpty()) {
            names.addAll(type.defaultProperties());
        } else {
            names.add(type.createdProperty());
            names.add("hs_object_id");
            names.add(type.lastModifiedProperty());
            names.addAll(requested);
        }
        List<PropertyDef> defs = new ArrayList<>();
        for (String n : names) {
            PropertyDef d = schema.get(n);
            if (d != null) {
                defs.add(d);
            }
        }
        defs.sort(Comparator.comparing(PropertyDef::name));
        return defs;
    }

    /** Splits repeated and comma-separated values ({@code properties=a,b&properties=c}). */
    public static List<String> splitParams(List<String> raw) {
        List<String> out = new ArrayList<>();
        for (String v : raw) {
            for (String p : v.split(",")) {
                String t = p.trim();
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    public static void write(JsonGenerator g, ObjectStore store, CrmRecord r, List<PropertyDef> props,
                             List<PropertyDef> withHistory) throws IOException {
        write(g, store, r, props, withHistory, null);
    }

    /** With the v3 {@code associations} field when {@code associations} is not null. */
    static void write(JsonGenerator g, ObjectStore store, CrmRecord r, List<PropertyDef> props,
                      List<PropertyDef> withHistory, V3Associations associations) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", Long.toString(r.id));
        g.writeObjectFieldStart("properties");
        for (PropertyDef d : props) {
            String v = store.value(r, d);
            if (v == null) {
                g.writeNullField(d.name());
            } else {
                g.writeStringField(d.name(), v);
            }
        }
        g.writeEndObject();
        if (withHistory != null && !withHistory.isEmpty()) {
            g.writeObjectFieldStart("propertiesWithHistory");
            for (PropertyDef d : withHistory) {
                g.writeArrayFieldStart(d.name());
                String v = store.value(r, d);
                if (v != null) {
                    g.writeStartObject();
                    g.writeStringField("value", v);
                    g.writeStringField("timestamp", Iso.format(r.updatedAt));
                    g.writeStringField("sourceType", "CRM_UI");
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeStringField("createdAt", Iso.format(r.createdAt));
        g.writeStringField("updatedAt", Iso.format(r.updatedAt));
        g.writeBooleanField("archived", r.archived());
        if (r.archived()) {
            g.writeStringField("archivedAt", Iso.format(r.archivedAt));
        }
        if (associations != null) {
            associations.write(g, store.type(), r.id);
        }
        g.writeEndObject();
    }

    /** A JSON document written with a generator; IOExceptions cannot happen on a byte array. */
    public static byte[] build(JsonWriter body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes one JSON document. */
    @FunctionalInterface
    public interface JsonWriter {
        void write(JsonGenerator g) throws IOException;
    }

    /** Parses a record id from a path or body; a 400 naming the value otherwise. */
    public static long parseId(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (RuntimeException e) {
            throw new ApiException(HubSpotErrors.validation("'" + s + "' is not a valid object id: ids are numeric"));
        }
    }
}
