package io.hubsync.auth;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

import java.io.Serializable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every log event of the JVM while open, formatted with its stack trace, through an appender on
 * log4j2's root logger (the backend the product ships); hubsync's own loggers at DEBUG.
 */
public final class LogCapture implements AutoCloseable {
    public record Line(Level level, String logger, String text) { }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

    /** Events as they are, CR and LF in messages included: what a layout would have to escape. */
    public LogCapture() {
        this(PatternLayout.newBuilder().withPattern("%-5level [%t] %c - %msg%n%throwable").build());
    }

    private LogCapture(Layout<? extends Serializable> layout) {
        appender = new AbstractAppender("capture-" + UUID.randomUUID(), null, layout, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(new Line(event.getLevel(), event.getLoggerName(),
                        String.valueOf(getLayout().toSerializable(event))));
            }
        };
        appender.start();
        context.getConfiguration().getRootLogger().addAppender(appender, null, null);
        Configurator.setLevel("io.hubsync", Level.DEBUG);
        context.updateLoggers();
    }

    /** Events formatted as the product's console appender (log4j2.properties) writes them. */
    public static LogCapture asConsoleWritesThem() {
        Appender console = ((LoggerContext) LogManager.getContext(false)).getConfiguration().getAppender("console");
        if (console == null) {
            throw new IllegalStateException("log4j2.properties has no appender named console");
        }
        return new LogCapture(console.getLayout());
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public String all() {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.text()));
        return sb.toString();
    }

    public List<Line> at(Level level) {
        return lines.stream().filter(l -> l.level() == level).toList();
    }

    @Override
    public void close() {
        Configurator.setLevel("io.hubsync", Level.INFO);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
