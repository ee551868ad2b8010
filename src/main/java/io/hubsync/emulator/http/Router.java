package io.hubsync.emulator.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Finds the route for a request. Literal segments win over parameters because routes are tried in order. */
public final class Router {
    private final List<Route> routes = new ArrayList<>();

    public Router add(Route route) {
        routes.add(route);
        return this;
    }

    public Router add(String method, String template, String name, Route.Kind kind,
                      Function<EmuRequest, String> scope, EmuHandler handler) {
        return add(new Route(method, template, name, kind, scope, handler, false));
    }

    public List<Route> routes() { return routes; }

    /** The match, or null; {@link #pathExists} tells a 405 from a 404. */
    public Route find(EmuRequest request) {
        for (Route r : routes) {
            if (r.method().equals(request.method())) {
                Map<String, String> params = r.match(request.path());
                if (params != null) {
                    request.setPathParams(params);
                    return r;
                }
            }
        }
        return null;
    }

    public boolean pathExists(String path) {
        for (Route r : routes) {
            if (r.match(path) != null) {
                return true;
            }
        }
        return false;
    }
}
