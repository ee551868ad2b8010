package io.hubsync.hubspot;

import io.hubsync.core.HubSpotObject;
import io.hubsync.core.HubSpotPage;
import org.apache.camel.ExchangeProperty;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Joins a property chunk read by batch read into the page it belongs to, by record id. */
public final class PageMerge {

    public List<String> ids(@ExchangeProperty("page") HubSpotPage page) {
        List<String> ids = new ArrayList<>(page.results.size());
        page.results.forEach(o -> ids.add(o.id));
        return ids;
    }

    /**
     * Adds the chunk's properties to the page's records. A record the batch read did not return
     * (deleted in between) keeps the properties it has; a later window or the delete sweep settles it.
     */
    public HubSpotPage merge(@ExchangeProperty("page") HubSpotPage page, HubSpotPage chunk) {
        chunk.validated();
        Map<String, HubSpotObject> byId = new HashMap<>();
        chunk.results.forEach(o -> byId.put(o.id, o));
        for (HubSpotObject o : page.results) {
            HubSpotObject extra = byId.get(o.id);
            if (extra != null) {
                Map<String, String> merged = new HashMap<>(o.properties);
                extra.properties.forEach(merged::putIfAbsent);
                o.properties = merged;
            }
        }
        return page;
    }
}
