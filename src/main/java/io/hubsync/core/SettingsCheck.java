package io.hubsync.core;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.PropertiesResolvedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Checks every setting of {@link SettingsCatalog} in a CamelContext's properties, before anything
 * is opened (camel-main calls it before the routes and their beans are made: no database, pool or
 * server yet). A bad value stops start-up with one line naming the key, the value unless it is
 * secret, and what is expected. A key renamed to a duration (hubspot.connect-timeout-millis) still
 * works, with a warning naming the new key; where both are set, the one set closer to the user
 * wins (as Camel looks them up: properties the code gives, environment variables, -D system
 * properties, ./application.properties, the jar's copy), the new one in a tie. A key of hubsync's
 * namespaces that it does not read is warned of.
 */
public final class SettingsCheck {
    private static final Logger LOG = LoggerFactory.getLogger(SettingsCheck.class);

    private SettingsCheck() { }

    /** @throws IllegalArgumentException naming the first bad setting */
    public static void check(CamelContext context) {
        PropertiesComponent pc = context.getPropertiesComponent();
        readRenamedKeys(pc);
        UnaryOperator<String> settings = key -> value(context, key);
        for (Setting s : SettingsCatalog.ALL) {
            for (String key : s.keys()) {
                String value = settings.apply(key);
                if (value == null && s.defaultValue() == null) {
                    continue; // a per-type key not set: the shared one applies
                }
                String problem = s.problem(key, value, settings);
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
            }
        }
        // the per-type keys of custom objects (sync.schedule.cars): not among the keys the catalog lists
        for (String key : new TreeSet<>(pc.loadProperties().stringPropertyNames())) {
            Optional<Setting> s = SettingsCatalog.find(key);
            if (s.isPresent() && !s.get().keys().contains(key)) {
                String problem = s.get().problem(key, settings.apply(key), settings);
                if (problem != null) {
                    throw new IllegalArgumentException(problem);
                }
            }
        }
        refuseLookAlikeAssociationKeys(pc);
        warnOfUnknownKeys(pc);
    }

    /**
     * A sync.associations.&lt;type&gt; whose type is no object type ({@code contact}, {@code *}) would be
     * ignored with a warning, and its associations silently not kept: refused, as sync.objects refuses
     * such names (ObjectTypes.problem).
     */
    private static void refuseLookAlikeAssociationKeys(PropertiesComponent pc) {
        String prefix = "sync.associations.";
        for (String key : new TreeSet<>(pc.loadProperties().stringPropertyNames())) {
            if (!key.startsWith(prefix) || SettingsCatalog.find(key).isPresent()) {
                continue;
            }
            String type = key.substring(prefix.length());
            String problem = ObjectTypes.ALL.equals(type) ? "is not one object type: set one key per type"
                    : ObjectTypes.problem(type);
            if (problem != null) {
                throw new IllegalArgumentException(key + ": the type " + Quoted.of(type) + " " + problem);
            }
        }
    }

    /** The value as the routes see it (placeholders in it resolved); null when the key is not set. */
    private static String value(CamelContext context, String key) {
        if (context.getPropertiesComponent().resolveProperty(key).isEmpty()) {
            return null;
        }
        return context.resolvePropertyPlaceholders("{{" + key + "}}");
    }

    private static void readRenamedKeys(PropertiesComponent pc) {
        for (Setting s : SettingsCatalog.ALL) {
            Optional<String> old = s.replaces() == null ? Optional.empty() : pc.resolveProperty(s.replaces());
            if (old.isEmpty()) {
                continue;
            }
            Duration d = Durations.parse(s.replaces(), old.get());
            int oldRank = rank(pc, s.replaces());
            Optional<String> now = pc.resolveProperty(s.key());
            if (now.isPresent() && rank(pc, s.key()) >= oldRank) {
                LOG.warn("{} is deprecated and ignored: {} is set ({})", s.replaces(), s.key(), now.get().trim());
            } else {
                LOG.warn("{} is deprecated; use {}={}", s.replaces(), s.key(), Durations.format(d));
                pc.addOverrideProperty(s.key(), old.get().trim());
            }
        }
    }

    /**
     * How close to the user a key was set, in the order Camel looks them up: properties the code gives
     * (the CLI's own, tests), environment variables, -D system properties, a file, the jar's copy
     * (or a context's initial properties). The names are the sources Camel reports.
     */
    private static int rank(PropertiesComponent pc, String key) {
        String source = pc.getResolvedValue(key).map(PropertiesResolvedValue::source).orElse("");
        return switch (source) {
            case "OverrideProperties" -> 5;
            case "ENV" -> 4;
            case "SYS" -> 3;
            case "InitialProperties", "" -> 1;
            default -> source.startsWith("classpath:") ? 1 : 2;
        };
    }

    /** Keys in hubsync's namespaces (hubspot., sync., ...) that nothing reads: a typo, most likely. */
    private static void warnOfUnknownKeys(PropertiesComponent pc) {
        Set<String> namespaces = SettingsCatalog.ALL.stream().map(s -> s.key().substring(0, s.key().indexOf('.') + 1))
                .collect(Collectors.toSet());
        Set<String> renamed = SettingsCatalog.ALL.stream().map(Setting::replaces).filter(r -> r != null)
                .collect(Collectors.toSet());
        for (String key : new TreeSet<>(pc.loadProperties().stringPropertyNames())) {
            if (namespaces.stream().anyMatch(key::startsWith) && SettingsCatalog.find(key).isEmpty()
                    && !renamed.contains(key)) {
                LOG.warn("{} is not a hubsync setting, and nothing reads it (docs/settings.md lists them all)", key);
            }
        }
    }
}
