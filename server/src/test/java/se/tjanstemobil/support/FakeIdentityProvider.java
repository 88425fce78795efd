package se.tjanstemobil.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An OpenID Connect identity provider on 127.0.0.1 for the console's sign-in: /authorize signs in a
 * fixed person at once and redirects back with a code; /token exchanges the code only with the PKCE
 * verifier whose S256 challenge came with it, and answers an ES256 access token; /jwks.json
 * publishes the key. Like a real one, it lets the browser call /token from another origin.
 */
public final class FakeIdentityProvider implements AutoCloseable {

  public static final String ISSUER = "https://idp.region.example/realms/vard";
  public static final String AUDIENCE = "tjanstemobil-console";
  public static final String CLIENT_ID = "tjanstemobil-console";

  private record Grant(String challenge, String redirectUri, String subject) {}

  private final HttpServer http;
  private final KeyPair keys = Jwts.SIG.ES256.keyPair().build();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private volatile String subject;
  private final AtomicInteger refusedExchanges = new AtomicInteger();

  public FakeIdentityProvider(String subject) throws IOException {
    this(subject, HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
  }

  /** Over HTTPS with a certificate from a test CA (production trusts only an https JWKS URL). */
  public FakeIdentityProvider(String subject, TestCertificates.Issued tls) throws IOException {
    this(subject, https(tls));
  }

  private static HttpServer https(TestCertificates.Issued tls) throws IOException {
    try {
      KeyManagerFactory keys =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(TestCertificates.keyStore(tls.serverKeyStore()), TestCertificates.PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(context));
      return server;
    } catch (GeneralSecurityException e) {
      throw new IOException("Cannot serve HTTPS", e);
    }
  }

  private FakeIdentityProvider(String subject, HttpServer server) {
    this.subject = subject;
    http = server;
    http.createContext("/jwks.json", this::jwks);
    http.createContext("/authorize", this::authorize);
    http.createContext("/token", this::token);
    http.setExecutor(Executors.newCachedThreadPool());
    http.start();
  }

  public String base() {
    return (http instanceof HttpsServer ? "https" : "http")
        + "://127.0.0.1:"
        + http.getAddress().getPort();
  }

  /**
   * An access token as this provider signs them, naming the person in the given claim, for the
   * given audience.
   */
  public String token(String claim, String value, String audience) {
    Instant now = Instant.now();
    return Jwts.builder()
        .header()
        .keyId("idp-1")
        .and()
        .issuer(ISSUER)
        .audience()
        .add(audience)
        .and()
        .claim(claim, value)
        .subject(value)
        .issuedAt(Date.from(now))
        .notBefore(Date.from(now))
        .expiration(Date.from(now.plusSeconds(600)))
        .signWith(keys.getPrivate(), Jwts.SIG.ES256)
        .compact();
  }

  /** Exchanges refused (a wrong verifier, an unknown code). */
  public int refusedExchanges() {
    return refusedExchanges.get();
  }

  /** The server's overrides to trust this provider and offer it in the console (dev login off). */
  public Map<String, Object> serverConfig() {
    return Map.of(
        "auth.jwksUrl",
        base() + "/jwks.json",
        "auth.issuer",
        ISSUER,
        "auth.audience",
        AUDIENCE,
        "auth.devLogin.enabled",
        false,
        "console.oidc.authorizationEndpoint",
        base() + "/authorize",
        "console.oidc.tokenEndpoint",
        base() + "/token",
        "console.oidc.clientId",
        CLIENT_ID);
  }

  private void jwks(HttpExchange ex) throws IOException {
    PublicJwk<?> jwk = Jwks.builder().key(keys.getPublic()).id("idp-1").build();
    @SuppressWarnings({"unchecked", "rawtypes"})
    JsonObject key =
        new JsonObject(new HashMap<String, Object>((Map) jwk))
            .put("alg", "ES256")
            .put("use", "sig");
    send(
        ex,
        200,
        "application/json",
        new JsonObject().put("keys", new JsonArray().add(key)).encode());
  }

  private void authorize(HttpExchange ex) throws IOException {
    Map<String, String> q = form(ex.getRequestURI().getRawQuery());
    if (!"code".equals(q.get("response_type"))
        || !CLIENT_ID.equals(q.get("client_id"))
        || !"S256".equals(q.get("code_challenge_method"))
        || q.get("code_challenge") == null
        || q.get("redirect_uri") == null) {
      send(ex, 400, "text/plain", "bad authorization request: " + q);
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, new Grant(q.get("code_challenge"), q.get("redirect_uri"), subject));
    URI back = URI.create(q.get("redirect_uri") + "?code=" + code + "&state=" + q.get("state"));
    ex.getResponseHeaders().add("Location", back.toString());
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void token(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
    if ("OPTIONS".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().add("Access-Control-Allow-Headers", "Content-Type");
      ex.sendResponseHeaders(204, -1);
      ex.close();
      return;
    }
    Map<String, String> f =
        form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Grant g = codes.remove(String.valueOf(f.get("code")));
    if (g == null
        || f.get("code_verifier") == null
        || !g.challenge().equals(s256(f.get("code_verifier")))
        || !g.redirectUri().equals(f.get("redirect_uri"))) {
      refusedExchanges.incrementAndGet();
      send(
          ex,
          400,
          "application/json",
          new JsonObject()
              .put("error", "invalid_grant")
              .put("error_description", "The code or its PKCE verifier is not right")
              .encode());
      return;
    }
    Instant now = Instant.now();
    String token =
        Jwts.builder()
            .header()
            .keyId("idp-1")
            .and()
            .issuer(ISSUER)
            .audience()
            .add(AUDIENCE)
            .and()
            .subject(g.subject())
            .issuedAt(Date.from(now))
            .notBefore(Date.from(now))
            .expiration(Date.from(now.plusSeconds(600)))
            .signWith(keys.getPrivate(), Jwts.SIG.ES256)
            .compact();
    send(
        ex,
        200,
        "application/json",
        new JsonObject()
            .put("access_token", token)
            .put("token_type", "Bearer")
            .put("expires_in", 600)
            .encode());
  }

  private static String s256(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&", -1)) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void send(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
