package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * GET /me/events: a message reaches the recipient's open stream, on whichever instance it is
 * connected to.
 */
class EventStreamTest {

  private static TestServer first;
  private static TestServer second;

  @BeforeAll
  static void start() {
    first = TestServer.start("events");
    first.importOrganisation(Orgs.small());
    // A second instance on the same database, as behind a load balancer.
    second = TestServer.start("events_b", Map.of("database.url", first.databaseUrl()));
  }

  @AfterAll
  static void stop() {
    second.close();
    first.close();
  }

  /** An open event stream, collecting its lines on a background thread. */
  static final class Listener implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final Thread reader;
    volatile int status;

    Listener(Api api) {
      reader =
          new Thread(
              () -> {
                try {
                  HttpResponse<Stream<String>> r =
                      client.send(
                          api.builder("/api/v1/me/events")
                              .GET()
                              .timeout(Duration.ofMinutes(5))
                              .build(),
                          HttpResponse.BodyHandlers.ofLines());
                  status = r.statusCode();
                  r.body().forEach(lines::add);
                } catch (Exception closed) {
                  // the test is over
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    JsonObject awaitEvent(String type, long millis) throws InterruptedException {
      long until = System.currentTimeMillis() + millis;
      while (System.currentTimeMillis() < until) {
        for (int i = 0; i + 1 < lines.size(); i++) {
          if (lines.get(i).equals("event: " + type) && lines.get(i + 1).startsWith("data: ")) {
            return new JsonObject(lines.get(i + 1).substring(6));
          }
        }
        Thread.sleep(50);
      }
      return null;
    }

    boolean connected(long millis) throws InterruptedException {
      long until = System.currentTimeMillis() + millis;
      while (System.currentTimeMillis() < until) {
        if (lines.contains(": connected")) {
          return true;
        }
        Thread.sleep(20);
      }
      return false;
    }

    @Override
    public void close() {
      reader.interrupt();
    }
  }

  @Test
  void aMessageReachesTheRecipientsStreamOnAnotherInstanceAndNobodyElses() throws Exception {
    try (Listener nurseA = new Listener(second.as("nurse-a"));
        Listener nurseB = new Listener(second.as("nurse-b"))) {
      assertTrue(nurseA.connected(5_000), "stream did not open: " + nurseA.lines);
      assertTrue(nurseB.connected(5_000));
      assertEquals(200, nurseA.status);

      String wardA =
          PushDeliveryTest.queryString(first, "SELECT id FROM units WHERE external_id = 'WARD-A'");
      Api.Response sent =
          first
              .as("manager-a")
              .post(
                  "/api/v1/messages",
                  new JsonObject()
                      .put("title", "Fika kl 15")
                      .put("body", "Välkomna till fikarummet.")
                      .put("category", "SOCIAL")
                      .put(
                          "audience",
                          new JsonObject()
                              .put(
                                  "units",
                                  new JsonArray().add(new JsonObject().put("id", wardA)))));
      assertEquals(201, sent.status(), sent.text());

      JsonObject event = nurseA.awaitEvent("message", 10_000);
      assertTrue(event != null, "no message event on the other instance: " + nurseA.lines);
      assertEquals(sent.json().getString("id"), event.getString("messageId"));
      assertEquals("Fika kl 15", event.getString("title"));
      assertEquals("Maja Manager", event.getJsonObject("sender").getString("name"));
      TimeUnit.MILLISECONDS.sleep(500);
      assertFalse(
          nurseB.lines.contains("event: message"), "nurse-b is not a recipient: " + nurseB.lines);
    }
  }

  /**
   * An event stream over a plain socket, which the test can close as a phone that goes away would.
   */
  private static java.net.Socket openStream(TestServer server, String token)
      throws java.io.IOException {
    java.net.URI base = java.net.URI.create(server.api.base());
    java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort());
    socket.setSoTimeout(10_000);
    socket
        .getOutputStream()
        .write(
            ("GET /api/v1/me/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + token
                    + "\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return socket;
  }

  /**
   * What the server sent on a stream up to its first event comment, or up to the end of a refusal.
   */
  private static String head(java.net.Socket socket) throws java.io.IOException {
    java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
    java.io.InputStream in = socket.getInputStream();
    for (int b; (b = in.read()) >= 0; ) {
      seen.write(b);
      String text = seen.toString(java.nio.charset.StandardCharsets.UTF_8);
      if (text.contains(": connected\n") || text.startsWith("HTTP/1.1 429") && text.endsWith("}")) {
        break;
      }
    }
    return seen.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void aPersonMayHoldOnlyABoundedNumberOfStreams() throws Exception {
    String hr = first.as("hr").token();
    List<java.net.Socket> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        java.net.Socket s = openStream(first, hr);
        open.add(s);
        String head = head(s);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        assertTrue(head.toLowerCase().contains("cache-control: no-store"), head);
      }
      try (java.net.Socket sixth = openStream(first, hr)) {
        String refused = head(sixth);
        assertTrue(refused.startsWith("HTTP/1.1 429"), refused);
        assertTrue(
            refused.toLowerCase().contains("content-type: application/problem+json"), refused);
        assertTrue(refused.toLowerCase().contains("retry-after: "), refused);
        JsonObject problem =
            new JsonObject(
                refused
                    .substring(refused.indexOf("\r\n\r\n") + 4)
                    .replaceAll("(?s)^[0-9a-f]+\r\n", ""));
        assertEquals("urn:tjanstemobil:problem:too-many-streams", problem.getString("type"));
      }
      // Someone else is not held back by it.
      try (java.net.Socket other = openStream(first, first.as("manager-b").token())) {
        assertTrue(head(other).startsWith("HTTP/1.1 200"));
      }
      // A stream that goes away frees its place.
      open.remove(0).close();
      se.tjanstemobil.support.Eventually.until(
          "a place to free up",
          java.time.Duration.ofSeconds(10),
          () -> {
            try (java.net.Socket again = openStream(first, hr)) {
              return head(again);
            } catch (java.io.IOException e) {
              return e.toString();
            }
          },
          head -> head.startsWith("HTTP/1.1 200"));
    } finally {
      for (java.net.Socket s : open) {
        s.close();
      }
    }
  }

  @Test
  void theStreamNeedsAToken() {
    first.api.get("/api/v1/me/events").problem(401);
  }

  @Test
  void aBookingReachesTheBookersStreamOnAnotherInstance() throws Exception {
    Api admin = first.as("admin");
    String hub =
        se.tjanstemobil.support.HubFixture.hub(
                admin,
                "Arbetshubb Händelser",
                se.tjanstemobil.support.HubFixture.alwaysOpen(),
                null)
            .getString("id");
    String desk = se.tjanstemobil.support.HubFixture.resource(admin, hub, "DESK", "Skrivbord 1");
    java.time.LocalDate tomorrow =
        java.time.LocalDate.now(se.tjanstemobil.support.HubFixture.STOCKHOLM).plusDays(1);
    try (Listener nurseB = new Listener(second.as("nurse-b"));
        Listener nurseA = new Listener(second.as("nurse-a"))) {
      assertTrue(nurseB.connected(5_000), "stream did not open: " + nurseB.lines);
      assertTrue(nurseA.connected(5_000));
      Api.Response booked =
          se.tjanstemobil.support.HubFixture.book(
              first.as("nurse-b"),
              desk,
              se.tjanstemobil.support.HubFixture.at(tomorrow, 8, 0),
              se.tjanstemobil.support.HubFixture.at(tomorrow, 9, 0));
      assertEquals(201, booked.status(), booked.text());
      JsonObject event = nurseB.awaitEvent("booking", 10_000);
      assertTrue(event != null, "no booking event: " + nurseB.lines);
      assertEquals(booked.json().getString("id"), event.getString("id"));
      assertEquals("BOOKED", event.getString("status"));
      TimeUnit.MILLISECONDS.sleep(500);
      assertFalse(nurseA.lines.contains("event: booking"), "nurse-a did not book: " + nurseA.lines);
    }
  }
}
