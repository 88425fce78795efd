package se.tjanstemobil.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.FakeIdentityProvider;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * The web console in real headless Chromium (Debian's, installed by scripts/browser-deps), against
 * the real server: a manager composes, sees the preview's numbers (the API's own) and follows the
 * progress; a hub admin closes a desk and sees the booking cancelled in the day view; HR opens the
 * after-hours chart; an employee who is not a manager is refused the manager pages. A screenshot of
 * each page is kept in server/target/console-screenshots/.
 */
class ConsoleBrowserTest {

  private static final Path SHOTS = Path.of("target", "console-screenshots");

  private static TestServer server;
  private ChromeDriver driver;
  private WebDriverWait wait;
  private String testName;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start("console");
    JsonObject org = Orgs.small();
    org.getJsonArray("employees").add(Orgs.employee("hubadmin", "Hugo Hubb", "REG"));
    server.importOrganisation(org);
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void browser(TestInfo info) throws IOException {
    testName = info.getTestMethod().orElseThrow().getName();
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
                "--window-size=1280,1000",
                "--user-data-dir=" + Files.createTempDirectory("console-chromium"));
    // The browser's clock zone is the region's, as on the desks it runs on. (Quitting a driver
    // stops its driver service, so each test has its own.)
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .withEnvironment(Map.of("TZ", "Europe/Stockholm"))
            .build();
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(15));
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.quit();
    }
  }

  private void shot(String page) {
    try {
      Files.write(
          SHOTS.resolve(testName + "-" + page + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Waits for the element; when it does not come, keeps a screenshot and the page's text to see
   * why.
   */
  private WebElement waitFor(By by) {
    try {
      return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    } catch (TimeoutException e) {
      shot("timeout");
      throw new AssertionError(
          "waited for "
              + by
              + " on "
              + driver.getCurrentUrl()
              + "; the page says:\n"
              + driver.findElement(By.tagName("main")).getText(),
          e);
    }
  }

  /** Opens the console and signs in through dev login, as the person would pick themself. */
  private void signIn(String externalId) {
    driver.get(server.api.base() + "/console");
    WebElement id = waitFor(By.id("login-external-id"));
    shot("sign-in");
    id.sendKeys(externalId);
    driver.findElement(By.id("login-submit")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signout"), ""));
    waitFor(By.cssSelector("#nav a"));
  }

  /** Moves within the console (a reload would sign out: the token is only in memory). */
  private void go(String hash) {
    ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", hash);
  }

  private void setValue(WebElement input, String value) {
    ((JavascriptExecutor) driver)
        .executeScript(
            "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
            input,
            value);
  }

  @Test
  void aManagerComposesSeesThePreviewTheApiGivesSendsAndFollowsTheProgress() {
    String wardA =
        server.as("manager-a").get("/api/v1/me").json().getJsonObject("unit").getString("id");
    signIn("manager-a");
    go("#/compose");
    waitFor(By.id("compose-title")).sendKeys("Ny rutin för överlämning");
    driver.findElement(By.id("compose-body")).sendKeys("Från måndag gäller den nya rutinen.");
    new Select(driver.findElement(By.id("compose-category"))).selectByValue("SCHEDULE");
    driver.findElement(By.id("compose-ack")).click();
    driver.findElement(By.id("unit-" + wardA)).click();
    WebElement recipients = waitFor(By.id("preview-recipients"));
    shot("compose");

    JsonObject draft =
        new JsonObject()
            .put("title", "Ny rutin för överlämning")
            .put("body", "Från måndag gäller den nya rutinen.")
            .put("category", "SCHEDULE")
            .put("requiresAck", true)
            .put(
                "audience",
                new JsonObject()
                    .put(
                        "units",
                        new JsonArray()
                            .add(new JsonObject().put("id", wardA).put("includeSubunits", true))));
    JsonObject api = server.as("manager-a").post("/api/v1/messages/preview", draft).json();
    assertEquals(String.valueOf(api.getInteger("recipients")), recipients.getText());
    assertEquals(
        String.valueOf(api.getInteger("reachableNow")),
        driver.findElement(By.id("preview-now")).getText());

    driver.findElement(By.id("compose-send")).click();
    WebElement progress = waitFor(By.id("progress"));
    assertTrue(driver.getCurrentUrl().contains("#/sent/"), driver.getCurrentUrl());
    assertEquals("0", driver.findElement(By.id("stat-acknowledged")).getText());
    // Nobody has acknowledged yet: everyone in the unit is listed.
    assertEquals(
        api.getInteger("recipients").intValue(),
        driver.findElements(By.cssSelector("#not-acknowledged li")).size());
    assertTrue(
        progress.getText().contains("/ " + api.getInteger("recipients")), progress.getText());
    shot("progress");
  }

  @Test
  void aHubAdminAddsAClosureAndSeesTheBookingCancelledInTheDayView() {
    Api admin = server.as("admin");
    String hubId =
        HubFixture.hub(admin, "Arbetshubb Konsol", HubFixture.alwaysOpen(), null).getString("id");
    HubFixture.admin(admin, hubId, HubFixture.id(server.as("hubadmin")));
    String desk1 = HubFixture.resource(admin, hubId, "DESK", "Skrivbord 1");
    String desk2 = HubFixture.resource(admin, hubId, "DESK", "Skrivbord 2");
    LocalDate day = LocalDate.now(HubFixture.STOCKHOLM).plusDays(2);
    String hit =
        HubFixture.book(
                server.as("nurse-a"), desk1, HubFixture.at(day, 9, 0), HubFixture.at(day, 11, 0))
            .json()
            .getString("id");
    String spared =
        HubFixture.book(
                server.as("nurse-b"), desk2, HubFixture.at(day, 9, 0), HubFixture.at(day, 11, 0))
            .json()
            .getString("id");

    signIn("hubadmin");
    go("#/hubs/" + hubId + "/closures");
    WebElement reason = waitFor(By.id("closure-reason"));
    new Select(driver.findElement(By.id("closure-resource"))).selectByVisibleText("Skrivbord 1");
    setValue(driver.findElement(By.id("closure-start")), day + "T08:00");
    setValue(driver.findElement(By.id("closure-end")), day + "T12:00");
    reason.sendKeys("Ny dockningsstation monteras");
    shot("closure");
    driver.findElement(By.id("closure-submit")).click();

    WebElement cancelled = waitFor(By.cssSelector("[data-booking='" + hit + "']"));
    assertEquals("CANCELLED", cancelled.getAttribute("data-status"));
    assertEquals(
        "BOOKED",
        driver
            .findElement(By.cssSelector("[data-booking='" + spared + "']"))
            .getAttribute("data-status"));
    assertEquals("2", driver.findElement(By.id("booking-count")).getText());
    shot("day-view");
    assertEquals(
        "CANCELLED",
        server.as("nurse-a").get("/api/v1/bookings/" + hit).json().getString("status"));
  }

  @Test
  void hrOpensTheAfterHoursChart() {
    String wardB =
        server.as("manager-b").get("/api/v1/me").json().getJsonObject("unit").getString("id");
    // Nora works shifts and has none now: her push is held, which the chart shows.
    assertEquals(
        200,
        server
            .as("nurse-b")
            .put(
                "/api/v1/me/availability/weekly",
                new JsonObject().put("weekly", new JsonArray()).put("mode", "SHIFTS"))
            .status());
    assertEquals(
        201,
        server
            .as("manager-b")
            .post(
                "/api/v1/messages",
                new JsonObject()
                    .put("title", "Personalmöte")
                    .put("body", "Torsdag 14:00")
                    .put("category", "INFO")
                    .put(
                        "audience",
                        new JsonObject()
                            .put("units", new JsonArray().add(new JsonObject().put("id", wardB)))))
            .status());
    signIn("hr");
    go("#/hr");
    WebElement chart = waitFor(By.id("after-hours-chart"));
    assertTrue(
        chart.findElements(By.tagName("rect")).stream()
            .anyMatch(r -> Double.parseDouble(r.getAttribute("height")) > 0),
        "no held deliveries drawn in the chart");
    WebElement table = driver.findElement(By.id("after-hours-table"));
    assertTrue(table.getText().contains("Bo Manager"), table.getText());
    shot("after-hours");
  }

  @Test
  void anEmployeeWhoIsNotAManagerIsRefusedTheManagerPages() {
    signIn("nurse-a");
    assertTrue(
        driver.findElements(By.cssSelector("#nav a[href='#/compose']")).isEmpty(),
        "the nurse is offered the compose page");
    go("#/compose");
    WebElement refused = waitFor(By.id("refused"));
    assertTrue(refused.getText().contains("behörighet"), refused.getText());
    assertTrue(driver.findElements(By.id("compose-title")).isEmpty());
    shot("refused");
    go("#/agreements");
    waitFor(By.id("refused"));
  }

  @Test
  void inProductionThePersonSignsInWithTheIdentityProviderUsingPkceAndTheTokenStaysInMemory()
      throws Exception {
    try (FakeIdentityProvider idp = new FakeIdentityProvider("manager-a");
        TestServer production = TestServer.start("console_oidc", idp.serverConfig())) {
      production.importOrganisation(Orgs.small());
      driver.get(production.api.base() + "/console");
      WebElement button = waitFor(By.id("oidc"));
      assertTrue(
          driver.findElements(By.id("login-external-id")).isEmpty(),
          "dev login offered with dev login off");
      shot("oidc-sign-in");
      button.click();
      wait.until(ExpectedConditions.textToBe(By.id("who"), "Maja Manager"));
      waitFor(By.cssSelector("#nav a[href='#/compose']"));
      assertEquals(0, idp.refusedExchanges());
      // The code is gone from the address, and the token is in no storage a script could read
      // later.
      assertFalse(driver.getCurrentUrl().contains("code="), driver.getCurrentUrl());
      String stored =
          (String)
              ((JavascriptExecutor) driver)
                  .executeScript(
                      "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie");
      assertFalse(stored.contains("eyJ"), stored);
      shot("oidc-signed-in");
      // A reload forgets the token: signed out.
      driver.navigate().refresh();
      waitFor(By.id("oidc"));
    }
  }
}
