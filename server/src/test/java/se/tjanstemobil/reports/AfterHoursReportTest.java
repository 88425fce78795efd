package se.tjanstemobil.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * The after-hours report's texts: the CSV's headings in the reader's language, and a manager asking
 * for another unit refused in theirs.
 */
class AfterHoursReportTest {

  private static TestServer server;
  private static String month;
  private static String wardB;

  @BeforeAll
  static void start() {
    server = TestServer.start("after_hours_report");
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(Orgs.employee("hr-en", "Harriet HR", "REG").put("locale", "en"));
    org.getJsonArray("roleGrants").add(Orgs.grant("hr-en", "HR", null));
    server.importOrganisation(org);
    Api manager = server.as("manager-a");
    String wardA = manager.get("/api/v1/me").json().getJsonObject("unit").getString("id");
    wardB = server.as("manager-b").get("/api/v1/me").json().getJsonObject("unit").getString("id");
    Api.Response sent =
        manager.post(
            "/api/v1/messages",
            new JsonObject()
                .put("title", "Personalmöte")
                .put("body", "Torsdag 14:00")
                .put("category", "INFO")
                .put(
                    "audience",
                    new JsonObject()
                        .put("units", new JsonArray().add(new JsonObject().put("id", wardA)))));
    assertEquals(201, sent.status(), sent.text());
    month = YearMonth.from(LocalDate.now(HubFixture.STOCKHOLM)).toString();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String csv(String who) {
    Api as = server.as(who);
    Api.Response r =
        as.send(
            as.builder("/api/v1/reports/after-hours?month=" + month).header("Accept", "text/csv"));
    assertEquals(200, r.status(), r.text());
    return r.text();
  }

  @Test
  void theCsvHeadingsAreInTheReadersLanguage() {
    String sv = csv("hr");
    assertTrue(
        sv.startsWith(
            "Enhet,Avsändare,Meddelanden,Mottagare,Väntade till arbetstid,Nådda utanför arbetstid,"
                + "Brådskande meddelanden\r\n"),
        sv);
    assertTrue(sv.contains("Avdelning A,Maja Manager,1,"), sv);
    String en = csv("hr-en");
    assertTrue(
        en.startsWith(
            "Unit,Sender,Messages,Recipients,Held until working hours,Reached outside working"
                + " hours,Urgent messages\r\n"),
        en);
  }

  @Test
  void aManagerAskingForAnotherUnitIsToldWhy() {
    JsonObject p =
        server
            .as("manager-a")
            .get("/api/v1/reports/after-hours?month=" + month + "&unitId=" + wardB)
            .problem(403);
    assertEquals(
        "Du är inte chef för den enheten; en chef ser de enheter hen är chef för",
        p.getString("detail"));
  }
}
