package io.hubsync.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hubsync verify} of associations as an operator runs it (docs/operations.md "Checking for
 * drift"): the built jar's {@code run --once} backfills contacts and their companies from the emulator
 * in its own process; users then add and remove associations only (no record moves, so no window sees
 * them); the jar's {@code verify} reports them per pair and exits 3, {@code verify --repair} writes
 * them and exits 0, and a last {@code verify} finds no drift.
 */
class VerifyAssociationsIT extends ProcessesTest {
    private static final Pattern PAIR = Pattern.compile(
            "associations of contacts with companies: (\\d+) missing, (\\d+) extra, (\\d+) changed");

    @Test
    void verifyFindsAndRepairsAssociationOnlyChanges() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "it", "VerifyAssociationsIT-" + System.nanoTime()));
        ItDatabase db = ItDatabase.h2(dir);
        emu = EmulatorJar.start(dir, "--contacts", "400", "--companies", "40", "--seed", "7");
        open.add(emu);
        JsonNode portal = emu.portals().get(0);
        Map<String, String> env = new java.util.HashMap<>(db.env());
        env.putAll(Map.of("HUBSPOT_BASE_URL", emu.base,
                "HUBSPOT_ACCESS_TOKEN", portal.get("privateAppToken").asText(),
                "SYNC_OBJECTS", "contacts"));
        SchedulesIT.runOnce(env, dir);

        // associations added and removed between contacts and companies, nothing else
        emu.admin("POST", "/activity", "{\"perSecond\":200,\"objectTypes\":[\"contacts\"],\"mix\":{\"create\":0,"
                + "\"edit\":0,\"archive\":0,\"restore\":0,\"merge\":0,\"gdprDelete\":0,\"associate\":1}}");
        await("association changes").atMost(Duration.ofSeconds(60)).until(() ->
                emu.admin("GET", "/activity", null).path("changes").asLong() >= 60);
        emu.admin("DELETE", "/activity", null);

        JarProcess found = JarProcess.start("verify", dir, env, "256m", "verify", "--connection", "default");
        assertEquals(3, found.waitFor(Duration.ofMinutes(2)), found.tail());
        Matcher m = PAIR.matcher(found.output());
        assertTrue(m.find(), found.tail());
        long missing = Long.parseLong(m.group(1));
        long extra = Long.parseLong(m.group(2));
        assertTrue(missing > 0 && extra > 0, "associations made and ended: " + m.group());
        assertTrue(found.output().contains("missing  0\n"), "no record drift: " + found.tail());

        JarProcess repair = JarProcess.start("verify-repair", dir, env, "256m", "verify", "--connection", "default",
                "--repair");
        assertEquals(0, repair.waitFor(Duration.ofMinutes(2)), repair.tail());
        assertTrue(repair.output().contains("repaired: 0 records written, 0 tombstoned, "
                + (missing + extra + Long.parseLong(m.group(3))) + " association rows written"), repair.tail());

        JarProcess again = JarProcess.start("verify-again", dir, env, "256m", "verify", "--connection", "default");
        assertEquals(0, again.waitFor(Duration.ofMinutes(2)), again.tail());
        assertTrue(again.output().contains("associations of contacts with companies: 0 missing, 0 extra, 0 changed"),
                again.tail());
        assertTrue(again.output().contains("no drift"), again.tail());
        for (JarProcess p : new JarProcess[] {found, repair, again}) {
            assertEquals(java.util.List.of(), Oracle.errorTraces(p.output()), p.name);
        }
    }
}
