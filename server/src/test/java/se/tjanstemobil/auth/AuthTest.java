package se.tjanstemobil.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestDatabase;
import se.tjanstemobil.support.TestServer;

/**
 * Bearer token verification over HTTP against the real server: the dev issuer's tokens, forged and
 * broken tokens, and an identity provider's JWKS with key rotation and refetch limits.
 */
class AuthTest {

  private static final String ISSUER = "tjanstemobil-dev";
  private static final String AUDIENCE = "tjanstemobil";
  private static final String ME = "/api/v1/me";

  private static TestServer server;
  // The identity-provider servers' clock: the key cache ages by it (tokens keep the real time).
  private static TestClock clock;
  private static String devKid;
  private static PrivateKey devPrivate;
  private static PublicKey devPublic;

  @BeforeAll
  static void start() throws Exception {
    clock = new TestClock(Instant.now());
    server = TestServer.start("auth");
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(Orgs.employee("nurse-en", "Nancy Nurse", "WARD-A").put("locale", "en"));
    server.importOrganisation(org);
    JsonObject stored =
        new JsonObject(Files.readString(TestDatabase.targetDir().resolve("test-keys/auth.json")));
    KeyFactory ec = KeyFactory.getInstance("EC");
    devKid = stored.getString("kid");
    devPrivate =
        ec.generatePrivate(
            new PKCS8EncodedKeySpec(Base64.getDecoder().decode(stored.getString("privateKey"))));
    devPublic =
        ec.generatePublic(
            new X509EncodedKeySpec(Base64.getDecoder().decode(stored.getString("publicKey"))));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  // ---------------------------------------------------------------- the dev issuer

  @Test
  void aDevLoginTokenOpensMe() {
    Api.Response r = server.as("nurse-a").get(ME);
    assertEquals(200, r.status(), r.text());
    assertEquals("nurse-a", r.json().getString("externalId"));
    assertEquals("Nils Nurse", r.json().getString("name"));
  }

  @Test
  void aTokenForgedExactlyLikeTheDevIssuerWouldIsAccepted() {
    // Sanity check of the forging helper: with the right claims the hand-made token works, so
    // every refusal below is caused by the one thing each token gets wrong.
    Api.Response r = call(devToken().sign());
    assertEquals(200, r.status(), r.text());
    assertEquals("nurse-a", r.json().getString("externalId"));
  }

  @Test
  void noAuthorizationHeaderIs401() {
    assertUnauthorized(server.api.get(ME));
  }

  @Test
  void aNonBearerSchemeIs401() {
    String basic =
        Base64.getEncoder().encodeToString("nurse-a:secret".getBytes(StandardCharsets.UTF_8));
    assertUnauthorized(
        server.api.send(server.api.builder(ME).header("Authorization", "Basic " + basic)));
  }

  @Test
  void garbageIs401() {
    assertUnauthorized(call("garbage"));
    assertUnauthorized(call("a.b.c"));
  }

  @Test
  void anExpiredTokenIs401() {
    Instant now = Instant.now();
    JsonObject p =
        assertUnauthorized(
            call(
                devToken()
                    .validFrom(now.minusSeconds(7200))
                    .expires(now.minusSeconds(3600))
                    .sign()));
    assertEquals("Tokenen har gått ut; logga in igen", p.getString("detail"));
  }

  @Test
  void beforeSignInTheRefusalIsInTheLanguageTheRequestAsksFor() {
    Instant now = Instant.now();
    String expired =
        devToken().validFrom(now.minusSeconds(7200)).expires(now.minusSeconds(3600)).sign();
    Api.Response en =
        server.api.send(
            server
                .api
                .withToken(expired)
                .builder(ME)
                .header("Accept-Language", "en-GB,en;q=0.9,sv;q=0.5"));
    JsonObject p = assertUnauthorized(en);
    assertEquals("The token has expired; sign in again", p.getString("detail"));
    assertEquals("Du behöver logga in", server.api.get(ME).problem(401).getString("title"));
    assertEquals("You need to sign in", p.getString("title"));
    assertEquals("en", en.headers().firstValue("Content-Language").orElse(null));
    JsonObject none =
        assertUnauthorized(server.api.send(server.api.builder(ME).header("Accept-Language", "en")));
    assertEquals(
        "Sign in: the request has no bearer token (Authorization: Bearer <token>)",
        none.getString("detail"));
    assertEquals(
        "Logga in: begäran saknar en bearer-token (Authorization: Bearer <token>)",
        assertUnauthorized(server.api.get(ME)).getString("detail"));
  }

  @Test
  void aRoleRefusalNamesTheRoleByItsLabelInThePersonsLanguage() {
    JsonObject sv = server.as("nurse-a").get("/api/v1/admin/audit").problem(403);
    assertEquals("Det här kräver rollen Administratör", sv.getString("detail"));
    JsonObject en = server.as("nurse-en").get("/api/v1/admin/audit").problem(403);
    assertEquals("This needs the role Administrator", en.getString("detail"));
    // A signed-in person's own language wins over what the browser asks for.
    Api.Response asked =
        server.api.send(
            server.as("nurse-en").builder("/api/v1/admin/audit").header("Accept-Language", "sv"));
    assertEquals("This needs the role Administrator", asked.problem(403).getString("detail"));
    assertEquals(
        "Det här kräver någon av rollerna HR, Administratör, Chef",
        server
            .as("nurse-a")
            .get("/api/v1/reports/after-hours?month=2026-11")
            .problem(403)
            .getString("detail"));
  }

  @Test
  void devLoginSaysWhatIsWrongInTheCallersLanguage() {
    JsonObject both =
        server
            .api
            .post(
                "/api/v1/auth/dev-login",
                new JsonObject()
                    .put("externalId", "nurse-a")
                    .put("employeeId", UUID.randomUUID().toString()))
            .problem(400);
    assertEquals("body: ange precis ett av employeeId och externalId", both.getString("detail"));
    Api.Response unknown =
        server.api.send(
            server
                .api
                .builder("/api/v1/auth/dev-login")
                .header("Content-Type", "application/json")
                .header("Accept-Language", "en")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        new JsonObject().put("externalId", "nobody").encode())));
    assertEquals("There is no active employee nobody", unknown.problem(404).getString("detail"));
  }

  @Test
  void aTokenJustPastExpiryIsAcceptedWithinTheClockSkew() {
    Instant now = Instant.now();
    Api.Response r =
        call(devToken().validFrom(now.minusSeconds(600)).expires(now.minusSeconds(5)).sign());
    assertEquals(200, r.status(), r.text());
  }

  @Test
  void aTokenNotYetValidIs401() {
    Instant now = Instant.now();
    JsonObject p =
        assertUnauthorized(
            call(devToken().validFrom(now.plusSeconds(120)).expires(now.plusSeconds(3600)).sign()));
    assertEquals("Tokenen gäller inte än", p.getString("detail"));
  }

  @Test
  void aTokenValidInAFewSecondsIsAcceptedWithinTheClockSkew() {
    Instant now = Instant.now();
    Api.Response r =
        call(devToken().validFrom(now.plusSeconds(5)).expires(now.plusSeconds(3600)).sign());
    assertEquals(200, r.status(), r.text());
  }

  @Test
  void aTokenWithoutExpiryIs401() {
    assertUnauthorized(call(devToken().expires(null).sign()));
  }

  @Test
  void aWrongIssuerIs401() {
    JsonObject p = assertUnauthorized(call(devToken().issuer("https://evil.example").sign()));
    assertEquals("Tokenens iss godtas inte", p.getString("detail"));
  }

  @Test
  void aWrongAudienceIs401() {
    JsonObject p = assertUnauthorized(call(devToken().audience("some-other-app").sign()));
    assertEquals("Tokenens aud godtas inte", p.getString("detail"));
  }

  @Test
  void aTokenSignedWithAnotherKeyUnderTheDevIssuersKidIs401() {
    KeyPair other = Jwts.SIG.ES256.keyPair().build();
    assertUnauthorized(call(devToken().signedBy(other.getPrivate()).sign()));
  }

  @Test
  void aTamperedPayloadIs401() {
    // A nurse's genuine token with the payload swapped for one naming the admin.
    String[] nurse = devToken().subject("nurse-a").sign().split("\\.", -1);
    String[] admin = devToken().subject("admin").sign().split("\\.", -1);
    assertUnauthorized(call(nurse[0] + "." + admin[1] + "." + nurse[2]));
  }

  @Test
  void anUnsignedAlgNoneTokenIs401() {
    long now = Instant.now().getEpochSecond();
    JsonObject payload =
        new JsonObject()
            .put("iss", ISSUER)
            .put("aud", AUDIENCE)
            .put("sub", "admin")
            .put("iat", now)
            .put("nbf", now)
            .put("exp", now + 600);
    for (String alg : List.of("none", "None", "NONE")) {
      JsonObject header = new JsonObject().put("alg", alg).put("typ", "JWT").put("kid", devKid);
      String token = b64(header.encode()) + "." + b64(payload.encode()) + ".";
      JsonObject p = assertUnauthorized(call(token));
      assertEquals("Tokenens algoritm " + alg + " godtas inte", p.getString("detail"));
    }
  }

  @Test
  void hs256SignedWithTheDevIssuersPublicKeyIs401() {
    // Key confusion: an attacker knows the public key (it is published) and uses its bytes as
    // an HMAC secret, hoping the server verifies HS256 with "the key for this kid".
    byte[] publicBytes = devPublic.getEncoded();
    Instant now = Instant.now();
    String token =
        Jwts.builder()
            .header()
            .keyId(devKid)
            .and()
            .issuer(ISSUER)
            .audience()
            .add(AUDIENCE)
            .and()
            .subject("admin")
            .issuedAt(Date.from(now))
            .notBefore(Date.from(now))
            .expiration(Date.from(now.plusSeconds(600)))
            .signWith(new SecretKeySpec(publicBytes, "HmacSHA256"), Jwts.SIG.HS256)
            .compact();
    JsonObject p = assertUnauthorized(call(token));
    assertEquals("Tokenens algoritm HS256 godtas inte", p.getString("detail"));

    // The same with the published JWK's encoding of the key as the secret.
    JsonObject jwk =
        server.api.get("/.well-known/jwks.json").json().getJsonArray("keys").getJsonObject(0);
    String token2 =
        Jwts.builder()
            .header()
            .keyId(devKid)
            .and()
            .issuer(ISSUER)
            .audience()
            .add(AUDIENCE)
            .and()
            .subject("admin")
            .expiration(Date.from(now.plusSeconds(600)))
            .signWith(
                new SecretKeySpec(jwk.encode().getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
                Jwts.SIG.HS256)
            .compact();
    assertUnauthorized(call(token2));
  }

  @Test
  void aValidTokenNamingAnUnknownEmployeeIs401() {
    JsonObject p = assertUnauthorized(call(devToken().subject("nobody-here").sign()));
    assertEquals("Tokenen anger ingen aktiv medarbetare", p.getString("detail"));
  }

  @Test
  void theDevIssuersKeyIsPublishedAndVerifiesItsTokens() {
    JsonArray keys = server.api.get("/.well-known/jwks.json").json().getJsonArray("keys");
    assertEquals(1, keys.size(), keys.encode());
    JsonObject jwk = keys.getJsonObject(0);
    assertEquals(devKid, jwk.getString("kid"));
    assertTrue(!jwk.containsKey("d"), "the private part must never be published: " + jwk.encode());
    PublicKey published = (PublicKey) Jwks.parser().build().parse(jwk.encode()).toKey();
    String token = server.as("manager-a").token();
    assertEquals(
        "manager-a",
        Jwts.parser()
            .verifyWith(published)
            .requireIssuer(ISSUER)
            .requireAudience(AUDIENCE)
            .build()
            .parseSignedClaims(token)
            .getPayload()
            .getSubject());
  }

  // ---------------------------------------------------------------- an identity provider's JWKS

  private static final String IDP_ISSUER = "https://idp.region.example/realms/vard";
  private static final String IDP_AUDIENCE = "tjanstemobil-app";

  @Test
  void jwksKeysAreAcceptedAndRotationIsPickedUp() throws Exception {
    try (FakeJwks idp = new FakeJwks()) {
      SigningKey first = SigningKey.rsa("idp-2026-01");
      idp.serve(first);
      try (TestServer s = idpServer("auth_jwks_rotation", idp, 0)) {
        // (a) a token signed by the provider's key is accepted
        Api.Response r = s.api.withToken(first.token("nurse-b")).get(ME);
        assertEquals(200, r.status(), r.text());
        assertEquals("nurse-b", r.json().getString("externalId"));
        assertEquals(1, idp.fetches(), "the keys are fetched on first use");

        // Known keys come from the cache: no fetch per request.
        assertEquals(200, s.api.withToken(first.token("nurse-a")).get(ME).status());
        assertEquals(1, idp.fetches());

        // The server is not its own issuer here: no dev login, and dev-style tokens do not pass.
        assertEquals(
            "Dev-inloggning är inte påslagen på den här servern",
            s.api
                .post("/api/v1/auth/dev-login", new JsonObject().put("externalId", "admin"))
                .problem(404)
                .getString("detail"));
        assertUnauthorized(
            s.api.withToken(devToken().issuer(IDP_ISSUER).audience(IDP_AUDIENCE).sign()).get(ME));

        // (b) the provider rotates to a new key (another algorithm, too); the first token with
        // the new kid makes the server refetch, and it is accepted.
        SigningKey second = SigningKey.ec("idp-2026-02");
        idp.serve(second);
        int before = idp.fetches();
        r = s.api.withToken(second.token("manager-b")).get(ME);
        assertEquals(200, r.status(), r.text());
        assertEquals("manager-b", r.json().getString("externalId"));
        assertEquals(before + 1, idp.fetches());

        // The retired key no longer opens anything new.
        assertUnauthorized(s.api.withToken(first.token("admin")).get(ME));

        // Right key, wrong issuer or audience: still refused.
        assertUnauthorized(s.api.withToken(second.token("admin", ISSUER, IDP_AUDIENCE)).get(ME));
        assertUnauthorized(s.api.withToken(second.token("admin", IDP_ISSUER, AUDIENCE)).get(ME));

        // (c) a kid the provider never had, even with a genuine-looking signature, is 401; with
        // no refetch limit configured, each one is looked up.
        SigningKey stranger = SigningKey.ec("never-published");
        before = idp.fetches();
        JsonObject p = assertUnauthorized(s.api.withToken(stranger.token("admin")).get(ME));
        assertEquals("Tokenen är signerad med en okänd nyckel", p.getString("detail"));
        assertEquals(before + 1, idp.fetches(), "an unknown kid triggers a refetch");

        // A token with the new kid but signed by another key is refused.
        SigningKey impostor = SigningKey.ec(second.kid);
        assertUnauthorized(s.api.withToken(impostor.token("admin")).get(ME));
      }
    }
  }

  @Test
  void unknownKidsCannotMakeTheServerHammerTheProvider() throws Exception {
    try (FakeJwks idp = new FakeJwks()) {
      SigningKey key = SigningKey.ec("idp-a");
      idp.serve(key);
      try (TestServer s = idpServer("auth_jwks_ratelimit", idp, 3600)) {
        assertEquals(200, s.api.withToken(key.token("nurse-a")).get(ME).status());
        int before = idp.fetches();
        assertEquals(1, before);

        for (int i = 0; i < 6; i++) {
          assertUnauthorized(s.api.withToken(SigningKey.ec("forged-" + i).token("admin")).get(ME));
        }
        assertTrue(
            idp.fetches() - before <= 1,
            "six unknown kids caused " + (idp.fetches() - before) + " fetches");

        // Genuine tokens keep working meanwhile, from the cache.
        int afterFlood = idp.fetches();
        assertEquals(200, s.api.withToken(key.token("nurse-b")).get(ME).status());
        assertEquals(afterFlood, idp.fetches());
      }
    }
  }

  @Test
  void anUnreachableProviderIsNotAskedOnEveryRequest() throws Exception {
    try (FakeJwks idp = new FakeJwks()) {
      SigningKey key = SigningKey.ec("idp-b");
      idp.serve(key);
      idp.failWith(503);
      try (TestServer s = idpServer("auth_jwks_down", idp, 3600)) {
        for (int i = 0; i < 5; i++) {
          JsonObject p = assertUnauthorized(s.api.withToken(key.token("nurse-a")).get(ME));
          assertEquals(
              "Identitetsleverantörens nycklar kan inte hämtas just nu; försök igen om en stund",
              p.getString("detail"));
        }
        assertEquals(1, idp.fetches(), "a failing provider was asked on every request");
      }
    }
  }

  @Test
  void knownKeysKeepWorkingWhileTheProviderIsDown() throws Exception {
    try (FakeJwks idp = new FakeJwks()) {
      SigningKey key = SigningKey.ec("idp-c");
      idp.serve(key);
      try (TestServer s =
          idpServer("auth_jwks_outage", idp, 3600, Map.of("auth.jwksCacheSeconds", 1))) {
        assertEquals(200, s.api.withToken(key.token("nurse-a")).get(ME).status());
        assertEquals(1, idp.fetches());

        idp.failWith(503);
        clock.advance(Duration.ofMillis(1200)); // the cached key set is now stale
        for (String who : List.of("nurse-b", "manager-a", "manager-b")) {
          Api.Response r = s.api.withToken(key.token(who)).get(ME);
          assertEquals(200, r.status(), r.text());
        }
        assertEquals(
            2,
            idp.fetches(),
            "one attempt to refresh the stale keys, then no more within the limit");
        // Unknown keys are still refused while the provider is down.
        assertUnauthorized(s.api.withToken(SigningKey.ec("idp-d").token("admin")).get(ME));
      }
    }
  }

  @Test
  void requestsArrivingDuringARefetchWaitForIt() throws Exception {
    try (FakeJwks idp = new FakeJwks()) {
      SigningKey first = SigningKey.ec("idp-old");
      idp.serve(first);
      try (TestServer s = idpServer("auth_jwks_concurrent", idp, 1)) {
        assertEquals(200, s.api.withToken(first.token("nurse-a")).get(ME).status());
        clock.advance(Duration.ofMillis(1200)); // past the refetch limit

        // The provider rotates and answers slowly; several phones arrive with the new kid at once.
        SigningKey second = SigningKey.ec("idp-new");
        idp.serve(second);
        idp.delayMillis(700);
        List<CompletableFuture<Api.Response>> calls = new ArrayList<>();
        var pool = Executors.newFixedThreadPool(5);
        try {
          for (String who : List.of("nurse-a", "nurse-b", "manager-a", "manager-b", "head")) {
            calls.add(
                CompletableFuture.supplyAsync(
                    () -> s.api.withToken(second.token(who)).get(ME), pool));
          }
          for (CompletableFuture<Api.Response> call : calls) {
            Api.Response r = call.get();
            assertEquals(200, r.status(), r.text());
          }
        } finally {
          pool.shutdownNow();
        }
        assertEquals(2, idp.fetches(), "the concurrent requests share one refetch");
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private static TestServer idpServer(String name, FakeJwks idp, int minRefetchSeconds) {
    return idpServer(name, idp, minRefetchSeconds, Map.of());
  }

  private static TestServer idpServer(
      String name, FakeJwks idp, int minRefetchSeconds, Map<String, Object> more) {
    Map<String, Object> overrides =
        new HashMap<>(
            Map.of(
                "auth.jwksUrl", idp.url(),
                "auth.issuer", IDP_ISSUER,
                "auth.audience", IDP_AUDIENCE,
                "auth.devLogin.enabled", false,
                "auth.jwksMinRefetchSeconds", minRefetchSeconds));
    overrides.putAll(more);
    TestServer s = TestServer.start(name, overrides, clock);
    s.importOrganisation(Orgs.small());
    return s;
  }

  private static Api.Response call(String token) {
    return server.api.withToken(token).get(ME);
  }

  private static JsonObject assertUnauthorized(Api.Response r) {
    JsonObject p = r.problem(401);
    assertEquals(
        "Bearer",
        r.headers().firstValue("WWW-Authenticate").orElse(null),
        "WWW-Authenticate header");
    return p;
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static DevToken devToken() {
    return new DevToken();
  }

  /** A token made as the dev issuer makes them; each setter breaks one thing. */
  private static final class DevToken {
    private String issuer = ISSUER;
    private String audience = AUDIENCE;
    private String subject = "nurse-a";
    private Instant notBefore = Instant.now();
    private Instant expires = Instant.now().plusSeconds(600);
    private PrivateKey key = devPrivate;

    DevToken issuer(String v) {
      issuer = v;
      return this;
    }

    DevToken audience(String v) {
      audience = v;
      return this;
    }

    DevToken subject(String v) {
      subject = v;
      return this;
    }

    DevToken validFrom(Instant v) {
      notBefore = v;
      return this;
    }

    DevToken expires(Instant v) {
      expires = v;
      return this;
    }

    DevToken signedBy(PrivateKey v) {
      key = v;
      return this;
    }

    String sign() {
      var b =
          Jwts.builder()
              .header()
              .keyId(devKid)
              .and()
              .issuer(issuer)
              .audience()
              .add(audience)
              .and()
              .subject(subject)
              .id(UUID.randomUUID().toString())
              .issuedAt(Date.from(notBefore))
              .notBefore(Date.from(notBefore));
      if (expires != null) {
        b.expiration(Date.from(expires));
      }
      return b.signWith(key, Jwts.SIG.ES256).compact();
    }
  }

  /** A key pair of the fake identity provider, with its kid. */
  private record SigningKey(String kid, KeyPair pair, String alg) {

    static SigningKey rsa(String kid) {
      return new SigningKey(kid, Jwts.SIG.RS256.keyPair().build(), "RS256");
    }

    static SigningKey ec(String kid) {
      return new SigningKey(kid, Jwts.SIG.ES256.keyPair().build(), "ES256");
    }

    String token(String subject) {
      return token(subject, IDP_ISSUER, IDP_AUDIENCE);
    }

    String token(String subject, String issuer, String audience) {
      Instant now = Instant.now();
      var b =
          Jwts.builder()
              .header()
              .keyId(kid)
              .and()
              .issuer(issuer)
              .audience()
              .add(audience)
              .and()
              .subject(subject)
              .id(UUID.randomUUID().toString())
              .issuedAt(Date.from(now))
              .notBefore(Date.from(now))
              .expiration(Date.from(now.plusSeconds(600)));
      return "RS256".equals(alg)
          ? b.signWith(pair.getPrivate(), Jwts.SIG.RS256).compact()
          : b.signWith(pair.getPrivate(), Jwts.SIG.ES256).compact();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    JsonObject jwk() {
      PublicJwk<?> jwk = Jwks.builder().key(pair.getPublic()).id(kid).build();
      return new JsonObject(new HashMap<String, Object>((Map) jwk))
          .put("alg", alg)
          .put("use", "sig");
    }
  }

  /** A JWKS endpoint on 127.0.0.1 that serves the key set we choose and counts its requests. */
  private static final class FakeJwks implements AutoCloseable {
    private final HttpServer http;
    private final AtomicReference<String> body = new AtomicReference<>("{\"keys\":[]}");
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicLong delay = new AtomicLong();
    private final AtomicInteger fetches = new AtomicInteger();

    FakeJwks() throws IOException {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.createContext(
          "/jwks.json",
          exchange -> {
            fetches.incrementAndGet();
            try {
              long ms = delay.get();
              if (ms > 0) {
                // A slow provider in real time: requests must queue on the one refetch in flight.
                Thread.sleep(ms);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            byte[] bytes =
                status.get() == 200
                    ? body.get().getBytes(StandardCharsets.UTF_8)
                    : "{\"error\":\"unavailable\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          });
      http.setExecutor(Executors.newCachedThreadPool());
      http.start();
    }

    String url() {
      return "http://127.0.0.1:" + http.getAddress().getPort() + "/jwks.json";
    }

    /** Publishes exactly these keys from now on. */
    void serve(SigningKey... keys) {
      JsonArray set = new JsonArray();
      for (SigningKey k : keys) {
        set.add(k.jwk());
      }
      body.set(new JsonObject().put("keys", set).encode());
    }

    void failWith(int code) {
      status.set(code);
    }

    void delayMillis(long ms) {
      delay.set(ms);
    }

    int fetches() {
      return fetches.get();
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }
}
