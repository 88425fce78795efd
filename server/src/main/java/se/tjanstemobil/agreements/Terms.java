package se.tjanstemobil.agreements;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Text;

/**
 * The terms as the employee writes them: a body applied to a draft (or to nothing), checked for
 * shape.
 */
final class Terms {

  private Terms() {}

  /**
   * The draft with the body's fields applied; fields left out keep their value. 400 for what is
   * malformed.
   */
  static Draft merge(Draft old, JsonObject b) {
    LocalDate from =
        b.containsKey("validFrom")
            ? date(b.getString("validFrom"), "validFrom")
            : old == null ? null : old.validFrom();
    LocalDate to =
        b.containsKey("validTo")
            ? date(b.getString("validTo"), "validTo")
            : old == null ? null : old.validTo();
    if (from == null) {
      throw Problem.badRequest("validFrom", Text.of("agreements.field.validFromRequired"));
    }
    if (to == null) {
      throw Problem.badRequest("validTo", Text.of("agreements.field.validToRequired"));
    }
    if (to.isBefore(from)) {
      throw Problem.badRequest("validTo", Text.of("agreements.field.validToBeforeFrom"));
    }
    List<String> weekdays = old == null ? List.of() : old.weekdays();
    if (b.containsKey("weekdays")) {
      Set<DayOfWeek> days = new TreeSet<>();
      b.getJsonArray("weekdays", new JsonArray())
          .forEach(d -> days.add(DayOfWeek.valueOf((String) d)));
      weekdays = days.stream().map(Enum::name).toList();
    }
    Integer share =
        b.containsKey("sharePercent")
            ? b.getInteger("sharePercent")
            : old == null ? null : old.sharePercent();
    JsonArray places =
        b.containsKey("places")
            ? places(b.getJsonArray("places", new JsonArray()))
            : old == null ? new JsonArray() : old.places();
    JsonObject checklist = old == null ? new JsonObject() : old.checklist().copy();
    if (b.containsKey("checklist")) {
      JsonObject c = b.getJsonObject("checklist", new JsonObject());
      for (String item : Draft.CHECKLIST) {
        if (c.containsKey(item)) {
          checklist.put(item, c.getBoolean(item));
        }
      }
    }
    LocalDate review =
        b.containsKey("reviewDate")
            ? date(b.getString("reviewDate"), "reviewDate")
            : old == null ? null : old.reviewDate();
    return new Draft(
        from,
        to,
        weekdays,
        share,
        places,
        text(b, "tasks", old == null ? null : old.tasks()),
        text(b, "workingHours", old == null ? null : old.workingHours()),
        text(b, "reachability", old == null ? null : old.reachability()),
        text(b, "equipment", old == null ? null : old.equipment()),
        checklist,
        review);
  }

  /** A text field of a partial update: left out keeps the old value, null or blank clears it. */
  static String text(JsonObject b, String key, String old) {
    if (!b.containsKey(key)) {
      return old;
    }
    String v = b.getString(key);
    return v == null || v.isBlank() ? null : v.strip();
  }

  private static LocalDate date(String raw, String field) {
    if (raw == null) {
      return null;
    }
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw Problem.badRequest(field, Text.of("validation.format.date"));
    }
  }

  private static JsonArray places(JsonArray in) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < in.size(); i++) {
      JsonObject p = in.getJsonObject(i);
      String type = p.getString("type");
      String field = "places[" + i + "]";
      JsonObject place = new JsonObject().put("type", type);
      switch (type) {
        case "HUB" -> {
          if (p.getString("hubId") == null) {
            throw Problem.badRequest(field + ".hubId", Text.of("agreements.field.hubPlace"));
          }
          place.put("hubId", p.getString("hubId"));
        }
        case "OTHER" -> {
          String d = p.getString("description");
          if (d == null || d.isBlank()) {
            throw Problem.badRequest(
                field + ".description", Text.of("agreements.field.otherPlace"));
          }
        }
        default -> {}
      }
      if (p.getString("description") != null && !p.getString("description").isBlank()) {
        place.put("description", p.getString("description").strip());
      }
      out.add(place);
    }
    return out;
  }

  /** The hubs the draft's places name. */
  static Set<UUID> hubIds(Draft d) {
    Set<UUID> ids = new HashSet<>();
    d.places()
        .forEach(
            o -> {
              JsonObject p = (JsonObject) o;
              if (p.getString("hubId") != null) {
                ids.add(UUID.fromString(p.getString("hubId")));
              }
            });
    return ids;
  }

  /**
   * Writes the hubs' names (by id, as text) into the draft's places; 422 `unknown-hub` for a hub
   * that has none (there is no such hub).
   */
  static Draft withHubNames(Draft d, Map<String, String> names) {
    List<String> unknown = new ArrayList<>();
    d.places()
        .forEach(
            o -> {
              JsonObject p = (JsonObject) o;
              String hub = p.getString("hubId");
              if (hub != null) {
                if (names.containsKey(hub)) {
                  p.put("hubName", names.get(hub));
                } else {
                  unknown.add(hub);
                }
              }
            });
    if (!unknown.isEmpty()) {
      throw Problem.rule("unknown-hub", Text.of("agreements.rule.unknownHub"));
    }
    return d;
  }
}
