package se.tjanstemobil.http;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Times as the API writes them. */
public final class Times {

  private Times() {}

  /**
   * RFC 3339 with seconds always written: OffsetDateTime.toString() drops ":00" seconds
   * ("2026-11-23T10:00Z"), which strict clients and our own contract's date-time reject.
   */
  public static String format(OffsetDateTime t) {
    return t == null ? null : t.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
