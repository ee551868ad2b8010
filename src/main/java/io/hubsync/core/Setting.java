package io.hubsync.core;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One key of application.properties that hubsync reads ({@link SettingsCatalog} lists them all).
 *
 * @param key          e.g. sync.search-lag; {@code <type>} in it stands for each object type
 * @param type         how it is written and checked
 * @param defaultValue the value in the jar's application.properties (empty: none; null: not there at all)
 * @param secret       never shown: not in messages, not in logs
 * @param doc          one line for docs/settings.md
 * @param replaces     the key it replaces, still read with a deprecation warning; null when none
 */
public record Setting(String key, SettingType type, String defaultValue, boolean secret, String doc, String replaces) {
    /** What {@code <type>} in a key stands for. */
    public static final String TYPE = "<type>";

    /** The keys it stands for: itself, or one per object type. */
    public List<String> keys() {
        if (!key.contains(TYPE)) {
            return List.of(key);
        }
        return ObjectTypes.SUPPORTED.stream().map(t -> key.replace(TYPE, t)).toList();
    }

    /**
     * The line that stops start-up for this value, or null when it is good: the key, the value
     * unless it is secret, and what is expected.
     *
     * @param name     the key as set (one of {@link #keys()})
     * @param value    its value; null or blank when not set
     * @param settings the other settings by key
     */
    public String problem(String name, String value, UnaryOperator<String> settings) {
        String v = value == null ? "" : value.trim();
        String problem = type.check().problem(v, settings);
        if (problem == null) {
            return null;
        }
        return secret ? name + " " + problem : name + ": '" + v + "' " + problem;
    }
}
