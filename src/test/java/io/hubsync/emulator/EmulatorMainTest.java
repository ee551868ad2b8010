package io.hubsync.emulator;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seeding options of {@code hubsync emulator}: other standard types and custom objects. */
class EmulatorMainTest {
    private static EmulatorConfig parse(String... args) {
        EmulatorMain main = new EmulatorMain();
        new CommandLine(main).parseArgs(args);
        return main.config();
    }

    @Test
    void objectsAndCustomObjectsReachTheConfigByPathName() {
        EmulatorConfig c = parse("--objects", "products=500,call=20", "--custom-object", "cars=12",
                "--custom-object", "boats=3");
        assertEquals(Map.of("products", 500, "calls", 20), c.objects, "singular names are taken too");
        assertEquals(Map.of("cars", 12, "boats", 3), c.customObjects);
    }

    @Test
    void badNamesAndCountsStopStartUpNamingTheOption() {
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> parse("--objects", "widgets=5"));
        assertTrue(type.getMessage().contains("--objects") && type.getMessage().contains("widgets"), type.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> parse("--objects", "calls=-1"));
        assertTrue(count.getMessage().contains("--objects calls"), count.getMessage());
        IllegalArgumentException custom = assertThrows(IllegalArgumentException.class,
                () -> parse("--custom-object", "contacts=5"));
        assertTrue(custom.getMessage().contains("--custom-object"), custom.getMessage());
    }

    @Test
    void theBannerCountsTheSeededTypes() {
        EmulatorConfig c = parse("--port", "0", "--contacts", "3", "--objects", "notes=4", "--custom-object", "cars=2");
        try (Emulator e = new Emulator(c)) {
            String banner = EmulatorMain.banner(e, "http://127.0.0.1:1");
            assertTrue(banner.contains("4 notes") && banner.contains("2 cars (custom)"), banner);
            assertEquals(4, e.portal(c.firstPortalId).store(io.hubsync.emulator.crm.ObjectType.NOTES).liveCount());
            assertEquals(2, e.portal(c.firstPortalId).store(e.portal(c.firstPortalId).type("cars")).liveCount());
        }
    }

    @Test
    void theBannerEndsWithTheHubsyncCommandsToRunAgainstIt() {
        EmulatorConfig c = parse("--port", "0", "--contacts", "1", "--private-app-token", "pat-na1-test-token");
        try (Emulator e = new Emulator(c)) {
            List<String> lines = EmulatorMain.banner(e, "http://127.0.0.1:1234").lines().toList();
            // the README's "Try it against the emulator", with this emulator's URL and token filled in
            assertEquals(List.of("  export HUBSPOT_BASE_URL=http://127.0.0.1:1234",
                    "  export HUBSPOT_ACCESS_TOKEN=pat-na1-test-token",
                    "  export DB_URL=\"jdbc:h2:file:./data/emulator;AUTO_SERVER=TRUE\"",
                    "  java -jar target/hubsync.jar run --once"), lines.subList(lines.size() - 4, lines.size()));
        }
    }
}
