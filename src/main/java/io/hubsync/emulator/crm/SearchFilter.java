package io.hubsync.emulator.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.emulator.ApiException;
import io.hubsync.emulator.HubSpotErrors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One compiled search filter (docs/hubspot.md §2). Numbers and datetimes compare as numbers (datetime
 * values as epoch ms or ISO-8601); strings compare case-insensitively; enumerations are
 * case-sensitive; string IN/NOT_IN values match only when given in lower case, as HubSpot documents.
 */
final class SearchFilter {
    enum Op { EQ, NEQ, LT, LTE, GT, GTE, BETWEEN, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, CONTAINS_TOKEN,
        NOT_CONTAINS_TOKEN }

    final PropertyDef def;
    final Op op;
    /** the filter as given, for cache keys */
    final String text;
    private final String value;
    private final String high;
    private final List<String> values;
    private final double num;
    private final double numHigh;
    private final double[] nums;
    private final Pattern token;

    private SearchFilter(PropertyDef def, Op op, String value, String high, List<String> values) {
        this.text = def.name() + " " + op + " " + value + " " + high + " " + values;
        this.def = def;
        this.op = op;
        this.value = value;
        this.high = high;
        this.values = values;
        boolean numeric = def.numeric();
        this.num = numeric && value != null ? number(value) : Double.NaN;
        this.numHigh = numeric && high != null ? number(high) : Double.NaN;
        if (numeric && values != null) {
            nums = new double[values.size()];
            for (int i = 0; i < nums.length; i++) {
                nums[i] = number(values.get(i));
            }
        } else {
            nums = null;
        }
        this.token = (op == Op.CONTAINS_TOKEN || op == Op.NOT_CONTAINS_TOKEN) && value != null
                ? Pattern.compile(glob(value.toLowerCase(Locale.ROOT))) : null;
    }

    private double number(String v) {
        try {
            return def.type().equals("number") ? Double.parseDouble(v.trim()) : Iso.parse(v);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HubSpotErrors.validation("Invalid value '" + v + "' for property "
                    + def.name() + " of type " + def.type()));
        }
    }

    private static String glob(String v) {
        StringBuilder sb = new StringBuilder();
        for (String part : v.split("\\*", -1)) {
            if (sb.length() > 0 || v.startsWith("*")) {
                sb.append(".*");
            }
            sb.append(Pattern.quote(part));
        }
        return sb.toString().replace("\\Q\\E", "");
    }

    static SearchFilter compile(JsonNode f, ObjectStore store) {
        String name = f.path("propertyName").asText(null);
        String opName = f.path("operator").asText(null);
        if (name == null || opName == null) {
            throw new ApiException(HubSpotErrors.validation("Each filter needs propertyName and operator"));
        }
        PropertyDef def = store.schema().get(name);
        if (def == null) {
            // [U] HubSpot's exact body is unknown (docs/hubspot.md §4); the message names the property
            throw new ApiException(HubSpotErrors.validation("There was a problem with the request: property '"
                    + name + "' does not exist on " + store.type().path()));
        }
        Op op;
        try {
            op = Op.valueOf(opName);
        } catch (IllegalArgumentException e) {
            throw new ApiException(HubSpotErrors.validation("Unknown operator " + opName + " for " + name));
        }
        String value = f.hasNonNull("value") ? f.get("value").asText() : null;
        String high = f.hasNonNull("highValue") ? f.get("highValue").asText() : null;
        List<String> values = null;
        if (f.has("values") && f.get("values").isArray()) {
            values = new ArrayList<>();
            for (JsonNode v : f.get("values")) {
                values.add(v.asText());
            }
        }
        switch (op) {
            case BETWEEN -> {
                if (value == null || high == null) {
                    throw new ApiException(HubSpotErrors.validation("BETWEEN on " + name + " needs value and highValue"));
                }
            }
            case IN, NOT_IN -> {
                if (values == null || values.isEmpty()) {
                    throw new ApiException(HubSpotErrors.validation(op + " on " + name + " needs values"));
                }
            }
            case HAS_PROPERTY, NOT_HAS_PROPERTY -> { }
            default -> {
                if (value == null) {
                    throw new ApiException(HubSpotErrors.validation(op + " on " + name + " needs a value"));
                }
            }
        }
        return new SearchFilter(def, op, value, high, values);
    }

    /**
     * The range [from, to] of epoch ms this filter admits when it bounds the given datetime
     * property, else null.
     */
    long[] timeRange(String property) {
        if (!def.name().equals(property)) {
            return null;
        }
        return switch (op) {
            case BETWEEN -> new long[] {(long) Math.ceil(num), (long) Math.floor(numHigh)};
            case EQ -> new long[] {(long) Math.ceil(num), (long) Math.floor(num)};
            case GT -> new long[] {(long) Math.floor(num) + 1, Long.MAX_VALUE};
            case GTE -> new long[] {(long) Math.ceil(num), Long.MAX_VALUE};
            case LT -> new long[] {Long.MIN_VALUE, (long) Math.ceil(num) - 1};
            case LTE -> new long[] {Long.MIN_VALUE, (long) Math.floor(num)};
            default -> null;
        };
    }

    /** True for hs_object_id GT/GTE: the key-paging bound, which moves with every page. */
    boolean idBound() {
        return def.name().equals("hs_object_id") && (op == Op.GT || op == Op.GTE);
    }

    /** The lowest id this filter admits when it bounds hs_object_id from below, else Long.MIN_VALUE. */
    long idLowerBound() {
        if (!def.name().equals("hs_object_id")) {
            return Long.MIN_VALUE;
        }
        return switch (op) {
            case GT -> (long) Math.floor(num) + 1;
            case GTE, EQ, BETWEEN -> (long) Math.ceil(num);
            default -> Long.MIN_VALUE;
        };
    }

    boolean matches(ObjectStore store, CrmRecord r) {
        switch (op) {
            case HAS_PROPERTY -> {
                String v = store.value(r, def);
                return v != null && !v.isEmpty();
            }
            case NOT_HAS_PROPERTY -> {
                String v = store.value(r, def);
                return v == null || v.isEmpty();
            }
            case NEQ -> {
                return !eq(store, r);
            }
            case NOT_IN -> {
                return !in(store, r);
            }
            case NOT_CONTAINS_TOKEN -> {
                return !containsToken(store, r);
            }
            case EQ -> {
                return eq(store, r);
            }
            case IN -> {
                return in(store, r);
            }
            case CONTAINS_TOKEN -> {
                return containsToken(store, r);
            }
            default -> {
                return compare(store, r);
            }
        }
    }

    private boolean eq(ObjectStore store, CrmRecord r) {
        if (def.numeric()) {
            return store.number(r, def) == num;
        }
        String v = store.value(r, def);
        if (v == null) {
            return false;
        }
        return def.enumeration() ? v.equals(value) : v.equalsIgnoreCase(value);
    }

    private boolean in(ObjectStore store, CrmRecord r) {
        if (def.numeric()) {
            double n = store.number(r, def);
            for (double x : nums) {
                if (x == n) {
                    return true;
                }
            }
            return false;
        }
        String v = store.value(r, def);
        if (v == null) {
            return false;
        }
        String probe = def.enumeration() ? v : v.toLowerCase(Locale.ROOT);
        return values.contains(probe);
    }

    private boolean containsToken(ObjectStore store, CrmRecord r) {
        String v = store.value(r, def);
        if (v == null) {
            return false;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (token.matcher(lower).matches()) {
            return true;
        }
        for (String t : lower.split("[\\s,;]+")) {
            if (token.matcher(t).matches()) {
                return true;
            }
        }
        return false;
    }

    private boolean compare(ObjectStore store, CrmRecord r) {
        if (def.numeric()) {
            double n = store.number(r, def);
            if (Double.isNaN(n)) {
                return false;
            }
            return switch (op) {
                case LT -> n < num;
                case LTE -> n <= num;
                case GT -> n > num;
                case GTE -> n >= num;
                case BETWEEN -> n >= num && n <= numHigh;
                default -> false;
            };
        }
        String v = store.value(r, def);
        if (v == null) {
            return false;
        }
        int c = v.compareToIgnoreCase(value);
        return switch (op) {
            case LT -> c < 0;
            case LTE -> c <= 0;
            case GT -> c > 0;
            case GTE -> c >= 0;
            case BETWEEN -> c >= 0 && v.compareToIgnoreCase(high) <= 0;
            default -> false;
        };
    }
}
