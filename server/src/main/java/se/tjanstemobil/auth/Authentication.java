package se.tjanstemobil.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import se.tjanstemobil.config.AppConfig;

/**
 * The token verifier with its key sources (the dev issuer when enabled, the identity provider's
 * JWKS when configured), built from auth.* ({@link Settings}).
 *
 * @param devIssuer null when dev login is off
 */
public record Authentication(TokenVerifier verifier, DevIssuer devIssuer, Settings settings) {

  /**
   * Builds it on a worker thread (the dev issuer reads or writes its key file).
   *
   * @param clock the server's clock: the JWKS cache ages by it. Tokens carry the identity
   *     provider's real time (iat/nbf/exp), so their validity is judged by the real clock even when
   *     a test moves the server's clock by months.
   */
  public static Future<Authentication> build(
      Vertx vertx, AppConfig config, Path workDir, Clock clock) {
    Settings settings = Settings.from(config, workDir);
    return vertx.executeBlocking(
        () -> {
          Clock tokenClock = Clock.systemUTC();
          DevIssuer dev = null;
          List<KeySource> sources = new ArrayList<>();
          if (settings.devLogin()) {
            dev =
                DevIssuer.loadOrCreate(
                    settings.devLoginKeyFile(),
                    settings.issuer(),
                    settings.audience(),
                    settings.devLoginTokenTtlSeconds(),
                    settings.employeeClaim(),
                    tokenClock);
            sources.add(dev);
          }
          if (!settings.jwksUrl().isBlank()) {
            sources.add(
                new JwksKeySource(
                    vertx,
                    settings.jwksUrl(),
                    settings.jwksRootCert(),
                    settings.jwksCache(),
                    settings.jwksMinRefetch(),
                    clock));
          }
          TokenVerifier verifier =
              new TokenVerifier(
                  sources,
                  settings.algorithms(),
                  settings.issuer(),
                  settings.audience(),
                  settings.employeeClaim(),
                  settings.clockSkewSeconds(),
                  tokenClock);
          return new Authentication(verifier, dev, settings);
        });
  }
}
