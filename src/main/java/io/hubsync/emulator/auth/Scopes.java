package io.hubsync.emulator.auth;

import java.util.LinkedHashSet;
import java.util.Set;

/** The scopes the emulator knows; a private-app token made without a list gets all of them. */
public final class Scopes {
    private Scopes() { }

    public static Set<String> all() {
        Set<String> s = new LinkedHashSet<>();
        s.add("oauth");
        for (String t : new String[] {"contacts", "companies", "deals"}) {
            s.add("crm.objects." + t + ".read");
            s.add("crm.objects." + t + ".write");
            s.add("crm.schemas." + t + ".read");
            s.add("crm.schemas." + t + ".write");
        }
        s.add("tickets");
        s.add("crm.objects.owners.read");
        return s;
    }
}
