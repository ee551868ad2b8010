package io.hubsync.emulator.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.HubSpotErrors;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts requests by endpoint, status and portal; tests and benchmarks read them (429s included). */
public final class RequestStats {
    private record Key(String endpoint, int status, long portalId) { }

    private final Map<Key, LongAdder> counts = new ConcurrentHashMap<>();

    public void record(String endpoint, int status, long portalId) {
        counts.computeIfAbsent(new Key(endpoint, status, portalId), k -> new LongAdder()).increment();
    }

    public void reset() {
        counts.clear();
    }

    /** Requests matching: null endpoint, status 0 or portal 0 mean any. */
    public long count(String endpoint, int status, long portalId) {
        long n = 0;
        for (Map.Entry<Key, LongAdder> e : counts.entrySet()) {
            Key k = e.getKey();
            if ((endpoint == null || endpoint.equals(k.endpoint)) && (status == 0 || status == k.status)
                    && (portalId == 0 || portalId == k.portalId)) {
                n += e.getValue().sum();
            }
        }
        return n;
    }

    /**
     * {@code {"total":N,"byStatus":{"200":N},"byEndpoint":{"crm.list":{"200":N}},"byPortal":{"10000001":{"429":N}}}}
     */
    public ObjectNode toJson() {
        ObjectNode root = HubSpotErrors.MAPPER.createObjectNode();
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Map<String, Long>> byEndpoint = new TreeMap<>();
        Map<String, Map<String, Long>> byPortal = new TreeMap<>();
        long total = 0;
        for (Map.Entry<Key, LongAdder> e : counts.entrySet()) {
            Key k = e.getKey();
            long n = e.getValue().sum();
            total += n;
            String st = Integer.toString(k.status);
            byStatus.merge(st, n, Long::sum);
            byEndpoint.computeIfAbsent(k.endpoint, x -> new TreeMap<>()).merge(st, n, Long::sum);
            if (k.portalId != 0) {
                byPortal.computeIfAbsent(Long.toString(k.portalId), x -> new TreeMap<>()).merge(st, n, Long::sum);
            }
        }
        root.put("total", total);
        root.set("byStatus", HubSpotErrors.MAPPER.valueToTree(byStatus));
        root.set("byEndpoint", HubSpotErrors.MAPPER.valueToTree(byEndpoint));
        root.set("byPortal", HubSpotErrors.MAPPER.valueToTree(byPortal));
        return root;
    }
}
