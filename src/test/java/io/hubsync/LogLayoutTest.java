package io.hubsync;

import io.hubsync.auth.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console layout of log4j2.properties: whatever a message or an exception holds, one event is one line. */
class LogLayoutTest {
    private static final Logger LOG = LoggerFactory.getLogger(LogLayoutTest.class);

    @Test
    void crAndLfFromInputCannotStartALineOfTheirOwn() {
        String input = "x\nFORGED-LINE 09:00:00.000 INFO  [main] i.h.Application - all is well\r\nFORGED-LINE too";
        String all;
        try (LogCapture logs = LogCapture.asConsoleWritesThem()) {
            LOG.warn("connection {} is not valid", input);
            LOG.warn("refused", new IllegalArgumentException("bad value '" + input + "'"));
            all = logs.all();
            assertEquals(2, logs.lines().size(), all);
            for (LogCapture.Line line : logs.lines()) {
                String text = line.text();
                assertTrue(text.endsWith("\n"), text);
                String body = text.substring(0, text.length() - 1);
                assertFalse(body.contains("\n") || body.contains("\r"), "an event spans lines: " + text);
            }
        }
        assertFalse(Arrays.stream(all.split("\n")).anyMatch(l -> l.startsWith("FORGED-LINE")), all);
        // escaped, not dropped: the line still shows what was sent
        assertTrue(all.contains("x\\nFORGED-LINE 09:00:00.000") && all.contains("\\r\\nFORGED-LINE too"), all);
        assertTrue(all.contains("IllegalArgumentException: bad value 'x\\nFORGED-LINE"), all);
        assertTrue(all.contains("\\n\tat io.hubsync.LogLayoutTest"), "the stack trace is kept, on the event's line: " + all);
    }
}
