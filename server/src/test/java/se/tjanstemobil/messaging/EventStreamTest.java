package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Eventually;
import se.tjanstemobil.support.HubFixture;
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

    /** The first event of this type on the stream (waiting for it up to {@code millis}). */
    JsonObject awaitEvent(String type, long millis) {
      return Eventually.until(
          "an event " + type + " on " + lines,
          Duration.ofMillis(millis),
          () -> firstEvent(type),
          event -> event != null);
    }

    private JsonObject firstEvent(String type) {
      for (int i = 0; i + 1 < lines.size(); i++) {
        if (lines.get(i).equals("event: " + type) && lines.get(i + 1).startsWith("data: ")) {
          return new JsonObject(lines.get(i + 1).substring(6));
        }
      }
      return null;
    }

    boolean connected(long millis) {
      return Eventually.holds(Duration.ofMillis(millis), () -> lines.contains(": connected"));
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
      // nurse-b is not a recipient: the first message event her stream gets is one to her ward,
      // sent after nurse-a's arrived.
      String wardB =
          PushDeliveryTest.queryString(first, "SELECT id FROM units WHERE external_id = 'WARD-B'");
      Api.Response marker =
          first
              .as("manager-b")
              .post(
                  "/api/v1/messages",
                  new JsonObject()
                      .put("title", "Till avdelning B")
                      .put("body", "Bara för er.")
                      .put("category", "SOCIAL")
                      .put(
                          "audience",
                          new JsonObject()
                              .put(
                                  "units",
                                  new JsonArray().add(new JsonObject().put("id", wardB)))));
      assertEquals(201, marker.status(), marker.text());
      assertEquals(
          marker.json().getString("id"),
          nurseB.awaitEvent("message", 10_000).getString("messageId"),
          "nurse-b is not a recipient of the first: " + nurseB.lines);
    }
  }

  /**
   * An event stream over a plain socket, which the test can close as a phone that goes away would.
   */
  private static Socket openStream(TestServer server, String token) throws IOException {
    URI base = URI.create(server.api.base());
    Socket socket = new Socket(base.getHost(), base.getPort());
    socket.setSoTimeout(10_000);
    socket
        .getOutputStream()
        .write(
            ("GET /api/v1/me/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + token
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    return socket;
  }

  /**
   * What the server sent on a stream up to its first event comment, or up to the end of a refusal.
   */
  private static String head(Socket socket) throws IOException {
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    for (int b; (b = in.read()) >= 0; ) {
      seen.write(b);
      String text = seen.toString(StandardCharsets.UTF_8);
      if (text.contains(": connected\n")
          || (text.startsWith("HTTP/1.1 429") && text.endsWith("}"))) {
        break;
      }
    }
    return seen.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPersonMayHoldOnlyABoundedNumberOfStreams() throws Exception {
    String hr = first.as("hr").token();
    List<Socket> open = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        Socket s = openStream(first, hr);
        open.add(s);
        String head = head(s);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        assertTrue(head.toLowerCase(Locale.ROOT).contains("cache-control: no-store"), head);
      }
      try (Socket sixth = openStream(first, hr)) {
        String refused = head(sixth);
        assertTrue(refused.startsWith("HTTP/1.1 429"), refused);
        assertTrue(
            refused.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"),
            refused);
        assertTrue(refused.toLowerCase(Locale.ROOT).contains("retry-after: "), refused);
        JsonObject problem =
            new JsonObject(
                refused
                    .substring(refused.indexOf("\r\n\r\n") + 4)
                    .replaceAll("(?s)^[0-9a-f]+\r\n", ""));
        assertEquals("urn:tjanstemobil:problem:too-many-streams", problem.getString("type"));
      }
      // Someone else is not held back by it.
      try (Socket other = openStream(first, first.as("manager-b").token())) {
        assertTrue(head(other).startsWith("HTTP/1.1 200"));
      }
      // A stream that goes away frees its place.
      open.remove(0).close();
      Eventually.until(
          "a place to free up",
          Duration.ofSeconds(10),
          () -> {
            try (Socket again = openStream(first, hr)) {
              return head(again);
            } catch (IOException e) {
              return e.toString();
            }
          },
          head -> head.startsWith("HTTP/1.1 200"));
    } finally {
      for (Socket s : open) {
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
        HubFixture.hub(admin, "Arbetshubb Händelser", HubFixture.alwaysOpen(), null)
            .getString("id");
    String desk = HubFixture.resource(admin, hub, "DESK", "Skrivbord 1");
    LocalDate tomorrow = LocalDate.now(HubFixture.STOCKHOLM).plusDays(1);
    try (Listener nurseB = new Listener(second.as("nurse-b"));
        Listener nurseA = new Listener(second.as("nurse-a"))) {
      assertTrue(nurseB.connected(5_000), "stream did not open: " + nurseB.lines);
      assertTrue(nurseA.connected(5_000));
      Api.Response booked =
          HubFixture.book(
              first.as("nurse-b"),
              desk,
              HubFixture.at(tomorrow, 8, 0),
              HubFixture.at(tomorrow, 9, 0));
      assertEquals(201, booked.status(), booked.text());
      JsonObject event = nurseB.awaitEvent("booking", 10_000);
      assertTrue(event != null, "no booking event: " + nurseB.lines);
      assertEquals(booked.json().getString("id"), event.getString("id"));
      assertEquals("BOOKED", event.getString("status"));
      // nurse-a did not book: the first booking event her stream gets is her own, made after
      // nurse-b's arrived.
      Api.Response own =
          HubFixture.book(
              first.as("nurse-a"),
              desk,
              HubFixture.at(tomorrow, 10, 0),
              HubFixture.at(tomorrow, 11, 0));
      assertEquals(201, own.status(), own.text());
      assertEquals(
          own.json().getString("id"),
          nurseA.awaitEvent("booking", 10_000).getString("id"),
          "nurse-a did not make the first booking: " + nurseA.lines);
    }
  }
}
