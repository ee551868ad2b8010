package io.hubsync.connections;

/** A value a user gave that hubsync cannot use, with the field (API) or option (CLI) it came from. */
public final class InvalidSetting extends IllegalArgumentException {
    private final String field;

    public InvalidSetting(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
