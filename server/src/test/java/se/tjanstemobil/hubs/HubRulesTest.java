package se.tjanstemobil.hubs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.time.ZoneId;
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
}
