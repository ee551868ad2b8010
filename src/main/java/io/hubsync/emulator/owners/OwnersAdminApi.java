package io.hubsync.emulator.owners;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.ApiException;
import io.hubsync.emulator.Emulator;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.admin.AdminJson;
import io.hubsync.emulator.http.EmuRequest;
import io.hubsync.emulator.http.EmuResponse;
import io.hubsync.emulator.http.RequestContext;
import io.hubsync.emulator.http.Route;
import io.hubsync.emulator.http.Router;

import java.util.ArrayList;
import java.util.List;

/**
 * The emulator's own owner endpoints under {@code /_emulator/portals/{portalId}/owners}, because
 * HubSpot's owners API is read-only: dump, create, edit, archive and restore, so tests can change
 * owners between two syncs. Register before the generic {@code /{objectType}} admin routes.
 */
public final class OwnersAdminApi {
    private static final String P = "/_emulator/portals/{portalId}/owners";
    private final Emulator emulator;

    public OwnersAdminApi(Emulator emulator) {
        this.emulator = emulator;
    }

    public void register(Router router) {
        Route.Kind admin = Route.Kind.ADMIN;
        router.add("GET", P + "/dump", "admin.owners.dump", admin, null, this::dump)
              .add("POST", P, "admin.owners.create", admin, null, this::create)
              .add("PATCH", P + "/{ownerId}", "admin.owners.edit", admin, null, this::edit)
              .add("DELETE", P + "/{ownerId}", "admin.owners.archive", admin, null,
                      (q, c) -> archived(q, true))
              .add("POST", P + "/{ownerId}/restore", "admin.owners.restore", admin, null,
                      (q, c) -> archived(q, false));
    }

    private OwnerStore store(EmuRequest req) {
        String raw = req.pathParam("portalId");
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            id = -1;
        }
        if (emulator.portal(id) == null) {
            throw new ApiException(HubSpotErrors.response(404, HubSpotErrors.body("No portal " + raw,
                    "OBJECT_NOT_FOUND")));
        }
        return emulator.owners().of(id);
    }

    private static long ownerId(EmuRequest req) {
        try {
            return Long.parseLong(req.pathParam("ownerId"));
        } catch (NumberFormatException e) {
            throw new ApiException(HubSpotErrors.notFound(req.pathParam("ownerId")));
        }
    }

    /** Every owner of the portal, live and archived, in id order, as the API writes them. */
    private EmuResponse dump(EmuRequest req, RequestContext ctx) {
        List<Owner> all = store(req).all();
        ObjectNode root = HubSpotErrors.MAPPER.createObjectNode();
        root.put("portalId", Long.parseLong(req.pathParam("portalId")));
        ArrayNode arr = root.putArray("owners");
        all.forEach(o -> arr.add(OwnerJson.write(o)));
        return EmuResponse.json(200, root.toString());
    }

    /** {@code {"email":..,"firstName":..,"lastName":..}}; missing fields are generated. */
    private EmuResponse create(EmuRequest req, RequestContext ctx) {
        JsonNode b = AdminJson.body(req);
        Owner o = store(req).create(text(b, "email"), text(b, "firstName"), text(b, "lastName"),
                emulator.owners().now());
        return EmuResponse.json(201, OwnerJson.write(o).toString());
    }

    /** {@code {"email":..,"firstName":..,"lastName":..,"teams":[{"id","name","primary"}]}}; absent fields stay. */
    private EmuResponse edit(EmuRequest req, RequestContext ctx) {
        JsonNode b = AdminJson.body(req);
        List<Owner.Team> teams = null;
        if (b.has("teams")) {
            teams = new ArrayList<>();
            for (JsonNode t : b.get("teams")) {
                teams.add(new Owner.Team(t.path("id").asText(), t.path("name").asText(), t.path("primary").asBoolean()));
            }
        }
        Owner o = store(req).edit(ownerId(req), text(b, "email"), text(b, "firstName"), text(b, "lastName"),
                teams == null ? null : List.copyOf(teams), emulator.owners().now());
        return found(req, o);
    }

    private EmuResponse archived(EmuRequest req, boolean archived) {
        return found(req, store(req).setArchived(ownerId(req), archived, emulator.owners().now()));
    }

    private static EmuResponse found(EmuRequest req, Owner o) {
        if (o == null) {
            throw new ApiException(HubSpotErrors.notFound(req.pathParam("ownerId")));
        }
        return EmuResponse.json(200, OwnerJson.write(o).toString());
    }

    private static String text(JsonNode b, String field) {
        return b.hasNonNull(field) ? b.get(field).asText() : null;
    }
}
