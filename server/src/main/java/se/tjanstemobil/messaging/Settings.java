package se.tjanstemobil.messaging;

import java.time.Duration;
import se.tjanstemobil.config.AppConfig;

/**
 * Messaging's configuration: who may send URGENT and how often, how often held pushes are swept
 * for, and the delivery worker's push.* keys.
 */
public record Settings(
    MessageSending.UrgentPolicy urgent,
    Duration releaseEvery,
    boolean workerEnabled,
    DeliveryWorker.Settings worker) {

  public static Settings from(AppConfig c) {
    return new Settings(
        new MessageSending.UrgentPolicy(
            c.bool("messaging.urgent.managersMaySend"), c.integer("messaging.urgent.dailyLimit")),
        Duration.ofMillis(c.integer("availability.releaseMillis")),
        c.bool("push.workerEnabled"),
        new DeliveryWorker.Settings(
            c.integer("push.batchSize"),
            c.integer("push.maxBatchesInFlight"),
            c.integer("push.leaseSeconds"),
            c.integer("push.maxAttempts"),
            c.integer("push.backoffBaseMillis"),
            c.integer("push.backoffMaxSeconds") * 1000L,
            c.integer("push.quotaPerMinute"),
            c.integer("push.quotaPauseSeconds") * 1000L,
            c.integer("push.configErrorPauseSeconds") * 1000L,
            c.integer("push.pollMillis"),
            c.integer("push.workerHeartbeatSeconds") * 1000L));
  }
}
