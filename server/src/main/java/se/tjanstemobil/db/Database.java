package se.tjanstemobil.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds the one connection pool the server shares across its event loops. */
public final class Database {

  private Database() {
  }

  public static Pool pool(Vertx vertx, DatabaseUrl url, int size, int connectTimeoutSeconds) {
    return pool(vertx, url, size, connectTimeoutSeconds, false, "tjanstemobil");
  }

  /**
   * A pool whose connections plan every execution for the data as it is now. Prepared statements
   * are cached per connection, and PostgreSQL would reuse a generic plan made while a table was
   * small: the delivery worker's first claim after a 100,000-row send ran for minutes on a plan for
   * an empty outbox. For batch statements the planning (under a millisecond) does not matter;
   * for the API's small queries it would, so they keep the shared pool.
   */
  public static Pool customPlanPool(Vertx vertx, DatabaseUrl url, int size, int connectTimeoutSeconds) {
    return pool(vertx, url, size, connectTimeoutSeconds, true, "tjanstemobil-outbox");
  }

  private static Pool pool(Vertx vertx, DatabaseUrl url, int size, int connectTimeoutSeconds, boolean customPlans,
                           String name) {
    PgConnectOptions options = new PgConnectOptions(url.options())
      .setCachePreparedStatements(true)
      .setPipeliningLimit(256)
      .setReconnectAttempts(2)
      .setReconnectInterval(500);
    if (customPlans) {
      options.addProperty("plan_cache_mode", "force_custom_plan");
    }
    PoolOptions poolOptions = new PoolOptions()
      .setMaxSize(size)
      .setShared(false)
      .setName(name)
      .setMaxWaitQueueSize(10_000)
      .setConnectionTimeout(connectTimeoutSeconds)
      .setIdleTimeout(300);
    return PgBuilder.pool().with(poolOptions).connectingTo(options).using(vertx).build();
  }
}
