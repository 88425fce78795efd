package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * Answers a generated client meets on any operation are declared for it: 400 for a malformed path
 * id, 413 for a body over the limit, 415 for a body that is not JSON. {@link Api} refuses an answer
 * whose status the operation does not declare, so each request below fails on a contract that
 * leaves it out. And a validation error names a field as the client sent it.
 */
class DeclaredStatusesTest {

  private static TestServer server;
  private static Api nurse;

  @BeforeAll
  static void start() {
    server = TestServer.start("declared-statuses", Map.of("http.bodyLimitBytes", 4096));
    server.importOrganisation(Orgs.small());
    nurse = server.as("nurse-a");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aMalformedPathIdIs400OnEveryOperationThatTakesOne() {
    for (String[] call :
        List.of(
            new String[] {"GET", "/api/v1/messages/not-a-uuid"},
            new String[] {"POST", "/api/v1/me/inbox/not-a-uuid/read"},
            new String[] {"POST", "/api/v1/me/inbox/not-a-uuid/ack"},
            new String[] {"POST", "/api/v1/messages/not-a-uuid/remind"},
            new String[] {"POST", "/api/v1/messages/not-a-uuid/cancel"},
            new String[] {"DELETE", "/api/v1/me/devices/short"},
            new String[] {"GET", "/docs/no%20such%20file"})) {
      Api.Response r =
          nurse.send(nurse.builder(call[1]).method(call[0], HttpRequest.BodyPublishers.noBody()));
      JsonObject p = r.problem(400);
      assertEquals(
          "urn:tjanstemobil:problem:validation",
          p.getString("type"),
          call[0] + " " + call[1] + ": " + r.text());
    }
  }

  @Test
  void aBodyOverTheLimitIs413AndOneThatIsNotJsonIs415() {
    String big =
        new JsonObject()
            .put("mutedCategories", new JsonArray())
            .put("padding", "x".repeat(8000))
            .encode();
    assertEquals(
        "urn:tjanstemobil:problem:body-too-large",
        nurse.put("/api/v1/me/preferences", big).problem(413).getString("type"));
    // Even where the operation takes no body: the limit is checked on the declared length before
    // routing.
    Api.Response get =
        nurse.send(
            nurse.builder("/api/v1/me").method("GET", HttpRequest.BodyPublishers.ofString(big)));
    assertEquals("urn:tjanstemobil:problem:body-too-large", get.problem(413).getString("type"));
    Api.Response text = nurse.raw("PUT", "/api/v1/me/preferences", "text/plain", "digest=true");
    assertEquals(
        "urn:tjanstemobil:problem:unsupported-media-type", text.problem(415).getString("type"));
  }

  @Test
  void aFieldWhoseNameHasASpaceIsNamedAsSentAndOnce() {
    JsonObject top =
        nurse
            .put("/api/v1/me/preferences", new JsonObject().put("digest", true).put("push me", 1))
            .problem(400);
    assertEquals(
        new JsonArray()
            .add(new JsonObject().put("field", "push me").put("message", "är inte ett känt fält")),
        top.getJsonArray("errors"),
        top.encode());
    JsonObject nested =
        nurse
            .put(
                "/api/v1/me/availability/weekly",
                new JsonObject()
                    .put(
                        "weekly",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("day", "MONDAY")
                                    .put("start", "07:00")
                                    .put("end", "16:00")
                                    .put("lunch break", "12:00"))))
            .problem(400);
    assertEquals(
        new JsonArray()
            .add(
                new JsonObject()
                    .put("field", "weekly.0.lunch break")
                    .put("message", "är inte ett känt fält")),
        nested.getJsonArray("errors"),
        nested.encode());
    assertEquals("weekly.0.lunch break: är inte ett känt fält", nested.getString("detail"));
  }

  @Test
  void theContractNamesTheServersAClientStartsFrom() {
    JsonArray servers =
        ContractLoader.parseYaml(server.api.get("/openapi.yaml").text()).getJsonArray("servers");
    assertEquals(
        "http://localhost:8080",
        servers.getJsonObject(0).getString("url"),
        String.valueOf(servers));
  }
}
