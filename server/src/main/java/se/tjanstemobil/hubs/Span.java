package se.tjanstemobil.hubs;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import se.tjanstemobil.http.Times;

/** A half-open interval [start, end) of instants: a booking, an opening, a closure. */
public record Span(Instant start, Instant end) {

  public Span {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("a span ends after it starts: " + start + " " + end);
    }
  }

  public boolean overlaps(Span o) {
    return start.isBefore(o.end) && o.start.isBefore(end);
  }

  public boolean contains(Span o) {
    return !o.start.isBefore(start) && !o.end.isAfter(end);
  }

  public long minutes() {
    return Duration.between(start, end).toMinutes();
  }

  /** Start and end with the offset the zone has at each (they differ across a DST change). */
  public JsonObject toJson(ZoneId zone) {
    return new JsonObject()
        .put("start", Times.format(start.atZone(zone).toOffsetDateTime()))
        .put("end", Times.format(end.atZone(zone).toOffsetDateTime()));
  }

  /** Sorted, with overlapping and touching spans joined. */
  public static List<Span> merge(List<Span> spans) {
    List<Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparing(Span::start));
    List<Span> out = new ArrayList<>();
    for (Span s : sorted) {
      Span last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && !s.start.isAfter(last.end)) {
        out.set(out.size() - 1, new Span(last.start, s.end.isAfter(last.end) ? s.end : last.end));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  /** The parts of `within` not covered by any of `taken`. */
  public static List<Span> minus(List<Span> within, List<Span> taken) {
    List<Span> free = new ArrayList<>();
    List<Span> cut = merge(taken);
    for (Span w : merge(within)) {
      Instant cursor = w.start;
      for (Span t : cut) {
        if (!t.end.isAfter(cursor) || !t.start.isBefore(w.end)) {
          continue;
        }
        if (t.start.isAfter(cursor)) {
          free.add(new Span(cursor, t.start));
        }
        cursor = t.end.isAfter(cursor) ? t.end : cursor;
      }
      if (cursor.isBefore(w.end)) {
        free.add(new Span(cursor, w.end));
      }
    }
    return free;
  }

  /** The parts of these spans inside `window`. */
  public static List<Span> clip(List<Span> spans, Span window) {
    List<Span> out = new ArrayList<>();
    for (Span s : spans) {
      Instant a = s.start.isAfter(window.start) ? s.start : window.start;
      Instant b = s.end.isBefore(window.end) ? s.end : window.end;
      if (b.isAfter(a)) {
        out.add(new Span(a, b));
      }
    }
    return out;
  }

  public static long minutes(List<Span> spans) {
    return spans.stream().mapToLong(Span::minutes).sum();
  }
}
