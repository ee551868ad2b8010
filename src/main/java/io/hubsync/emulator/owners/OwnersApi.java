package io.hubsync.emulator.owners;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.ApiException;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;
import io.hubsync.emulator.http.Router;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * HubSpot's owners API, read-only as HubSpot's is (docs/hubspot.md §16): {@code GET /crm/v3/owners}
 * and {@code GET /crm/v3/owners/{ownerId}}. Guarded like every CRM read: the bearer token, the scope
 * {@code crm.objects.owners.read}, and the 10-second and daily budgets (§17: owners count).
 */
public final class OwnersApi {
    static final String SCOPE = "crm.objects.owners.read";
    private static final int DEFAULT_LIMIT = 100;
    /** [U] HubSpot's maximum is undocumented; peers ask for 500 (§16) */
    private static final int MAX_LIMIT = 500;

    private final Owners owners;

    public OwnersApi(Owners owners) {
        this.owners = owners;
    }

    public void register(Router router) {
        router.add("GET", "/crm/v3/owners", "owners.list", Route.Kind.API, r -> SCOPE, this::list)
              .add("GET", "/crm/v3/owners/{ownerId}", "owners.get", Route.Kind.API, r -> SCOPE, this::get);
    }

    private EmuResponse list(EmuRequest req, RequestContext ctx) {
        int limit = limit(req.queryParam("limit"));
        boolean archived = "true".equalsIgnoreCase(req.queryParam("archived"));
        String email = req.queryParam("email");
        List<Owner> page = owners.of(ctx.portalId()).page(after(req.queryParam("after")), limit, archived,
                email == null || email.isEmpty() ? null : email);
        ObjectNode root = HubSpotErrors.MAPPER.createObjectNode();
        ArrayNode results = root.putArray("results");
        for (int i = 0; i < Math.min(limit, page.size()); i++) {
            results.add(OwnerJson.write(page.get(i)));
        }
        if (page.size() > limit) {
            String next = Long.toString(page.get(limit).id());
            root.putObject("paging").putObject("next").put("after", next).put("link", link(req, next));
        }
        return EmuResponse.json(200, root.toString());
    }

    private EmuResponse get(EmuRequest req, RequestContext ctx) {
        String raw = req.pathParam("ownerId");
        String idProperty = req.queryParam("idProperty");
        if (idProperty != null && !idProperty.equals("id") && !idProperty.equals("userId")) {
            throw new ApiException(HubSpotErrors.validation("idProperty must be one of [id, userId], got '"
                    + idProperty + "'"));
        }
        long key = number(raw, "ownerId");
        boolean archived = "true".equalsIgnoreCase(req.queryParam("archived"));
        Owner o = owners.of(ctx.portalId()).find(key, "userId".equals(idProperty), archived);
        if (o == null) {
            // [U] HubSpot's owner 404 body is not recorded; this is the objects API's (§4)
            throw new ApiException(HubSpotErrors.notFound(raw));
        }
        return EmuResponse.json(200, OwnerJson.write(o).toString());
    }

    private static int limit(String raw) {
        if (raw == null || raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        long n = number(raw, "limit");
        if (n < 1 || n > MAX_LIMIT) {
            // [U] the body for an out-of-range limit is unknown, as for the objects list
            throw new ApiException(HubSpotErrors.validation("limit must be between 1 and " + MAX_LIMIT + ", got " + n));
        }
        return (int) n;
    }

    /** The cursor: the next owner's id, plain or base64 (as HubSpot's examples wrap it, §17). */
    static long after(String raw) {
        if (raw == null || raw.isEmpty()) {
            return 0;
        }
        String s = raw.trim();
        if (!s.chars().allMatch(Character::isDigit)) {
            try {
                s = new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8).trim();
            } catch (IllegalArgumentException e) {
                throw new ApiException(HubSpotErrors.validation("Invalid paging cursor '" + raw + "'"));
            }
        }
        return number(s, "after");
    }

    private static long number(String raw, String name) {
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(HubSpotErrors.validation(name + " must be a number, got '" + raw + "'"));
        }
    }

    /** The request's URL with its {@code after} replaced. */
    private static String link(EmuRequest req, String after) {
        StringBuilder sb = new StringBuilder(req.baseUrl()).append(req.path()).append("?after=").append(after);
        for (Map.Entry<String, List<String>> e : req.query().entrySet()) {
            if (!e.getKey().equals("after")) {
                e.getValue().forEach(v -> sb.append('&').append(e.getKey()).append('=')
                        .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            }
        }
        return sb.toString();
    }
}
