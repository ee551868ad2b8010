package io.hubsync.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.hubsync.notify.NoticeReceiver;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.io.File;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard (/ui, docs/dashboard.md) in a real browser: headless Chromium driven by Selenium against
 * {@code hubsync run} from the built jar, with the server on, against the emulator in its own process.
 * A person signs in with the admin key, watches a backfill's progress move (pages of crm.list slowed
 * down so that it lasts), pauses and resumes the connection, adds one, makes an OAuth connect link,
 * resends a dead notice (a receiver that refuses, one attempt before DEAD), and signs out. Any error in
 * the browser's console fails the test; each page's screenshot is written to target/ui-screenshots/.
 * Skipped, saying why, where Chromium or chromedriver is not installed.
 */
class DashboardIT extends ProcessesTest {
    static final String API_KEY = "admin-key-0123456789-abcdefghijklmnopqrstu";
    static final String SECRET = "notice-secret-0123456789-abcdefghijklmnopq";
    static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern FIRST_NUMBER = Pattern.compile("([0-9][0-9,]*)");

    WebDriver browser;
    /** Every line of the browser's console so far (reading it empties the browser's buffer). */
    final List<LogEntry> console = new java.util.ArrayList<>();

    @Test
    void aPersonSignsInWatchesABackfillActsAndSignsOut() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Chromium and chromedriver (Debian: apt-get install chromium chromium-driver); "
                        + "not found at " + CHROMIUM + " and " + CHROMEDRIVER);
        Path dir = Path.of("target", "it", "DashboardIT-" + System.nanoTime());
        emu = keep(EmulatorJar.start(dir, "--portals", "2", "--contacts", "12000", "--index-delay", "200ms"));
        List<JsonNode> portals = emu.portals();
        // pages slow enough that the backfill is still under way while the browser watches it
        emu.admin("POST", "/faults", "{\"endpoint\":\"crm.list\",\"fault\":{\"kind\":\"slow\",\"delayMillis\":300}}");
        NoticeReceiver receiver = keep(new NoticeReceiver(SECRET));
        // refused until the test says otherwise: with one attempt, the first notice goes DEAD at once
        receiver.refuseNext(Integer.MAX_VALUE);
        ItDatabase db = keep(ItDatabase.h2(dir));
        int port = SchedulesIT.freePort();
        Map<String, String> env = new HashMap<>(db.env());
        env.putAll(Map.ofEntries(
                Map.entry("HUBSPOT_BASE_URL", emu.base),
                Map.entry("HUBSPOT_ACCESS_TOKEN", portals.get(0).get("privateAppToken").asText()),
                Map.entry("DB_TOKEN_KEY", ItDatabase.randomTokenKey()),
                Map.entry("SYNC_OBJECTS", "contacts"), Map.entry("SYNC_SCHEDULE", "0/2 * * * * ?"),
                Map.entry("SYNC_SEARCH_LAG", "1s"),
                // the list endpoint alone: its slowed pages keep the backfill under way while the browser
                // watches (a search chain, unslowed, would take most of the ids)
                Map.entry("SYNC_BACKFILL_SEARCH_CHAINS", "0"),
                Map.entry("NOTIFY_URL", receiver.url()), Map.entry("NOTIFY_SECRET", SECRET),
                Map.entry("NOTIFY_MAX_ATTEMPTS", "1"), Map.entry("NOTIFY_POLL_INTERVAL", "500ms"),
                Map.entry("SERVER_ENABLED", "true"), Map.entry("SERVER_PORT", String.valueOf(port)),
                Map.entry("SERVER_API_KEY", API_KEY), Map.entry("SERVER_PUBLIC_URL", "http://127.0.0.1:" + port)));
        JarProcess run = JarProcess.start("run", dir, env, "256m", "run");
        nodes.add(run);
        run.awaitLog(") started in ", Duration.ofSeconds(90));
        String ui = "http://127.0.0.1:" + port + "/ui";

        browser = keep(new Browser(dir.resolve("chromium-profile"))).driver;
        Files.createDirectories(SCREENSHOTS);
        try (var old = Files.list(SCREENSHOTS)) {
            for (Path png : old.toList()) {
                Files.delete(png);
            }
        }

        // sign in: the key goes in once; then the connections page
        browser.get(ui);
        waitFor(By.id("sign-in-form"));
        screenshot("01-sign-in");
        // the console is read at all (a check of nothing would pass whatever happened)
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("console.info('DashboardIT: console captured')");
        readConsole();
        assertTrue(console.stream().anyMatch(e -> e.getMessage().contains("DashboardIT: console captured")),
                "the browser's console is captured: " + console);
        browser.findElement(By.id("admin-key")).sendKeys(API_KEY);
        browser.findElement(By.id("sign-in")).click();
        WebElement row = waitFor(By.cssSelector("#connections tr[data-connection='default']"));
        assertTrue(row.getText().contains("ACTIVE") && row.getText().contains("private app")
                && row.getText().contains("CLOSED"), row.getText());
        // records and lag per type
        await().atMost(WAIT).until(() -> {
            String records = text(By.cssSelector("#connections tr[data-connection='default'] td.records"));
            return records != null && records.startsWith("contacts: ") && number(records) > 0;
        });
        assertFalse(browser.getPageSource().contains(API_KEY), "the admin key is nowhere in the page");
        screenshot("02-connections");

        // one connection: the backfill's progress moves while the page refreshes itself
        browser.findElement(By.cssSelector("#connections a.connection-link")).click();
        String first = await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(
                () -> text(By.cssSelector("#types tr[data-type='contacts'] td.progress")),
                t -> t != null && t.contains(" of ~") && number(t) > 0);
        screenshot("03-connection-backfill");
        long before = number(first);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(
                () -> text(By.cssSelector("#types tr[data-type='contacts'] td.progress")),
                t -> t != null && t.contains(" of ~") && number(t) > before);
        String later = text(By.cssSelector("#types tr[data-type='contacts'] td.progress"));
        assertTrue(later.contains("left"), "an estimate: " + later);
        assertEquals("INITIAL", text(By.cssSelector("#types tr[data-type='contacts'] td.phase")));
        screenshot("04-connection-progress");

        // pause, with confirmation; then resume
        browser.findElement(By.id("pause")).click();
        waitFor(By.id("pause-yes")).click();
        await().atMost(WAIT).until(() -> "PAUSED".equals(text(By.cssSelector("h1 .badge"))));
        assertEquals("PAUSED", apiGet(port, "/api/v1/connections/default").get("status").asText());
        // what the database holds is shown as text: markup in a stored value is neither an element nor run
        String markup = "<img src=x onerror=\"document.title='injected'\">";
        try (java.sql.Connection c = db.connect();
             java.sql.PreparedStatement ps = c.prepareStatement("UPDATE connections SET status_reason = ? WHERE id = 'default'")) {
            ps.setString(1, markup);
            assertEquals(1, ps.executeUpdate());
        }
        await().atMost(WAIT).until(() -> markup.equals(text(By.id("status-reason"))));
        assertTrue(browser.findElements(By.cssSelector("main img")).isEmpty(), "no element from the database's text");
        assertEquals("hubsync", browser.getTitle());
        screenshot("05-paused");
        waitFor(By.id("resume")).click();
        waitFor(By.id("resume-yes")).click();
        await().atMost(WAIT).until(() -> "ACTIVE".equals(text(By.cssSelector("h1 .badge"))));
        assertEquals("ACTIVE", apiGet(port, "/api/v1/connections/default").get("status").asText());

        // verify now: hubsync verify's check in the background, its state on the page
        waitFor(By.id("verify-now")).click();
        await().atMost(WAIT).until(() -> {
            String v = text(By.id("verify-result"));
            return v != null && (v.startsWith("Running") || v.contains("checked"));
        });

        // add a portal: the second one's private-app token (never shown back)
        browser.findElement(By.id("nav-add")).click();
        waitFor(By.id("add-form"));
        screenshot("06-add");
        String token2 = portals.get(1).get("privateAppToken").asText();
        browser.findElement(By.id("new-name")).sendKeys("second");
        browser.findElement(By.id("new-token")).sendKeys(token2);
        browser.findElement(By.id("add")).click();
        await().atMost(WAIT).until(() -> {
            String h = text(By.cssSelector("h1"));
            return h != null && h.startsWith("second");
        });
        assertEquals("ACTIVE", apiGet(port, "/api/v1/connections/second").get("status").asText());
        assertFalse(browser.getPageSource().contains(token2), "the token is nowhere in the page");
        // an OAuth connect link for another
        browser.findElement(By.id("nav-add")).click();
        waitFor(By.id("link-name")).sendKeys("third");
        browser.findElement(By.id("make-link")).click();
        await().atMost(WAIT).until(() -> {
            String l = text(By.id("connect-link"));
            return l != null && l.contains("/oauth/connect?");
        });
        screenshot("07-connect-link");

        // notices: a dead one (the receiver refused it), resent once the receiver accepts
        browser.findElement(By.id("nav-notices")).click();
        // the backfill's notice, sent when it ends
        WebElement dead = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> browser.findElement(By.cssSelector("#notices tr button.resend")), WebElement::isDisplayed);
        screenshot("08-notices-dead");
        String id = dead.findElement(By.xpath("ancestor::tr")).getAttribute("data-notice");
        receiver.refuseNext(0);
        dead.click();
        await().atMost(WAIT).until(() -> receiver.accepted.stream().anyMatch(n -> id.equals(n.get("id").asText())));
        await().atMost(WAIT).until(() -> "SENT".equals(text(By.cssSelector("#notices tr[data-notice='" + id + "'] td.status"))));
        screenshot("09-notice-resent");

        // delete, with confirmation: the connection goes, its records stay (the page says so before)
        browser.findElement(By.id("nav-connections")).click();
        waitFor(By.cssSelector("#connections tr[data-connection='second'] a.connection-link")).click();
        waitFor(By.id("delete")).click();
        WebElement yes = waitFor(By.id("delete-yes"));
        String question = yes.findElement(By.xpath("..")).getText();
        assertTrue(question.contains("Delete second (its records stay)?"), question);
        yes.click();
        waitFor(By.cssSelector("#connections tr[data-connection='default']"));
        await().atMost(WAIT).until(() -> browser.findElements(By.cssSelector("#connections tr[data-connection='second']"))
                .isEmpty());
        assertEquals(404, SchedulesIT.get(port, "/api/v1/connections/second", API_KEY).statusCode());
        screenshot("10-deleted");

        // sign out: the sign-in form again, and a reload stays signed out
        browser.findElement(By.id("sign-out")).click();
        waitFor(By.id("sign-in-form"));
        browser.get(ui);
        waitFor(By.id("sign-in-form"));
        screenshot("11-signed-out");
        assertTrue(browser.manage().getCookies().stream().noneMatch(c -> c.getName().equals("hubsync_ui")),
                "the session cookie is gone");

        // nothing went wrong in the browser
        readConsole();
        List<LogEntry> errors = console.stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertEquals(List.of(), errors.stream().map(LogEntry::getMessage).toList(), "the browser's console errors");
        assertFalse(run.output().contains(API_KEY), "the admin key is not in the log");
        assertFalse(run.output().contains(token2), "the token is not in the log");
    }

    private void readConsole() {
        console.addAll(browser.manage().logs().get(LogType.BROWSER).getAll());
    }

    private WebElement waitFor(By by) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> browser.findElement(by), e -> e.isDisplayed());
    }

    /** The element's text, or null while it is not there (the page redraws every few seconds). */
    private String text(By by) {
        try {
            return browser.findElement(by).getText();
        } catch (org.openqa.selenium.NoSuchElementException | org.openqa.selenium.StaleElementReferenceException e) {
            return null;
        }
    }

    private static long number(String text) {
        Matcher m = FIRST_NUMBER.matcher(text);
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
    }

    private void screenshot(String name) throws Exception {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SCREENSHOTS.resolve(name + ".png"), png);
    }

    private static JsonNode apiGet(int port, String path) throws Exception {
        HttpResponse<String> r = SchedulesIT.get(port, path, API_KEY);
        assertEquals(200, r.statusCode(), r.body());
        return EmulatorJar.JSON.readTree(r.body());
    }

    /** Headless Chromium with a profile of its own, quit after the test. */
    static final class Browser implements AutoCloseable {
        final WebDriver driver;

        Browser(Path profile) throws Exception {
            Files.createDirectories(profile);
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                    "--disable-dev-shm-usage", "--window-size=1400,1000",
                    "--user-data-dir=" + profile.toAbsolutePath());
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability("goog:loggingPrefs", logs);
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
            driver = new ChromeDriver(service, options);
        }

        @Override
        public void close() {
            driver.quit();
        }
    }
}
