package io.hubsync.emulator.owners;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hubsync.emulator.HubSpotErrors;
import io.hubsync.emulator.crm.Iso;

/** Writes an owner as HubSpot's {@code PublicOwner} (docs/hubspot.md §16). */
final class OwnerJson {
    private OwnerJson() { }

    static ObjectNode write(Owner o) {
        ObjectNode n = HubSpotErrors.MAPPER.createObjectNode();
        n.put("id", Long.toString(o.id()));
        if (o.email() != null) {
            n.put("email", o.email());
        }
        n.put("type", o.type());
        if (o.firstName() != null) {
            n.put("firstName", o.firstName());
        }
        if (o.lastName() != null) {
            n.put("lastName", o.lastName());
        }
        if (!o.archived()) {
            n.put("userId", o.userId());
        }
        n.put("userIdIncludingInactive", o.userId());
        n.put("createdAt", Iso.format(o.createdAt()));
        n.put("updatedAt", Iso.format(o.updatedAt()));
        n.put("archived", o.archived());
        ArrayNode teams = n.putArray("teams");
        for (Owner.Team t : o.teams()) {
            teams.addObject().put("id", t.id()).put("name", t.name()).put("primary", t.primary());
        }
        return n;
    }
}
