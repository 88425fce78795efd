package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * Every operation that takes an id in its path, called by the one it belongs to (the owner), by
 * another employee, by a manager of another unit, by a hub administrator of another hub, and
 * without a token. The table below is the expected status of each; the test also checks that the
 * table covers every such operation of the contract. Another person's object is 404 (its existence
 * is not revealed); an object one may know of but not change is 403.
 */
class AuthorisationMatrixTest {

  private static TestServer server;
  private static final Map<String, Api> WHO = new LinkedHashMap<>();
  private static String wardA;
  private static String hubA;
  private static String deskA;
  private static String deskA2;
  private static LocalDate tomorrow;

  /**
   * One operation: how to make its object (fresh for each caller when the call changes it), the
   * call, the expected statuses.
   */
  private record Row(
      String operation,
      String owner,
      String method,
      Supplier<String> path,
      JsonObject body,
      int employee,
      int otherManager,
      int otherHubAdmin,
      int anonymous,
      int ownerStatus) {}

  @BeforeAll
  static void start() {
    server = TestServer.start("authorisation_matrix");
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(Orgs.employee("hubadmin-a", "Hubb A", "REG"))
        .add(Orgs.employee("hubadmin-b", "Hubb B", "REG"));
    server.importOrganisation(org);
    for (String p :
        List.of(
            "nurse-a", "nurse-b", "manager-a", "manager-b", "hubadmin-a", "hubadmin-b", "admin")) {
      WHO.put(p, server.as(p));
    }
    WHO.put("anonymous", server.api);
    Api admin = WHO.get("admin");
    wardA = WHO.get("manager-a").get("/api/v1/me").json().getJsonObject("unit").getString("id");
    hubA =
        HubFixture.hub(
                admin,
                "Arbetshubb A",
                HubFixture.alwaysOpen(),
                new JsonObject().put("maxBookingsPerDay", 20))
            .getString("id");
    String hubB =
        HubFixture.hub(admin, "Arbetshubb B", HubFixture.alwaysOpen(), null).getString("id");
    HubFixture.admin(admin, hubA, HubFixture.id(WHO.get("hubadmin-a")));
    HubFixture.admin(admin, hubB, HubFixture.id(WHO.get("hubadmin-b")));
    deskA = HubFixture.resource(admin, hubA, "DESK", "Skrivbord 1");
    deskA2 = HubFixture.resource(admin, hubA, "DESK", "Skrivbord 2");
    tomorrow = LocalDate.now(HubFixture.STOCKHOLM).plusDays(1);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---- objects ----

  private static int slot = 0;

  /** A fresh booking of nurse-a's at hub A (each in its own hour, so they never collide). */
  private static String booking() {
    int h = slot++ % 20;
    LocalDate day = tomorrow.plusDays(slot / 20);
    return HubFixture.book(
            WHO.get("nurse-a"), deskA, HubFixture.at(day, h, 0), HubFixture.at(day, h + 1, 0))
        .json()
        .getString("id");
  }

  private static String message(boolean ack) {
    return WHO.get("manager-a")
        .post(
            "/api/v1/messages",
            new JsonObject()
                .put("title", "Info")
                .put("body", "Text")
                .put("category", "INFO")
                .put("requiresAck", ack)
                .put(
                    "audience",
                    new JsonObject()
                        .put("units", new JsonArray().add(new JsonObject().put("id", wardA)))))
        .json()
        .getString("id");
  }

  private static int agreementNo = 0;
  private static LocalDate lastAgreementStart;

  /** Terms of a fresh agreement, each in a period of its own (approved ones must not overlap). */
  private static JsonObject terms() {
    lastAgreementStart = tomorrow.plusDays(10 + 61L * agreementNo++);
    return new JsonObject()
        .put("validFrom", lastAgreementStart.toString())
        .put("validTo", lastAgreementStart.plusDays(59).toString())
        .put("weekdays", new JsonArray().add("MONDAY"))
        .put("places", new JsonArray().add(new JsonObject().put("type", "HOME")))
        .put("tasks", "Uppföljning")
        .put("workingHours", "08-16")
        .put("reachability", "Teams")
        .put(
            "checklist",
            new JsonObject()
                .put("workEnvironment", true)
                .put("informationSecurity", true)
                .put("insurance", true));
  }

  private static String draft() {
    return WHO.get("nurse-a").post("/api/v1/me/remote-agreements", terms()).json().getString("id");
  }

  private static String submitted() {
    String id = draft();
    WHO.get("nurse-a").post("/api/v1/me/remote-agreements/" + id + "/submit", new JsonObject());
    return id;
  }

  private static String approved() {
    String id = submitted();
    WHO.get("manager-a").post("/api/v1/remote-agreements/" + id + "/approve", new JsonObject());
    return id;
  }

  private static String device(String key) {
    WHO.get("nurse-a").put("/api/v1/me/devices/" + key, device());
    return key;
  }

  private static JsonObject device() {
    return new JsonObject()
        .put("platform", "ANDROID")
        .put("pushToken", "tok-" + slot++)
        .put("appVersion", "1.0")
        .put("model", "Pixel");
  }

  private static String registerId(String key) {
    return WHO.get("nurse-a").get("/api/v1/me/devices").items().stream()
        .map(JsonObject.class::cast)
        .filter(d -> key.equals(d.getString("deviceId")))
        .findFirst()
        .orElseThrow()
        .getString("id");
  }

  private static String closure() {
    LocalDate day = tomorrow.plusDays(100 + slot++);
    return WHO.get("hubadmin-a")
        .post(
            "/api/v1/hubs/" + hubA + "/closures",
            new JsonObject()
                .put("reason", "Städning")
                .put("start", Times.format(HubFixture.at(day, 1, 0).toOffsetDateTime()))
                .put("end", Times.format(HubFixture.at(day, 2, 0).toOffsetDateTime())))
        .json()
        .getString("id");
  }

  private static String waitlistEntry() {
    // Both desks taken for an hour, so nurse-a may join the line for it.
    // Late in the 30-day horizon, away from the other bookings' days.
    int h = slot % 20;
    LocalDate day = tomorrow.plusDays(21 + slot++ % 8);
    HubFixture.book(
        WHO.get("manager-b"), deskA, HubFixture.at(day, h, 0), HubFixture.at(day, h + 1, 0));
    HubFixture.book(
        WHO.get("nurse-b"), deskA2, HubFixture.at(day, h, 0), HubFixture.at(day, h + 1, 0));
    return WHO.get("nurse-a")
        .post(
            "/api/v1/hubs/" + hubA + "/waitlist",
            new JsonObject()
                .put("kind", "DESK")
                .put("start", Times.format(HubFixture.at(day, h, 0).toOffsetDateTime()))
                .put("end", Times.format(HubFixture.at(day, h + 1, 0).toOffsetDateTime())))
        .json()
        .getString("id");
  }

  private static String series() {
    LocalDate from = tomorrow.plusDays(20 + slot++);
    return WHO.get("nurse-a")
        .post(
            "/api/v1/booking-series",
            new JsonObject()
                .put("resourceId", deskA2)
                .put("weekdays", new JsonArray().add(from.getDayOfWeek().name()))
                .put("startTime", "06:00")
                .put("endTime", "07:00")
                .put("from", from.toString())
                .put("to", from.toString()))
        .json()
        .getString("id");
  }

  private static String period() {
    return WHO.get("nurse-a")
        .post(
            "/api/v1/me/availability/periods",
            new JsonObject()
                .put("kind", "ON_CALL")
                .put("start", "2027-01-10T08:00:00+01:00")
                .put("end", "2027-01-10T12:00:00+01:00"))
        .json()
        .getString("id");
  }

  // ---- the table ----

  private static List<Row> table() {
    JsonObject none = new JsonObject();
    String wait = Times.format(HubFixture.at(tomorrow.plusDays(90), 9, 0).toOffsetDateTime());
    String waitEnd = Times.format(HubFixture.at(tomorrow.plusDays(90), 10, 0).toOffsetDateTime());
    return List.of(
        //   operation, owner, method, path, body, employee, other manager, other hub admin,
        // anonymous, owner
        new Row(
            "getDocsAsset",
            "nurse-a",
            "GET",
            () -> "/docs/swagger-ui.css",
            null,
            200,
            200,
            200,
            200,
            200),
        new Row(
            "getConsoleAsset",
            "nurse-a",
            "GET",
            () -> "/console/console.js",
            null,
            200,
            200,
            200,
            200,
            200),
        new Row(
            "getConsoleTexts",
            "nurse-a",
            "GET",
            () -> "/console/texts/en",
            null,
            200,
            200,
            200,
            200,
            200),
        new Row(
            "getUnit",
            "manager-a",
            "GET",
            () -> "/api/v1/org/units/" + wardA,
            null,
            403,
            403,
            403,
            401,
            200),
        // Another person's phone with one's own token: not there for them (nothing shows they hold
        // it).
        new Row(
            "putMyDevice",
            "nurse-a",
            "PUT",
            () -> "/api/v1/me/devices/" + device("matrix-put"),
            new JsonObject()
                .put("platform", "ANDROID")
                .put("pushToken", "tok-moved")
                .put("appVersion", "1.0")
                .put("model", "Pixel"),
            404,
            404,
            404,
            401,
            200),
        new Row(
            "signOutMyDevice",
            "nurse-a",
            "DELETE",
            () -> "/api/v1/me/devices/" + device("matrix-out-" + slot++),
            null,
            404,
            404,
            404,
            401,
            204),
        new Row(
            "retireDevice",
            "admin",
            "POST",
            () ->
                "/api/v1/admin/devices/"
                    + registerId(device("matrix-retire-" + slot++))
                    + "/retire",
            new JsonObject().put("reason", "LOST"),
            403,
            403,
            403,
            401,
            200),
        new Row(
            "reassignDevice",
            "admin",
            "POST",
            () ->
                "/api/v1/admin/devices/"
                    + registerId(device("matrix-reassign-" + slot++))
                    + "/reassign",
            new JsonObject().put("employeeId", HubFixture.id(WHO.get("nurse-b"))),
            403,
            403,
            403,
            401,
            200),
        new Row(
            "getMessage",
            "manager-a",
            "GET",
            () -> "/api/v1/messages/" + message(false),
            null,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "listRecipients",
            "manager-a",
            "GET",
            () -> "/api/v1/messages/" + message(false) + "/recipients",
            null,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "remindMessage",
            "manager-a",
            "POST",
            () -> "/api/v1/messages/" + message(true) + "/remind",
            none,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "cancelMessage",
            "manager-a",
            "POST",
            () -> "/api/v1/messages/" + message(false) + "/cancel",
            none,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "markRead",
            "nurse-a",
            "POST",
            () -> "/api/v1/me/inbox/" + message(false) + "/read",
            none,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "acknowledge",
            "nurse-a",
            "POST",
            () -> "/api/v1/me/inbox/" + message(true) + "/ack",
            none,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "deleteMyAvailabilityPeriod",
            "nurse-a",
            "DELETE",
            () -> "/api/v1/me/availability/periods/" + period(),
            null,
            404,
            404,
            404,
            401,
            204),
        new Row(
            "getHub",
            "hubadmin-a",
            "GET",
            () -> "/api/v1/hubs/" + hubA,
            null,
            200,
            200,
            200,
            401,
            200),
        new Row(
            "updateHub",
            "hubadmin-a",
            "PATCH",
            () -> "/api/v1/hubs/" + hubA,
            new JsonObject().put("description", "Plan 2"),
            403,
            403,
            403,
            401,
            200),
        new Row(
            "addHubAdmin",
            "admin",
            "POST",
            () -> "/api/v1/hubs/" + hubA + "/admins",
            new JsonObject().put("employeeId", HubFixture.id(WHO.get("hubadmin-a"))),
            403,
            403,
            403,
            401,
            201),
        new Row(
            "removeHubAdmin",
            "admin",
            "DELETE",
            () -> {
              String id = HubFixture.id(WHO.get("manager-b"));
              HubFixture.admin(WHO.get("admin"), hubA, id);
              return "/api/v1/hubs/" + hubA + "/admins/" + id;
            },
            null,
            403,
            403,
            403,
            401,
            204),
        new Row(
            "createResource",
            "hubadmin-a",
            "POST",
            () -> "/api/v1/hubs/" + hubA + "/resources",
            new JsonObject().put("kind", "PHONE_BOOTH").put("name", "Bås " + slot++),
            403,
            403,
            403,
            401,
            201),
        new Row(
            "updateResource",
            "hubadmin-a",
            "PATCH",
            () -> "/api/v1/resources/" + deskA2,
            new JsonObject().put("capacity", 1),
            403,
            403,
            403,
            401,
            200),
        new Row(
            "getHubAvailability",
            "nurse-a",
            "GET",
            () -> "/api/v1/hubs/" + hubA + "/availability",
            null,
            200,
            200,
            200,
            401,
            200),
        new Row(
            "listHubBookings",
            "hubadmin-a",
            "GET",
            () -> "/api/v1/hubs/" + hubA + "/bookings",
            null,
            403,
            403,
            403,
            401,
            200),
        new Row(
            "listClosures",
            "nurse-a",
            "GET",
            () -> "/api/v1/hubs/" + hubA + "/closures",
            null,
            200,
            200,
            200,
            401,
            200),
        new Row(
            "createClosure",
            "hubadmin-a",
            "POST",
            () -> "/api/v1/hubs/" + hubA + "/closures",
            new JsonObject()
                .put("reason", "Möte")
                .put(
                    "start",
                    Times.format(HubFixture.at(tomorrow.plusDays(200), 1, 0).toOffsetDateTime()))
                .put(
                    "end",
                    Times.format(HubFixture.at(tomorrow.plusDays(200), 2, 0).toOffsetDateTime())),
            403,
            403,
            403,
            401,
            201),
        new Row(
            "previewClosure",
            "hubadmin-a",
            "POST",
            () -> "/api/v1/hubs/" + hubA + "/closures/preview",
            new JsonObject()
                .put(
                    "start",
                    Times.format(HubFixture.at(tomorrow.plusDays(200), 1, 0).toOffsetDateTime()))
                .put(
                    "end",
                    Times.format(HubFixture.at(tomorrow.plusDays(200), 2, 0).toOffsetDateTime())),
            403,
            403,
            403,
            401,
            200),
        new Row(
            "previewOpeningHours",
            "hubadmin-a",
            "POST",
            () -> "/api/v1/hubs/" + hubA + "/opening-hours/preview",
            new JsonObject().put("openingHours", HubFixture.alwaysOpen()),
            403,
            403,
            403,
            401,
            200),
        new Row(
            "deleteClosure",
            "hubadmin-a",
            "DELETE",
            () -> "/api/v1/hubs/" + hubA + "/closures/" + closure(),
            null,
            403,
            403,
            403,
            401,
            204),
        // Anyone may wait at any hub; here something is free, so the rule says no to all.
        new Row(
            "joinWaitlist",
            "nurse-a",
            "POST",
            () -> "/api/v1/hubs/" + hubA + "/waitlist",
            new JsonObject().put("start", wait).put("end", waitEnd),
            422,
            422,
            422,
            401,
            422),
        new Row(
            "leaveWaitlist",
            "nurse-a",
            "DELETE",
            () -> "/api/v1/me/waitlist/" + waitlistEntry(),
            null,
            404,
            404,
            404,
            401,
            204),
        new Row(
            "getHubOccupancy",
            "hubadmin-a",
            "GET",
            () -> "/api/v1/hubs/" + hubA + "/occupancy",
            null,
            403,
            403,
            403,
            401,
            200),
        new Row(
            "getBooking",
            "nurse-a",
            "GET",
            () -> "/api/v1/bookings/" + booking(),
            null,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "cancelBooking",
            "nurse-a",
            "DELETE",
            () -> "/api/v1/bookings/" + booking(),
            null,
            404,
            404,
            404,
            401,
            200),
        // Tomorrow's booking: the check-in window is not open yet.
        new Row(
            "checkInBooking",
            "nurse-a",
            "POST",
            () -> "/api/v1/bookings/" + booking() + "/check-in",
            none,
            404,
            404,
            404,
            401,
            422),
        new Row(
            "confirmBooking",
            "nurse-a",
            "POST",
            () -> "/api/v1/bookings/" + booking() + "/confirm",
            none,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "getBookingSeries",
            "nurse-a",
            "GET",
            () -> "/api/v1/booking-series/" + series(),
            null,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "cancelBookingSeries",
            "nurse-a",
            "DELETE",
            () -> "/api/v1/booking-series/" + series(),
            null,
            404,
            404,
            404,
            401,
            200),
        // The feed's secret is its only key: whoever holds the URL reads it.
        new Row(
            "getCalendarFeed",
            "nurse-a",
            "GET",
            () ->
                URI.create(
                        WHO.get("nurse-a")
                            .post("/api/v1/me/calendar-feed", new JsonObject())
                            .json()
                            .getString("url"))
                    .getPath(),
            null,
            200,
            200,
            200,
            200,
            200),
        new Row(
            "getMyAgreement",
            "nurse-a",
            "GET",
            () -> "/api/v1/me/remote-agreements/" + draft(),
            null,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "updateMyAgreement",
            "nurse-a",
            "PATCH",
            () -> "/api/v1/me/remote-agreements/" + draft(),
            new JsonObject().put("tasks", "Ny"),
            404,
            404,
            404,
            401,
            200),
        new Row(
            "submitMyAgreement",
            "nurse-a",
            "POST",
            () -> "/api/v1/me/remote-agreements/" + draft() + "/submit",
            none,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "withdrawMyAgreement",
            "nurse-a",
            "POST",
            () -> "/api/v1/me/remote-agreements/" + draft() + "/withdraw",
            none,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "renewMyAgreement",
            "nurse-a",
            "POST",
            () -> "/api/v1/me/remote-agreements/" + approved() + "/renew",
            none,
            404,
            404,
            404,
            401,
            201),
        new Row(
            "getMyAgreementDocument",
            "nurse-a",
            "GET",
            () -> "/api/v1/me/remote-agreements/" + approved() + "/document",
            null,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "getAgreement",
            "manager-a",
            "GET",
            () -> "/api/v1/remote-agreements/" + submitted(),
            null,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "approveAgreement",
            "manager-a",
            "POST",
            () -> "/api/v1/remote-agreements/" + submitted() + "/approve",
            none,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "rejectAgreement",
            "manager-a",
            "POST",
            () -> "/api/v1/remote-agreements/" + submitted() + "/reject",
            new JsonObject().put("comment", "Inte nu"),
            404,
            404,
            404,
            401,
            200),
        new Row(
            "terminateAgreement",
            "manager-a",
            "POST",
            () -> "/api/v1/remote-agreements/" + approved() + "/terminate",
            null,
            404,
            404,
            404,
            401,
            200),
        new Row(
            "renewAgreement",
            "manager-a",
            "POST",
            () -> "/api/v1/remote-agreements/" + approved() + "/renew",
            none,
            404,
            404,
            404,
            401,
            201),
        new Row(
            "getAgreementDocument",
            "manager-a",
            "GET",
            () -> "/api/v1/remote-agreements/" + approved() + "/document",
            null,
            404,
            404,
            404,
            401,
            200));
  }

  private static int call(Api who, String method, String path, JsonObject body) {
    if (body == null && path.endsWith("/terminate")) {
      // Past the 30-day notice, inside the agreement just made.
      body =
          new JsonObject()
              .put("endDate", lastAgreementStart.plusDays(45).toString())
              .put("reason", "Ny tjänst");
    }
    HttpRequest.Builder b = who.builder("").uri(URI.create(who.base() + path));
    if (body != null) {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return who.send(b).status();
  }

  @Test
  void everyIdTakingOperationAnswersEachCallerAsTheTableSays() {
    List<String> wrong = new ArrayList<>();
    for (Row r : table()) {
      Map<String, Integer> expected = new LinkedHashMap<>();
      expected.put("nurse-b", r.employee());
      expected.put("manager-b", r.otherManager());
      expected.put("hubadmin-b", r.otherHubAdmin());
      expected.put("anonymous", r.anonymous());
      expected.put(r.owner(), r.ownerStatus());
      for (Map.Entry<String, Integer> e : expected.entrySet()) {
        // A fresh object for each caller: a call may change it (cancel, submit, withdraw...).
        int got = call(WHO.get(e.getKey()), r.method(), r.path().get(), r.body());
        if (got != e.getValue()) {
          wrong.add(
              r.operation() + " as " + e.getKey() + ": expected " + e.getValue() + ", got " + got);
        }
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void theTableCoversEveryOperationThatTakesAnIdInItsPath() throws Exception {
    JsonObject contract =
        ContractLoader.parseYaml(
            Files.readString(
                Path.of(TestServer.projectRoot().toString(), "mobile-api-docs", "openapi.yaml")));
    Set<String> withIds = new TreeSet<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      if (!path.contains("{")) {
        continue;
      }
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        JsonObject op = paths.getJsonObject(path).getJsonObject(method);
        if (op != null) {
          withIds.add(op.getString("operationId"));
        }
      }
    }
    Set<String> covered = new TreeSet<>();
    table().forEach(r -> covered.add(r.operation()));
    assertEquals(withIds, covered);
  }
}
