package se.tjanstemobil.hubs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;

/** Hubs and resources as the API shows them. */
final class HubJson {

  private HubJson() {}

  static JsonObject details(HubStore.Details d) {
    JsonArray resources = new JsonArray();
    d.resources().forEach(r -> resources.add(resource(r)));
    JsonArray admins = new JsonArray();
    d.admins()
        .forEach(
            a ->
                admins.add(
                    new JsonObject()
                        .put("id", a.id().toString())
                        .put("name", a.name())
                        .put("email", a.email())));
    return d.hub().toJson().put("resources", resources).put("admins", admins);
  }

  /** A hub just created: no resources, no administrators yet. */
  static JsonObject created(Hub hub) {
    return hub.toJson().put("resources", new JsonArray()).put("admins", new JsonArray());
  }

  static JsonObject resource(HubStore.Resource r) {
    return new JsonObject()
        .put("id", r.id().toString())
        .put("hubId", r.hubId().toString())
        .put("kind", r.kind())
        .put("name", r.name())
        .put("capacity", r.capacity())
        .put("features", new JsonArray(r.features()))
        .put("active", r.active());
  }

  /** A hub in the list, with what is free on its day {@code d} from {@code now} on. */
  static JsonObject listed(Hub h, LocalDate d, HubDay day, Instant now) {
    JsonObject free = new JsonObject().put("DESK", 0).put("ROOM", 0).put("PHONE_BOOTH", 0);
    int total = 0;
    int freeCount = 0;
    for (HubStore.Resource r : day.resources(h.id())) {
      if (!r.active()) {
        continue;
      }
      total++;
      if (day.hasRoom(h, r, d, now)) {
        freeCount++;
        free.put(r.kind(), free.getInteger(r.kind()) + 1);
      }
    }
    JsonArray open = new JsonArray();
    OpeningHours.openOn(h.openingHours(), h.zone(), d).forEach(s -> open.add(s.toJson(h.zone())));
    return h.toJson()
        .put(
            "day",
            new JsonObject()
                .put("date", d.toString())
                .put("open", open)
                .put("resources", total)
                .put("freeResources", freeCount)
                .put("freeByKind", free));
  }
}
