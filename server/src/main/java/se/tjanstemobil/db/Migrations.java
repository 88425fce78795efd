package se.tjanstemobil.db;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway migrations from db/migration; Flyway blocks, so it runs on a worker thread. */
public final class Migrations {

  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {}

  public static Future<Void> run(Vertx vertx, DatabaseUrl url) {
    return vertx.executeBlocking(
        () -> {
          migrate(url);
          return null;
        },
        false);
  }

  /** Migrates the database to the newest schema; blocking (tests migrate their template so). */
  public static MigrateResult migrate(DatabaseUrl url) {
    MigrateResult result =
        Flyway.configure()
            .dataSource(url.jdbcUrl(), url.user(), url.password())
            .locations("classpath:db/migration")
            .load()
            .migrate();
    log.info(
        "Database schema at version {} ({} migrations applied)",
        result.targetSchemaVersion,
        result.migrationsExecuted);
    return result;
  }
}
