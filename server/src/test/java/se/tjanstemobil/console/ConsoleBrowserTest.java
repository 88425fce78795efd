package se.tjanstemobil.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.FakeIdentityProvider;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * Each persona's journey through the web console, in real headless Chromium against the real
 * server, in one browser for the class whose clock is in London while the organisation is in
 * Stockholm. The manager composes to chosen people, sees the API's own preview, is asked before an
 * URGENT message wakes people, schedules in Stockholm time, follows up per person, reminds, and
 * decides agreements; the hub administrator closes a desk and changes one weekday's hours, told
 * first which bookings each change hits; HR reads the reports; the admin imports, retires a phone
 * and declares and ends a crisis. Screenshots are kept in server/target/console-screenshots/.
 */
class ConsoleBrowserTest {

  private static ConsoleWorld world;
  private static ConsoleBrowser browser;

  @BeforeAll
  static void start() throws IOException {
    world = ConsoleWorld.start("console");
    browser = new ConsoleBrowser();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    world.close();
  }

  private static Api as(String who) {
    return world.server.as(who);
  }

  private static String idOf(String externalId) {
    return HubFixture.id(as(externalId));
  }

  private static WebElement find(By by) {
    return browser.driver.findElement(by);
  }

  private static String text(By by) {
    return browser.waitFor(by).getText();
  }

  /** Fills in title and text, and picks people by searching for their names. */
  private static void compose(String title, String... people) {
    browser.go("#/compose");
    browser.waitFor(By.id("compose-title")).sendKeys(title);
    find(By.id("compose-body")).sendKeys("Från måndag gäller den nya rutinen.");
    for (String name : people) {
      find(By.id("compose-people")).sendKeys(name.substring(0, 4));
      browser.click(By.xpath("//ul[@id='people-found']//button[contains(., '" + name + "')]"));
      browser.waitFor(By.xpath("//ul[@id='people-chosen']/li[contains(., '" + name + "')]"));
    }
  }

  private static JsonObject draft(String title, JsonObject audience) {
    return new JsonObject()
        .put("title", title)
        .put("body", "Från måndag gäller den nya rutinen.")
        .put("category", "INFO")
        .put("audience", audience);
  }

  @Test
  void aManagerWritesToChosenPeopleSeesThePreviewTheApiGivesAndFollowsUpPerPerson() {
    browser.signIn(world.base(), "manager-a");
    compose("Ny rutin för överlämning", "Nina Natt", "Olle Dag");
    new Select(find(By.id("compose-category"))).selectByValue("SCHEDULE");
    assertEquals(
        "Schema", new Select(find(By.id("compose-category"))).getFirstSelectedOption().getText());
    find(By.id("compose-ack")).click();
    browser.waitForText(By.id("preview-recipients"), "2");
    JsonObject api =
        as("manager-a")
            .post(
                "/api/v1/messages/preview",
                draft(
                    "Ny rutin för överlämning",
                    new JsonObject()
                        .put(
                            "employees",
                            new JsonArray().add(idOf("nurse-c")).add(idOf("nurse-d")))))
            .json();
    assertEquals(String.valueOf(api.getInteger("recipients")), text(By.id("preview-recipients")));
    assertEquals(String.valueOf(api.getInteger("reachableNow")), text(By.id("preview-now")));
    assertEquals(String.valueOf(api.getInteger("devices")), text(By.id("preview-devices")));
    browser.shot("manager-compose");

    long before = browser.drawn();
    find(By.id("compose-send")).click();
    browser.afterDraw(before);
    assertTrue(browser.driver.getCurrentUrl().contains("#/sent/"), browser.driver.getCurrentUrl());
    assertEquals("0", text(By.id("stat-acknowledged")));
    String page = browser.mainText();
    assertTrue(page.contains("Nina Natt") && page.contains("Olle Dag"), page);
    assertFalse(page.contains("Nils Nurse"), "someone not chosen is listed:\n" + page);

    // Filtered to those who have not acknowledged: both; a reminder goes to them.
    before = browser.drawn();
    new Select(find(By.cssSelector("#recipient-filter"))).selectByValue("NOT_ACKNOWLEDGED");
    browser.afterDraw(before);
    assertTrue(text(By.id("recipients")).contains("Nina Natt"), text(By.id("recipients")));
    assertEquals(2, browser.driver.findElements(By.cssSelector("#recipients tbody tr")).size());
    find(By.id("remind")).click();
    browser.waitForText(By.cssSelector("#progress .notice"), "Påminnelse till 2 personer");
    browser.shot("manager-follow-up");
  }

  @Test
  void anUrgentMessageAsksFirstNamingHowManyAreWokenNowFromThePreviewsNumbers() {
    world.noWorkingTime("nurse-c");
    browser.signIn(world.base(), "manager-a");
    compose("Vattenläcka i förrådet", "Nina Natt", "Nils Nurse");
    new Select(find(By.id("compose-priority"))).selectByValue("URGENT");
    browser.waitFor(By.id("compose-urgent-reason")).sendKeys("Förrådet måste tömmas i natt");
    JsonObject audience =
        new JsonObject()
            .put("employees", new JsonArray().add(idOf("nurse-c")).add(idOf("nurse-a")));
    JsonObject urgent =
        draft("Vattenläcka i förrådet", audience)
            .put("priority", "URGENT")
            .put("urgentReason", "Förrådet måste tömmas i natt");
    int now =
        as("manager-a").post("/api/v1/messages/preview", urgent).json().getInteger("reachableNow");
    int normally =
        as("manager-a")
            .post("/api/v1/messages/preview", draft("Vattenläcka i förrådet", audience))
            .json()
            .getInteger("reachableNow");
    assertTrue(now > normally, "nobody would be woken: " + now + " / " + normally);
    browser.waitForText(By.id("preview-woken"), String.valueOf(now - normally));

    int sent = as("manager-a").get("/api/v1/messages").items().size();
    find(By.id("compose-send")).click();
    WebElement dialog = browser.waitFor(By.id("confirm-urgent"));
    String woken = find(By.id("urgent-woken")).getText();
    assertTrue(
        woken.startsWith(now + " får meddelandet nu")
            && woken.contains((now - normally) + " av dem"),
        woken);
    assertTrue(dialog.getText().contains("loggas"), dialog.getText());
    assertEquals(List.of(), new PageChecks(browser).accessibility("the URGENT confirmation"));
    browser.shot("manager-urgent-confirm");
    find(By.id("confirm-urgent-no")).click();
    browser.waitUntilGone(By.id("confirm-urgent"));
    assertEquals(
        sent, as("manager-a").get("/api/v1/messages").items().size(), "sent without a yes");

    find(By.id("compose-send")).click();
    long before = browser.drawn();
    browser.confirm("confirm-urgent");
    browser.afterDraw(before);
    assertEquals(sent + 1, as("manager-a").get("/api/v1/messages").items().size());
    assertTrue(browser.mainText().contains("Brådskande"), browser.mainText());
  }

  @Test
  void sendLaterIsReadInTheOrganisationsZoneWhateverZoneTheBrowserIsIn() {
    browser.signIn(world.base(), "manager-a");
    assertEquals(
        ConsoleBrowser.BROWSER_ZONE,
        browser.js("return Intl.DateTimeFormat().resolvedOptions().timeZone"));
    LocalDate tomorrow = ConsoleWorld.today().plusDays(1);
    compose("Planeringsdag", "Olle Dag");
    browser.setValue(By.id("compose-send-at"), tomorrow + "T07:00");
    String weekday =
        tomorrow.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.forLanguageTag("sv"));
    browser.waitForText(By.id("preview"), "Skickas " + weekday);
    assertTrue(text(By.id("preview")).contains("kl. 07:00"), text(By.id("preview")));
    long before = browser.drawn();
    find(By.id("compose-send")).click();
    browser.afterDraw(before);
    String id = browser.driver.getCurrentUrl().replaceAll(".*#/sent/", "");
    OffsetDateTime sendAt =
        OffsetDateTime.parse(
            as("manager-a").get("/api/v1/messages/" + id).json().getString("sendAt"));
    assertEquals(HubFixture.at(tomorrow, 7, 0).toInstant(), sendAt.toInstant());
    assertTrue(browser.mainText().contains("kl. 07:00"), browser.mainText());
  }

  @Test
  void aManagerDecidesAgreementsOnTheirCardsAndInFullAndEndsAnApprovedOneWithNotice() {
    String toReject = world.submittedAgreement("nurse-d", "Schemaläggning på distans");
    String toApprove = world.submittedAgreement("nurse-a", "Journalgranskning och uppföljning");
    String approved = world.approvedAgreement("nurse-c", "manager-a", "Utbildningsplanering");
    browser.signIn(world.base(), "manager-a");
    browser.go("#/agreements");
    assertTrue(
        text(By.tagName("h1")).startsWith("Överenskommelser att besluta ("),
        text(By.tagName("h1")));
    WebElement card = browser.waitFor(By.cssSelector("[data-agreement='" + toReject + "']"));
    assertTrue(
        card.getText().contains("Olle Dag") && card.getText().contains("måndag, torsdag"),
        card.getText());
    browser.shot("manager-agreement-cards");

    // Rejecting needs a comment, said in Swedish before anything is sent.
    card.findElement(By.cssSelector("[data-reject]")).click();
    browser.waitForText(
        By.cssSelector("[data-agreement='" + toReject + "'] .problem"), "Skriv en kommentar");
    assertEquals("SUBMITTED", world.agreement(toReject).getString("status"));
    card.findElement(By.tagName("textarea")).sendKeys("Schemat kräver närvaro under våren.");
    long before = browser.drawn();
    card.findElement(By.cssSelector("[data-reject]")).click();
    browser.afterDraw(before);
    JsonObject rejected = world.agreement(toReject);
    assertEquals("REJECTED", rejected.getString("status"));
    assertEquals("Schemat kräver närvaro under våren.", rejected.getString("managerComment"));

    // One opened in full, approved with a comment.
    browser.click(By.cssSelector("[data-open='" + toApprove + "']"));
    browser.settle();
    browser.waitForText(By.id("agreement-detail"), "Journalgranskning och uppföljning");
    assertTrue(text(By.id("agreement-detail")).contains("Sommarstugan i Åre"));
    browser.shot("manager-agreement-full");
    find(By.id("decision-comment")).sendKeys("Vi följer upp i mars.");
    before = browser.drawn();
    find(By.id("approve")).click();
    browser.afterDraw(before);
    assertEquals("APPROVED", world.agreement(toApprove).getString("status"));
    assertEquals("Vi följer upp i mars.", world.agreement(toApprove).getString("managerComment"));

    // An approved one ended with notice: the earliest date the notice allows.
    browser.go("#/agreements/APPROVED");
    browser.click(By.cssSelector("[data-open='" + approved + "']"));
    browser.settle();
    WebElement endDate = browser.waitFor(By.id("terminate-date"));
    String earliest = endDate.getAttribute("min");
    browser.setValue(endDate, earliest);
    find(By.id("terminate-reason")).sendKeys("Nya arbetsuppgifter på plats.");
    find(By.id("terminate")).click();
    String asked = browser.confirm("confirm-terminate");
    assertTrue(asked.contains("Nina Natt"), asked);
    browser.waitForText(By.id("agreement-detail"), "Avslutas i förtid");
    assertEquals(
        earliest, world.agreement(approved).getJsonObject("termination").getString("endsOn"));
  }

  @Test
  void aHubAdminClosesADeskToldFirstWhichBookingItCancels() {
    LocalDate day = ConsoleWorld.today().plusDays(2);
    String hit = world.book("nurse-a", world.desk1, day, 9, 11);
    String spared = world.book("nurse-b", world.desk2, day, 9, 11);
    browser.signIn(world.base(), "hubadmin");
    browser.go("#/hubs/" + world.hubId + "/closures");
    new Select(find(By.id("closure-resource"))).selectByVisibleText("Skrivbord 1");
    browser.setValue(By.id("closure-start"), day + "T08:00");
    browser.setValue(By.id("closure-end"), day + "T12:00");
    find(By.id("closure-reason")).sendKeys("Ny dockningsstation monteras");
    find(By.id("closure-submit")).click();
    browser.waitFor(By.id("confirm-closure"));
    String hits = text(By.id("closure-hits"));
    assertTrue(hits.contains("avbokar 1 bokning"), hits);
    assertTrue(
        text(By.id("confirm-closure")).contains("Nils Nurse · Skrivbord 1 ·"),
        text(By.id("confirm-closure")));
    long before = browser.drawn();
    browser.confirm("confirm-closure");
    browser.afterDraw(before);

    WebElement cancelled = browser.waitFor(By.cssSelector("[data-booking='" + hit + "']"));
    assertEquals("CANCELLED", cancelled.getAttribute("data-status"));
    assertEquals(
        "BOOKED",
        find(By.cssSelector("[data-booking='" + spared + "']")).getAttribute("data-status"));
    assertEquals("CANCELLED", world.bookingStatus("nurse-a", hit));
    browser.shot("hubadmin-closed-desk");
  }

  @Test
  void aHubAdminChangesOneWeekdaysHoursKeepsTheRestOfTheWeekAndCancelsWhatFallsOutside() {
    LocalDate day = ConsoleWorld.today().plusDays(3);
    String weekday = day.getDayOfWeek().name();
    String outside = world.book("nurse-b", world.desk10, day, 8, 10);
    browser.signIn(world.base(), "hubadmin");
    browser.go("#/hubs/" + world.hubId + "/settings");
    WebElement opens =
        browser.waitFor(By.cssSelector("fieldset[data-day='" + weekday + "'] input[type=time]"));
    browser.setValue(opens, "12:00");
    find(By.id("hours-save")).click();
    browser.waitFor(By.id("confirm-hours"));
    String swedishDay =
        day.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.forLanguageTag("sv"));
    assertEquals(
        swedishDay + ": 07:00–18:00 → 12:00–18:00", text(By.cssSelector("#hours-changes li")));
    assertEquals(1, browser.driver.findElements(By.cssSelector("#hours-changes li")).size());
    assertTrue(
        text(By.id("confirm-hours")).contains("Nora Nurse · Skrivbord 10"),
        text(By.id("confirm-hours")));
    find(By.id("hours-cancel-outside")).click();
    browser.confirm("confirm-hours");
    browser.waitForText(By.cssSelector("#hours-form .notice"), "1 bokning avbokad");

    JsonArray hours =
        as("hubadmin").get("/api/v1/hubs/" + world.hubId).json().getJsonArray("openingHours");
    assertEquals(7, hours.size(), hours.encode());
    for (Object o : hours) {
      JsonObject h = (JsonObject) o;
      assertEquals(
          h.getString("day").equals(weekday) ? "12:00" : "07:00",
          h.getString("start"),
          hours.encode());
      assertEquals("18:00", h.getString("end"));
    }
    assertEquals("CANCELLED", world.bookingStatus("nurse-b", outside));
    browser.shot("hubadmin-hours");
  }

  @Test
  void theDayViewListsResourcesInNaturalOrderWithinTheOpeningHoursInTheHubsZone() {
    LocalDate day = ConsoleWorld.today().plusDays(1);
    world.book("nurse-d", world.desk10, day, 9, 10);
    browser.signIn(world.base(), "hubadmin");
    browser.go("#/hubs/" + world.hubId + "/day/" + day);
    List<String> order =
        browser.driver.findElements(By.cssSelector(".resource-name")).stream()
            .map(e -> e.getText().replaceAll(" ·.*", ""))
            .toList();
    assertEquals(List.of("Mötesrum Storsjön", "Skrivbord 1", "Skrivbord 2", "Skrivbord 10"), order);
    assertEquals(
        "07:00", find(By.cssSelector(".timeline.scale .tick")).getAttribute("textContent"));
    assertTrue(
        text(By.cssSelector("[data-resource='" + world.desk10 + "']")).contains("09:00 Olle Dag"));
    assertTrue(text(By.id("day-facts")).startsWith("Öppet 07:00–18:00"), text(By.id("day-facts")));
  }

  @Test
  void hrReadsTheAfterHoursReportAndTheAgreementsPerUnit() {
    world.noWorkingTime("nurse-b");
    String wardB = as("manager-b").get("/api/v1/me").json().getJsonObject("unit").getString("id");
    assertEquals(
        201,
        as("manager-b")
            .post(
                "/api/v1/messages",
                draft(
                    "Personalmöte",
                    new JsonObject()
                        .put("units", new JsonArray().add(new JsonObject().put("id", wardB)))))
            .status());
    world.approvedAgreement("nurse-b", "manager-b", "Kvalitetsuppföljning");
    browser.signIn(world.base(), "hr");
    browser.go("#/hr");
    WebElement chart = browser.waitFor(By.id("after-hours-chart"));
    assertTrue(
        chart.findElements(By.tagName("rect")).stream()
            .anyMatch(r -> Double.parseDouble(r.getAttribute("height")) > 0),
        "no held deliveries drawn in the chart");
    assertTrue(
        text(By.id("after-hours-table")).contains("Bo Manager"), text(By.id("after-hours-table")));
    browser.shot("hr-after-hours");
    // One unit picked, then one of its subunits: the report follows.
    String department =
        as("hr").get("/api/v1/org/units/" + wardB).json().getJsonObject("parent").getString("id");
    long before = browser.drawn();
    new Select(find(By.id("hr-unit"))).selectByValue(department);
    find(By.cssSelector("#report-form button[type=submit]")).click();
    browser.afterDraw(before);
    before = browser.drawn();
    new Select(find(By.id("hr-unit"))).selectByVisibleText("Hälso- och sjukvård › Avdelning B");
    find(By.cssSelector("#report-form button[type=submit]")).click();
    browser.afterDraw(before);
    assertTrue(
        browser.driver.getCurrentUrl().endsWith("/" + wardB), browser.driver.getCurrentUrl());
    assertTrue(
        text(By.id("after-hours-table")).contains("Avdelning B"), text(By.id("after-hours-table")));
    browser.go("#/hr/agreements/APPROVED");
    assertTrue(browser.mainText().contains("Nora Nurse"), browser.mainText());
    browser.waitFor(By.id("agreements-overview"));
    browser.shot("hr-agreements");
  }

  @Test
  void anAdminImportsAFileAndReadsASummaryWithTheRejectedRows() throws IOException {
    JsonObject file =
        new JsonObject()
            .put("units", new JsonArray().add(Orgs.unit("WARD-C", "Avdelning C", "DEP")))
            .put(
                "employees",
                new JsonArray()
                    .add(Orgs.employee("nurse-e", "Eva Ek", "WARD-C"))
                    .add(Orgs.employee("nurse-f", "Frida Fors", "WARD-X")));
    Path json = Files.createTempFile("org-import", ".json");
    Files.writeString(json, file.encode());
    browser.signIn(world.base(), "admin");
    browser.go("#/admin/import");
    find(By.id("import-file")).sendKeys(json.toAbsolutePath().toString());
    find(By.id("import-submit")).click();
    WebElement summary = browser.waitFor(By.id("import-summary"));
    assertTrue(
        summary.getText().startsWith("Importen är klar, men 1 rad avvisades."), summary.getText());
    assertFalse(summary.getText().contains("{"), "raw JSON shown:\n" + summary.getText());
    List<WebElement> rows = browser.driver.findElements(By.cssSelector("#rejected-rows tbody tr"));
    assertEquals(1, rows.size());
    assertTrue(
        rows.get(0).getText().contains("Medarbetare") && rows.get(0).getText().contains("nurse-f"),
        rows.get(0).getText());
    assertEquals("1", text(By.cssSelector("#import-units dd")), "units created");
    browser.shot("admin-import");
    Files.delete(json);
  }

  @Test
  void anAdminRetiresAPhoneAfterConfirmingAndTheAuditLogNamesWhoDidWhat() {
    String phone = world.phone("nurse-d", "install-nurse-d-01", "Samsung Galaxy XCover7");
    browser.signIn(world.base(), "admin");
    browser.go("#/admin/devices");
    WebElement retire = browser.waitFor(By.cssSelector("[data-retire='" + phone + "']"));
    WebElement row = retire.findElement(By.xpath("ancestor::tr"));
    assertTrue(
        row.getText().contains("Olle Dag (nurse-d)") && row.getText().contains("I bruk"),
        row.getText());
    new Select(row.findElement(By.tagName("select"))).selectByVisibleText("Trasig");
    retire.click();
    browser.waitFor(By.id("confirm-retire"));
    assertTrue(
        text(By.id("confirm-retire"))
            .contains("Olle Dags Android Samsung Galaxy XCover7 tas ur bruk (Trasig)"),
        text(By.id("confirm-retire")));
    long before = browser.drawn();
    browser.confirm("confirm-retire");
    browser.afterDraw(before);
    JsonObject device =
        as("admin")
            .get("/api/v1/admin/devices?employeeId=" + idOf("nurse-d"))
            .items()
            .getJsonObject(0);
    assertEquals("RETIRED", device.getString("status"));
    assertEquals("BROKEN", device.getString("retiredReason"));

    browser.go("#/admin/audit/DEVICE_RETIRED");
    String first = text(By.cssSelector("#audit tbody tr"));
    assertTrue(
        first.contains("Telefon tagen ur bruk")
            && first.contains("Ada Admin")
            && first.contains("Trasig"),
        first);
    assertFalse(
        first.matches("(?s).*[0-9a-f]{8}-[0-9a-f]{4}-.*"), "a UUID in the audit log: " + first);
  }

  @Test
  void anAdminDeclaresACrisisSeesItsBannerOnEveryPageAndEndsIt() {
    browser.signIn(world.base(), "admin");
    browser.go("#/crisis");
    find(By.id("crisis-reason")).sendKeys("Storbrand i Östersund, stabsläge enligt krisplan");
    find(By.id("crisis-submit")).click();
    long before = browser.drawn();
    String asked = browser.confirm("confirm-crisis");
    assertTrue(asked.contains("Storbrand i Östersund"), asked);
    browser.afterDraw(before);
    assertEquals("true", find(By.id("crisis-state")).getAttribute("data-active"));
    assertTrue(text(By.id("crisis-state")).contains("Ada Admin"), text(By.id("crisis-state")));
    assertTrue(as("admin").get("/api/v1/admin/crisis-mode").json().getBoolean("active"));
    for (String page : List.of("#/", "#/admin/devices", "#/hubs")) {
      browser.go(page);
      String banner = text(By.id("crisis-banner"));
      assertTrue(
          banner.startsWith("Krisläge: Storbrand i Östersund")
              && banner.contains("infört av Ada Admin"),
          banner);
    }
    browser.shot("admin-crisis-banner");
    browser.go("#/crisis");
    find(By.id("crisis-submit")).click();
    before = browser.drawn();
    browser.confirm("confirm-crisis");
    browser.afterDraw(before);
    assertFalse(find(By.id("crisis-banner")).isDisplayed());
    assertFalse(as("admin").get("/api/v1/admin/crisis-mode").json().getBoolean("active"));
  }

  @Test
  void anEmployeeWhoIsNotAManagerIsRefusedTheManagerPages() {
    browser.signIn(world.base(), "nurse-a");
    assertTrue(
        browser.driver.findElements(By.cssSelector("#nav a[href='#/compose']")).isEmpty(),
        "the nurse is offered the compose page");
    browser.go("#/compose");
    WebElement refused = browser.waitFor(By.id("refused"));
    assertTrue(refused.getText().contains("behörighet"), refused.getText());
    assertTrue(refused.getText().contains("Chef"), refused.getText());
    assertTrue(browser.driver.findElements(By.id("compose-title")).isEmpty());
    browser.go("#/agreements");
    browser.waitFor(By.id("refused"));
  }

  @Test
  void inProductionThePersonSignsInWithTheIdentityProviderUsingPkceAndTheTokenStaysInMemory()
      throws Exception {
    try (FakeIdentityProvider idp = new FakeIdentityProvider("manager-a");
        TestServer production = TestServer.start("console_oidc", idp.serverConfig())) {
      production.importOrganisation(Orgs.small());
      browser.open(production.api.base());
      WebElement button = browser.waitFor(By.id("oidc"));
      assertTrue(
          browser.driver.findElements(By.id("login-external-id")).isEmpty(),
          "dev login offered with dev login off");
      button.click();
      browser.waitForText(By.id("who"), "Maja Manager");
      browser.waitFor(By.cssSelector("#nav a[href='#/compose']"));
      assertEquals(0, idp.refusedExchanges());
      // The code is gone from the address, and the token is in no storage a script could read.
      assertFalse(browser.driver.getCurrentUrl().contains("code="), browser.driver.getCurrentUrl());
      String stored =
          (String)
              browser.js(
                  "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie");
      assertFalse(stored.contains("eyJ"), stored);
      // A reload forgets the token: signed out.
      browser.driver.navigate().refresh();
      browser.waitFor(By.id("oidc"));
    }
  }
}
