package io.hubsync.connections;

import io.hubsync.core.ObjectTypes;
import io.hubsync.core.Quoted;
import io.hubsync.core.SettingType;
import io.hubsync.hubspot.RateBudget;
import io.hubsync.store.ConnectionStore;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import java.util.regex.Pattern;

/**
 * The checks a connection's settings pass before they are stored, shared by the admin API and the
 * CLI so that both refuse the same values with the same words. Each names the field or option the
 * value came from ({@code rateLimit} in JSON, {@code --rate-limit} on the command line). Lengths are
 * those of the columns the values go to (db/migration/common/V3__connections.sql), so a value that
 * passes is stored, never cut or refused by the database.
 */
public final class ConnectionSettings {
    private static final Pattern PROPERTY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
    /**
     * The longest token taken: HubSpot's OAuth access tokens are at most 512 characters (private-app
     * tokens are shorter); twice that leaves room for a format HubSpot may yet use. Encrypted, 1024
     * characters fit the 4096 of connections.access_token.
     */
    public static final int MAX_TOKEN = 1024;
    /** connections.schedule */
    static final int MAX_SCHEDULE = 128;
    /** connection_properties.properties */
    static final int MAX_PROPERTIES = 8000;
    /** A connection's own schedule fires at most this often: a run every second is never wanted. */
    static final long MIN_SCHEDULE_SECONDS = 60;

    private ConnectionSettings() { }

    public static String name(String field, String name) {
        try {
            return ConnectionStore.checkId(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(field, e.getMessage());
        }
    }

    /** A private app's token: printable ASCII, as HubSpot's are (it goes into an HTTP header), and not too long. */
    public static String token(String field, String token) {
        if (token == null || token.isBlank()) {
            throw new InvalidSetting(field, "the private app's token is empty");
        }
        String t = token.trim();
        // the message never repeats the token: it is a secret, also when it is wrong
        if (t.length() > MAX_TOKEN) {
            throw new InvalidSetting(field, "the token has " + t.length() + " characters; HubSpot's have at most 512 "
                    + "and hubsync takes up to " + MAX_TOKEN + ": copy the private app's access token again");
        }
        if (!t.chars().allMatch(ch -> ch > ' ' && ch < 127)) {
            throw new InvalidSetting(field, "the token holds spaces, control or non-ASCII characters, which HubSpot's "
                    + "never do: copy the private app's access token again");
        }
        return t;
    }

    /** A tier name (lower case) or requests per 10 seconds, as a plain number; null or blank: the default of hubspot.rate-limit. */
    public static String rateLimit(String field, String tier) {
        if (tier == null || tier.isBlank()) {
            return null;
        }
        String t = tier.trim().toLowerCase(Locale.ROOT);
        int perTenSeconds;
        try {
            perTenSeconds = RateBudget.tenSeconds(t);
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting(field, Quoted.of(tier) + " is not a rate-limit tier: use starter, professional, "
                    + "enterprise, pack, oauth or a number of requests per 10 seconds");
        }
        // a number as written ("+0010") could outgrow connections.rate_limit (16): store its value
        return t.chars().allMatch(Character::isLetter) ? t : Integer.toString(perTenSeconds);
    }

    /**
     * A Quartz cron (seconds first) that fires at most once a minute; null or blank: the shared
     * schedule of sync.schedule.
     */
    public static String schedule(String field, String cron) {
        if (cron == null || cron.isBlank()) {
            return null;
        }
        String c = cron.trim();
        if (c.length() > MAX_SCHEDULE) {
            throw new InvalidSetting(field, "the schedule has " + c.length() + " characters; at most " + MAX_SCHEDULE);
        }
        if (!CronExpression.isValidExpression(c)) {
            throw new InvalidSetting(field, Quoted.of(cron) + " " + SettingType.CRON_EXPECTED);
        }
        if (firesWithinAMinute(c)) {
            throw new InvalidSetting(field, Quoted.of(c) + " fires more than once a minute; a connection's schedule "
                    + "may fire at most once every " + MIN_SCHEDULE_SECONDS + " seconds: give the seconds field one "
                    + "value, e.g. 0 0/5 * * * ?");
        }
        return c;
    }

    /**
     * Whether two fire times of the cron are less than a minute apart. Quartz has no call for the
     * interval, so look at three fire times: a cron whose seconds field holds more than one value
     * fires twice in every minute it fires in, so of three consecutive fire times two are in one
     * minute; with one value in the seconds field, any two are a minute or more apart.
     */
    private static boolean firesWithinAMinute(String cron) {
        CronExpression e;
        try {
            e = new CronExpression(cron);
        } catch (ParseException checkedAbove) {
            return false;
        }
        e.setTimeZone(TimeZone.getTimeZone("UTC"));
        Date previous = e.getNextValidTimeAfter(new Date());
        for (int i = 0; i < 2 && previous != null; i++) {
            Date next = e.getNextValidTimeAfter(previous);
            if (next != null && next.getTime() - previous.getTime() < MIN_SCHEDULE_SECONDS * 1000) {
                return true;
            }
            previous = next;
        }
        return false;
    }

    public static String objectType(String field, String type) {
        // standard types by name (or id: 0-48 is calls), custom objects by the name they are stored under
        ObjectTypes.Standard standard = ObjectTypes.standard(type);
        if (standard != null) {
            return standard.name();
        }
        if (!ObjectTypes.storable(type) || ObjectTypes.problem(type) != null) {
            throw new InvalidSetting(field, Quoted.of(type) + " is not a supported object type; use any of "
                    + String.join(", ", ObjectTypes.SUPPORTED) + ", or a custom object's name");
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
                throw new InvalidSetting(field, Quoted.of(n) + " is not a HubSpot property name");
            }
            names.add(n);
        }
        if (names.contains("*") && names.size() > 1) {
            throw new InvalidSetting(field, "'*' (every property) stands alone");
        }
        String joined = String.join(",", names);
        if (joined.length() > MAX_PROPERTIES) {
            throw new InvalidSetting(field, "the property names take " + joined.length() + " characters, comma-"
                    + "separated; at most " + MAX_PROPERTIES + " fit: give fewer, or '*' for every property");
        }
        return names.isEmpty() ? null : joined;
    }
}
