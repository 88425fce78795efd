package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.Contract;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestClock;
import se.tjanstemobil.support.TestServer;

/**
 * Every request example of the contract, sent as an app developer would copy it from /docs, passes
 * the server's validation: whatever the answer (the ids in the examples name nothing here, so 404
 * and 422 are expected), it is not a 400, 413 or 415. The server's clock is at the examples' time.
 */
class ContractExamplesOverHttpTest {

  /** A UUID that names nothing here, for path ids without an example. */
  private static final String SOME_ID = "7b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b";

  private static TestServer server;
  private static Api admin;

  @BeforeAll
  static void start() {
    TestClock clock = new TestClock(Instant.parse("2026-11-22T07:00:00Z"));
    server = TestServer.start("contract-examples", Map.of(), clock);
    server.importOrganisation(Orgs.small());
    admin = server.as("admin");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyRequestExamplePassesTheServersValidation() {
    Contract contract = Contract.shared();
    List<String> refused = new ArrayList<>();
    int sent = 0;
    for (Contract.Operation op : contract.operations()) {
      JsonNode media =
          contract.resolve(op.node().path("requestBody")).path("content").path("application/json");
      List<JsonNode> examples = new ArrayList<>();
      if (media.has("example")) {
        examples.add(media.get("example"));
      }
      media.path("examples").forEach(e -> examples.add(contract.resolve(e).path("value")));
      for (JsonNode example : examples) {
        String path = path(contract, op);
        Api.Response r =
            admin.send(
                admin
                    .builder("")
                    .uri(URI.create(admin.base() + path))
                    .header("Content-Type", "application/json")
                    .method(op.method(), HttpRequest.BodyPublishers.ofString(example.toString())));
        sent++;
        if (r.status() == 400 || r.status() == 413 || r.status() == 415) {
          refused.add(
              op.id() + " (" + op.method() + " " + path + ") " + r.status() + ": " + r.text());
        }
      }
    }
    assertTrue(sent > 20, "only " + sent + " request examples were found");
    assertTrue(
        refused.isEmpty(),
        "the server refuses these examples of its own contract:\n" + String.join("\n", refused));
  }

  /**
   * The operation's path with each parameter filled in: its example, or an id that names nothing.
   */
  private static String path(Contract contract, Contract.Operation op) {
    List<JsonNode> parameters = new ArrayList<>();
    contract
        .root()
        .path("paths")
        .path(op.path())
        .path("parameters")
        .forEach(p -> parameters.add(contract.resolve(p)));
    op.node().path("parameters").forEach(p -> parameters.add(contract.resolve(p)));
    String path = op.path();
    for (JsonNode p : parameters) {
      if (!"path".equals(p.path("in").asText())) {
        continue;
      }
      JsonNode schema = contract.resolve(p.path("schema"));
      String value =
          p.has("example")
              ? p.get("example").asText()
              : "uuid".equals(schema.path("format").asText())
                  ? SOME_ID
                  : "example-installation-0001";
      path = path.replace("{" + p.path("name").asText() + "}", value);
    }
    return path;
  }
}
