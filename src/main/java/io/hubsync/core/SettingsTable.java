package io.hubsync.core;

import java.util.List;

/**
 * docs/settings.md's tables, generated from {@link SettingsCatalog}: every key, and the keys
 * renamed. SettingsDocTest fails when the file differs, and writes it with -Dsettings.write=true.
 */
public final class SettingsTable {
    public static final String BEGIN = "<!-- settings:begin -->";
    public static final String END = "<!-- settings:end -->";

    private SettingsTable() { }

    /** What goes between {@link #BEGIN} and {@link #END}, each line ending in a newline. */
    public static String markdown(List<Setting> settings) {
        StringBuilder md = new StringBuilder();
        md.append("| Key | Type | Default | Secret | Description |\n");
        md.append("|---|---|---|---|---|\n");
        for (Setting s : settings) {
            String type = s.type().unit().isEmpty() ? s.type().name() : s.type().name() + " (" + s.type().unit() + ")";
            md.append("| `").append(s.key()).append("` | ").append(type).append(" | ").append(shown(s)).append(" | ")
                    .append(s.secret() ? "yes" : "").append(" | ").append(s.doc()).append(" |\n");
        }
        md.append("\nRenamed keys: the old key still works, with a warning at start-up naming the new one.\n\n");
        md.append("| Old key (milliseconds) | New key (a duration) |\n");
        md.append("|---|---|\n");
        for (Setting s : settings) {
            if (s.replaces() != null) {
                md.append("| `").append(s.replaces()).append("` | `").append(s.key()).append("` |\n");
            }
        }
        return md.toString();
    }

    private static String shown(Setting s) {
        if (s.defaultValue() == null) {
            return "(not set)";
        }
        return s.defaultValue().isEmpty() ? "(empty)" : "`" + s.defaultValue() + "`";
    }
}
