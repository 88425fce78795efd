package se.tjanstemobil.messaging;

import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import se.tjanstemobil.availability.Reachability;

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

  /** The phones of a send: the pushes it makes, and the recipients with no phone to push. */
  record Phones(long devices, long withoutPhone) {}

  /**
   * "41 of 58 get this now; 15 are off and get it at 07:00 tomorrow; 2 have no known working time
   * and get it when one is registered"; of the 41, those an URGENT message reaches off duty.
   */
  SendConsequence consequence(Phones phones, OffsetDateTime sendAt) {
    TreeMap<Instant, Long> held = new TreeMap<>();
    long now = 0;
    long withoutTime = 0;
    long breakThroughs = 0;
    for (int i = 0; i < ids.length; i++) {
      if (heldReason[i] == null) {
        now++;
        if (plans.get(ids[i]).passed() != null) {
          breakThroughs++;
        }
      } else if (reachableAt[i] == null) {
        withoutTime++;
      } else {
        held.merge(reachableAt[i].toInstant(), 1L, Long::sum);
      }
    }
    return new SendConsequence(
        ids.length,
        now,
        held,
        withoutTime,
        breakThroughs,
        phones.devices(),
        phones.withoutPhone(),
        sendAt);
  }
}
