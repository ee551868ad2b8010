package io.hubsync.emulator.crm;

import java.util.List;

/**
 * A property definition as the properties API reports it.
 *
 * @param type HubSpot's type: bool, date, datetime, enumeration, number, phone_number, string
 * @param options the allowed values of an enumeration, else empty
 */
public record PropertyDef(String name, String label, String type, String fieldType, String groupName,
                          String description, List<String> options, boolean hubspotDefined,
                          boolean readOnlyValue, long createdAt) {

    public boolean numeric() {
        return type.equals("number") || type.equals("datetime") || type.equals("date");
    }

    public boolean enumeration() {
        return type.equals("enumeration") || type.equals("bool");
    }

    static PropertyDef builtIn(String name, String label, String type, String fieldType, String group,
                               List<String> options, boolean readOnly) {
        return new PropertyDef(name, label, type, fieldType, group, "", options, true, readOnly, 1565059312095L);
    }
}
