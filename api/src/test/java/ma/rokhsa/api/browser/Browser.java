package ma.rokhsa.api.browser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real headless Chromium from Debian ({@code chromium}, {@code chromium-driver}), driven by Selenium
 * against the running application: sign in, go to pages, wait for what a person would wait for, take a
 * screenshot of every page under {@code target/screenshots}, and check each page with axe-core (no
 * serious or critical violation) and for Content-Security-Policy violations in the console.
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final String base;
    private final WebDriverWait wait;

    Browser(int port, String lang, int width) {
        assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium chromium-driver fonts-noto-core; .ci/run does)").exists();
        this.base = "http://localhost:" + port;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        Path profile = Path.of("target", "chromium-profile-" + System.nanoTime());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + width + ",1000",
                "--lang=" + lang);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        open("/lang/" + lang + "?next=/");
    }

    Browser open(String path) {
        driver.get(base + path);
        return this;
    }

    Browser signIn(String user, String password) {
        open("/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.cssSelector("form[action='/login'] button[type=submit]")).click();
        wait.until(d -> !d.getCurrentUrl().contains("/login"));
        return this;
    }

    Browser signOut() {
        driver.findElement(By.cssSelector("form[action='/logout'] button")).click();
        wait.until(d -> d.getCurrentUrl().contains("/login"));
        return this;
    }

    WebElement find(String css) {
        try {
            return wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw failure(css, e);
        }
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void waitUntil(String what, java.util.function.Function<WebDriver, Boolean> condition) {
        try {
            wait.withMessage(what).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw failure(what, e);
        }
    }

    void waitFor(Duration timeout, String what, java.util.function.Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(driver, timeout).withMessage(what).until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw failure(what, e);
        }
    }

    /** A timeout, with what the page showed: a screenshot under target/screenshots and the main element's HTML. */
    private AssertionError failure(String what, RuntimeException e) {
        String name = "FAILED-" + what.replaceAll("[^a-zA-Z0-9]+", "-");
        try {
            screenshot(name);
        } catch (RuntimeException ignored) {
            // the page may be gone
        }
        Object html = js("const m = document.querySelector('main'); return m ? m.outerHTML : document.documentElement.outerHTML");
        String console = driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .collect(Collectors.joining("\n"));
        return new AssertionError("Timed out waiting for " + what + " on " + driver.getCurrentUrl() + "\nconsole:\n" + console
                + "\npage:\n" + html, e);
    }

    String text(String css) {
        return find(css).getText();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Clicks, again if a live update replaced the element between finding and clicking it. */
    void click(String css) {
        for (int attempt = 0; ; attempt++) {
            try {
                wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
                return;
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                if (attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    /** A screenshot of the whole page, as a test artefact: target/screenshots/{name}.png. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Number height = (Number) js("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
            Number width = (Number) js("return window.innerWidth");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width.intValue(), Math.min(6000, height.intValue() + 100)));
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(width.intValue(), 1000));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** axe-core on the current page: no serious or critical violation (WCAG 2.1 A and AA rules). */
    void assertAccessible(String page) {
        Results results = new AxeBuilder().withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(driver);
        List<Rule> bad = results.getViolations().stream()
                .filter(v -> "serious".equals(v.getImpact()) || "critical".equals(v.getImpact())).toList();
        assertThat(bad).as(page + ": " + bad.stream().map(r -> r.getId() + " (" + r.getImpact() + "): " + r.getHelp() + " at "
                + r.getNodes().stream().limit(3).map(n -> n.getTarget().toString()).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "))).isEmpty();
    }

    /** The browser console since the last call: Content-Security-Policy violations and script errors fail. */
    void assertCleanConsole(String page) {
        List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Content Security Policy") || m.contains("Uncaught") || m.contains("TypeError"))
                .toList();
        assertThat(errors).as(page + " console").isEmpty();
    }

    /** The JavaScript and CSS this page loaded, in compressed bytes as transferred, by URL. */
    @SuppressWarnings("unchecked")
    Map<String, Long> assetSizes() {
        List<Map<String, Object>> entries = (List<Map<String, Object>>) js(
                "return performance.getEntriesByType('resource').filter(e => /\\.(m?js|css)(\\?|$)/.test(e.name))"
                        + ".map(e => ({name: e.name, size: e.encodedBodySize}))");
        return entries.stream().collect(Collectors.toMap(e -> (String) e.get("name"), e -> ((Number) e.get("size")).longValue(), Long::sum));
    }

    @Override
    public void close() {
        driver.quit();
    }
}
