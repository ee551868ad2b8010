package io.hubsync.emulator.webhook;

import io.hubsync.emulator.crm.ObjectType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The subscription types the emulator can deliver and their ids. The list follows the webhooks v3
 * spec's {@code eventType} enum for contacts, companies, deals, tickets, products and line items, limited to the kinds the store emits:
 * {@code privacyDeletion} exists only for contacts.
 *
 * <p>A subscription's id is fixed by its place in this list, so it stays the same across resets
 * and runs, as a real app's subscription ids do.
 */
public final class WebhookSubscriptions {
    /** Looks like HubSpot's seven-digit subscription ids (docs/hubspot.md §7 capture: 7562680). */
    private static final long FIRST_ID = 7_560_001L;
    private static final List<String> KINDS = List.of("creation", "deletion", "merge", "propertyChange", "restore");
    private static final List<String> ALL;

    static {
        List<ObjectType> first = List.of(ObjectType.CONTACTS, ObjectType.COMPANIES, ObjectType.DEALS, ObjectType.TICKETS);
        List<String> all = new ArrayList<>();
        for (ObjectType t : first) {
            for (String kind : KINDS) {
                all.add(t.singular() + "." + kind);
            }
            if (t == ObjectType.CONTACTS) {
                all.add(t.singular() + ".privacyDeletion");
            }
        }
        // appended, so that the ids of the types above stay what they were
        for (ObjectType t : first) {
            all.add(t.singular() + ".associationChange");
        }
        // the spec's enum has products and line items too (no product.associationChange); the other
        // standard types exist there only as the generic object.* events
        for (ObjectType t : List.of(ObjectType.PRODUCTS, ObjectType.LINE_ITEMS)) {
            for (String kind : KINDS) {
                all.add(t.singular() + "." + kind);
            }
        }
        all.add(ObjectType.LINE_ITEMS.singular() + ".associationChange");
        // the generic events, with objectTypeId: sent for custom objects only (the other standard types'
        // changes send none, as before)
        for (String kind : KINDS) {
            all.add("object." + kind);
        }
        all.add("object.associationChange");
        ALL = Collections.unmodifiableList(all);
    }

    private WebhookSubscriptions() { }

    /** Every subscription type the emulator supports, in a fixed order. */
    public static List<String> all() { return ALL; }

    public static boolean supported(String subscriptionType) { return ALL.contains(subscriptionType); }

    /** The subscription's id; -1 when the type is not supported. */
    public static long id(String subscriptionType) {
        int i = ALL.indexOf(subscriptionType);
        return i < 0 ? -1 : FIRST_ID + i;
    }
}
