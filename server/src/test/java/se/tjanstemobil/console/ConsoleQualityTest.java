package se.tjanstemobil.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.yaml.snakeyaml.Yaml;
import se.tjanstemobil.i18n.Catalogue;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.support.TestServer;

/**
 * Every page of every role held to the console's quality bars (PageChecks): Swedish by default and
 * complete in English, no leaked null, code, UUID or ISO time, no sideways scroll at 375x812 and a
 * whole frame at 1366x768, no axe-core WCAG 2.1 AA violation, every control reached by keyboard
 * with a visible focus ring; and the catalogue holds a label, in both languages, for every code the
 * contract names and every problem type errors.md lists. A screenshot of each page, per role and
 * width, is kept in server/target/console-screenshots/.
 */
class ConsoleQualityTest {

  private static ConsoleWorld world;
  private static ConsoleBrowser browser;
  private static PageChecks checks;
  private static String messageId;
  private static String submitted;

  @BeforeAll
  static void start() throws IOException {
    world = ConsoleWorld.start("console_quality");
    browser = new ConsoleBrowser();
    checks = new PageChecks(browser);
    world.noWorkingTime("nurse-c");
    messageId = world.message("Ny rutin för överlämning");
    submitted = world.submittedAgreement("nurse-a", "Journalgranskning och uppföljning");
    world.approvedAgreement("nurse-c", "manager-a", "Utbildningsplanering");
    world.phone("nurse-a", "install-nurse-a-01", "Samsung Galaxy XCover7");
    world.book("nurse-a", world.desk1, ConsoleWorld.today().plusDays(1), 9, 11);
    world.book("nurse-b", world.desk10, ConsoleWorld.today().plusDays(1), 13, 15);
    // A cancelled booking too: its struck-through block must still be readable.
    String cancelled = world.book("nurse-d", world.desk2, ConsoleWorld.today().plusDays(1), 8, 12);
    assertEquals(200, world.server.as("nurse-d").delete("/api/v1/bookings/" + cancelled).status());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    world.close();
  }

  /** One page: where it is, and what to do on it before it is checked (fill a form). */
  private record Page(String name, String hash, Runnable prepare) {
    Page(String name, String hash) {
      this(name, hash, () -> {});
    }
  }

  /** Visits the pages as the person, checks each in Swedish, at both widths and in English. */
  private static void walk(String who, List<Page> pages) {
    List<String> faults = new ArrayList<>();
    browser.size(ConsoleBrowser.LAPTOP);
    if (who == null) {
      browser.open(world.base());
    } else {
      browser.signIn(world.base(), who);
    }
    browser.language("sv");
    String role = who == null ? "signed-out" : who;
    for (Page p : pages) {
      String name = role + " " + p.name();
      if (p.hash() != null) {
        browser.go(p.hash());
      }
      p.prepare().run();
      assertEquals("sv", browser.js("return document.documentElement.lang"), name);
      faults.addAll(checks.texts(name));
      faults.addAll(checks.layout(name, true));
      faults.addAll(checks.accessibility(name));
      faults.addAll(checks.keyboard(name));
      browser.shot(role + "-" + p.name() + "-1366");
      browser.size(ConsoleBrowser.PHONE);
      faults.addAll(checks.layout(name, false));
      browser.shot(role + "-" + p.name() + "-375");
      browser.size(ConsoleBrowser.LAPTOP);
      browser.language("en");
      faults.addAll(checks.texts(name));
      browser.language("sv");
    }
    assertTrue(faults.isEmpty(), faults.size() + " faults:\n" + String.join("\n", faults));
  }

  @Test
  void theSignInPage() {
    walk(null, List.of(new Page("sign-in", null)));
  }

  @Test
  void everyPageOfAManager() {
    walk(
        "manager-a",
        List.of(
            new Page("home", "#/"),
            new Page(
                "compose",
                "#/compose",
                () -> {
                  browser.waitFor(By.id("compose-title")).sendKeys("Personalmöte");
                  browser
                      .driver
                      .findElement(By.id("compose-body"))
                      .sendKeys("Torsdag 14:00 i matsalen.");
                  browser.driver.findElement(By.id("unit-" + world.wardA)).click();
                  browser.driver.findElement(By.id("compose-people")).sendKeys("Ni");
                  browser.waitFor(By.cssSelector("#people-found button"));
                  browser.waitFor(By.id("preview-recipients"));
                }),
            new Page("sent", "#/sent"),
            new Page("follow-up", "#/sent/" + messageId),
            new Page("agreements-to-decide", "#/agreements"),
            new Page("agreements-approved", "#/agreements/APPROVED"),
            new Page("agreement", "#/agreements/" + submitted),
            new Page("refused-hubs", "#/hubs")));
  }

  @Test
  void everyPageOfAHubAdministrator() {
    String hub = "#/hubs/" + world.hubId;
    walk(
        "hubadmin",
        List.of(
            new Page("home", "#/"),
            new Page("hubs", "#/hubs"),
            new Page("day", hub + "/day/" + ConsoleWorld.today().plusDays(1)),
            new Page("closures", hub + "/closures"),
            new Page("occupancy", hub + "/occupancy"),
            new Page("settings", hub + "/settings"),
            new Page("compose", "#/compose")));
  }

  @Test
  void everyPageOfHr() {
    walk(
        "hr",
        List.of(
            new Page("home", "#/"),
            new Page("after-hours", "#/hr"),
            new Page("agreements", "#/hr/agreements"),
            new Page("agreement", "#/hr/agreements/" + submitted)));
  }

  @Test
  void everyPageOfAnAdmin() {
    walk(
        "admin",
        List.of(
            new Page("home", "#/"),
            new Page("import", "#/admin/import"),
            new Page("devices", "#/admin/devices"),
            new Page("audit", "#/admin/audit"),
            new Page("crisis", "#/crisis"),
            new Page("hubs", "#/hubs"),
            new Page("hr", "#/hr")));
  }

  @Test
  void everyPageOfAnEmployeeWithoutRoles() {
    walk("nurse-b", List.of(new Page("home", "#/"), new Page("refused", "#/compose")));
  }

  /**
   * Where the contract lists a kind of codes, and the label table (label.<kind>.*) that names them.
   */
  private static final Map<String, String> CONTRACT_CODES =
      Map.ofEntries(
          Map.entry("category", "MessageDraft.properties.category.enum"),
          Map.entry("priority", "MessageDraft.properties.priority.enum"),
          Map.entry("role", "Me.properties.roles.items.properties.role.enum"),
          Map.entry("agreementStatus", "Agreement.properties.status.enum"),
          Map.entry("feature", "Feature.enum"),
          Map.entry("bookingStatus", "BookingStatus.enum"),
          Map.entry("rule", "HubRules.properties"),
          Map.entry("deviceStatus", "Device.properties.status.enum"),
          Map.entry("retireReason", "Device.properties.retiredReason.enum"),
          Map.entry("platform", "Device.properties.platform.enum"),
          Map.entry("resourceKind", "Resource.properties.kind.enum"),
          Map.entry("weekday", "WeeklyInterval.properties.day.enum"),
          Map.entry("ownerKind", "Hub.properties.owner.properties.kind.enum"),
          Map.entry(
              "importSection", "OrgImportResult.properties.rejected.items.properties.section.enum"),
          Map.entry("checklist", "AgreementTerms.properties.checklist.properties"),
          Map.entry("placeType", "AgreementTerms.properties.places.items.properties.type.enum"));

  private static final Pattern ARGUMENT = Pattern.compile("\\{([^}]*)\\}");

  /**
   * The server's catalogue (what GET /console/texts serves) labels every code the contract names,
   * helps with every booking rule and titles every problem type of errors.md, in both languages;
   * and the console's templates take only plain {0}, {1} arguments (all its t() fills in), with a
   * .one form beside each .other.
   */
  @Test
  void theCatalogueLabelsEveryCodeTheContractNamesAndEveryProblemTypeInBothLanguages()
      throws IOException {
    String contract =
        Files.readString(
            TestServer.projectRoot().resolve("mobile-api-docs/openapi.yaml"),
            StandardCharsets.UTF_8);
    Map<String, Object> schemas = schemas(new Yaml().load(contract));
    List<String> faults = new ArrayList<>();
    for (var e : CONTRACT_CODES.entrySet()) {
      for (String code : codes(schemas, e.getValue())) {
        for (Language language : Language.values()) {
          if (Catalogue.pattern(language, "label." + e.getKey() + "." + code) == null) {
            faults.add(language + ": no label." + e.getKey() + "." + code);
          }
          if (e.getKey().equals("rule")
              && Catalogue.pattern(language, "console.ruleHelp." + code) == null) {
            faults.add(language + ": no console.ruleHelp." + code);
          }
        }
      }
    }
    String errors =
        Files.readString(
            TestServer.projectRoot().resolve("mobile-api-docs/errors.md"), StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile("^\\| [0-9X, ]+ \\| `([a-z-]+)`", Pattern.MULTILINE).matcher(errors);
    int types = 0;
    while (m.find()) {
      types++;
      for (Language language : Language.values()) {
        if (Catalogue.pattern(language, "problem." + m.group(1) + ".title") == null) {
          faults.add(language + ": no title for the problem type " + m.group(1));
        }
      }
    }
    assertTrue(types > 50, "errors.md lists " + types + " problem types");
    for (String bundle : List.of("console", "label")) {
      for (String key : Catalogue.keys(Language.SV, bundle)) {
        Matcher a = ARGUMENT.matcher(Catalogue.pattern(Language.SV, key));
        while (a.find()) {
          if (!a.group(1).matches("\\d")) {
            faults.add(
                key + ": the argument {" + a.group(1) + "} is more than the console fills in");
          }
        }
        if (key.endsWith(".other")
            && Catalogue.pattern(Language.SV, key.replaceAll("other$", "one")) == null) {
          faults.add(key + ": no .one form");
        }
      }
    }
    assertTrue(faults.isEmpty(), String.join("\n", faults));
  }

  private static List<String> codes(Map<String, Object> schemas, String path) {
    Object at = schemas;
    for (String step : path.split("\\.", -1)) {
      at = ((Map<?, ?>) at).get(step);
    }
    return at instanceof Map<?, ?> map
        ? map.keySet().stream().map(String::valueOf).toList()
        : ((List<?>) at).stream().filter(x -> x != null).map(String::valueOf).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> schemas(Map<String, Object> contract) {
    return (Map<String, Object>) ((Map<String, Object>) contract.get("components")).get("schemas");
  }
}
