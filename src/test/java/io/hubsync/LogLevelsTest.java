package io.hubsync;

import io.hubsync.auth.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The levels of log4j2.properties: the scheduler, the migrations and the pool say only their warnings,
 * and of the meter registry's warnings only Camel's double registration of camel.exchanges.last.timestamp
 * (harmless: both registrations read one value) is dropped.
 */
class LogLevelsTest {

    @Test
    void quartzFlywayAndHikariSayOnlyWarnings() {
        try (LogCapture logs = LogCapture.asConsoleWritesThem()) {
            for (String name : new String[] {"org.quartz.core.QuartzScheduler", "org.apache.camel.component.quartz.QuartzEndpoint",
                    "org.flywaydb.core.internal.command.DbMigrate", "com.zaxxer.hikari.HikariDataSource",
                    "org.apache.camel.main.MainSupport"}) {
                LoggerFactory.getLogger(name).info("narration of " + name);
                LoggerFactory.getLogger(name).warn("trouble in " + name);
            }
            String all = logs.all();
            assertFalse(all.contains("narration of"), all);
            assertEquals(5, all.lines().filter(l -> l.contains("trouble in")).count(), all);
        }
    }

    @Test
    void onlyCamelsDoubleRegistrationOfItsLastTimestampGaugeIsDropped() {
        String camels = "This Gauge has been already registered (MeterId{name='camel.exchanges.last.timestamp', tags=[]}), "
                + "the registration will be ignored. Note that subsequent logs will be logged at debug level.";
        String ours = "This Gauge has been already registered (MeterId{name='hubsync.sync.lag', tags=[]}), "
                + "the registration will be ignored. Note that subsequent logs will be logged at debug level.";
        try (LogCapture logs = LogCapture.asConsoleWritesThem()) {
            LoggerFactory.getLogger("io.micrometer.core.instrument.MeterRegistry").warn(camels);
            LoggerFactory.getLogger("io.micrometer.core.instrument.MeterRegistry").warn(ours);
            String all = logs.all();
            assertFalse(all.contains("camel.exchanges.last.timestamp"), all);
            assertTrue(all.contains("hubsync.sync.lag"), all);
        }
    }
}
