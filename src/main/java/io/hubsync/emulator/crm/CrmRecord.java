package io.hubsync.emulator.crm;

/**
 * One version of one CRM record. Immutable: every write makes a new version, so the search index
 * can keep pointing at the version it indexed while the store moves on.
 *
 * <p>Seeded records that were never written keep no property values at all ({@code values == null}):
 * the {@link RecordGenerator} derives them from the id on demand. That keeps a million contacts in
 * about 150 MB of heap.
 */
public final class CrmRecord {
    final long id;
    final long createdAt;
    final long updatedAt;
    /** 0 while live */
    final long archivedAt;
    /** slot-aligned with the portal's {@link PropertySchema}; may be shorter than it; null = generated */
    final String[] values;

    CrmRecord(long id, long createdAt, long updatedAt, long archivedAt, String[] values) {
        this.id = id;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
        this.archivedAt = archivedAt;
        this.values = values;
    }

    public long id() { return id; }
    public long createdAt() { return createdAt; }
    public long updatedAt() { return updatedAt; }
    public long archivedAt() { return archivedAt; }
    public boolean archived() { return archivedAt != 0; }
    boolean generated() { return values == null; }

    CrmRecord withArchivedAt(long at, long updated) {
        return new CrmRecord(id, createdAt, updated, at, values);
    }

    CrmRecord withValues(String[] newValues, long updated) {
        return new CrmRecord(id, createdAt, updated, archivedAt, newValues);
    }
}
