package se.tjanstemobil.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's background jobs: each feature names its jobs, the composition root starts them all
 * here once the server is ready, and stops them before the pool closes. Tests run one by name.
 */
public final class Jobs {

  private final Vertx vertx;
  private final Map<String, Every> running = new LinkedHashMap<>();
  private final List<String> deployments = new ArrayList<>();

  public Jobs(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Deploys each job as a verticle of its own; names must be unique. */
  public Future<Void> start(List<Job> jobs) {
    List<Future<String>> deployed = new ArrayList<>();
    for (Job job : jobs) {
      if (running.containsKey(job.name())) {
        return Future.failedFuture(new IllegalArgumentException("two jobs named " + job.name()));
      }
      Every every = new Every(job);
      running.put(job.name(), every);
      deployed.add(vertx.deployVerticle(every).onSuccess(deployments::add));
    }
    return Future.all(deployed).mapEmpty();
  }

  /** One run of the named job, after any run in flight; fails for a name no feature gave. */
  public Future<Void> runOnce(String name) {
    Every every = running.get(name);
    if (every == null) {
      return Future.failedFuture(
          new IllegalArgumentException("no job named " + name + "; there are " + running.keySet()));
    }
    return every.runOnce();
  }

  /** Undeploys every job; completes when the runs in flight are done. */
  public Future<Void> stop() {
    List<Future<Void>> undeployed = new ArrayList<>();
    for (String id : deployments) {
      undeployed.add(vertx.undeploy(id));
    }
    deployments.clear();
    running.clear();
    return Future.join(undeployed).mapEmpty();
  }
}
