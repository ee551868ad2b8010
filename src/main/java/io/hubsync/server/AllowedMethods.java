package io.hubsync.server;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The methods a path takes, for the Allow header of a 405: those of the platform-http endpoints
 * (the REST DSL's among them) whose path ({@code /api/v1/connections/{name}}) the path fits. Vert.x
 * itself sends an empty Allow: it gathers the methods on the router Camel adds its routes to, which
 * is mounted under the server's, and answers from the server's.
 */
final class AllowedMethods {
    private final CamelContext context;

    AllowedMethods(CamelContext context) {
        this.context = context;
    }

    /** E.g. {@code GET, POST}; empty when no endpoint has the path. */
    String of(String path) {
        Set<String> methods = new TreeSet<>();
        for (Endpoint endpoint : context.getEndpoints()) {
            // an endpoint for any method, or for every path under its own, says nothing about this path
            if (endpoint instanceof PlatformHttpEndpoint http && http.getHttpMethodRestrict() != null
                    && !http.isMatchOnUriPrefix() && fits(http.getPath(), path)) {
                for (String method : http.getHttpMethodRestrict().split(",")) {
                    methods.add(method.trim().toUpperCase(Locale.ROOT));
                }
            }
        }
        return String.join(", ", methods);
    }

    /** Whether the path has the template's segments, a {parameter} standing for any one segment. */
    static boolean fits(String template, String path) {
        if (template == null || path == null) {
            return false;
        }
        String[] t = segments(template);
        String[] p = segments(path);
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            boolean parameter = t[i].startsWith("{") && t[i].endsWith("}") && !p[i].isEmpty();
            if (!parameter && !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    private static String[] segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return (p.endsWith("/") ? p.substring(0, p.length() - 1) : p).split("/", -1);
    }
}
