package se.tjanstemobil.privacy;

import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.jobs.Job;

/** Personal data: an employee's own export (a route) and retention (a job). */
public final class Privacy {

  private final PersonalDataExport export;
  private final Retention retention;

  public Privacy(Pool pool, AppConfig config, Clock clock) {
    this.export = new PersonalDataExport(pool, clock);
    this.retention = new Retention(pool, Settings.from(config), clock);
  }

  public void mount(RouterBuilder builder) {
    export.mount(builder);
  }

  public List<Job> jobs() {
    return List.of(retention.job());
  }
}
