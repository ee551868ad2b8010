package io.hubsync.emulator.crm;

/**
 * Deterministic, realistic property values derived from (seed, object type, id, property): the same
 * seed always gives the same portal, and a record's values need not be stored until it is edited.
 */
public final class RecordGenerator {
    private static final String[] FIRST = {"Lorelai", "Rory", "Luke", "Sookie", "Paris", "Emily", "Richard",
        "Jess", "Dean", "Lane", "Kirk", "Michel", "Taylor", "Babette", "Miss", "Logan", "Zack", "Gil", "Liz",
        "April", "Anna", "Jackson", "Christopher", "Mia", "Ana", "Noah", "Olivia", "Liam", "Emma", "Mateo",
        "Sofia", "Yuki", "Chen", "Priya", "Arjun", "Fatima", "Omar", "Ingrid", "Lars", "Zoë", "José", "Renée"};
    private static final String[] LAST = {"Gilmore", "Danes", "St. James", "Geller", "Hayden", "Mariano",
        "Forester", "Kim", "Gleason", "Gerard", "Doose", "Dell", "Patty", "Huntzberger", "Nardini", "Belleville",
        "Smith", "Johnson", "García", "Müller", "Rossi", "Nakamura", "Wang", "Patel", "Haddad", "Novak",
        "Andersson", "O'Brien", "Kowalski", "Silva", "Dubois", "Schmidt"};
    private static final String[] DOMAINS = {"example.com", "acme.io", "globex.net", "initech.com",
        "umbrella.org", "hooli.xyz", "starshollow.gov", "piedpiper.com", "stark.co", "wayne.biz"};
    private static final String[] COMPANIES = {"Acme Corp", "Globex", "Initech", "Umbrella", "Hooli",
        "Pied Piper", "Stark Industries", "Wayne Enterprises", "Dragonfly Inn", "Luke's Diner", "Chilton",
        "Yale Daily News", "Soylent", "Vandelay Industries", "Wonka Industries", "Tyrell"};
    private static final String[] JOBS = {"CEO", "CTO", "Engineer", "Sales Manager", "Marketing Lead",
        "Account Executive", "Designer", "Product Manager", "Analyst", "Support Specialist", "Chef", "Owner"};
    private static final String[] CITIES = {"Stars Hollow", "Hartford", "New Haven", "Boston", "New York",
        "Berlin", "Paris", "Tokyo", "São Paulo", "Toronto", "Dublin", "Bengaluru", "Sydney", "Cape Town"};
    private static final String[] COUNTRIES = {"United States", "Germany", "France", "Japan", "Brazil",
        "Canada", "Ireland", "India", "Australia", "South Africa"};
    private static final String[] STATES = {"CT", "MA", "NY", "CA", "TX", "WA", "IL", "FL"};
    private static final String[] WORDS = {"renewal", "expansion", "pilot", "enterprise", "upgrade", "onboarding",
        "integration", "license", "support", "migration", "annual", "starter"};

    private final long seed;

    public RecordGenerator(long seed) {
        this.seed = seed;
    }

    private long h(long id, int salt) {
        long x = seed * 0x9E3779B97F4A7C15L + id * 0xBF58476D1CE4E5B9L + salt * 0x94D049BB133111EBL;
        x ^= x >>> 31;
        x *= 0x7FB5D7E1A5F5B5A5L;
        x ^= x >>> 29;
        return x & Long.MAX_VALUE;
    }

    private String pick(String[] a, long id, int salt) {
        return a[(int) (h(id, salt) % a.length)];
    }

    /** The generated value, or null when the property has none for this record. */
    public String value(ObjectType type, PropertyDef def, long id) {
        String name = def.name();
        if (name.equals("hs_merged_object_ids") || name.equals("notes_last_updated")) {
            return null;
        }
        if (name.equals("hubspot_owner_id")) {
            return h(id, 50) % 3 == 0 ? null : def.options().get((int) (h(id, 51) % def.options().size()));
        }
        return switch (type.name()) {
            case "CONTACTS" -> contact(def, id);
            case "COMPANIES" -> company(def, id);
            case "DEALS" -> deal(def, id);
            case "TICKETS" -> ticket(def, id);
            default -> generic(type, def, id);
        };
    }

    private String contact(PropertyDef def, long id) {
        String first = pick(FIRST, id, 1);
        String last = pick(LAST, id, 2);
        return switch (def.name()) {
            case "firstname" -> first;
            case "lastname" -> last;
            case "email" -> (ascii(first) + "." + ascii(last) + "." + id + "@" + pick(DOMAINS, id, 3));
            case "phone" -> phone(id, 4);
            case "mobilephone" -> h(id, 5) % 2 == 0 ? phone(id, 6) : null;
            case "fax" -> null;
            case "company" -> pick(COMPANIES, id, 7);
            case "jobtitle" -> pick(JOBS, id, 8);
            case "website" -> h(id, 9) % 4 == 0 ? "https://www." + pick(DOMAINS, id, 3) : null;
            case "address" -> (h(id, 10) % 900 + 1) + " Main Street";
            case "city" -> pick(CITIES, id, 11);
            case "state" -> pick(STATES, id, 12);
            case "zip" -> String.format("%05d", h(id, 13) % 100000);
            case "country" -> pick(COUNTRIES, id, 14);
            case "hs_additional_emails" -> null;
            case "num_notes" -> Long.toString(h(id, 15) % 12);
            default -> enumOrNull(def, id);
        };
    }

    private String company(PropertyDef def, long id) {
        String name = pick(COMPANIES, id, 20) + " " + (id % 1000);
        return switch (def.name()) {
            case "name" -> name;
            case "domain" -> ascii(pick(COMPANIES, id, 20)).replace(" ", "").replace("'", "") + id + ".com";
            case "website" -> "https://www." + ascii(pick(COMPANIES, id, 20)).replace(" ", "") + id + ".com";
            case "phone" -> phone(id, 21);
            case "city" -> pick(CITIES, id, 22);
            case "state" -> pick(STATES, id, 23);
            case "country" -> pick(COUNTRIES, id, 24);
            case "description" -> "A " + pick(WORDS, id, 25) + " company";
            case "numberofemployees" -> Long.toString(h(id, 26) % 5000 + 1);
            case "annualrevenue" -> Long.toString((h(id, 27) % 100_000) * 1000);
            default -> enumOrNull(def, id);
        };
    }

    private String deal(PropertyDef def, long id) {
        return switch (def.name()) {
            case "dealname" -> pick(COMPANIES, id, 30) + " " + pick(WORDS, id, 31);
            case "amount" -> Long.toString((h(id, 32) % 2000 + 1) * 50);
            case "closedate" -> Iso.format(1_600_000_000_000L + h(id, 33) % 200_000_000_000L);
            case "description" -> h(id, 34) % 2 == 0 ? null : "Deal " + pick(WORDS, id, 35);
            default -> enumOrNull(def, id);
        };
    }

    private String ticket(PropertyDef def, long id) {
        return switch (def.name()) {
            case "subject" -> "Issue with " + pick(WORDS, id, 40);
            case "content" -> "Customer reports a problem with " + pick(WORDS, id, 41) + ".";
            default -> enumOrNull(def, id);
        };
    }

    /**
     * Any other type's value (custom types' schema properties included), from the property's type: names, bodies and titles from the word lists,
     * numbers, datetimes within the last few years, one option of an enumeration.
     */
    private String generic(ObjectType type, PropertyDef def, long id) {
        if (!def.hubspotDefined() && !type.custom()) {
            return null; // a property made through the properties API starts empty
        }
        String name = def.name();
        int salt = name.hashCode();
        if (def.enumeration()) {
            return def.options().isEmpty() ? null : def.options().get((int) (h(id, salt) % def.options().size()));
        }
        if (def.numeric()) {
            if (!def.type().equals("number")) {
                return Iso.format(1_600_000_000_000L + h(id, salt) % 200_000_000_000L);
            }
            return name.equals("quantity") ? Long.toString(h(id, salt) % 20 + 1)
                    : Long.toString((h(id, salt) % 2000 + 1) * 5);
        }
        if (name.endsWith("_body") || name.endsWith("_text") || name.equals("description")) {
            return h(id, salt) % 5 == 0 ? null
                    : "Talked about the " + pick(WORDS, id, salt) + " with " + pick(FIRST, id, salt + 1) + ".";
        }
        if (name.equals("hs_sku")) {
            return "SKU-" + (h(id, salt) % 100_000);
        }
        return capitalized(pick(WORDS, id, salt)) + " " + pick(COMPANIES, id, salt + 1) + " " + (id % 1000);
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private String enumOrNull(PropertyDef def, long id) {
        if (!def.hubspotDefined() || def.options().isEmpty()) {
            return null;
        }
        return def.options().get((int) (h(id, def.name().hashCode()) % def.options().size()));
    }

    private String phone(long id, int salt) {
        long n = h(id, salt);
        return "+1 " + (200 + n % 800) + " " + (100 + n / 1000 % 900) + " " + (1000 + n / 1_000_000 % 9000);
    }

    /**
     * The names above folded to ASCII letters, computed once: folding costs two regular expressions
     * and a Unicode normalization, and every email is built from two of these names. Serving list
     * pages spent about a third of its CPU here before (see docs/emulator-performance.md).
     */
    private static final java.util.Map<String, String> ASCII = new java.util.HashMap<>();

    static {
        for (String[] names : new String[][] {FIRST, LAST, COMPANIES}) {
            for (String n : names) {
                ASCII.put(n, fold(n));
            }
        }
    }

    private static String ascii(String s) {
        String a = ASCII.get(s);
        return a != null ? a : fold(s);
    }

    private static String fold(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD)
                .replaceAll("[^\\p{ASCII}]", "").replaceAll("[^A-Za-z]", "").toLowerCase();
    }

    /** A fresh random-looking value for an edit: same kind as the property, different from before. */
    public String editValue(ObjectType type, PropertyDef def, long id, long nonce) {
        if (def.enumeration() && !def.options().isEmpty()) {
            return def.options().get((int) (h(id ^ nonce, 60) % def.options().size()));
        }
        if (def.numeric()) {
            return def.type().equals("number") ? Long.toString(h(id ^ nonce, 61) % 100_000)
                    : Iso.format(1_600_000_000_000L + h(id ^ nonce, 62) % 200_000_000_000L);
        }
        if (def.name().equals("email")) {
            return "edited." + Math.floorMod(nonce, 1_000_000L) + "." + id + "@" + pick(DOMAINS, id ^ nonce, 63);
        }
        return pick(WORDS, id ^ nonce, 64) + " " + Math.floorMod(nonce, 10_000L);
    }
}
