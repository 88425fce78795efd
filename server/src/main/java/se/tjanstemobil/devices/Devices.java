package se.tjanstemobil.devices;

import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import se.tjanstemobil.jobs.Job;

/**
 * The work-phone register as the rest of the server sees it: its routes, its job (dead tokens
 * dropped), and for other features {@link PushTokens} (the delivery worker's dead tokens) and
 * {@link DeviceForget} (a leaver's phones).
 */
public final class Devices {

  private final DeviceRoutes routes;
  private final DeviceMaintenance maintenance;

  public Devices(Pool pool, Clock clock) {
    this.routes = new DeviceRoutes(pool, new DeviceStore(), clock);
    this.maintenance = new DeviceMaintenance(pool);
  }

  public void mount(RouterBuilder builder) {
    routes.mount(builder);
  }

  public List<Job> jobs() {
    return List.of(maintenance.job());
  }
}
