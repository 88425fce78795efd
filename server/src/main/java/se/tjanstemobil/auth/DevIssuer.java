package se.tjanstemobil.auth;

import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import se.tjanstemobil.http.Problem;
import se.tjanstemobil.i18n.Text;

/**
 * The development issuer: the server signs its own ES256 tokens. The key pair is generated at first
 * start and kept with the data, so tokens survive restarts; its public half is published at
 * /.well-known/jwks.json.
 */
public final class DevIssuer implements KeySource {

  private final String kid;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final String issuer;
  private final String audience;
  private final long ttlSeconds;
  private final String employeeClaim;
  private final Clock clock;

  private DevIssuer(
      String kid,
      PrivateKey privateKey,
      PublicKey publicKey,
      String issuer,
      String audience,
      long ttlSeconds,
      String employeeClaim,
      Clock clock) {
    this.kid = kid;
    this.employeeClaim = employeeClaim;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.issuer = issuer;
    this.audience = audience;
    this.ttlSeconds = ttlSeconds;
    this.clock = clock;
  }

  /** Loads the key pair from the file, generating and writing it first if missing. Blocking. */
  public static DevIssuer loadOrCreate(
      Path keyFile,
      String issuer,
      String audience,
      long ttlSeconds,
      String employeeClaim,
      Clock clock)
      throws IOException, GeneralSecurityException {
    if (!Files.exists(keyFile)) {
      KeyPair pair = Jwts.SIG.ES256.keyPair().build();
      JsonObject stored =
          new JsonObject()
              .put("kid", "dev-" + UUID.randomUUID().toString().substring(0, 8))
              .put("algorithm", "ES256")
              .put("createdAt", Instant.now(clock).toString())
              .put("privateKey", Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()))
              .put("publicKey", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
      Path dir = keyFile.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "keys", ".tmp");
      Files.writeString(tmp, stored.encodePrettily(), StandardCharsets.UTF_8);
      // Only the server's user may read the signing key (where the file system has POSIX
      // permissions).
      if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.move(tmp, keyFile, StandardCopyOption.ATOMIC_MOVE);
    }
    JsonObject stored = new JsonObject(Files.readString(keyFile, StandardCharsets.UTF_8));
    KeyFactory ec = KeyFactory.getInstance("EC");
    PrivateKey priv =
        ec.generatePrivate(
            new PKCS8EncodedKeySpec(Base64.getDecoder().decode(stored.getString("privateKey"))));
    PublicKey pub =
        ec.generatePublic(
            new X509EncodedKeySpec(Base64.getDecoder().decode(stored.getString("publicKey"))));
    return new DevIssuer(
        stored.getString("kid"), priv, pub, issuer, audience, ttlSeconds, employeeClaim, clock);
  }

  public record IssuedToken(String token, long expiresIn) {}

  public IssuedToken issue(String subject) {
    Instant now = Instant.now(clock);
    String token =
        Jwts.builder()
            .header()
            .keyId(kid)
            .and()
            .issuer(issuer)
            .audience()
            .add(audience)
            .and()
            .subject(subject)
            // The token names the employee in the claim the verifier is configured to read.
            .claim(employeeClaim, subject)
            .id(UUID.randomUUID().toString())
            .issuedAt(Date.from(now))
            .notBefore(Date.from(now))
            .expiration(Date.from(now.plusSeconds(ttlSeconds)))
            .signWith(privateKey, Jwts.SIG.ES256)
            .compact();
    return new IssuedToken(token, ttlSeconds);
  }

  /** The JWK set with the public key, as published at /.well-known/jwks.json. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public JsonObject jwks() {
    PublicJwk<?> jwk = Jwks.builder().key(publicKey).id(kid).build();
    JsonObject key =
        new JsonObject(new HashMap<String, Object>((Map) jwk))
            .put("alg", "ES256")
            .put("use", "sig");
    return new JsonObject().put("keys", new JsonArray().add(key));
  }

  public String kid() {
    return kid;
  }

  @Override
  public boolean knows(String kid) {
    return this.kid.equals(kid);
  }

  @Override
  public Future<PublicKey> key(String kid) {
    return knows(kid)
        ? Future.succeededFuture(publicKey)
        : Future.failedFuture(Problem.unauthorized(Text.of("auth.token.unknownKey")));
  }
}
