package io.hubsync.connections;

import io.hubsync.hubspot.ObjectTypes;
import io.hubsync.hubspot.RateBudget;
import io.hubsync.store.ConnectionStore;
import org.quartz.CronExpression;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checks a connection's settings pass before they are stored, shared by the admin API and the
 * CLI so that both refuse the same values with the same words. Each names the field or option the
 * value came from ({@code rateLimit} in JSON, {@code --rate-limit} on the command line).
 */
public final class ConnectionSettings {
    private static final Pattern PROPERTY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");

    private ConnectionSettings() { }

    public static String name(String field, String name) {
        try {
            return ConnectionStore.checkId(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(field, e.getMessage());
        }
    }

    /** A tier name (lower case) or requests per 10 seconds; null or blank: the default of hubspot.rate-limit. */
    public static String rateLimit(String field, String tier) {
        if (tier == null || tier.isBlank()) {
            return null;
        }
        try {
            RateBudget.tenSeconds(tier);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(field, "'" + tier + "' is not a rate-limit tier: use starter, professional, "
                    + "enterprise, pack, oauth or a number of requests per 10 seconds");
        }
        return tier.trim().toLowerCase(Locale.ROOT);
    }

    /** How long an install link works: a duration up to {@link ConnectLinks#MAX_TTL}; null or blank: 7 days. */
    public static java.time.Duration linkTtl(String field, String text) {
        if (text == null || text.isBlank()) {
            return ConnectLinks.DEFAULT_TTL;
        }
        java.time.Duration ttl;
        try {
            ttl = io.hubsync.Durations.parse(field, text);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(field, "'" + text + "' is not a duration; write e.g. 1h or 7d");
        }
        if (ttl.toSeconds() < 60 || ttl.compareTo(ConnectLinks.MAX_TTL) > 0) {
            throw new InvalidSetting(field, "a link works from 1 minute to " + ConnectLinks.MAX_TTL.toDays()
                    + " days, not '" + text + "'");
        }
        return ttl;
    }

    /** A Quartz cron (seconds first); null or blank: the shared schedule of sync.schedule. */
    public static String schedule(String field, String cron) {
        if (cron == null || cron.isBlank()) {
            return null;
        }
        String c = cron.trim();
        if (!CronExpression.isValidExpression(c)) {
            throw new InvalidSetting(field, "'" + cron + "' is not a Quartz cron expression (seconds minutes hours "
                    + "day-of-month month day-of-week), e.g. 0 0/15 * * * ?");
        }
        return c;
    }

    public static String objectType(String field, String type) {
        if (type == null || !ObjectTypes.SUPPORTED.contains(type)) {
            throw new InvalidSetting(field, "'" + type + "' is not a supported object type; use any of "
                    + String.join(", ", ObjectTypes.SUPPORTED));
        }
        return type;
    }

    /** Property names, comma-separated or as a list, or {@code *}; null or empty: sync.properties.&lt;type&gt;. */
    public static String properties(String field, Object value) {
        if (value == null) {
            return null;
        }
        Collection<?> items;
        if (value instanceof Collection<?> c) {
            items = c;
        } else if (value instanceof String s) {
            items = List.of(s.split(","));
        } else {
            throw new InvalidSetting(field, "give property names as a list or a comma-separated string");
        }
        List<String> names = new ArrayList<>();
        for (Object item : items) {
            String n = item == null ? "" : item.toString().trim();
            if (n.isEmpty()) {
                continue;
            }
            if (!n.equals("*") && !PROPERTY.matcher(n).matches()) {
                throw new InvalidSetting(field, "'" + n + "' is not a HubSpot property name");
            }
            names.add(n);
        }
        if (names.contains("*") && names.size() > 1) {
            throw new InvalidSetting(field, "'*' (every property) stands alone");
        }
        return names.isEmpty() ? null : String.join(",", names);
    }
}
