package se.tjanstemobil;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.config.AppConfig;
import se.tjanstemobil.config.ConfigCheck;
import se.tjanstemobil.config.ConfigException;

/**
 * Starts the server: configuration -> database -> migrations -> HTTP. Stops it cleanly on SIGTERM.
 */
public final class Main {

  private static final Logger log = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    AppConfig config;
    try {
      config = AppConfig.load(Path.of(""), System.getenv(), Map.of());
    } catch (ConfigException e) {
      refuse(List.of(e.getMessage().replaceFirst("^Configuration ", "")));
      return;
    }
    List<String> problems = ConfigCheck.problems(config);
    if (!problems.isEmpty()) {
      refuse(problems);
      return;
    }
    Application app = new Application(config, Path.of("").toAbsolutePath());
    CountDownLatch started = new CountDownLatch(1);
    app.start()
        .onSuccess(a -> started.countDown())
        .onFailure(
            e -> {
              log.error("The server could not start: {}", e.getMessage(), e);
              app.stop().onComplete(x -> System.exit(1));
            });
    started.await();
    app.ready().onFailure(e -> app.stop().onComplete(x -> System.exit(1)));
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  log.info("Stopping: finishing requests in flight");
                  CountDownLatch stopped = new CountDownLatch(1);
                  app.stop().onComplete(x -> stopped.countDown());
                  try {
                    if (!stopped.await(
                        config.integer("http.shutdownGraceSeconds") + 30L, TimeUnit.SECONDS)) {
                      log.warn("Stop took too long; exiting anyway");
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  log.info("Stopped");
                  // Request lines go through an async appender: drain it, or the last lines die
                  // with the JVM.
                  if (LoggerFactory.getILoggerFactory()
                      instanceof ch.qos.logback.classic.LoggerContext logging) {
                    logging.stop();
                  }
                },
                "shutdown"));
  }

  private static void refuse(List<String> problems) {
    System.err.println("Tjänstemobil refuses to start; fix the configuration:");
    problems.forEach(p -> System.err.println("  - " + p));
    System.exit(2);
  }
}
