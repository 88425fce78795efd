package se.tjanstemobil.hubs;

import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.http.Validated;
import se.tjanstemobil.i18n.Text;

/** Intervals and dates as clients send them, checked: 400 naming the field when they are not. */
final class Intervals {

  private Intervals() {}

  /** `start` and `end` of a body: times with an offset, end after start. */
  static Span of(JsonObject body) {
    OffsetDateTime start = Validated.requiredTime(body, "start");
    OffsetDateTime end = Validated.requiredTime(body, "end");
    if (!end.isAfter(start)) {
      throw Problem.badRequest("end", Text.of("hubs.field.endAfterStart"));
    }
    return new Span(start.toInstant(), end.toInstant());
  }

  /** A YYYY-MM-DD date (query or body), or the fallback when absent. */
  static LocalDate date(String raw, String field, LocalDate fallback) {
    if (raw == null) {
      return fallback;
    }
    try {
      return LocalDate.parse(raw);
    } catch (DateTimeParseException e) {
      throw Problem.badRequest(field, Text.of("validation.format.date"));
    }
  }
}
