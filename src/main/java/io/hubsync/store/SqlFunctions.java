package io.hubsync.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/** Functions the H2 schema binds as SQL aliases (see db/migration/h2). */
public final class SqlFunctions {
    private static final JsonFactory JSON = new JsonFactory();

    private SqlFunctions() { }

    /** {@code hs_prop(properties, 'email')}: the value of one property in a record's JSON, or null. */
    public static String hsProp(String properties, String name) throws IOException {
        if (properties == null || name == null) {
            return null;
        }
        try (JsonParser p = JSON.createParser(properties)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals(name)) {
                    return t == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                }
                p.skipChildren();
            }
        }
        return null;
    }
}
