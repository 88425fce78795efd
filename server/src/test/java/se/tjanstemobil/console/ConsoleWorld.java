package se.tjanstemobil.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * The small region the console's browser tests work in, set up through the API as the people would:
 * Orgs.small() with a hub administrator and more people on ward A, a hub open every day 07:00-18:00
 * with resources named so that natural order matters, and helpers for the bookings, agreements,
 * messages and phones a page needs to have something to show.
 */
final class ConsoleWorld {

  final TestServer server;
  final String wardA;
  final String hubId;
  final String desk1;
  final String desk2;
  final String desk10;
  final String room;

  private ConsoleWorld(TestServer server) {
    this.server = server;
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(Orgs.employee("hubadmin", "Hugo Hubb", "REG"))
        .add(Orgs.employee("nurse-c", "Nina Natt", "WARD-A"))
        .add(Orgs.employee("nurse-d", "Olle Dag", "WARD-A"));
    server.importOrganisation(org);
    wardA = server.as("manager-a").get("/api/v1/me").json().getJsonObject("unit").getString("id");
    Api admin = server.as("admin");
    JsonArray hours = new JsonArray();
    for (String d :
        List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
      hours.add(new JsonObject().put("day", d).put("start", "07:00").put("end", "18:00"));
    }
    hubId = HubFixture.hub(admin, "Arbetshubb Konsol", hours, null).getString("id");
    HubFixture.admin(admin, hubId, HubFixture.id(server.as("hubadmin")));
    desk10 = resource(admin, "DESK", "Skrivbord 10", "SCREEN", "DOCKING_STATION");
    desk2 = resource(admin, "DESK", "Skrivbord 2", "HEIGHT_ADJUSTABLE");
    desk1 = resource(admin, "DESK", "Skrivbord 1", "DOCKING_STATION");
    room = resource(admin, "ROOM", "Mötesrum Storsjön", "VIDEO_CONFERENCE");
  }

  static ConsoleWorld start(String name) {
    return new ConsoleWorld(TestServer.start(name));
  }

  String base() {
    return server.api.base();
  }

  private String resource(Api admin, String kind, String name, String... features) {
    Api.Response r =
        admin.post(
            "/api/v1/hubs/" + hubId + "/resources",
            new JsonObject()
                .put("kind", kind)
                .put("name", name)
                .put("features", new JsonArray(List.of((Object[]) features))));
    assertEquals(201, r.status(), r.text());
    return r.json().getString("id");
  }

  static LocalDate today() {
    return LocalDate.now(HubFixture.STOCKHOLM);
  }

  /** A booking of the resource on a day, hub-local hours; returns its id. */
  String book(String who, String resource, LocalDate day, int fromHour, int toHour) {
    ZonedDateTime start = HubFixture.at(day, fromHour, 0);
    Api.Response r =
        HubFixture.book(server.as(who), resource, start, HubFixture.at(day, toHour, 0));
    assertEquals(201, r.status(), r.text());
    return r.json().getString("id");
  }

  String bookingStatus(String who, String bookingId) {
    return server.as(who).get("/api/v1/bookings/" + bookingId).json().getString("status");
  }

  /** Agreement terms that keep the default policy, over the given days. */
  static JsonObject terms(LocalDate from, LocalDate to, String tasks) {
    return new JsonObject()
        .put("validFrom", from.toString())
        .put("validTo", to.toString())
        .put("weekdays", new JsonArray().add("MONDAY").add("THURSDAY"))
        .put(
            "places",
            new JsonArray()
                .add(new JsonObject().put("type", "HOME"))
                .add(
                    new JsonObject().put("type", "OTHER").put("description", "Sommarstugan i Åre")))
        .put("tasks", tasks)
        .put("workingHours", "08:00-16:30")
        .put("reachability", "Teams och tjänstemobil under arbetstid")
        .put("equipment", "Bärbar dator, headset")
        .put(
            "checklist",
            new JsonObject()
                .put("workEnvironment", true)
                .put("informationSecurity", true)
                .put("insurance", true));
  }

  /** A submitted agreement of the employee (to their manager); returns its id. */
  String submittedAgreement(String who, String tasks) {
    Api employee = server.as(who);
    Api.Response draft =
        employee.post(
            "/api/v1/me/remote-agreements",
            terms(today().plusDays(14), today().plusDays(200), tasks));
    assertEquals(201, draft.status(), draft.text());
    String id = draft.json().getString("id");
    Api.Response sent =
        employee.post("/api/v1/me/remote-agreements/" + id + "/submit", new JsonObject());
    assertEquals(200, sent.status(), sent.text());
    return id;
  }

  /** An agreement approved by the employee's manager; returns its id. */
  String approvedAgreement(String who, String manager, String tasks) {
    String id = submittedAgreement(who, tasks);
    Api.Response r =
        server
            .as(manager)
            .post(
                "/api/v1/remote-agreements/" + id + "/approve",
                new JsonObject().put("comment", "Vi följer upp efter sommaren."));
    assertEquals(200, r.status(), r.text());
    return id;
  }

  JsonObject agreement(String id) {
    return server.as("hr").get("/api/v1/remote-agreements/" + id).json();
  }

  /** A message from ward A's manager to ward A, asking for an acknowledgement; returns its id. */
  String message(String title) {
    Api.Response r =
        server
            .as("manager-a")
            .post(
                "/api/v1/messages",
                new JsonObject()
                    .put("title", title)
                    .put("body", "Läs den nya rutinen i handboken före fredag.")
                    .put("category", "SCHEDULE")
                    .put("requiresAck", true)
                    .put(
                        "audience",
                        new JsonObject()
                            .put("units", new JsonArray().add(new JsonObject().put("id", wardA)))));
    assertEquals(201, r.status(), r.text());
    return r.json().getString("id");
  }

  /** A phone registered by the employee's app; returns the register's id. */
  String phone(String who, String installation, String model) {
    Api.Response r =
        server
            .as(who)
            .put(
                "/api/v1/me/devices/" + installation,
                new JsonObject()
                    .put("platform", "ANDROID")
                    .put("pushToken", "token-" + installation)
                    .put("model", model)
                    .put("appVersion", "1.4.2"));
    assertEquals(201, r.status(), r.text());
    return r.json().getString("id");
  }

  /** Makes the employee a shift worker with no shifts: what is sent to them is held. */
  void noWorkingTime(String who) {
    Api.Response r =
        server
            .as(who)
            .put(
                "/api/v1/me/availability/weekly",
                new JsonObject().put("weekly", new JsonArray()).put("mode", "SHIFTS"));
    assertEquals(200, r.status(), r.text());
  }

  void close() {
    server.close();
  }
}
