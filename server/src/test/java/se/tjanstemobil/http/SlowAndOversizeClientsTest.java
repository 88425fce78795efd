package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * Attacks on the edges, over raw sockets: request lines and headers over the limits get a
 * problem+json 414/431 and a closed connection; a client trickling its head (slowloris) is cut off
 * after the head timeout; a body that does not arrive in time gets 408 and nothing is stored; an
 * idle keep-alive connection is closed. The server keeps serving others throughout. Timeouts are
 * one and two seconds here (20 and 60 by default).
 */
class SlowAndOversizeClientsTest {

  private static TestServer server;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            "edges", Map.of("http.headTimeoutSeconds", 1, "http.bodyTimeoutSeconds", 2));
    server.importOrganisation(Orgs.small());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Socket connect() throws IOException {
    Socket socket =
        new Socket(
            InetAddress.getLoopbackAddress(),
            Integer.parseInt(server.api.base().replaceAll(".*:", "")));
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Reads until the server closes the connection; returns what it sent. */
  private static String readUntilClosed(Socket socket) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static JsonObject problemIn(String response, int status) {
    assertTrue(response.matches("(?s)HTTP/1\\.1 " + status + " .*"), response);
    assertTrue(
        response.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"),
        response);
    JsonObject problem = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
    assertEquals(status, problem.getInteger("status"));
    return problem;
  }

  /** A refusal at the edge carries a request id to quote, like every other answer, and nosniff. */
  private static void assertEdgeHeaders(String response) {
    String head = response.substring(0, response.indexOf("\r\n\r\n")).toLowerCase(Locale.ROOT);
    assertTrue(
        head.matches("(?s).*\r\nx-request-id: [0-9a-f-]{36}(\r\n.*|$)"),
        "no X-Request-Id in " + head);
    assertTrue(head.contains("\r\nx-content-type-options: nosniff"), "no nosniff in " + head);
  }

  private static void stillServing() {
    assertEquals(200, server.api.get("/health/live").status());
  }

  @Test
  void headersOverTheLimitGetA431ProblemAndTheConnectionIsClosed() throws IOException {
    try (Socket socket = connect()) {
      socket
          .getOutputStream()
          .write(
              ("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Padding: "
                      + "a".repeat(20_000)
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response = readUntilClosed(socket);
      JsonObject problem = problemIn(response, 431);
      assertEquals("urn:tjanstemobil:problem:headers-too-large", problem.getString("type"));
      assertEdgeHeaders(response);
    }
    stillServing();
  }

  @Test
  void aRequestLineOverTheLimitGetsA414Problem() throws IOException {
    try (Socket socket = connect()) {
      socket
          .getOutputStream()
          .write(
              ("GET /api/v1/me?q=" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String response = readUntilClosed(socket);
      JsonObject problem = problemIn(response, 414);
      assertEquals("urn:tjanstemobil:problem:uri-too-long", problem.getString("type"));
      assertEdgeHeaders(response);
    }
    stillServing();
  }

  /**
   * A head beyond even what the decoder reads (four times the limits) is refused by the decoder:
   * the same problems, in the HTTP/1.0 of the request Netty stands in for it.
   */
  @Test
  void headsBeyondWhatTheDecoderReadsGetTheSameProblems() throws IOException {
    for (String head :
        new String[] {
          "GET /api/v1/me?q=" + "x".repeat(40_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
          "GET /health/live HTTP/1.1\r\nHost: x\r\nX-Padding: " + "a".repeat(70_000) + "\r\n\r\n"
        }) {
      try (Socket socket = connect()) {
        socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
        String response = readUntilClosed(socket);
        int status = head.startsWith("GET /api") ? 414 : 431;
        assertTrue(response.matches("(?s)HTTP/1\\.[01] " + status + " .*"), response);
        JsonObject problem = new JsonObject(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertEquals(status, problem.getInteger("status"));
        assertEquals(
            status == 414
                ? "urn:tjanstemobil:problem:uri-too-long"
                : "urn:tjanstemobil:problem:headers-too-large",
            problem.getString("type"));
        assertTrue(
            response.toLowerCase(Locale.ROOT).contains("content-type: application/problem+json"),
            response);
        assertEdgeHeaders(response);
      }
    }
    stillServing();
  }

  @Test
  void aClientTricklingItsHeadIsCutOffAfterTheHeadTimeout() throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      out.write("GET /health/live HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.currentTimeMillis();
      boolean closed = false;
      // One header byte every 200 ms of real time, never finishing: each byte would reset an idle
      // timeout. Real time is the subject: the server's head timeout on its own clock.
      for (int i = 0; i < 50 && !closed; i++) {
        try {
          out.write('X');
          out.flush();
          Thread.sleep(200);
        } catch (IOException reset) {
          closed = true;
        }
        if (!closed) {
          socket.setSoTimeout(1);
          try {
            closed = socket.getInputStream().read() < 0;
          } catch (SocketTimeoutException stillOpen) {
            // nothing from the server yet
          } catch (IOException reset) {
            closed = true;
          }
        }
      }
      long took = System.currentTimeMillis() - start;
      assertTrue(closed, "the trickling connection is still open after " + took + " ms");
      assertTrue(took < 4_000, "cut off only after " + took + " ms");
    }
    stillServing();
  }

  @Test
  void aBodyThatDoesNotArriveInTimeGetsA408AndNothingIsStored() throws IOException {
    String token = server.as("nurse-a").token();
    try (Socket socket = connect()) {
      String body = "{\"platform\":\"ANDROID\",\"pushToken\":\"slow-token\"}";
      socket
          .getOutputStream()
          .write(
              ("PUT /api/v1/me/devices/slow-phone HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + token
                      + "\r\nContent-Type: application/json\r\nContent-Length: "
                      + body.length()
                      + "\r\n\r\n"
                      + body.substring(0, 10))
                  .getBytes(StandardCharsets.US_ASCII));
      long start = System.currentTimeMillis();
      JsonObject problem = problemIn(readUntilClosed(socket), 408);
      assertEquals("urn:tjanstemobil:problem:request-timeout", problem.getString("type"));
      long took = System.currentTimeMillis() - start;
      assertTrue(took >= 1_500 && took < 6_000, "answered after " + took + " ms");
    }
    assertEquals(0, server.count("SELECT count(*) FROM devices WHERE device_key = 'slow-phone'"));
    stillServing();
  }

  /**
   * The head of an import that announces a body of 19 MB (under the import limit), and sends none
   * of it.
   */
  private static String hugeImportHead(String token) {
    return "POST /api/v1/admin/org/import HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
        + "Content-Length: 19000000\r\n\r\n";
  }

  @Test
  void anUnauthenticatedHugeImportIsRefusedBeforeItsBodyIsRead() throws IOException {
    for (String token : new String[] {null, "not-a-token"}) {
      try (Socket socket = connect()) {
        socket.getOutputStream().write(hugeImportHead(token).getBytes(StandardCharsets.US_ASCII));
        long start = System.currentTimeMillis();
        // Not a 408 after the body timeout: nobody is known, so no body is waited for.
        JsonObject problem = problemIn(readUntilClosed(socket), 401);
        assertEquals("urn:tjanstemobil:problem:unauthorized", problem.getString("type"));
        long took = System.currentTimeMillis() - start;
        assertTrue(took < 1_500, "answered after " + took + " ms");
      }
    }
    stillServing();
  }

  @Test
  void aRefusalWithNoBodyOrASmallOneKeepsTheConnection() throws IOException {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      String body = "{\"platform\":\"ANDROID\",\"pushToken\":\"t\"}";
      for (String request :
          new String[] {
            "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n",
            "PUT /api/v1/me/devices/p HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length()
                + "\r\n\r\n"
                + body,
            "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n\r\n"
          }) {
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        String answer = readResponse(in);
        assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        assertTrue(!answer.toLowerCase(Locale.ROOT).contains("connection: close"), answer);
      }
    }
  }

  @Test
  void theImportLimitIsOnlyForAnAdmin() throws IOException {
    String nurse = server.as("nurse-a").token();
    try (Socket socket = connect()) {
      socket.getOutputStream().write(hugeImportHead(nurse).getBytes(StandardCharsets.US_ASCII));
      long start = System.currentTimeMillis();
      problemIn(readUntilClosed(socket), 413);
      assertTrue(System.currentTimeMillis() - start < 1_500, "a non-admin's 19 MB was waited for");
    }
    // An admin's import may be that large: the server waits for the body (here in vain: 408).
    try (Socket socket = connect()) {
      socket
          .getOutputStream()
          .write(hugeImportHead(server.as("admin").token()).getBytes(StandardCharsets.US_ASCII));
      problemIn(readUntilClosed(socket), 408);
    }
    stillServing();
  }

  @Test
  void anIdleKeepAliveConnectionIsClosedAfterTheHeadTimeoutAndABusyOneIsNot() throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      // Requests 400 ms apart keep it in use past the one-second timeout (real time, the
      // subject: the server's head timeout)...
      for (int i = 0; i < 5; i++) {
        out.write(
            "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String head = readResponse(in);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        Thread.sleep(400);
      }
      // ...and idle, it is closed.
      long start = System.currentTimeMillis();
      assertEquals(-1, in.read());
      assertTrue(System.currentTimeMillis() - start < 3_000);
    }
  }

  @Test
  void aRequestTheRouterRefusesDoesNotExemptItsConnectionFromTheHeadTimeout() throws Exception {
    try (Socket socket = connect()) {
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      // HTTP/1.1 without Host: refused by the router before any handler, the connection kept.
      out.write("GET /health/live HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String head = readResponse(in);
      assertTrue(head.startsWith("HTTP/1.1 400"), head);
      // Then half a head, never finished: cut off like any other.
      out.write("GET /health/live HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.currentTimeMillis();
      assertEquals(-1, in.read());
      assertTrue(
          System.currentTimeMillis() - start < 3_000,
          "cut off only after " + (System.currentTimeMillis() - start) + " ms");
    }
    stillServing();
  }

  /** One response of known length (the health check's JSON). */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int length = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed mid-response: " + out);
      }
      out.write(b);
      String text = out.toString(StandardCharsets.US_ASCII);
      if (length < 0 && text.endsWith("\r\n\r\n")) {
        Matcher m = Pattern.compile("(?i)content-length: (\\d+)").matcher(text);
        assertTrue(m.find(), text);
        length = Integer.parseInt(m.group(1));
        out.write(in.readNBytes(length));
        return out.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
