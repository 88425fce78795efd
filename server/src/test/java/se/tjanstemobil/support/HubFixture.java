package se.tjanstemobil.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import se.tjanstemobil.http.Times;

/** Hubs for tests, set up through the API as an admin would. */
public final class HubFixture {

  public static final ZoneId STOCKHOLM = ZoneId.of("Europe/Stockholm");

  private HubFixture() {}

  /** Opening hours around the clock, every day. */
  public static JsonArray alwaysOpen() {
    JsonArray a = new JsonArray();
    for (String d :
        new String[] {
          "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"
        }) {
      a.add(new JsonObject().put("day", d).put("start", "00:00").put("end", "00:00"));
    }
    return a;
  }

  /** Creates a hub as the admin; returns it as the API shows it. */
  public static JsonObject hub(Api admin, String name, JsonArray openingHours, JsonObject rules) {
    JsonObject body =
        new JsonObject()
            .put("name", name)
            .put("municipality", "Krokom")
            .put("address", "Testvägen 1")
            .put("openingHours", openingHours)
            .put("rules", rules == null ? new JsonObject() : rules);
    Api.Response r = admin.post("/api/v1/hubs", body);
    assertEquals(201, r.status(), r.text());
    return r.json();
  }

  public static String resource(Api hubAdmin, String hubId, String kind, String name) {
    Api.Response r =
        hubAdmin.post(
            "/api/v1/hubs/" + hubId + "/resources",
            new JsonObject().put("kind", kind).put("name", name));
    assertEquals(201, r.status(), r.text());
    return r.json().getString("id");
  }

  public static void admin(Api admin, String hubId, String employeeId) {
    Api.Response r =
        admin.post(
            "/api/v1/hubs/" + hubId + "/admins", new JsonObject().put("employeeId", employeeId));
    assertEquals(201, r.status(), r.text());
  }

  public static String id(Api who) {
    return who.get("/api/v1/me").json().getString("id");
  }

  public static Api.Response book(
      Api who, String resourceId, ZonedDateTime start, ZonedDateTime end) {
    return who.post(
        "/api/v1/bookings",
        new JsonObject()
            .put("resourceId", resourceId)
            .put("start", Times.format(start.toOffsetDateTime()))
            .put("end", Times.format(end.toOffsetDateTime())));
  }

  /** A hub-local time on a date, in Stockholm. */
  public static ZonedDateTime at(LocalDate date, int hour, int minute) {
    return ZonedDateTime.of(date, LocalTime.of(hour, minute), STOCKHOLM);
  }
}
