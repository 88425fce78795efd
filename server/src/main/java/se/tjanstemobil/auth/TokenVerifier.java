package se.tjanstemobil.auth;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Text;

/**
 * Verifies bearer tokens: algorithm pinned to the configured asymmetric ones (never 'none', never
 * HMAC), signature by the key its 'kid' names, issuer, audience, expiry and not-before with a small
 * skew. Returns the value of the claim that names the employee.
 */
public final class TokenVerifier {

  private static final int CACHE_LIMIT = 20_000;

  private final List<KeySource> sources;
  private final Set<String> algorithms;
  private final String issuer;
  private final String audience;
  private final String employeeClaim;
  private final long skewSeconds;
  private final Clock clock;
  // A phone reuses its token for every call until it expires; verifying the signature once
  // per token keeps ECDSA off the hot path. Entries carry the expiry and are checked each time.
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();

  private record Verified(String subject, long expiresAtMillis, long notBeforeMillis) {}

  public TokenVerifier(
      List<KeySource> sources,
      List<String> algorithms,
      String issuer,
      String audience,
      String employeeClaim,
      long skewSeconds,
      Clock clock) {
    this.sources = sources;
    this.algorithms = Set.copyOf(algorithms);
    this.issuer = issuer;
    this.audience = audience;
    this.employeeClaim = employeeClaim;
    this.skewSeconds = skewSeconds;
    this.clock = clock;
  }

  /** The employee claim's value, or a failed future with a 401 Problem saying what is wrong. */
  public Future<String> verify(String token) {
    long now = clock.millis();
    Verified cached = verified.get(token);
    if (cached != null) {
      if (now <= cached.expiresAtMillis() + skewSeconds * 1000
          && now >= cached.notBeforeMillis() - skewSeconds * 1000) {
        return Future.succeededFuture(cached.subject());
      }
      verified.remove(token);
    }
    JsonObject header;
    try {
      header = header(token);
    } catch (RuntimeException e) {
      return Future.failedFuture(Problem.unauthorized(Text.of("auth.token.malformed")));
    }
    String alg = header.getValue("alg") instanceof String a ? a : null;
    if (alg == null || !algorithms.contains(alg)) {
      return Future.failedFuture(
          Problem.unauthorized(
              alg == null
                  ? Text.of("auth.token.noAlgorithm")
                  : Text.of("auth.token.algorithm", alg)));
    }
    String kid = header.getValue("kid") instanceof String k ? k : null;
    if (kid == null) {
      return Future.failedFuture(Problem.unauthorized(Text.of("auth.token.noKeyId")));
    }
    KeySource source =
        sources.stream()
            .filter(s -> s.knows(kid))
            .findFirst()
            .orElse(sources.get(sources.size() - 1));
    return source.key(kid).compose(key -> Future.succeededFuture(check(token, key, alg)));
  }

  // JJWT's clock and claims speak java.util.Date.
  @SuppressWarnings("JavaUtilDate")
  private String check(String token, PublicKey key, String expectedAlg) {
    Claims claims;
    try {
      claims =
          Jwts.parser()
              .keyLocator(
                  h -> {
                    // The algorithm was pinned above; the header cannot change between the two
                    // reads, but refuse anything else outright rather than trust the library's
                    // key-type checks alone. (JJWT's SecurityException, named in full: java.lang
                    // has one of that name.)
                    if (!expectedAlg.equals(h.getAlgorithm())) {
                      throw new io.jsonwebtoken.security.SecurityException("algorithm changed");
                    }
                    return key;
                  })
              .requireIssuer(issuer)
              .requireAudience(audience)
              .clockSkewSeconds(skewSeconds)
              .clock(() -> new Date(clock.millis()))
              .build()
              .parseSignedClaims(token)
              .getPayload();
    } catch (ExpiredJwtException e) {
      throw Problem.unauthorized(Text.of("auth.token.expired"));
    } catch (PrematureJwtException e) {
      throw Problem.unauthorized(Text.of("auth.token.notYetValid"));
    } catch (IncorrectClaimException | MissingClaimException e) {
      throw Problem.unauthorized(Text.of("auth.token.claimRefused", e.getClaimName()));
    } catch (JwtException | IllegalArgumentException e) {
      throw Problem.unauthorized(Text.of("auth.token.invalid"));
    }
    if (claims.getExpiration() == null) {
      throw Problem.unauthorized(Text.of("auth.token.noExpiry"));
    }
    Object subject = claims.get(employeeClaim);
    if (!(subject instanceof String s) || s.isBlank()) {
      throw Problem.unauthorized(Text.of("auth.token.noEmployeeClaim", employeeClaim));
    }
    if (verified.size() >= CACHE_LIMIT) {
      verified.clear();
    }
    long nbf = claims.getNotBefore() == null ? 0 : claims.getNotBefore().getTime();
    verified.put(token, new Verified(s, claims.getExpiration().getTime(), nbf));
    return s;
  }

  private static JsonObject header(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0 || token.length() > 16_384) {
      throw new IllegalArgumentException("not a JWT");
    }
    byte[] decoded = Base64.getUrlDecoder().decode(token.substring(0, dot));
    try {
      return new JsonObject(new String(decoded, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("header is not JSON", e);
    }
  }
}
