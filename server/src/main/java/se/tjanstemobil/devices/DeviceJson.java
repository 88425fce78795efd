package se.tjanstemobil.devices;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import se.tjanstemobil.http.Times;

/** A phone of the register as the contract's Device (and AdminDevice with its holder). */
final class DeviceJson {

  private DeviceJson() {}

  /** {@code now} decides {@code stale}: not seen for {@link DeviceStore#STALE_DAYS} days. */
  static JsonObject device(Device d, Instant now) {
    return new JsonObject()
        .put("id", d.id().toString())
        .put("deviceId", d.key())
        .put("employeeId", d.employeeId().toString())
        .put("platform", d.platform())
        .put("appVersion", d.appVersion())
        .put("model", d.model())
        .put("status", d.status().name())
        .put("retiredReason", d.retiredReason())
        .put("pushEnabled", d.pushEnabled())
        .put("tokenDropped", d.tokenDropped())
        .put("registeredAt", Times.format(d.registeredAt()))
        .put("lastSeenAt", Times.format(d.lastSeenAt()))
        .put(
            "stale",
            d.lastSeenAt()
                .toInstant()
                .isBefore(now.minus(Duration.ofDays(DeviceStore.STALE_DAYS))));
  }

  static JsonObject listed(Device.Listed l, Instant now) {
    return device(l.device(), now)
        .put(
            "employee",
            new JsonObject()
                .put("id", l.holder().id().toString())
                .put("name", l.holder().name())
                .put("externalId", l.holder().externalId()));
  }
}
