package io.hubsync.emulator.owners;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The owners of one portal, in ascending id order. Ids start at 101, so the first four owners are the
 * values the seeded records carry in {@code hubspot_owner_id} (101–104); seeding never archives them.
 */
public final class OwnerStore {
    static final long FIRST_ID = 101;
    private static final String[] FIRST = {"Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Greta", "Hugo",
            "Ines", "Jonas", "Kemi", "Liam"};
    private static final String[] LAST = {"Lovelace", "Okafor", "Martin", "Patel", "Rossi", "Haddad",
            "Lindqvist", "Moreau", "Silva", "Becker", "Adeyemi", "Walsh"};
    private static final List<Owner.Team> TEAMS = List.of(new Owner.Team("178588", "West Coast Sales", true),
            new Owner.Team("178590", "East Coast Sales", true), new Owner.Team("178592", "Support", true));

    private final NavigableMap<Long, Owner> byId = new TreeMap<>();

    /**
     * Adds {@code count} owners created over the last three years; the last fifth of them (rounded
     * down) are archived, so ten owners give eight live and two archived.
     */
    public synchronized void seed(int count, long now) {
        long next = byId.isEmpty() ? FIRST_ID : byId.lastKey() + 1;
        int archivedFrom = count - count / 5;
        long span = 3 * 365L * 86_400_000L;
        for (int i = 0; i < count; i++) {
            long id = next + i;
            long created = now - span + (span / (count + 1)) * i;
            long updated = created + Math.floorMod(id * 7_919L, 30L) * 86_400_000L;
            Owner o = generated(id, created, Math.min(updated, now));
            byId.put(id, i >= archivedFrom ? o.archived(true, now) : o);
        }
    }

    private static Owner generated(long id, long created, long updated) {
        String first = FIRST[(int) (id % FIRST.length)];
        String last = LAST[(int) (id * 5 % LAST.length)];
        // every fourth owner has no team, as on a tier without teams
        List<Owner.Team> teams = id % 4 == 0 ? List.of() : List.of(TEAMS.get((int) (id % TEAMS.size())));
        return new Owner(id, "PERSON", (first + "." + last + "." + id + "@example.com").toLowerCase(Locale.ROOT),
                first, last, 9_000_000 + id * 13, created, updated, false, teams);
    }

    /** Adds one owner with the next id. */
    public synchronized Owner create(String email, String firstName, String lastName, long now) {
        long id = byId.isEmpty() ? FIRST_ID : byId.lastKey() + 1;
        Owner o = changed(generated(id, now, now), email, firstName, lastName, null, now);
        byId.put(id, o);
        return o;
    }

    /**
     * Owners with {@code id >= after} in ascending id order, at most {@code limit + 1} so the caller
     * sees whether another page follows; only archived ones when {@code archived}, else only live ones.
     */
    public synchronized List<Owner> page(long after, int limit, boolean archived, String email) {
        List<Owner> out = new ArrayList<>();
        for (Owner o : byId.tailMap(after, true).values()) {
            if (o.archived() == archived && (email == null || email.equalsIgnoreCase(o.email()))) {
                out.add(o);
                if (out.size() > limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** The owner by id, or by user id when {@code byUserId}, if its archived state is the one asked for. */
    public synchronized Owner find(long key, boolean byUserId, boolean archived) {
        Owner o = null;
        if (!byUserId) {
            o = byId.get(key);
        } else {
            for (Owner c : byId.values()) {
                if (c.userId() == key) {
                    o = c;
                    break;
                }
            }
        }
        return o != null && o.archived() == archived ? o : null;
    }

    /** Archives or restores an owner; null when there is none with that id. */
    public synchronized Owner setArchived(long id, boolean archived, long now) {
        Owner o = byId.get(id);
        if (o == null) {
            return null;
        }
        Owner changed = o.archived() == archived ? o : o.archived(archived, now);
        byId.put(id, changed);
        return changed;
    }

    /** Changes the given fields (null keeps one) and stamps {@code updatedAt}; null when no such owner. */
    public synchronized Owner edit(long id, String email, String firstName, String lastName, List<Owner.Team> teams,
                                   long now) {
        Owner o = byId.get(id);
        if (o == null) {
            return null;
        }
        Owner changed = changed(o, email, firstName, lastName, teams, now);
        byId.put(id, changed);
        return changed;
    }

    private static Owner changed(Owner o, String email, String firstName, String lastName, List<Owner.Team> teams,
                                 long now) {
        return o.edited(email == null ? o.email() : email, firstName == null ? o.firstName() : firstName,
                lastName == null ? o.lastName() : lastName, teams == null ? o.teams() : teams, now);
    }

    /** Every owner, live and archived, in id order. */
    public synchronized List<Owner> all() {
        return List.copyOf(byId.values());
    }

    public synchronized int liveCount() {
        return (int) byId.values().stream().filter(o -> !o.archived()).count();
    }
}
