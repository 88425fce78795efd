package se.tjanstemobil.auth;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Text;

/**
 * The identity provider's signing keys, fetched from its JWKS URL and cached. A token with a key id
 * we do not know triggers one refetch (the provider may have rotated its keys), at most once per
 * minimum interval, so a flood of forged key ids cannot make us hammer the provider.
 */
public final class JwksKeySource implements KeySource {

  private static final Logger log = LoggerFactory.getLogger(JwksKeySource.class);

  private final WebClient client;
  private final String url;
  private final Duration cacheFor;
  private final Duration minRefetch;
  private final Clock clock;

  private volatile Map<String, PublicKey> keys = Map.of();
  private volatile Instant fetchedAt = Instant.EPOCH;
  private volatile Instant lastAttempt = Instant.EPOCH;
  private Future<Map<String, PublicKey>> inFlight;

  /**
   * @param rootCert a PEM file of the CA certificates to trust for the URL (auth.jwksRootCert);
   *     empty: the JVM's
   */
  public JwksKeySource(
      Vertx vertx,
      String url,
      String rootCert,
      Duration cacheFor,
      Duration minRefetch,
      Clock clock) {
    WebClientOptions options =
        new WebClientOptions()
            .setConnectTimeout(5000)
            .setIdleTimeout(30)
            .setUserAgent("tjanstemobil-jwks");
    if (rootCert != null && !rootCert.isBlank()) {
      options.setTrustOptions(new PemTrustOptions().addCertPath(rootCert));
    }
    this.client = WebClient.create(vertx, options);
    this.url = url;
    this.cacheFor = cacheFor;
    this.minRefetch = minRefetch;
    this.clock = clock;
  }

  @Override
  public boolean knows(String kid) {
    return keys.containsKey(kid);
  }

  @Override
  public Future<PublicKey> key(String kid) {
    Instant now = Instant.now(clock);
    PublicKey known = keys.get(kid);
    boolean stale = now.isAfter(fetchedAt.plus(cacheFor));
    if (known != null && !stale) {
      return Future.succeededFuture(known);
    }
    Future<Map<String, PublicKey>> fetch = refreshIfAllowed(now, stale);
    if (fetch == null) {
      if (known != null) {
        // Stale, but the provider failed us a moment ago: keep trusting the key until it answers.
        return Future.succeededFuture(known);
      }
      return Future.failedFuture(
          Problem.unauthorized(
              Text.of(
                  fetchedAt.isBefore(lastAttempt)
                      ? "auth.keys.unavailable"
                      : "auth.token.unknownKey")));
    }
    return fetch.transform(
        ar -> {
          PublicKey key = keys.get(kid);
          if (key != null) {
            return Future.succeededFuture(key);
          }
          if (ar.failed() && known != null) {
            // The provider is unreachable: a key we already trusted stays usable until it answers.
            return Future.succeededFuture(known);
          }
          return Future.failedFuture(
              Problem.unauthorized(
                  Text.of(ar.failed() ? "auth.keys.unavailable" : "auth.token.unknownKey")));
        });
  }

  /**
   * The fetch to wait for: the one in flight (requests arriving meanwhile share it), or a new one
   * when the cache is stale and the last fetch succeeded, or the minimum interval since the last
   * attempt has passed. Null when none is allowed: a failing provider, like a flood of unknown key
   * ids, is asked at most once per interval.
   */
  private synchronized Future<Map<String, PublicKey>> refreshIfAllowed(Instant now, boolean stale) {
    if (inFlight != null) {
      return inFlight;
    }
    boolean lastFailed = fetchedAt.isBefore(lastAttempt);
    // Not before: a limit of zero allows a fetch at any moment, even at the instant of the last.
    if ((stale && !lastFailed) || !now.isBefore(lastAttempt.plus(minRefetch))) {
      return refresh();
    }
    return null;
  }

  private synchronized Future<Map<String, PublicKey>> refresh() {
    lastAttempt = Instant.now(clock);
    Promise<Map<String, PublicKey>> promise = Promise.promise();
    inFlight = promise.future();
    client
        .getAbs(url)
        .timeout(10_000)
        .send()
        .onComplete(
            ar -> {
              try {
                if (ar.failed()) {
                  throw new IllegalStateException(ar.cause().getMessage());
                }
                if (ar.result().statusCode() != 200) {
                  throw new IllegalStateException("HTTP " + ar.result().statusCode());
                }
                JwkSet set =
                    Jwks.setParser()
                        .ignoreUnsupported(true)
                        .build()
                        .parse(ar.result().bodyAsString());
                Map<String, PublicKey> fresh = new HashMap<>();
                for (Jwk<?> jwk : set.getKeys()) {
                  Key key = jwk.toKey();
                  String use = jwk.get("use") instanceof String u ? u : "sig";
                  if (jwk.getId() != null && key instanceof PublicKey pk && "sig".equals(use)) {
                    fresh.put(jwk.getId(), pk);
                  }
                }
                keys = Map.copyOf(fresh);
                fetchedAt = Instant.now(clock);
                log.info("Fetched {} signing keys from {}", fresh.size(), url);
                promise.complete(keys);
              } catch (RuntimeException e) {
                log.warn("Cannot fetch signing keys from {}: {}", url, e.getMessage());
                promise.fail(e);
              } finally {
                synchronized (this) {
                  inFlight = null;
                }
              }
            });
    return promise.future();
  }
}
