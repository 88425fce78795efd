package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import se.tjanstemobil.support.Contract;
import se.tjanstemobil.support.TestServer;

/**
 * The contract as a document: its examples fit their schemas (checked with networknt's validator,
 * not the server's), its YAML says what its author meant, and every operation declares the answers
 * any request may get. Request examples are also sent to a running server in {@link
 * ContractExamplesOverHttpTest}.
 */
class ContractTest {

  private final Contract contract = Contract.shared();

  /**
   * The keywords a schema object may hold: JSON Schema 2020-12 and the OpenAPI 3.1 dialect's own.
   */
  private static final Set<String> SCHEMA_KEYWORDS =
      Set.of(
          "$schema",
          "$id",
          "$ref",
          "$anchor",
          "$dynamicRef",
          "$dynamicAnchor",
          "$defs",
          "$comment",
          "$vocabulary",
          "type",
          "enum",
          "const",
          "multipleOf",
          "maximum",
          "exclusiveMaximum",
          "minimum",
          "exclusiveMinimum",
          "maxLength",
          "minLength",
          "pattern",
          "maxItems",
          "minItems",
          "uniqueItems",
          "maxContains",
          "minContains",
          "maxProperties",
          "minProperties",
          "required",
          "dependentRequired",
          "allOf",
          "anyOf",
          "oneOf",
          "not",
          "if",
          "then",
          "else",
          "dependentSchemas",
          "prefixItems",
          "items",
          "contains",
          "properties",
          "patternProperties",
          "additionalProperties",
          "propertyNames",
          "unevaluatedItems",
          "unevaluatedProperties",
          "format",
          "contentEncoding",
          "contentMediaType",
          "contentSchema",
          "title",
          "description",
          "default",
          "deprecated",
          "readOnly",
          "writeOnly",
          "examples",
          "example",
          "discriminator",
          "xml",
          "externalDocs");

  @Test
  void everyExampleFitsItsSchema() {
    List<String> wrong = new ArrayList<>();
    Walk walk = new Walk(wrong);
    contract
        .root()
        .path("paths")
        .fields()
        .forEachRemaining(
            p -> {
              walk.parameters(p.getValue().path("parameters"), p.getKey());
              p.getValue()
                  .fields()
                  .forEachRemaining(
                      m -> {
                        String at = m.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey();
                        walk.parameters(m.getValue().path("parameters"), at);
                        JsonNode body = contract.resolve(m.getValue().path("requestBody"));
                        walk.content(body.path("content"), at + " request");
                        m.getValue()
                            .path("responses")
                            .fields()
                            .forEachRemaining(
                                r -> {
                                  JsonNode response = contract.resolve(r.getValue());
                                  walk.content(response.path("content"), at + " " + r.getKey());
                                  response
                                      .path("headers")
                                      .fields()
                                      .forEachRemaining(
                                          h ->
                                              walk.parameter(
                                                  contract.resolve(h.getValue()),
                                                  at + " " + r.getKey() + " header " + h.getKey()));
                                });
                      });
            });
    JsonNode components = contract.root().path("components");
    components
        .path("schemas")
        .fields()
        .forEachRemaining(s -> walk.schema(s.getValue(), "components/schemas/" + s.getKey()));
    components
        .path("parameters")
        .fields()
        .forEachRemaining(s -> walk.parameter(s.getValue(), "components/parameters/" + s.getKey()));
    components
        .path("responses")
        .fields()
        .forEachRemaining(
            s -> walk.content(s.getValue().path("content"), "components/responses/" + s.getKey()));
    assertTrue(walk.examples > 50, "the walk found only " + walk.examples + " examples");
    assertTrue(
        wrong.isEmpty(),
        wrong.size() + " examples do not fit their schemas:\n" + String.join("\n", wrong));
  }

  /**
   * Finds every example and checks it against the schema it illustrates; also checks schema
   * keywords.
   */
  private final class Walk {
    private final List<String> wrong;
    private final Set<JsonNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    int examples;

    Walk(List<String> wrong) {
      this.wrong = wrong;
    }

    void parameters(JsonNode list, String at) {
      list.forEach(
          p ->
              parameter(
                  contract.resolve(p),
                  at + " parameter " + contract.resolve(p).path("name").asText()));
    }

    void parameter(JsonNode p, String at) {
      if (!seen.add(p)) {
        return;
      }
      JsonNode schema = p.get("schema");
      if (schema != null) {
        examples(p, schema, at);
        schema(schema, at + " schema");
      }
    }

    void content(JsonNode content, String at) {
      content
          .fields()
          .forEachRemaining(
              c -> {
                if (!seen.add(c.getValue())) {
                  return;
                }
                JsonNode schema = c.getValue().get("schema");
                if (schema != null) {
                  examples(c.getValue(), schema, at + " " + c.getKey());
                  schema(schema, at + " " + c.getKey() + " schema");
                }
              });
    }

    /** The example (or named examples) of a media type, parameter or header, against its schema. */
    private void examples(JsonNode holder, JsonNode schema, String at) {
      if (holder.has("example")) {
        check(schema, holder.get("example"), at + " example");
      }
      holder
          .path("examples")
          .fields()
          .forEachRemaining(
              e ->
                  check(
                      schema,
                      contract.resolve(e.getValue()).path("value"),
                      at + " examples/" + e.getKey()));
    }

    void schema(JsonNode schema, String at) {
      if (schema == null || !schema.isObject() || !seen.add(schema)) {
        return;
      }
      schema
          .fieldNames()
          .forEachRemaining(
              k -> {
                if (!SCHEMA_KEYWORDS.contains(k) && !k.startsWith("x-")) {
                  wrong.add(
                      at
                          + ": `"
                          + k
                          + "` is not a schema keyword (a comma inside a {...} split a text?)");
                }
              });
      if (schema.has("example")) {
        check(schema, schema.get("example"), at + " example");
      }
      schema.path("examples").forEach(e -> check(schema, e, at + " examples[]"));
      for (String one :
          List.of(
              "items",
              "not",
              "if",
              "then",
              "else",
              "contains",
              "propertyNames",
              "additionalProperties",
              "unevaluatedProperties",
              "unevaluatedItems",
              "contentSchema")) {
        schema(schema.get(one), at + "/" + one);
      }
      for (String many : List.of("allOf", "anyOf", "oneOf", "prefixItems")) {
        JsonNode list = schema.path(many);
        for (int i = 0; i < list.size(); i++) {
          schema(list.get(i), at + "/" + many + "/" + i);
        }
      }
      for (String map : List.of("properties", "patternProperties", "$defs", "dependentSchemas")) {
        schema
            .path(map)
            .fields()
            .forEachRemaining(e -> schema(e.getValue(), at + "/" + map + "/" + e.getKey()));
      }
    }

    private void check(JsonNode schema, JsonNode example, String at) {
      examples++;
      contract.violations(schema, example).forEach(v -> wrong.add(at + ": " + v));
    }
  }

  /**
   * In a YAML flow mapping an unquoted comma ends the value: {@code {description: a, b}} is a
   * description "a" and a key "b" without a value. The contract never means a key without a value
   * in a flow mapping.
   */
  @Test
  void noFlowMappingSplitsAText() throws IOException {
    String text =
        Files.readString(TestServer.projectRoot().resolve("mobile-api-docs/openapi.yaml"));
    List<String> split = new ArrayList<>();
    splitTexts(new Yaml().compose(new StringReader(text)), split);
    assertTrue(
        split.isEmpty(),
        "unquoted commas split these flow mappings (quote the text):\n" + String.join("\n", split));
  }

  private static void splitTexts(Node node, List<String> out) {
    if (node instanceof MappingNode m) {
      for (NodeTuple t : m.getValue()) {
        if (m.getFlowStyle() == DumperOptions.FlowStyle.FLOW
            && t.getValueNode() instanceof ScalarNode v
            && Tag.NULL.equals(v.getTag())
            && v.getValue().isEmpty()
            && t.getKeyNode() instanceof ScalarNode k) {
          out.add("line " + (k.getStartMark().getLine() + 1) + ": `" + k.getValue() + "`");
        }
        splitTexts(t.getValueNode(), out);
      }
    } else if (node instanceof SequenceNode s) {
      s.getValue().forEach(c -> splitTexts(c, out));
    }
  }

  /**
   * Answers any request may get are declared on every operation (the shared ones under
   * components/responses): 400 (a malformed path or query, a broken percent-escape), 413 (a body,
   * or a Content-Length, over the limit) and 5XX (an internal error, the database unreachable,
   * starting); with a body also 408 (it did not arrive in time) and 415 (not JSON); behind a token
   * 401.
   */
  @Test
  void everyOperationDeclaresTheAnswersAnyRequestMayGet() {
    List<String> missing = new ArrayList<>();
    boolean securedByDefault = contract.root().path("security").size() > 0;
    for (Contract.Operation op : contract.operations()) {
      JsonNode responses = op.node().path("responses");
      List<String> needed = new ArrayList<>(List.of("400", "413", "5XX"));
      if (op.node().has("requestBody")) {
        needed.addAll(List.of("408", "415"));
      }
      JsonNode security = op.node().get("security");
      if (security == null ? securedByDefault : security.size() > 0) {
        needed.add("401");
      }
      needed.stream()
          .filter(s -> !responses.has(s))
          .forEach(
              s ->
                  missing.add(
                      op.id() + " (" + op.method() + " " + op.path() + ") does not declare " + s));
    }
    assertTrue(missing.isEmpty(), String.join("\n", missing));
  }

  /**
   * The base URL a generated client starts from; vertx-openapi takes each server's path as the base
   * path.
   */
  @Test
  void serversAreDeclaredWithTheApiAtTheirRoot() {
    JsonNode servers = contract.root().path("servers");
    assertFalse(servers.isEmpty(), "the contract declares no servers");
    for (JsonNode s : servers) {
      String url = s.path("url").asText();
      assertTrue(
          url.matches("https?://[^/]+"),
          "a server's URL is absolute and has no path (the paths carry /api/v1): " + url);
      assertTrue(s.hasNonNull("description"), "say which server it is: " + url);
    }
  }
}
