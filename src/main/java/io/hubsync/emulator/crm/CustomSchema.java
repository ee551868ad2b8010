package io.hubsync.emulator.crm;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One custom object schema of a portal, as the schemas API shows it (docs/hubspot.md §18): its type,
 * labels, display and required properties and association definitions. Its property definitions
 * live in the type's {@link PropertySchema}. Fields change only through {@link CustomObjects}.
 */
public final class CustomSchema {
    /** One association definition: {@code id} from this type to the other, {@code id + 1} back. */
    public record Definition(int id, ObjectType from, ObjectType to, String name, long createdAt) { }

    private final ObjectType type;
    private final int number;
    private final long createdAt;
    final List<Definition> definitions = new CopyOnWriteArrayList<>();
    volatile String singular;
    volatile String plural;
    volatile String description;
    volatile String primaryDisplayProperty;
    volatile List<String> secondaryDisplayProperties;
    volatile List<String> requiredProperties;
    volatile boolean allowsSensitiveProperties;
    volatile long updatedAt;
    volatile boolean archived;

    CustomSchema(ObjectType type, int number, long createdAt) {
        this.type = type;
        this.number = number;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    public ObjectType type() { return type; }
    /** The {@code <n>} of {@code 2-<n>}, also the schema's {@code id} ([U] docs/hubspot.md §18). */
    public int number() { return number; }
    public String name() { return type.schemaName(); }
    public long createdAt() { return createdAt; }
    public long updatedAt() { return updatedAt; }
    public String singular() { return singular; }
    public String plural() { return plural; }
    public String description() { return description; }
    public String primaryDisplayProperty() { return primaryDisplayProperty; }
    public List<String> secondaryDisplayProperties() { return secondaryDisplayProperties; }
    public List<String> requiredProperties() { return requiredProperties; }
    public List<String> searchableProperties() { return type.searchableProperties(); }
    public boolean allowsSensitiveProperties() { return allowsSensitiveProperties; }
    public boolean archived() { return archived; }
    public List<Definition> definitions() { return List.copyOf(definitions); }
}
