package io.hubsync.emulator.auth;

import io.hubsync.emulator.crm.ObjectType;

import java.util.LinkedHashSet;
import java.util.Set;

/** The scopes the emulator knows; a private-app token made without a list gets all of them. */
public final class Scopes {
    private Scopes() { }

    public static Set<String> all() {
        Set<String> s = new LinkedHashSet<>();
        s.add("oauth");
        for (ObjectType t : ObjectType.standard()) {
            s.add(t.readScope());
            s.add(t.writeScope());
            s.add(t.schemaReadScope());
            s.add(t.schemaWriteScope());
        }
        s.add(ObjectType.CUSTOM_READ);
        s.add(ObjectType.CUSTOM_WRITE);
        s.add("crm.schemas.custom.read");
        s.add(ObjectType.SCHEMA_WRITE);
        s.add("crm.objects.owners.read");
        return s;
    }
}
