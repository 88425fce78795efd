package se.tjanstemobil.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** A small HTTP client for tests, speaking to the server as the app would. */
public final class Api {

  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  private final String base;
  private final String token;
  private final boolean heldToContract;

  public Api(String base) {
    this(base, null, true);
  }

  private Api(String base, String token, boolean heldToContract) {
    this.base = base;
    this.token = token;
    this.heldToContract = heldToContract;
  }

  public Api withToken(String token) {
    return new Api(base, token, heldToContract);
  }

  /**
   * The same client, its answers not held to the contract: for a test whose subject is what answers
   * before any operation does (a CORS refusal of an unlisted origin, the management port), where
   * the contract's operations do not apply.
   */
  public Api offContract() {
    return new Api(base, token, false);
  }

  public String base() {
    return base;
  }

  public String token() {
    return token;
  }

  public record Response(int status, String text, HttpHeaders headers) {
    public JsonObject json() {
      return new JsonObject(text);
    }

    public JsonArray items() {
      return json().getJsonArray("items");
    }

    public String contentType() {
      return headers.firstValue("content-type").orElse("");
    }

    /** Asserts the answer is an RFC 9457 problem with this status, and returns it. */
    public JsonObject problem(int expectedStatus) {
      if (status != expectedStatus) {
        throw new AssertionError("expected " + expectedStatus + " but was " + status + ": " + text);
      }
      if (!contentType().startsWith("application/problem+json")) {
        throw new AssertionError(
            "expected application/problem+json but was " + contentType() + ": " + text);
      }
      JsonObject p = json();
      if (p.getInteger("status") != expectedStatus
          || p.getString("type") == null
          || p.getString("title") == null) {
        throw new AssertionError("not a problem body: " + text);
      }
      return p;
    }
  }

  /**
   * Logs in through the dev issuer (the dev and test profiles) and returns a client carrying the
   * token.
   */
  public Api as(String externalId) {
    Response r = post("/api/v1/auth/dev-login", new JsonObject().put("externalId", externalId));
    if (r.status() != 200) {
      throw new AssertionError(
          "dev login as " + externalId + " failed: " + r.status() + " " + r.text());
    }
    return withToken(r.json().getString("accessToken"));
  }

  public Response get(String path) {
    return send(builder(path).GET());
  }

  public Response delete(String path) {
    return send(builder(path).DELETE());
  }

  public Response post(String path, Object body) {
    return send(
        builder(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body.toString())));
  }

  public Response put(String path, Object body) {
    return send(
        builder(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body.toString())));
  }

  /** Sends a raw body with any content type. */
  public Response raw(String method, String path, String contentType, String body) {
    HttpRequest.Builder b = builder(path).method(method, HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    return send(b);
  }

  /**
   * Sends the request and checks the answer against the contract: its status must be declared for
   * the operation, its media type for that status, and its body must fit the declared schema (see
   * {@link Contract#responseDrifts}). A drift fails the test that met it, where it starts.
   */
  public Response send(HttpRequest.Builder request) {
    try {
      HttpRequest built = request.build();
      HttpResponse<String> r = CLIENT.send(built, HttpResponse.BodyHandlers.ofString());
      Response response = new Response(r.statusCode(), r.body(), r.headers());
      if (heldToContract) {
        checkAgainstContract(built, response);
      }
      return response;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void checkAgainstContract(HttpRequest request, Response response) {
    String method = request.method();
    if (method.equals("OPTIONS") || method.equals("HEAD")) {
      return; // answered by the router (CORS preflight) or without a body: no operation to hold
      // them to
    }
    List<String> drifts =
        Contract.shared()
            .responseDrifts(
                method,
                request.uri().getRawPath(),
                response.status(),
                response.contentType(),
                response.text());
    if (!drifts.isEmpty()) {
      String body = response.text() == null ? "" : response.text();
      throw new AssertionError(
          "The answer to "
              + method
              + " "
              + request.uri().getRawPath()
              + " drifts from the contract:\n  "
              + String.join("\n  ", drifts)
              + "\nbody: "
              + (body.length() > 2000 ? body.substring(0, 2000) + "..." : body));
    }
  }

  public HttpRequest.Builder builder(String path) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }
}
