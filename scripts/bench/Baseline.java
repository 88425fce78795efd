import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The baseline: the smallest Vert.x + PostgreSQL program that answers one prepared single-row
 * query per request, with the same pool size and one event loop per core like the server.
 *
 * java -cp server/target/tjanstemobil-server.jar scripts/bench/Baseline.java PORT DATABASE_URL EXTERNAL_ID
 */
public class Baseline {

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String url = args[1];
    String externalId = args[2];
    Vertx vertx = Vertx.vertx();
    Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(16))
      .connectingTo(PgConnectOptions.fromUri(url)).using(vertx).build();
    String sql = "SELECT id, name, email FROM employees WHERE external_id = $1";
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer().requestHandler(req -> pool.preparedQuery(sql).execute(Tuple.of(externalId))
          .onSuccess(rows -> {
            Row r = rows.iterator().next();
            req.response().putHeader("Content-Type", "application/json").end(new JsonObject()
              .put("id", r.getUUID("id").toString()).put("name", r.getString("name")).put("email", r.getString("email"))
              .encode());
          })
          .onFailure(e -> req.response().setStatusCode(500).end())).listen(port);
      }
    }, new DeploymentOptions().setInstances(Runtime.getRuntime().availableProcessors()))
      .onSuccess(id -> System.out.println("baseline listening on " + port))
      .onFailure(e -> {
        e.printStackTrace();
        System.exit(1);
      });
  }
}
