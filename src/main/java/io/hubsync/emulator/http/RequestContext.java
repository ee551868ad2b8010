package io.hubsync.emulator.http;

import java.util.Set;

/** What the pipeline learned about a request before its handler runs: which route, which caller. */
public final class RequestContext {
    private final Route route;
    private long portalId;
    private String appId;
    private Set<String> scopes = Set.of();
    private String tokenKind;

    public RequestContext(Route route) {
        this.route = route;
    }

    public Route route() { return route; }
    public long portalId() { return portalId; }
    public String appId() { return appId; }
    public Set<String> scopes() { return scopes; }
    /** {@code private-app} or {@code oauth}; null on routes without auth. */
    public String tokenKind() { return tokenKind; }

    public void authenticated(long portalId, String appId, String tokenKind, Set<String> scopes) {
        this.portalId = portalId;
        this.appId = appId;
        this.tokenKind = tokenKind;
        this.scopes = scopes;
    }
}
