package io.hubsync.hubspot;

import io.hubsync.core.AssociationRead;
import io.hubsync.core.CustomObjectNames;
import io.hubsync.core.HubSpotAssociations;
import io.hubsync.core.HubSpotObject;
import io.hubsync.core.ObjectTypes;
import io.hubsync.core.HubSpotPage;
import io.hubsync.core.PageAssociations;
import io.hubsync.core.SyncRun;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ExchangeProperty;

import java.util.ArrayList;
import java.util.List;

/**
 * Which associations hubsync keeps (docs/associations.md): for each object type, the types listed in
 * {@code sync.associations.<type>} (comma-separated; unset or empty: none). Object types are plain
 * strings here, HubSpot's names or ids ({@code 2-123}), so that any type the sync reads can have pairs.
 */
public final class AssociationPairs implements CamelContextAware {
    public static final String KEY = "sync.associations.";
    private CamelContext camelContext;

    @Override
    public void setCamelContext(CamelContext camelContext) { this.camelContext = camelContext; }

    @Override
    public CamelContext getCamelContext() { return camelContext; }

    /** The to-types configured for {@code fromType}, in the order listed, without repeats. */
    public List<String> toTypes(String fromType) {
        String value = camelContext.getPropertiesComponent().resolveProperty(KEY + fromType).orElse("");
        return parse(value);
    }

    /** {@code "contacts, companies"} as a list; empty for blank. */
    public static List<String> parse(String value) {
        List<String> out = new ArrayList<>();
        for (String t : value.split(",")) {
            String type = t.trim();
            if (!type.isEmpty() && !out.contains(type)) {
                out.add(type);
            }
        }
        return out;
    }

    /** Whether the run's object type has any pair. */
    public boolean any(@ExchangeProperty("run") SyncRun run) {
        return !toTypes(run.getObjectType()).isEmpty();
    }

    /** The reads of a page's records (every record on it, whatever its version), one per pair. */
    public PageAssociations forPage(@ExchangeProperty("run") SyncRun run, @Body HubSpotPage page) {
        // read before the page's writer validates it: a malformed page fails here with the same message
        List<HubSpotObject> records = page.validated().results;
        List<Long> ids = new ArrayList<>(records.size());
        for (HubSpotObject o : records) {
            ids.add(o.idAsLong());
        }
        return forIds(run, ids);
    }

    /** The reads of these ids of the run's object type (webhook events), one per pair. */
    public PageAssociations forRecords(@ExchangeProperty("run") SyncRun run, List<Long> ids) {
        return forIds(run, ids);
    }

    /** One answer of the reads in exchange property {@code associations} (routes/associations.camel.yaml). */
    public void add(@ExchangeProperty("associations") PageAssociations associations, HubSpotAssociations answer) {
        associations.add(answer);
    }

    /**
     * The reads of these ids of the run's type, one per to-type of sync.associations.&lt;type&gt;, each
     * stored under the to-type's name and asked for by HubSpot's name of it (a custom object's id, as
     * the run looked it up: {@link SyncRun#getCustomObjects()}); none for a pair the token may not read
     * (skipped this run), nor, on a run without the portal's custom objects (a webhook's before any run
     * of the connection read them on this node), for a custom to-type: the next page or the sweep reads
     * it. Nothing to read without ids.
     *
     * @throws IllegalArgumentException naming the key when it names a custom object the portal has not
     */
    public PageAssociations forIds(SyncRun run, List<Long> ids) {
        if (ids.isEmpty()) {
            return PageAssociations.none();
        }
        String from = run.getObjectType();
        CustomObjectNames names = run.getCustomObjects();
        List<AssociationRead> reads = new ArrayList<>();
        for (String to : toTypes(from)) {
            if (ObjectTypes.isCustom(to) && !names.isLookedUp()) {
                continue;
            }
            String problem = names.problem(KEY + from, to);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            String stored = names.stored(to);
            if (!run.isPairSkipped(stored)) {
                reads.add(new AssociationRead(from, stored, ids, run.getHubspotType(), names.hubspot(to)));
            }
        }
        return new PageAssociations(reads);
    }
}
