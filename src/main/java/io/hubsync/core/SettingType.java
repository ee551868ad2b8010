package io.hubsync.core;

import org.quartz.CronExpression;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * How a setting is written (its type and unit in docs/settings.md) and what its value must be.
 *
 * @param name  the type as docs/settings.md shows it: duration, integer, cron, url, ...
 * @param unit  what an integer counts (bytes, characters, ...); empty when the type says it all
 * @param check what is wrong with a value, or null when nothing is
 */
public record SettingType(String name, String unit, Check check) {
    /** What a cron looks like, said of a value that is none (every cron hubsync reads, settings or not). */
    public static final String CRON_EXPECTED = "is not a Quartz cron expression (seconds minutes hours day-of-month "
            + "month day-of-week); use e.g. 0 0/15 * * * ?";

    /** The check of one value. */
    @FunctionalInterface
    public interface Check {
        /**
         * @param value    the value as set (trimmed; empty when unset)
         * @param settings the other settings by key (null for one not set), for a value that another one requires
         * @return null for a good value, else what is wrong and what is expected, said of the value:
         *         "is not a duration; use e.g. 30s, 5m"
         */
        String problem(String value, UnaryOperator<String> settings);
    }

    /** The same type, empty allowed (the setting is optional). */
    public SettingType optional() {
        return new SettingType(name, unit, (value, settings) -> value.isEmpty() ? null : check.problem(value, settings));
    }

    /** A duration of 0 or more: 30s, 5m, 1h, 1d, 500ms, or plain digits (milliseconds). */
    public static SettingType duration() {
        return duration(Duration.ZERO, null);
    }

    /** A duration from {@code min} to {@code max} (null: no upper bound). */
    public static SettingType duration(Duration min, Duration max) {
        return new SettingType("duration", "", (value, settings) -> {
            Duration d = Durations.parseOrNull(value);
            if (d == null) {
                return Durations.EXPECTED;
            }
            if (d.compareTo(min) < 0) {
                return "is less than " + Durations.format(min) + "; use " + Durations.format(min) + " or more";
            }
            if (max != null && d.compareTo(max) > 0) {
                return "is more than " + Durations.format(max) + "; use at most " + Durations.format(max);
            }
            return null;
        });
    }

    /** A whole number from {@code min} to {@code max}, counting {@code unit}. */
    public static SettingType integer(long min, long max, String unit) {
        return new SettingType("integer", unit, (value, settings) -> {
            long n;
            try {
                n = Long.parseLong(value);
            } catch (NumberFormatException e) {
                return "is not a whole number; use " + range(min, max);
            }
            if (n < min || n > max) {
                return "is out of range; use " + range(min, max);
            }
            return null;
        });
    }

    private static String range(long min, long max) {
        return max >= Integer.MAX_VALUE ? min + " or more" : "from " + min + " to " + max;
    }

    /** A Quartz cron expression; {@code optional}: empty means not set (a per-type key falls back to the shared one). */
    public static SettingType cron(boolean optional) {
        return new SettingType("cron", "", (value, settings) -> optional && value.isEmpty()
                || CronExpression.isValidExpression(value) ? null : CRON_EXPECTED);
    }

    /** An http(s) URL; {@code optional}: empty turns the feature off. */
    public static SettingType url(boolean optional) {
        return new SettingType("url", "", (value, settings) -> {
            if (optional && value.isEmpty()) {
                return null;
            }
            try {
                URI u = new URI(value);
                if (("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null) {
                    return null;
                }
            } catch (java.net.URISyntaxException e) {
                // said below
            }
            return "is not an http(s) URL; use e.g. https://example.com" + (optional ? ", or leave it empty" : "");
        });
    }

    /** A JDBC URL of a database hubsync runs on. */
    public static SettingType jdbcUrl() {
        return new SettingType("jdbc url", "", (value, settings) -> value.startsWith("jdbc:h2:")
                || value.startsWith("jdbc:postgresql:") ? null : "is not an H2 or PostgreSQL JDBC URL; use e.g. "
                + "jdbc:h2:file:./data/hubsync or jdbc:postgresql://127.0.0.1:5432/hubsync");
    }

    public static SettingType bool() {
        return new SettingType("boolean", "", (value, settings) -> value.equalsIgnoreCase("true")
                || value.equalsIgnoreCase("false") ? null : "is not a boolean; use true or false");
    }

    /** One of {@code names}, or (with {@code orAtLeastOne}) a whole number of 1 or more, counting {@code unit}. */
    public static SettingType oneOf(List<String> names, boolean orAtLeastOne, String unit) {
        String choices = String.join(", ", names) + (orAtLeastOne ? ", or " + unit : "");
        return new SettingType("enum", choices, (value, settings) -> {
            if (names.contains(value.toLowerCase(Locale.ROOT))) {
                return null;
            }
            if (orAtLeastOne && value.matches("[0-9]{1,9}") && Integer.parseInt(value) >= 1) {
                return null;
            }
            return "is not one of " + String.join(", ", names) + "; use one of them"
                    + (orAtLeastOne ? " or a whole number of 1 or more" : "");
        });
    }

    public static SettingType zone() {
        return new SettingType("time zone", "", (value, settings) -> {
            try {
                ZoneId.of(value);
                return null;
            } catch (RuntimeException e) {
                return "is not a time zone id; use e.g. UTC, America/New_York";
            }
        });
    }

    /** Object types, comma-separated, at least one: standard names or ids, custom objects, or {@code *} (ObjectTypes). */
    public static SettingType objectTypes() {
        return new SettingType("list", "object types", (value, settings) -> {
            String problem = typesProblem(value, true);
            if (problem != null) {
                return problem;
            }
            return value.replace(",", "").isBlank() ? "is empty; list at least one of "
                    + String.join(", ", ObjectTypes.SUPPORTED) + ", a custom object, or *" : null;
        });
    }

    /**
     * The to-types of one type's associations (sync.associations.&lt;type&gt;), comma-separated, possibly
     * none: standard names or ids, custom objects; not {@code *}, which HubSpot's association reads have
     * no form for (one pair per call, docs/hubspot.md §14), nor a name that looks like a standard one.
     */
    public static SettingType associationTypes() {
        return new SettingType("list", "object types", (value, settings) -> typesProblem(value, false));
    }

    /** What is wrong with the first entry of a list of object types that cannot be one, or null. */
    private static String typesProblem(String value, boolean all) {
        for (String t : value.split(",")) {
            String type = t.trim();
            if (!all && ObjectTypes.ALL.equals(type)) {
                return "names *, which this key does not take: list the object types, comma-separated (e.g. "
                        + "companies,deals, or a custom object's name)";
            }
            String problem = type.isEmpty() ? null : ObjectTypes.problem(type);
            if (problem != null) {
                return "names " + Quoted.of(type) + ", which " + problem;
            }
        }
        return null;
    }

    /** Property names, comma-separated, or {@code *}. */
    public static SettingType propertyNames() {
        return new SettingType("list", "property names", (value, settings) -> value.replace(",", "").isBlank()
                ? "is empty; list the properties to sync, comma-separated, or * for all" : null);
    }

    /** Free text; {@code optional}: may be empty. */
    public static SettingType text(boolean optional) {
        return new SettingType("string", "", (value, settings) -> optional || !value.isEmpty() ? null
                : "is empty; set a value");
    }

    /** db.token-key: base64 of 32 random bytes, or empty. */
    public static SettingType tokenKey() {
        return new SettingType("base64 key", "32 bytes", (value, settings) -> {
            try {
                TokenCipher.fromKey(value);
                return null;
            } catch (IllegalArgumentException e) {
                // TokenCipher names the key first: what follows it is said of the value
                return e.getMessage().substring(e.getMessage().indexOf(' ') + 1);
            }
        });
    }

    /**
     * A shared secret of at least {@code min} characters, required while {@code whenKey} is set
     * (or, for a boolean, true); {@code env}: the environment variable to keep it in.
     */
    public static SettingType secret(int min, String whenKey, String env) {
        return new SettingType("string", "", (value, settings) -> {
            String when = settings.apply(whenKey);
            boolean required = when != null && !when.isBlank() && !when.trim().equalsIgnoreCase("false");
            if (!required || value.length() >= min) {
                return null;
            }
            return (value.isEmpty() ? "is not set" : "is too short (" + value.length() + " characters, at least "
                    + min + ")") + ", and " + whenKey + (when.trim().equalsIgnoreCase("true") ? "=true" : "")
                    + " needs it: make one with `openssl rand -base64 32` and export it as " + env;
        });
    }
}
