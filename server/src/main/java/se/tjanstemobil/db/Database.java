package se.tjanstemobil.db;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** Builds the one connection pool the server shares across its event loops. */
public final class Database {

  private Database() {}

  public static Pool pool(Vertx vertx, DatabaseUrl url, int size, int connectTimeoutSeconds) {
    PgConnectOptions options =
        new PgConnectOptions(url.options())
            .setCachePreparedStatements(true)
            .setPipeliningLimit(256)
            .setReconnectAttempts(2)
            .setReconnectInterval(500);
    PoolOptions poolOptions =
        new PoolOptions()
            .setMaxSize(size)
            .setShared(false)
            .setName("tjanstemobil")
            .setMaxWaitQueueSize(10_000)
            .setConnectionTimeout(connectTimeoutSeconds)
            .setIdleTimeout(300);
    return PgBuilder.pool().with(poolOptions).connectingTo(options).using(vertx).build();
  }
}
