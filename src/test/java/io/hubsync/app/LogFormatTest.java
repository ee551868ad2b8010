package io.hubsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.AppenderRef;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.message.SimpleMessage;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * log.format: where it is read from, in Camel's order, and what the shipped log4j2.properties writes
 * with each value: json, one object per event on one line (a message's line breaks and an
 * exception's stack trace escaped inside it); text, the pattern of people.
 */
class LogFormatTest {

    @Test
    void theEnvironmentWinsThenSystemPropertiesThenTheConfigFile() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "log-format"));
        Path config = dir.resolve("custom.properties");
        Files.writeString(config, "log.format = JSON\n");
        Properties system = new Properties();
        assertEquals("text", LogFormat.of(new String[] {"run", "--config", dir.resolve("none").toString()}, Map.of(), system));
        assertEquals("json", LogFormat.of(new String[] {"run", "--config", config.toString()}, Map.of(), system));
        assertEquals("json", LogFormat.of(new String[] {"run", "--config=" + config}, Map.of(), system));
        system.setProperty("log.format", "text");
        assertEquals("text", LogFormat.of(new String[] {"run", "--config", config.toString()}, Map.of(), system));
        assertEquals("json", LogFormat.of(new String[] {"run"}, Map.of("LOG_FORMAT", "json"), system));
    }

    @Test
    void jsonIsOneObjectPerLineWithTheExceptionAsOneString() throws Exception {
        List<String> lines = logThroughTheShippedConfig("json");
        assertEquals(2, lines.size(), "one line per event: " + lines);
        ObjectMapper json = new ObjectMapper();
        JsonNode info = json.readTree(lines.get(0));
        assertEquals("INFO", info.get("level").asText());
        assertEquals("io.hubsync.test", info.get("logger").asText());
        assertEquals(Thread.currentThread().getName(), info.get("thread").asText());
        assertEquals("a message\nover two lines", info.get("message").asText());
        assertTrue(info.get("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), lines.get(0));
        assertFalse(info.has("exception"), "no exception, no field: " + lines.get(0));
        JsonNode error = json.readTree(lines.get(1));
        assertEquals("ERROR", error.get("level").asText());
        String trace = error.get("exception").asText();
        assertTrue(trace.startsWith("java.lang.IllegalStateException: refused \"x\""), trace);
        assertTrue(trace.contains("at io.hubsync.app.LogFormatTest."), trace);
    }

    @Test
    void textIsThePatternForPeople() throws Exception {
        List<String> lines = logThroughTheShippedConfig("console");
        assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.*\\] i\\.h\\.test - a message\\\\nover two lines"),
                lines.get(0));
        assertFalse(lines.get(0).startsWith("{"));
    }

    /**
     * Two events through the layout of the appender that src/main/resources/log4j2.properties gives the
     * root logger with this setting (the appender writes to the JVM's stderr, which a test shares with
     * the others); the lines it makes.
     */
    private static List<String> logThroughTheShippedConfig(String appender) throws Exception {
        LoggerContext context = new LoggerContext("log-format-test");
        System.setProperty(LogFormat.APPENDER_PROPERTY, appender);
        try {
            context.start(new PropertiesConfigurationFactory().getConfiguration(context,
                    ConfigurationSource.fromUri(Path.of("src/main/resources/log4j2.properties").toUri())));
            Configuration config = context.getConfiguration();
            List<String> refs = config.getRootLogger().getAppenderRefs().stream().map(AppenderRef::getRef).toList();
            assertEquals(List.of(appender), refs, "the root logger's appender");
            Layout<?> layout = config.getAppender(appender).getLayout();
            StringBuilder out = new StringBuilder();
            out.append(new String(layout.toByteArray(event(Level.INFO, "a message\nover two lines", null)),
                    StandardCharsets.UTF_8));
            out.append(new String(layout.toByteArray(event(Level.ERROR, "it failed",
                    new IllegalStateException("refused \"x\""))), StandardCharsets.UTF_8));
            return out.toString().lines().toList();
        } finally {
            context.stop();
            System.clearProperty(LogFormat.APPENDER_PROPERTY);
        }
    }

    private static LogEvent event(Level level, String message, Throwable thrown) {
        return Log4jLogEvent.newBuilder().setLoggerName("io.hubsync.test").setLevel(level)
                .setMessage(new SimpleMessage(message)).setThrown(thrown).setThreadName(Thread.currentThread().getName())
                .setTimeMillis(System.currentTimeMillis()).build();
    }
}
