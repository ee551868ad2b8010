package io.hubsync.sync;

import io.hubsync.core.CustomObjectNames;
import io.hubsync.core.MalformedResponseException;
import io.hubsync.core.ObjectTypes;
import io.hubsync.core.PortalCustomObjects;
import io.hubsync.core.Quoted;
import io.hubsync.core.SyncRun;
import io.hubsync.hubspot.AssociationPairs;
import io.hubsync.store.CheckpointStore;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which object types a connection syncs, and how HubSpot's paths name each (routes/object-types.camel.yaml):
 * standard types by name; custom objects by their schema in {@code GET /crm-object-schemas/v3/schemas}
 * (docs/hubspot.md §15), read each run, since a portal's custom objects come and go and their ids differ
 * from portal to portal. A custom object is stored under its schema's {@code name} (exchange property
 * {@code objectType}) and called by its {@code objectTypeId} (exchange property {@code hubspotType}).
 */
public final class PortalObjectTypes implements CamelContextAware {
    private final CheckpointStore checkpoints;
    private final PortalCustomObjects seen;
    private CamelContext camelContext;

    /** @param seen where each connection's custom objects are kept as last read (for webhook events) */
    public PortalObjectTypes(CheckpointStore checkpoints, PortalCustomObjects seen) {
        this.checkpoints = checkpoints;
        this.seen = seen;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) { this.camelContext = camelContext; }

    @Override
    public CamelContext getCamelContext() { return camelContext; }

    /** Whether the queued type needs the portal's schemas: {@code *}, or a custom object not looked up yet. */
    public boolean needsSchemas(@ExchangeProperty("objectType") String type,
                                @ExchangeProperty("hubspotType") String hubspotType) {
        return ObjectTypes.ALL.equals(type) || hubspotType == null && ObjectTypes.isCustom(type)
                || pairsNameCustom(type);
    }

    /** Whether sync.associations.&lt;type&gt; names a custom object: its id is looked up each run, as the type's own. */
    private boolean pairsNameCustom(String type) {
        String pairs = camelContext.getPropertiesComponent().resolveProperty(AssociationPairs.KEY + type).orElse("");
        return AssociationPairs.parse(pairs).stream().anyMatch(ObjectTypes::isCustom);
    }

    /** A run that claims nothing, for the schemas call (the token step and the budgets work from a run). */
    public SyncRun probe(@ExchangeProperty("connectionId") String connectionId,
                         @ExchangeProperty("objectType") String type) throws SQLException {
        return checkpoints.probe(connectionId, type);
    }

    /**
     * The custom object that sync.objects names (by name, fully qualified name or object type id) in
     * this connection's schemas (the body): exchange properties objectType (its name) and hubspotType
     * (its id), and queuedType (what it was queued as).
     *
     * @throws IllegalArgumentException naming sync.objects (or exchange property typeNamedBy) and the
     *         connection when the portal has no such object
     */
    public void resolve(@ExchangeProperty("connectionId") String connectionId,
                        @ExchangeProperty("objectType") String type, @Body Map<String, Object> schemas,
                        @ExchangeProperty("typeNamedBy") String namedBy, Exchange exchange) {
        List<Map<String, String>> found = customTypes(schemas);
        CustomObjectNames names = new CustomObjectNames(connectionId, found);
        seen.seen(connectionId, names);
        // the pairs' custom types (sync.associations.<type>) are looked up by the run (AssociationPairs)
        exchange.setProperty("customObjects", names);
        exchange.removeProperty("run");
        if (!ObjectTypes.isCustom(type)) {
            return;
        }
        String problem = names.problem(namedBy != null ? namedBy : "sync.objects", type);
        if (problem != null) {
            // what named the type: sync.objects, or a command's option (verify's --type)
            throw new IllegalArgumentException(problem);
        }
        exchange.setProperty("queuedType", type);
        exchange.setProperty("objectType", names.stored(type));
        exchange.setProperty("hubspotType", names.hubspot(type));
    }

    /**
     * Every type of {@code *} for this connection: the standard ones, then the portal's custom objects
     * (the body: its schemas, or null when the token may not read them), each as {@code name} and
     * {@code hubspotType}. With {@code ownScheduleKey} (sync.schedule), a type that has a schedule of
     * its own (sync.schedule.calls) is left to that schedule.
     */
    public List<Map<String, String>> discover(@Body Map<String, Object> schemas,
                                              @ExchangeProperty("connectionId") String connectionId,
                                              @ExchangeProperty("ownScheduleKey") String ownScheduleKey,
                                              @ExchangeProperty("connectionSchedule") Boolean connectionSchedule) {
        List<Map<String, String>> out = new ArrayList<>();
        for (String name : ObjectTypes.SUPPORTED) {
            out.add(Map.of("name", name, "hubspotType", name));
        }
        if (schemas != null) {
            List<Map<String, String>> custom = customTypes(schemas);
            seen.seen(connectionId, new CustomObjectNames(connectionId, custom));
            for (Map<String, String> t : custom) {
                out.add(Map.of("name", t.get("name"), "hubspotType", t.get("hubspotType")));
            }
        }
        // a connection with a schedule of its own runs every type on it: the shared ones skip it (ConnectionStatus.due)
        if (ownScheduleKey != null && !Boolean.TRUE.equals(connectionSchedule)) {
            out.removeIf(t -> camelContext.getPropertiesComponent()
                    .resolveProperty(ownScheduleKey + "." + t.get("name")).isPresent());
        }
        return out;
    }

    /**
     * Sets the run's HubSpot type from exchange property hubspotType, when the type was looked up, and
     * the portal's custom objects (exchange property customObjects) when they were read.
     */
    public void apply(@ExchangeProperty("run") SyncRun run, @ExchangeProperty("hubspotType") String hubspotType,
                      @ExchangeProperty("customObjects") CustomObjectNames customObjects) {
        if (run != null && hubspotType != null) {
            run.setHubspotType(hubspotType);
        }
        if (run != null && customObjects != null) {
            run.setCustomObjects(customObjects);
        }
    }

    /** The custom objects of a schemas answer: name, fullyQualifiedName, hubspotType (the objectTypeId). */
    @SuppressWarnings("unchecked")
    static List<Map<String, String>> customTypes(Map<String, Object> schemas) {
        Object results = schemas == null ? null : schemas.get("results");
        if (!(results instanceof List<?> list)) {
            throw new MalformedResponseException("the schemas answer has no results list (docs/hubspot.md §15)");
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> schema) || !(schema.get("name") instanceof String name)
                    || !(schema.get("objectTypeId") instanceof String id)) {
                throw new MalformedResponseException("a schema without name or objectTypeId (docs/hubspot.md §15): "
                        + Quoted.of(o));
            }
            if (Boolean.TRUE.equals(((Map<String, Object>) schema).get("archived"))) {
                continue;
            }
            if (!ObjectTypes.customName(name)) {
                throw new MalformedResponseException("a custom object's name hubsync cannot store: " + Quoted.of(name));
            }
            Map<String, String> t = new LinkedHashMap<>();
            t.put("name", name);
            t.put("fullyQualifiedName", String.valueOf(schema.get("fullyQualifiedName")));
            t.put("hubspotType", id);
            out.add(t);
        }
        return out;
    }
}
