package io.hubsync.hubspot;

import io.hubsync.core.MalformedResponseException;
import io.hubsync.core.SyncRun;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which properties a run stores: the list in {@code sync.properties.<objectType>}, or every property
 * the properties API reports when that is {@code *} or not set (object types without a list of their own). The list is split so that each page request
 * stays short: the first chunk rides on list URLs and search bodies (HubSpot refuses URLs past
 * ~8,000–16,000 characters and search bodies past 3,000), the rest is fetched by batch read.
 */
public final class PropertyCatalog implements CamelContextAware {
    private static final Logger LOG = LoggerFactory.getLogger(PropertyCatalog.class);
    /** what every run needs, whatever the user lists */
    private static final List<String> SYSTEM = List.of("hs_object_id", "createdate", "hs_merged_object_ids");

    private final int pageChars;
    private final int batchChars;
    private CamelContext camelContext;

    /**
     * @param pageChars most characters of comma-joined names per list or search request
     * @param batchChars most characters of names per batch-read chunk
     */
    public PropertyCatalog(int pageChars, int batchChars) {
        if (pageChars < 200) {
            throw new IllegalArgumentException("sync.page-properties-chars must be at least 200, got " + pageChars);
        }
        this.pageChars = pageChars;
        this.batchChars = Math.max(batchChars, pageChars);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) { this.camelContext = camelContext; }

    @Override
    public CamelContext getCamelContext() { return camelContext; }

    /** The configured list for the run's object type: {@code *} or names. */
    public String configured(@ExchangeProperty("run") SyncRun run) {
        if (run.getPropertiesOverride() != null) {
            return run.getPropertiesOverride();
        }
        // a type without a list of its own (the new standard ones, custom objects): every property
        String key = "sync.properties." + run.getObjectType();
        return camelContext.getPropertiesComponent().resolveProperty(key).orElse("*").trim();
    }

    public boolean all(@ExchangeProperty("run") SyncRun run) {
        return "*".equals(configured(run));
    }

    /** Uses the names from the configuration. */
    public void fromConfiguration(@ExchangeProperty("run") SyncRun run) {
        List<String> names = new ArrayList<>();
        for (String n : configured(run).split(",")) {
            if (!n.isBlank()) {
                names.add(n.trim());
            }
        }
        plan(run, names);
    }

    /** Uses every property the properties API listed (the body of GET /crm/v3/properties/{type}). */
    @SuppressWarnings("unchecked")
    public void fromDefinitions(@ExchangeProperty("run") SyncRun run, Map<String, Object> body) {
        Object results = body == null ? null : body.get("results");
        if (!(results instanceof List<?> list)) {
            throw new MalformedResponseException("the properties API answered without a 'results' array");
        }
        List<String> names = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof Map<?, ?> m && m.get("name") instanceof String name) {
                names.add(name);
            }
        }
        plan(run, names);
        LOG.info("{}[{}]: {} properties discovered", run.getObjectType(), run.getConnectionId(), names.size());
    }

    void plan(SyncRun run, List<String> configured) {
        Set<String> all = new LinkedHashSet<>(SYSTEM);
        all.add(run.getLastModifiedProperty());
        all.addAll(configured);
        List<String> names = new ArrayList<>(all);
        List<List<String>> chunks = chunk(names, pageChars);
        run.setProperties(names);
        run.setPageProperties(chunks.get(0));
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < chunks.size(); i++) {
            rest.addAll(chunks.get(i));
        }
        run.setExtraPropertyChunks(rest.isEmpty() ? List.of() : chunk(rest, batchChars));
    }

    static List<List<String>> chunk(List<String> names, int maxChars) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        int len = 0;
        for (String n : names) {
            int add = n.length() + (cur.isEmpty() ? 0 : 1);
            if (!cur.isEmpty() && len + add > maxChars) {
                out.add(cur);
                cur = new ArrayList<>();
                len = 0;
                add = n.length();
            }
            cur.add(n);
            len += add;
        }
        out.add(cur);
        return out;
    }
}
