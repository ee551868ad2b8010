package io.hubsync.emulator.crm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The custom object schemas of one portal (docs/hubspot.md §18). A schema is a runtime
 * {@link ObjectType} with its own {@link ObjectStore}; its records are then served by the generic
 * object endpoints under {@code 2-<n>}, {@code p<portalId>_<name>} or the bare name.
 *
 * <p>Choices where HubSpot is silent ([U], docs/emulator.md "Custom objects"): a portal's type ids
 * are {@code 2-<n>} with {@code n} from {@link #FIRST_NUMBER} up, and the schema's {@code id} is that
 * {@code n}; association definitions get type ids from {@link #FIRST_ASSOCIATION_ID} up, two per
 * definition (there and back), category {@code USER_DEFINED}.
 */
public final class CustomObjects {
    public static final int FIRST_NUMBER = 1_000_001;
    public static final int FIRST_ASSOCIATION_ID = 1_001;

    /** What a create asks for (the spec's {@code ObjectSchemaEgg}). */
    public record Spec(String name, String singular, String plural, String description, String primaryDisplayProperty,
                       List<String> secondaryDisplayProperties, List<String> requiredProperties,
                       List<String> searchableProperties, List<PropertyDef> properties, List<ObjectType> associatedObjects,
                       boolean allowsSensitiveProperties) { }

    /**
     * A schema for seeding: {@code name} (required, primary display, searchable), {@code model_year},
     * {@code status} (active, sold, retired), {@code purchased_at}; associated with contacts and companies.
     */
    public static Spec sample(String name, long now) {
        String group = name + "_information";
        List<PropertyDef> props = List.of(
                new PropertyDef("name", "Name", "string", "text", group, "", List.of(), false, false, now),
                new PropertyDef("model_year", "Model year", "number", "number", group, "", List.of(), false, false, now),
                new PropertyDef("status", "Status", "enumeration", "select", group, "",
                        List.of("active", "sold", "retired"), false, false, now),
                new PropertyDef("purchased_at", "Purchased at", "datetime", "date", group, "", List.of(), false, false,
                        now));
        String label = Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('_', ' ');
        return new Spec(name, label, label, null, "name", List.of("status"), List.of("name"), List.of("name"), props,
                List.of(ObjectType.CONTACTS, ObjectType.COMPANIES), false);
    }

    private final Portal portal;
    private final LongSupplier clock;
    private final List<CustomSchema> schemas = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int created;
    private int nextAssociationId = FIRST_ASSOCIATION_ID;

    CustomObjects(Portal portal, LongSupplier clock) {
        this.portal = portal;
        this.clock = clock;
    }

    /** Every schema, archived ones only or live ones only. */
    public List<CustomSchema> list(boolean archived) {
        return schemas.stream().filter(s -> s.archived == archived).toList();
    }

    /** The schema named by {@code 2-<n>}, {@code p<portal>_<name>}, its bare name or its number; null when none. */
    public CustomSchema find(String token, boolean archived) {
        if (token == null) {
            return null;
        }
        String k = token.toLowerCase(Locale.ROOT);
        for (CustomSchema s : schemas) {
            ObjectType t = s.type();
            if (s.archived == archived && (t.typeId().equals(k) || t.fullyQualifiedName().equalsIgnoreCase(k)
                    || t.schemaName().equalsIgnoreCase(k) || Integer.toString(s.number()).equals(k))) {
                return s;
            }
        }
        return null;
    }

    public CustomSchema of(ObjectType type) {
        for (CustomSchema s : schemas) {
            if (s.type() == type) {
                return s;
            }
        }
        return null;
    }

    /**
     * Creates a schema, its type, store and association definitions; the caller has validated the
     * spec. Null when a schema (live or archived) has that name already.
     */
    public synchronized CustomSchema create(Spec spec) {
        for (CustomSchema s : schemas) {
            if (s.name().equalsIgnoreCase(spec.name())) {
                return null;
            }
        }
        int number = FIRST_NUMBER + created;
        ObjectType type = ObjectType.custom(portal.id(), number, 15 + created, spec.name(), spec.searchableProperties());
        created++;
        long now = clock.getAsLong();
        CustomSchema s = new CustomSchema(type, number, now);
        s.singular = spec.singular();
        s.plural = spec.plural();
        s.description = spec.description();
        s.primaryDisplayProperty = spec.primaryDisplayProperty();
        s.secondaryDisplayProperties = List.copyOf(spec.secondaryDisplayProperties());
        s.requiredProperties = List.copyOf(spec.requiredProperties());
        s.allowsSensitiveProperties = spec.allowsSensitiveProperties();
        ObjectStore store = portal.addStore(type);
        for (PropertyDef d : spec.properties()) {
            store.schema().add(d);
        }
        schemas.add(s);
        for (ObjectType other : spec.associatedObjects()) {
            define(s, other, null);
        }
        return s;
    }

    /** Adds an association definition between the schema's type and another; null when one exists. */
    public synchronized CustomSchema.Definition define(CustomSchema s, ObjectType other, String name) {
        for (CustomSchema.Definition d : s.definitions) {
            if (d.to() == other) {
                return null;
            }
        }
        int id = nextAssociationId;
        nextAssociationId += 2;
        String n = name != null ? name : s.name() + "_to_" + other.singular();
        AssociationTypes.define(s.type(), other, id, n);
        CustomSchema.Definition d = new CustomSchema.Definition(id, s.type(), other, n, clock.getAsLong());
        s.definitions.add(d);
        s.updatedAt = clock.getAsLong();
        return d;
    }

    /** Removes a definition by its id (as text); false when the schema has none such. */
    public synchronized boolean undefine(CustomSchema s, String id) {
        for (CustomSchema.Definition d : s.definitions) {
            if (Integer.toString(d.id()).equals(id) || d.name().equals(id)) {
                AssociationTypes.undefine(s.type(), d.id());
                s.definitions.remove(d);
                s.updatedAt = clock.getAsLong();
                return true;
            }
        }
        return false;
    }

    /** Applies the patch's non-null parts. */
    public synchronized void patch(CustomSchema s, Spec patch, Boolean restorable) {
        if (patch.singular() != null) {
            s.singular = patch.singular();
        }
        if (patch.plural() != null) {
            s.plural = patch.plural();
        }
        if (patch.description() != null) {
            s.description = patch.description().isEmpty() ? null : patch.description();
        }
        if (patch.primaryDisplayProperty() != null) {
            s.primaryDisplayProperty = patch.primaryDisplayProperty();
        }
        if (patch.secondaryDisplayProperties() != null) {
            s.secondaryDisplayProperties = List.copyOf(patch.secondaryDisplayProperties());
        }
        if (patch.requiredProperties() != null) {
            s.requiredProperties = List.copyOf(patch.requiredProperties());
        }
        if (patch.searchableProperties() != null) {
            s.type().searchableProperties(patch.searchableProperties());
        }
        if (Boolean.TRUE.equals(restorable)) {
            s.archived = false;
        }
        s.updatedAt = clock.getAsLong();
    }

    /** Archives the schema (its records stay, unreachable); with {@code purge}, forgets it and them. */
    public synchronized void delete(CustomSchema s, boolean purge) {
        if (purge) {
            schemas.remove(s);
            for (CustomSchema.Definition d : new ArrayList<>(s.definitions)) {
                AssociationTypes.undefine(s.type(), d.id());
            }
            portal.removeStore(s.type());
        } else {
            s.archived = true;
            s.updatedAt = clock.getAsLong();
        }
    }

    /** Live custom types, in creation order. */
    public List<ObjectType> types() {
        return list(false).stream().map(CustomSchema::type).toList();
    }
}
