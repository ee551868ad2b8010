package io.hubsync.emulator.crm;

import java.util.ArrayList;
import java.util.List;

/**
 * HubSpot's default ({@code HUBSPOT_DEFINED}) association types between the emulator's standard object types,
 * with their ids per direction (docs/hubspot.md §14). Where a pair has a primary type (a contact's,
 * deal's or ticket's company) the primary and the unlabeled type are two ids, and HubSpot stores the
 * unlabeled one beside every primary one.
 */
public final class AssociationTypes {
    /**
     * One direction of one type.
     *
     * @param inverseId the id of the same association seen from the other side
     * @param label     null for the unlabeled types, as HubSpot answers them
     * @param v3Name    the {@code type} of the v3 {@code associations} field, e.g. {@code contact_to_company}
     */
    public record Type(ObjectType from, ObjectType to, int id, int inverseId, String label, boolean primary,
                       String v3Name, String category) {
        Type(ObjectType from, ObjectType to, int id, int inverseId, String label, boolean primary, String v3Name) {
            this(from, to, id, inverseId, label, primary, v3Name, HUBSPOT_DEFINED);
        }
    }

    public static final String HUBSPOT_DEFINED = "HUBSPOT_DEFINED";
    /** [U] the category of the types a custom schema's association definitions make (docs/emulator.md) */
    public static final String USER_DEFINED = "USER_DEFINED";

    private static final List<Type> ALL = new ArrayList<>();

    static {
        withPrimary(ObjectType.CONTACTS, ObjectType.COMPANIES, 1, 2, 279, 280);
        withPrimary(ObjectType.DEALS, ObjectType.COMPANIES, 5, 6, 341, 342);
        withPrimary(ObjectType.TICKETS, ObjectType.COMPANIES, 26, 25, 339, 340);
        unlabeled(ObjectType.DEALS, ObjectType.CONTACTS, 3, 4);
        unlabeled(ObjectType.CONTACTS, ObjectType.TICKETS, 15, 16);
        unlabeled(ObjectType.DEALS, ObjectType.TICKETS, 27, 28);
        unlabeled(ObjectType.DEALS, ObjectType.LINE_ITEMS, 19, 20);
        unlabeled(ObjectType.DEALS, ObjectType.QUOTES, 63, 64);
        unlabeled(ObjectType.QUOTES, ObjectType.LINE_ITEMS, 67, 68);
        unlabeled(ObjectType.QUOTES, ObjectType.CONTACTS, 69, 70);
        unlabeled(ObjectType.QUOTES, ObjectType.COMPANIES, 71, 72);
        unlabeled(ObjectType.QUOTES, ObjectType.TASKS, 217, 218);
        unlabeled(ObjectType.CALLS, ObjectType.MEETINGS, 399, 400);
        // engagements to contact, company, deal, ticket: {engagement→record, record→engagement}
        engagement(ObjectType.CALLS, 194, 193, 182, 181, 206, 205, 220, 219);
        engagement(ObjectType.EMAILS, 198, 197, 186, 185, 210, 209, 224, 223);
        engagement(ObjectType.MEETINGS, 200, 199, 188, 187, 212, 211, 226, 225);
        engagement(ObjectType.NOTES, 202, 201, 190, 189, 214, 213, 228, 227);
        engagement(ObjectType.TASKS, 204, 203, 192, 191, 216, 215, 230, 229);
        engagement(ObjectType.COMMUNICATIONS, 81, 82, 87, 88, 85, 86, 83, 84);
        engagement(ObjectType.POSTAL_MAIL, 453, 454, 459, 460, 457, 458, 455, 456);
    }

    /** The ids from an engagement to a contact, company, deal and ticket, each followed by the way back. */
    private static void engagement(ObjectType e, int contact, int contactBack, int company, int companyBack,
                                   int deal, int dealBack, int ticket, int ticketBack) {
        unlabeled(e, ObjectType.CONTACTS, contact, contactBack);
        unlabeled(e, ObjectType.COMPANIES, company, companyBack);
        unlabeled(e, ObjectType.DEALS, deal, dealBack);
        unlabeled(e, ObjectType.TICKETS, ticket, ticketBack);
    }

    private AssociationTypes() { }

    /** The primary label text; HubSpot has renamed it before, so clients key on the id only (§14). */
    public static final String PRIMARY_LABEL = "Primary";

    private static void withPrimary(ObjectType a, ObjectType b, int primaryAb, int primaryBa, int ab, int ba) {
        String n = a.singular() + "_to_" + b.singular();
        String r = b.singular() + "_to_" + a.singular();
        ALL.add(new Type(a, b, primaryAb, primaryBa, PRIMARY_LABEL, true, n));
        ALL.add(new Type(b, a, primaryBa, primaryAb, PRIMARY_LABEL, true, r));
        ALL.add(new Type(a, b, ab, ba, null, false, n + "_unlabeled"));
        ALL.add(new Type(b, a, ba, ab, null, false, r + "_unlabeled"));
    }

    private static void unlabeled(ObjectType a, ObjectType b, int ab, int ba) {
        ALL.add(new Type(a, b, ab, ba, null, false, a.singular() + "_to_" + b.singular()));
        ALL.add(new Type(b, a, ba, ab, null, false, b.singular() + "_to_" + a.singular()));
    }

    /**
     * Adds the two directions of a custom schema's association definition to the custom end(s); the
     * definition's id is {@code id}, the way back {@code id + 1}.
     */
    static void define(ObjectType custom, ObjectType other, int id, String name) {
        Type there = new Type(custom, other, id, id + 1, null, false, name, USER_DEFINED);
        Type back = new Type(other, custom, id + 1, id, null, false, other.singular() + "_to_" + custom.singular(),
                USER_DEFINED);
        custom.associationTypes().add(there);
        custom.associationTypes().add(back);
        if (other.custom() && other != custom) {
            other.associationTypes().add(there);
            other.associationTypes().add(back);
        }
    }

    /** Drops a definition's two directions (by the id of either). */
    static void undefine(ObjectType custom, int id) {
        for (Type t : List.copyOf(custom.associationTypes())) {
            if (t.id == id || t.inverseId == id) {
                custom.associationTypes().remove(t);
                if (t.to.custom() && t.to != custom) {
                    t.to.associationTypes().remove(t);
                } else if (t.from.custom() && t.from != custom) {
                    t.from.associationTypes().remove(t);
                }
            }
        }
    }

    private static List<Type> candidates(ObjectType from, ObjectType to) {
        if (from.custom()) {
            return from.associationTypes();
        }
        return to.custom() ? to.associationTypes() : ALL;
    }

    /** Every type from one object type to another, primary first; empty when they cannot be associated. */
    public static List<Type> between(ObjectType from, ObjectType to) {
        return candidates(from, to).stream().filter(t -> t.from == from && t.to == to).toList();
    }

    /** The type with this id in this direction, or null. */
    public static Type byId(ObjectType from, ObjectType to, int id) {
        for (Type t : candidates(from, to)) {
            if (t.from == from && t.to == to && t.id == id) {
                return t;
            }
        }
        return null;
    }

    /** The type a default ("unlabeled") association gets, or null when the pair cannot be associated. */
    public static Type unlabeled(ObjectType from, ObjectType to) {
        for (Type t : candidates(from, to)) {
            if (t.from == from && t.to == to && !t.primary) {
                return t;
            }
        }
        return null;
    }

    /** The primary type of the pair, or null when it has none. */
    public static Type primary(ObjectType from, ObjectType to) {
        for (Type t : candidates(from, to)) {
            if (t.from == from && t.to == to && t.primary) {
                return t;
            }
        }
        return null;
    }
}
