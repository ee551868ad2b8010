package io.hubsync.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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

    /** Two events through src/main/resources/log4j2.properties with this appender; the lines on stderr. */
    private static List<String> logThroughTheShippedConfig(String appender) throws Exception {
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        LoggerContext context = new LoggerContext("log-format-test");
        System.setProperty(LogFormat.APPENDER_PROPERTY, appender);
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            context.start(new PropertiesConfigurationFactory().getConfiguration(context,
                    ConfigurationSource.fromUri(Path.of("src/main/resources/log4j2.properties").toUri())));
            Logger log = context.getLogger("io.hubsync.test");
            log.info("a message\nover two lines");
            log.error("it failed", new IllegalStateException("refused \"x\""));
        } finally {
            context.stop();
            System.setErr(stderr);
            System.clearProperty(LogFormat.APPENDER_PROPERTY);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
