package io.hubsync.app;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The setting {@code log.format} ({@code text} or {@code json}), read before anything logs: log4j2
 * reads its configuration once, when the first logger is made, long before Camel reads the
 * settings. It looks where Camel would, in the same order: the environment ({@code LOG_FORMAT}), a
 * JVM system property ({@code -Dlog.format}), then the {@code --config FILE} of the command line or
 * ./application.properties. log4j2.properties names its appender from the result
 * (the system property {@code hubsync.log.appender}); an unknown value logs as text, and the
 * settings check at start-up names it.
 */
final class LogFormat {
    static final String APPENDER_PROPERTY = "hubsync.log.appender";

    private LogFormat() { }

    /** Sets the appender log4j2.properties uses; call first thing in main. */
    static void apply(String[] args) {
        if (System.getProperty(APPENDER_PROPERTY) == null) {
            System.setProperty(APPENDER_PROPERTY, "json".equals(of(args, System.getenv(), System.getProperties()))
                    ? "json" : "console");
        }
    }

    /** The configured format in lower case, {@code text} when none is set. */
    static String of(String[] args, Map<String, String> env, Properties system) {
        String value = env.get("LOG_FORMAT");
        if (value == null) {
            value = system.getProperty("log.format");
        }
        if (value == null) {
            value = fromFile(configFile(args));
        }
        return value == null || value.isBlank() ? "text" : value.trim().toLowerCase(Locale.ROOT);
    }

    /** {@code --config FILE} or {@code --config=FILE} when given, else ./application.properties. */
    private static Path configFile(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                return Path.of(args[i + 1]);
            }
            if (args[i].startsWith("--config=")) {
                return Path.of(args[i].substring("--config=".length()));
            }
        }
        return Path.of("application.properties");
    }

    private static String fromFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            return null; // the settings check reads the file again and says what is wrong with it
        }
        return p.getProperty("log.format");
    }
}
