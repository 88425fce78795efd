package se.tjanstemobil.messaging;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import se.tjanstemobil.availability.Reachability;
import se.tjanstemobil.http.Times;

/**
 * One message's plan per recipient, from their availability: when their entry shows, from when they
 * may be pushed, why it waits, and whether they get a push at all (a muted category does not).
 * Carried to SQL as parallel arrays, so the fan-out stays one set-based statement.
 */
// The arrays are the SQL statement's parameters as they are bound; nothing compares two Fanouts.
@SuppressWarnings("ArrayRecordComponent")
record Fanout(
    UUID[] ids,
    Map<UUID, Reachability.Plan> plans,
    OffsetDateTime[] visibleAt,
    OffsetDateTime[] reachableAt,
    String[] heldReason,
    Boolean[] push) {

  /** At most this many release times are listed; later ones are summed into the last shown. */
  static final int HELD_GROUPS_SHOWN = 50;

  /**
   * @param plans each recipient's plan, in the order the fan-out writes them
   */
  static Fanout of(
      Map<UUID, Reachability.Plan> plans, String category, boolean urgent, Instant sendAt) {
    UUID[] ids = plans.keySet().toArray(new UUID[0]);
    int n = ids.length;
    OffsetDateTime[] visible = new OffsetDateTime[n];
    OffsetDateTime[] reachable = new OffsetDateTime[n];
    String[] held = new String[n];
    Boolean[] push = new Boolean[n];
    OffsetDateTime send = sendAt.atOffset(ZoneOffset.UTC);
    for (int i = 0; i < n; i++) {
      Reachability.Plan p = plans.get(ids[i]);
      reachable[i] = p.reachableAt() == null ? null : p.reachableAt().atOffset(ZoneOffset.UTC);
      held[i] = p.isHeld() ? p.held().name() : null;
      // The strict preference: a held message does not show before the person's time starts (with
      // no time known it shows at once rather than stay hidden for good).
      visible[i] =
          p.isHeld() && p.profile().hideOutsideHours() && reachable[i] != null
              ? reachable[i]
              : send;
      push[i] = urgent || !p.profile().mutedCategories().contains(category);
    }
    return new Fanout(ids, plans, visible, reachable, held, push);
  }

  /** $1..$5 of the fan-out statement. */
  Tuple arguments() {
    return Tuple.tuple()
        .addValue(ids)
        .addValue(visibleAt)
        .addValue(reachableAt)
        .addValue(heldReason)
        .addValue(push);
  }

  /** Recipients whose devices get a push (now or later). */
  UUID[] pushedIds() {
    List<UUID> out = new ArrayList<>(ids.length);
    for (int i = 0; i < ids.length; i++) {
      if (push[i]) {
        out.add(ids[i]);
      }
    }
    return out.toArray(new UUID[0]);
  }

  /**
   * "41 of 58 get this now; 15 are off and get it at 07:00 tomorrow; 2 have no known working time
   * and get it when one is registered".
   */
  JsonObject consequence(long devices, OffsetDateTime sendAt) {
    TreeMap<Instant, Long> held = new TreeMap<>();
    long now = 0;
    long withoutTime = 0;
    for (int i = 0; i < ids.length; i++) {
      if (heldReason[i] == null) {
        now++;
      } else if (reachableAt[i] == null) {
        withoutTime++;
      } else {
        held.merge(reachableAt[i].toInstant(), 1L, Long::sum);
      }
    }
    return consequence(ids.length, now, held, withoutTime, devices, sendAt);
  }

  static JsonObject consequence(
      long recipients,
      long reachableNow,
      SortedMap<Instant, Long> held,
      long withoutWorkingTime,
      long devices,
      OffsetDateTime sendAt) {
    JsonArray groups = new JsonArray();
    for (Map.Entry<Instant, Long> g : held.entrySet()) {
      if (groups.size() == HELD_GROUPS_SHOWN) {
        JsonObject last = groups.getJsonObject(groups.size() - 1);
        last.put("count", last.getLong("count") + g.getValue());
        continue;
      }
      groups.add(
          new JsonObject()
              .put("until", Times.format(g.getKey().atOffset(ZoneOffset.UTC)))
              .put("count", g.getValue()));
    }
    return new JsonObject()
        .put("recipients", recipients)
        .put("reachableNow", reachableNow)
        .put("held", groups)
        .put("withoutWorkingTime", withoutWorkingTime)
        .put("devices", devices)
        .put("sendAt", Times.format(sendAt));
  }
}
