package se.tjanstemobil.messaging;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.SortedMap;
import se.tjanstemobil.http.Times;

/**
 * What a send comes to, as its preview and its answer say it, so the sender sees the whole
 * consequence before and after: the people (reached at the send time, held by when they are
 * released, held with no working time known: these three add up to {@code recipients}), how many of
 * those reached now are off duty and reached only because the message is URGENT ({@code
 * breakThroughs}, each logged where they see it), and the phones (the pushes, and the people with
 * no phone to push at all, who find it in their inbox only).
 */
record SendConsequence(
    long recipients,
    long reachableNow,
    SortedMap<Instant, Long> held,
    long withoutWorkingTime,
    long breakThroughs,
    long devices,
    long withoutPhone,
    OffsetDateTime sendAt) {

  /** At most this many release times are listed; later ones are summed into the last shown. */
  static final int HELD_GROUPS_SHOWN = 50;

  JsonObject json() {
    return new JsonObject()
        .put("recipients", recipients)
        .put("reachableNow", reachableNow)
        .put("held", heldGroups(held))
        .put("withoutWorkingTime", withoutWorkingTime)
        .put("breakThroughs", breakThroughs)
        .put("devices", devices)
        .put("withoutPhone", withoutPhone)
        .put("sendAt", Times.format(sendAt));
  }

  /** {@code [{until, count}]} by release time, the earliest first. */
  static JsonArray heldGroups(SortedMap<Instant, Long> held) {
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
    return groups;
  }
}
