package io.hubsync.core;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalog of settings, docs/settings.md and the jar's application.properties say the same:
 * the doc's table is what the catalog generates (-Dsettings.write=true writes it), the file holds
 * every key of the catalog with its default and no other, and every key of the catalog is read by
 * a route, the code, or a camel.* setting.
 */
class SettingsDocTest {
    static final Path DOC = Path.of("docs", "settings.md");
    static final String REGENERATE = "mvn -B -ntp -q test -Dtest=SettingsDocTest -Dsettings.write=true";

    @Test
    void theDocsTableIsWhatTheCatalogGenerates() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(SettingsTable.BEGIN);
        int end = doc.indexOf(SettingsTable.END);
        assertTrue(begin >= 0 && end > begin, DOC + " needs " + SettingsTable.BEGIN + " and " + SettingsTable.END);
        String generated = doc.substring(0, begin + SettingsTable.BEGIN.length()) + "\n"
                + SettingsTable.markdown(SettingsCatalog.ALL) + doc.substring(end);
        if (Boolean.getBoolean("settings.write")) {
            Files.writeString(DOC, generated);
            doc = generated;
        }
        assertEquals(generated, doc, DOC + " is not what io.hubsync.core.SettingsCatalog generates; write it with: "
                + REGENERATE);
    }

    @Test
    void applicationPropertiesHoldsEveryKeyOfTheCatalogWithItsDefaultAndNoOther() throws IOException {
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of("application.properties"))) {
            file.load(in);
        }
        List<String> wrong = new ArrayList<>();
        for (String key : file.stringPropertyNames()) {
            if (!key.startsWith("camel.") && SettingsCatalog.find(key).isEmpty()) {
                wrong.add(key + " is in application.properties but not in SettingsCatalog");
            }
        }
        for (Setting s : SettingsCatalog.ALL) {
            if (s.defaultValue() == null) {
                continue; // a per-type key: not set unless a user sets it
            }
            String value = file.getProperty(s.key());
            if (!s.defaultValue().equals(value == null ? null : value.trim())) {
                wrong.add(s.key() + " = " + value + " in application.properties, " + s.defaultValue() + " in the catalog");
            }
            if (s.replaces() != null && file.containsKey(s.replaces())) {
                wrong.add(s.replaces() + " is renamed " + s.key() + ": application.properties uses the new key");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyKeyOfTheCatalogIsReadByARouteOrTheCode() throws IOException {
        StringBuilder readers = new StringBuilder();
        try (Stream<Path> files = Stream.concat(Files.walk(Path.of("routes")), Files.walk(Path.of("src", "main", "java")))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                // the catalog and its check name every key: they read none of them for the routes
                if (!f.getFileName().toString().startsWith("Setting")) {
                    readers.append(Files.readString(f));
                }
            }
        }
        // Camel's own settings in application.properties may read hubsync's: camel.server.host = {{server.host}}
        Files.readAllLines(Path.of("application.properties")).stream().filter(l -> l.startsWith("camel."))
                .forEach(readers::append);
        String text = readers.toString();
        List<String> unread = new ArrayList<>();
        for (Setting s : SettingsCatalog.ALL) {
            // a per-type key is read as its shared part and the type: "sync.schedule" + "." + type
            String key = s.key().replace("." + Setting.TYPE, "");
            String perType = key.substring(0, key.lastIndexOf('.') + 1);
            boolean read = text.contains("{{" + key + "}}") || text.contains("{{millis:" + key + "}}")
                    || text.contains("\"" + key + "\"")
                    // a per-type key read as "sync.properties." + type
                    || s.key().endsWith(Setting.TYPE) && text.contains("\"" + key + ".\"")
                    || ObjectTypes.SUPPORTED.contains(key.substring(perType.length())) && text.contains("\"" + perType + "\"");
            if (!read) {
                unread.add(s.key());
            }
        }
        assertEquals(List.of(), unread, "keys of SettingsCatalog that no route or class reads");
    }
}
