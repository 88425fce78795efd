package se.tjanstemobil.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (Debian's, installed by scripts/browser-deps) for a test class, driven
 * through its ChromeDriver. Its clock zone is London, not the organisation's Stockholm: every time
 * the console shows or reads must still be Stockholm's (or a hub's own zone). Screenshots go to
 * server/target/console-screenshots/.
 */
final class ConsoleBrowser implements AutoCloseable {

  static final Path SHOTS = Path.of("target", "console-screenshots");
  static final String BROWSER_ZONE = "Europe/London";
  static final Dimension LAPTOP = new Dimension(1366, 768);
  static final Dimension PHONE = new Dimension(375, 812);

  final ChromeDriver driver;
  private final WebDriverWait wait;
  private final Path profile;

  ConsoleBrowser() throws IOException {
    Files.createDirectories(SHOTS);
    profile = Files.createTempDirectory("console-chromium");
    ChromeOptions options =
        new ChromeOptions()
            .setBinary("/usr/bin/chromium")
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--lang=sv-SE",
                "--user-data-dir=" + profile)
            .setExperimentalOption("prefs", Map.of("intl.accept_languages", "sv-SE,sv"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .withEnvironment(Map.of("TZ", BROWSER_ZONE, "LANGUAGE", "sv", "LANG", "sv_SE.UTF-8"))
            .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
    size(LAPTOP);
  }

  @Override
  public void close() {
    driver.quit();
  }

  /** The inner size of the page (the window's outer size differs by its frame). */
  void size(Dimension inner) {
    driver.manage().window().setSize(inner);
    Object[] now =
        ((List<?>) js("return [window.innerWidth, window.innerHeight]"))
            .stream().map(o -> ((Number) o).intValue()).toArray();
    int dw = inner.width - (Integer) now[0];
    int dh = inner.height - (Integer) now[1];
    if (dw != 0 || dh != 0) {
      driver.manage().window().setSize(new Dimension(inner.width + dw, inner.height + dh));
    }
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  Object asyncJs(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
  }

  /** A screenshot of the whole page, not only what the window shows. */
  void shot(String name) {
    try {
      Map<String, Object> png =
          driver.executeCdpCommand(
              "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
      Files.write(
          SHOTS.resolve(name + ".png"),
          Base64.getDecoder().decode(String.valueOf(png.get("data"))));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  String mainText() {
    return driver.findElement(By.tagName("main")).getText();
  }

  /**
   * Waits for the element; when it does not come, keeps a screenshot and says what the page says.
   */
  WebElement waitFor(By by) {
    try {
      return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    } catch (TimeoutException e) {
      shot("timeout");
      throw new AssertionError(
          "waited for " + by + " on " + driver.getCurrentUrl() + "; the page says:\n" + pageText(),
          e);
    }
  }

  void waitForText(By by, String text) {
    try {
      wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    } catch (TimeoutException e) {
      shot("timeout");
      throw new AssertionError(
          "waited for \"" + text + "\" in " + by + "; the page says:\n" + pageText(), e);
    }
  }

  void waitUntilGone(By by) {
    wait.until(ExpectedConditions.invisibilityOfElementLocated(by));
  }

  private String pageText() {
    return String.valueOf(js("return document.body.innerText"));
  }

  /** Opens the console afresh (signed out: the token lives only in the page's memory). */
  void open(String base) {
    driver.get(base + "/console");
    try {
      wait.until(d -> drawn() > 0);
    } catch (TimeoutException e) {
      throw new AssertionError("the console did not start:\n" + pageText(), e);
    }
  }

  /** Opens the console and signs in through dev login, as the person would pick themself. */
  void signIn(String base, String externalId) {
    open(base);
    WebElement id = waitFor(By.id("login-external-id"));
    id.sendKeys(externalId);
    long before = drawn();
    driver.findElement(By.id("login-submit")).click();
    afterDraw(before);
    waitFor(By.cssSelector("#nav a"));
  }

  /** Moves within the console and waits until the page has drawn (its loading line is gone). */
  void go(String hash) {
    long before = drawn();
    js("location.hash = arguments[0]", hash);
    afterDraw(before);
  }

  /** How many pages the console has drawn (it counts them for the tests). */
  long drawn() {
    Object n = js("return Number(document.getElementById('main').dataset.drawn || 0)");
    return ((Number) n).longValue();
  }

  /** Waits until a page is drawn after the one counted before. */
  void afterDraw(long before) {
    try {
      wait.until(d -> drawn() > before);
    } catch (TimeoutException e) {
      shot("timeout");
      throw new AssertionError(
          "no page was drawn on " + driver.getCurrentUrl() + ":\n" + pageText(), e);
    }
    settle();
  }

  /** Waits until no page is loading. */
  void settle() {
    try {
      wait.until(
          d ->
              Boolean.TRUE.equals(
                  js("return document.getElementById('main').dataset.state === 'ready'")));
    } catch (TimeoutException e) {
      shot("timeout");
      throw new AssertionError(
          "the page did not settle on " + driver.getCurrentUrl() + ":\n" + pageText(), e);
    }
  }

  /** Sets an input's value as typing would (date and time inputs take no keys reliably). */
  void setValue(WebElement input, String value) {
    js(
        "arguments[0].value = arguments[1];"
            + " arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
            + " arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
        input,
        value);
  }

  void setValue(By by, String value) {
    setValue(driver.findElement(by), value);
  }

  void click(By by) {
    waitFor(by).click();
  }

  /** Answers the open confirmation dialog with its yes button, after checking what it says. */
  String confirm(String dialogId) {
    WebElement dialog = waitFor(By.id(dialogId));
    String text = dialog.getText();
    shot("dialog-" + dialogId);
    driver.findElement(By.id(dialogId + "-yes")).click();
    waitUntilGone(By.id(dialogId));
    return text;
  }

  void language(String lang) {
    if (!lang.equals(js("return document.documentElement.lang"))) {
      long before = drawn();
      driver.findElement(By.id("lang")).click();
      afterDraw(before);
    }
  }
}
