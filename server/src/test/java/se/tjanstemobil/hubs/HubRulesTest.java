package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.availability.WeeklyPattern;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Language;

/** The merge of a hub's PATCH (and a create's defaults), as a pure rule. */
class HubRulesTest {

  private static final Hub OLD =
      new Hub(
          UUID.randomUUID(),
          "HUB-OLD",
          "Arbetshubb Gamla",
          "Östersund",
          "Storgatan 1",
          63.17,
          14.63,
          ZoneId.of("Europe/Helsinki"),
          "MUNICIPALITY",
          "Östersunds kommun",
          "Nära stationen",
          WeeklyPattern.fromConfig(List.of("MONDAY-SUNDAY 06:00-22:00")),
          new Hub.Rules(14, 60, 480, 1, 10, 20, 45));

  @Test
  void aNewHubTakesTheDefaultsForWhatTheBodyLeavesOut() {
    Hub h = HubRules.merge(null, new JsonObject().put("name", " Hubb ").put("municipality", "Åre"));
    assertNull(h.id());
    assertEquals("Hubb", h.name());
    assertEquals("Åre", h.municipality());
    assertEquals("", h.address());
    assertNull(h.latitude());
    assertNull(h.description());
    assertEquals(ZoneId.of("Europe/Stockholm"), h.zone());
    assertEquals("REGION", h.ownerKind());
    assertEquals("Region Jämtland Härjedalen", h.ownerName());
    assertEquals(HubRules.DEFAULT_OPENING, h.openingHours());
    assertEquals(HubRules.DEFAULT_RULES, h.rules());
  }

  @Test
  void aPatchKeepsWhatItLeavesOut() {
    assertEquals(OLD, HubRules.merge(OLD, new JsonObject()));
  }

  @Test
  void aPatchReplacesWhatItNamesAndNullClearsLocationAndDescription() {
    Hub h =
        HubRules.merge(
            OLD,
            new JsonObject()
                .put("location", null)
                .put("description", null)
                .put("timeZone", "Europe/Stockholm")
                .put("owner", new JsonObject().put("kind", "REGION").put("name", "Regionen"))
                .put(
                    "openingHours",
                    WeeklyPattern.toJson(
                        WeeklyPattern.fromConfig(List.of("MONDAY-FRIDAY 08:00-16:00"))))
                .put("rules", new JsonObject().put("maxBookingsPerDay", 3)));
    assertNull(h.latitude());
    assertNull(h.longitude());
    assertNull(h.description());
    assertEquals(ZoneId.of("Europe/Stockholm"), h.zone());
    assertEquals("Regionen", h.ownerName());
    assertEquals(WeeklyPattern.fromConfig(List.of("MONDAY-FRIDAY 08:00-16:00")), h.openingHours());
    assertEquals(new Hub.Rules(14, 60, 480, 3, 10, 20, 45), h.rules());
    assertEquals(OLD.id(), h.id());
    assertEquals(OLD.name(), h.name());
  }

  @Test
  void aNewLocationReplacesBothCoordinates() {
    Hub h =
        HubRules.merge(
            OLD,
            new JsonObject()
                .put("location", new JsonObject().put("latitude", 1.5).put("longitude", 2.5)));
    assertEquals(1.5, h.latitude());
    assertEquals(2.5, h.longitude());
  }

  @Test
  void badFieldsAreRefusedByName() {
    assertEquals("name", field(() -> HubRules.merge(OLD, new JsonObject().put("name", " "))));
    assertEquals(
        "municipality", field(() -> HubRules.merge(null, new JsonObject().put("name", "X"))));
    assertEquals(
        "timeZone",
        field(() -> HubRules.merge(OLD, new JsonObject().put("timeZone", "Mars/Base"))));
    assertEquals(
        "rules.minBookingMinutes",
        field(
            () ->
                HubRules.merge(
                    OLD,
                    new JsonObject()
                        .put("rules", new JsonObject().put("minBookingMinutes", 481)))));
  }

  private static String field(Runnable merge) {
    Problem p = assertThrows(Problem.class, merge::run);
    return p.toJson(null, Language.SV).getJsonArray("errors").getJsonObject(0).getString("field");
  }

  @Test
  void newHoursLeaveOutsideWhatNoOpenSpanHoldsAcrossMidnightAndAfterANewZone() {
    // Open Tuesday 22:00 to Wednesday 06:00 (in Helsinki), and nothing else.
    Hub night =
        HubRules.merge(
            OLD,
            new JsonObject()
                .put(
                    "openingHours",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("day", "TUESDAY")
                                .put("start", "22:00")
                                .put("end", "06:00"))));
    ZoneId helsinki = night.zone();
    BookingStore.Affected overnight = booking(2026, 12, 8, 23, 2026, 12, 9, 1, helsinki);
    BookingStore.Affected morning = booking(2026, 12, 9, 6, 2026, 12, 9, 7, helsinki);
    assertEquals(List.of(morning), HubRules.outsideHours(night, List.of(overnight, morning)));
    assertEquals(true, HubRules.hoursMove(OLD, night));
    assertEquals(false, HubRules.hoursMove(OLD, HubRules.merge(OLD, new JsonObject())));
    // The same hours in Stockholm are an hour later: the morning booking (06:00 in Helsinki is
    // 05:00 in Stockholm) now falls inside them too.
    Hub stockholm = HubRules.merge(night, new JsonObject().put("timeZone", "Europe/Stockholm"));
    assertEquals(true, HubRules.hoursMove(night, stockholm));
    assertEquals(List.of(), HubRules.outsideHours(stockholm, List.of(overnight, morning)));
  }

  private static BookingStore.Affected booking(
      int y, int mo, int d, int h, int y2, int mo2, int d2, int h2, ZoneId zone) {
    return new BookingStore.Affected(
        UUID.randomUUID(),
        "BOOKED",
        new Span(
            ZonedDateTime.of(y, mo, d, h, 0, 0, 0, zone).toInstant(),
            ZonedDateTime.of(y2, mo2, d2, h2, 0, 0, 0, zone).toInstant()),
        UUID.randomUUID(),
        "Skrivbord 1",
        UUID.randomUUID(),
        "Karin Holm");
  }
}
