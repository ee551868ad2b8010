package io.hubsync.emulator.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A route: method, path template ({@code /crm/v3/objects/{objectType}/search}), a stable endpoint name
 * for statistics and fault rules, how it is guarded, and its handler.
 */
public final class Route {
    /** How the pipeline guards a route. */
    public enum Kind {
        /** no auth, no rate limit (OAuth endpoints, the authorize page) */
        PUBLIC,
        /** bearer token, the 10-second and daily budgets */
        API,
        /** bearer token, the per-second search budget only (search is exempt from the 10-second one) */
        SEARCH,
        /**
         * bearer token, the daily budget only: the association batch and label endpoints are exempt from
         * the 10-second budget (docs/hubspot.md §17)
         */
        BURST_EXEMPT,
        /** the emulator's own admin API under /_emulator/ */
        ADMIN
    }

    private final String method;
    private final String template;
    private final String[] segments;
    private final String name;
    private final Kind kind;
    private final Function<EmuRequest, String> requiredScope;
    private final EmuHandler handler;
    private final boolean blocking;

    public Route(String method, String template, String name, Kind kind,
                 Function<EmuRequest, String> requiredScope, EmuHandler handler, boolean blocking) {
        this.method = method;
        this.template = template;
        this.segments = split(template);
        this.name = name;
        this.kind = kind;
        this.requiredScope = requiredScope;
        this.handler = handler;
        this.blocking = blocking;
    }

    public String method() { return method; }
    public String template() { return template; }
    public String name() { return name; }
    public Kind kind() { return kind; }
    public EmuHandler handler() { return handler; }
    /** Long-running (seeding a million records): the server runs it off its event loop. */
    public boolean blocking() { return blocking; }

    /** The scope this request needs, or null. */
    public String requiredScope(EmuRequest request) {
        return requiredScope == null ? null : requiredScope.apply(request);
    }

    /** Path parameters when the path fits this template, else null. */
    Map<String, String> match(String path) {
        String[] parts = split(path);
        if (parts.length != segments.length) {
            return null;
        }
        Map<String, String> params = null;
        for (int i = 0; i < parts.length; i++) {
            String seg = segments[i];
            if (seg.startsWith("{")) {
                if (params == null) {
                    params = new LinkedHashMap<>();
                }
                params.put(seg.substring(1, seg.length() - 1), QueryString.decode(parts[i]));
            } else if (!seg.equals(parts[i])) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }

    private static String[] split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out.toArray(new String[0]);
    }
}
