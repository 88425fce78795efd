package se.tjanstemobil.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import se.tjanstemobil.http.ContractLoader;

/**
 * mobile-api-docs/openapi.yaml as the tests read it: its operations, and its schemas applied with
 * networknt's JSON Schema validator (OpenAPI 3.1 dialect, formats asserted), so the contract is
 * checked by other code than the server's own validator. On top of JSON Schema, {@link #violations}
 * reports members a schema does not declare, as a strict generated client (OpenAPI Generator, which
 * treats a missing {@code additionalProperties} as false) would refuse them.
 */
public final class Contract {

  /**
   * The IRI the document is known by inside the validator; never fetched, the loader below serves
   * it.
   */
  private static final String IRI = "https://contract.tjanstemobil.invalid/openapi.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> METHODS =
      Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

  /**
   * Answered before any operation is known (the request line or headers refused): problem+json on
   * any path.
   */
  private static final Set<Integer> TRANSPORT_STATUSES = Set.of(414, 431);

  private static final List<String> DOCUMENT_MEMBERS =
      List.of(
          "openapi",
          "info",
          "jsonSchemaDialect",
          "servers",
          "security",
          "tags",
          "paths",
          "webhooks",
          "components",
          "externalDocs");
  private static volatile Contract shared;

  /** An operation of the contract: its method, path template, id and its node in the document. */
  public record Operation(String method, String path, String id, JsonNode node) {}

  private record Route(Operation operation, Pattern pattern) {}

  private final JsonNode root;
  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config;
  private final Map<JsonNode, JsonSchema> compiled =
      Collections.synchronizedMap(new IdentityHashMap<>());
  private final AtomicInteger inline = new AtomicInteger();
  private final List<Route> routes = new ArrayList<>();

  private Contract(String yaml) {
    String json = ContractLoader.parseYaml(yaml).encode();
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The document itself is loaded as a schema resource (for its components); its top-level
    // OpenAPI
    // members are not schema keywords and are left alone. Unknown keywords inside schemas still
    // warn.
    JsonMetaSchema dialect =
        JsonMetaSchema.builder(OpenApi31.getInstance())
            .keywords(DOCUMENT_MEMBERS.stream().map(NonValidationKeyword::new).toList())
            .build();
    factory =
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V202012,
            b ->
                b.metaSchema(dialect)
                    .defaultMetaSchemaIri(dialect.getIri())
                    .schemaLoaders(loaders -> loaders.schemas(Map.of(IRI, json))));
    config =
        SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .pathType(PathType.JSON_POINTER)
            .build();
    List<Route> templated = new ArrayList<>();
    root.path("paths")
        .fields()
        .forEachRemaining(
            p ->
                p.getValue()
                    .fields()
                    .forEachRemaining(
                        m -> {
                          if (!METHODS.contains(m.getKey())) {
                            return;
                          }
                          Operation op =
                              new Operation(
                                  m.getKey().toUpperCase(Locale.ROOT),
                                  p.getKey(),
                                  m.getValue().path("operationId").asText(null),
                                  m.getValue());
                          String regex =
                              Pattern.quote(p.getKey()).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
                          (p.getKey().contains("{") ? templated : routes)
                              .add(new Route(op, Pattern.compile(regex)));
                        }));
    // Concrete paths match before templated ones, as the OpenAPI specification (and the server's
    // router) have it.
    routes.addAll(templated);
  }

  /** The contract in this working tree, read once per test JVM. */
  public static Contract shared() {
    if (shared == null) {
      synchronized (Contract.class) {
        if (shared == null) {
          shared = of(TestServer.projectRoot().resolve("mobile-api-docs/openapi.yaml"));
        }
      }
    }
    return shared;
  }

  public static Contract of(Path file) {
    try {
      return new Contract(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public JsonNode root() {
    return root;
  }

  public List<Operation> operations() {
    return routes.stream().map(Route::operation).toList();
  }

  /** Follows {@code $ref}s inside the document until a node that is not a reference. */
  public JsonNode resolve(JsonNode node) {
    JsonNode n = node;
    for (int i = 0; n != null && n.has("$ref") && i < 20; i++) {
      String ref = n.get("$ref").asText();
      if (!ref.startsWith("#/")) {
        throw new IllegalStateException("only local references are expected: " + ref);
      }
      n = root.at(ref.substring(1));
      if (n.isMissingNode()) {
        throw new IllegalStateException("the contract has no " + ref);
      }
    }
    return n;
  }

  /** The operation a request reaches, by method and the path as sent (not decoded). */
  public Optional<Operation> operation(String method, String rawPath) {
    return routes.stream()
        .filter(
            r -> r.operation().method().equals(method) && r.pattern().matcher(rawPath).matches())
        .map(Route::operation)
        .findFirst();
  }

  private boolean pathExists(String rawPath) {
    return routes.stream().anyMatch(r -> r.pattern().matcher(rawPath).matches());
  }

  /**
   * What is wrong with an instance against a schema node of this document: JSON Schema errors, and
   * members that no applicable schema declares. Empty when it fits.
   */
  public List<String> violations(JsonNode schema, JsonNode instance) {
    List<String> out = new ArrayList<>();
    JsonSchema compiledSchema = compiled.computeIfAbsent(schema, this::compile);
    for (ValidationMessage m : compiledSchema.validate(instance)) {
      out.add(m.getMessage());
    }
    undeclared(List.of(schema), instance, "", out);
    return out;
  }

  /** As {@link #violations(JsonNode, JsonNode)}, for a named schema of components/schemas. */
  public List<String> violations(String componentSchema, JsonNode instance) {
    JsonNode schema = root.path("components").path("schemas").path(componentSchema);
    if (schema.isMissingNode()) {
      throw new IllegalArgumentException("the contract has no schema " + componentSchema);
    }
    return violations(schema, instance);
  }

  private JsonSchema compile(JsonNode schema) {
    // An inline schema is given its own IRI; its local references are made to point into the
    // document.
    JsonNode copy = absoluteRefs(schema.deepCopy());
    return factory.getSchema(
        SchemaLocation.of(IRI.replace("openapi.json", "inline/" + inline.incrementAndGet())),
        copy,
        config);
  }

  private static JsonNode absoluteRefs(JsonNode node) {
    if (node instanceof ObjectNode o) {
      JsonNode ref = o.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
        o.put("$ref", IRI + ref.asText());
      }
      o.fields().forEachRemaining(e -> absoluteRefs(e.getValue()));
    } else if (node.isArray()) {
      node.forEach(Contract::absoluteRefs);
    }
    return node;
  }

  /**
   * Members of the instance that none of the applicable schemas declares. A schema counts as closed
   * when it (or a schema it is composed with) lists properties and none allows more
   * (additionalProperties, patternProperties); a free-form object schema (no properties) is open,
   * as a generated client makes it a map.
   */
  private void undeclared(List<JsonNode> schemas, JsonNode value, String at, List<String> out) {
    List<JsonNode> flat = new ArrayList<>();
    schemas.forEach(s -> flatten(s, flat, 0));
    if (value.isObject()) {
      boolean listsProperties = flat.stream().anyMatch(s -> s.has("properties"));
      boolean open =
          !listsProperties
              || flat.stream()
                  .anyMatch(
                      s ->
                          s.has("patternProperties")
                              || allowsMore(s.get("additionalProperties"))
                              || allowsMore(s.get("unevaluatedProperties")));
      Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        List<JsonNode> subs = new ArrayList<>();
        for (JsonNode s : flat) {
          JsonNode p = s.path("properties").get(f.getKey());
          if (p != null) {
            subs.add(p);
          }
        }
        if (subs.isEmpty()) {
          for (JsonNode s : flat) {
            JsonNode more = s.get("additionalProperties");
            if (more != null && more.isObject()) {
              subs.add(more);
            }
          }
        }
        String path = at + "/" + f.getKey();
        if (subs.isEmpty() && !open) {
          out.add(path + ": the member `" + f.getKey() + "` is not declared by the schema");
        } else if (!subs.isEmpty()) {
          undeclared(subs, f.getValue(), path, out);
        }
      }
    } else if (value.isArray()) {
      List<JsonNode> items =
          flat.stream().map(s -> s.get("items")).filter(i -> i != null && i.isObject()).toList();
      if (!items.isEmpty()) {
        for (int i = 0; i < value.size(); i++) {
          undeclared(items, value.get(i), at + "/" + i, out);
        }
      }
    }
  }

  private static boolean allowsMore(JsonNode keyword) {
    return keyword != null && !(keyword.isBoolean() && !keyword.asBoolean());
  }

  private void flatten(JsonNode schema, List<JsonNode> out, int depth) {
    if (depth > 30 || schema == null || !schema.isObject()) {
      return;
    }
    JsonNode s = resolve(schema);
    out.add(s);
    for (String composition : List.of("allOf", "anyOf", "oneOf")) {
      s.path(composition).forEach(branch -> flatten(branch, out, depth + 1));
    }
  }

  /**
   * Drifts between an answer the server gave and the contract: a status the operation does not
   * declare, a media type it does not declare for that status, a body its schema refuses. Empty
   * when the answer fits.
   */
  public List<String> responseDrifts(
      String method, String rawPath, int status, String contentType, String body) {
    List<String> drifts = new ArrayList<>();
    String mediaType =
        contentType == null ? "" : contentType.split(";", -1)[0].trim().toLowerCase(Locale.ROOT);
    Optional<Operation> op = operation(method, rawPath);
    if (op.isEmpty() || TRANSPORT_STATUSES.contains(status)) {
      // No operation: the router's own answers (404 no such path, 405 another method, 414, 431...).
      if (status < 400) {
        drifts.add(
            method
                + " "
                + rawPath
                + " answered "
                + status
                + " but the contract has no such operation"
                + (pathExists(rawPath) ? " for this method" : ""));
      } else if (!mediaType.equals("application/problem+json")) {
        drifts.add(
            status
                + " without an operation should be application/problem+json, was `"
                + contentType
                + "`");
      } else {
        problems(root.at("/components/schemas/Problem"), body, drifts);
      }
      return drifts;
    }
    JsonNode responses = op.get().node().path("responses");
    String key = String.valueOf(status);
    JsonNode response = responses.get(key);
    if (response == null) {
      response = responses.get(key.charAt(0) + "XX");
    }
    if (response == null) {
      response = responses.get("default");
    }
    String name = op.get().id() + " (" + method + " " + op.get().path() + ")";
    if (response == null) {
      drifts.add(
          name
              + " answered "
              + status
              + ", which the contract does not declare for it (it declares "
              + String.join(", ", (Iterable<String>) responses::fieldNames)
              + ")");
      return drifts;
    }
    response = resolve(response);
    JsonNode content = response.get("content");
    if (content == null || content.isEmpty()) {
      if (body != null && !body.isEmpty()) {
        drifts.add(
            name + " answered " + status + " with a body, but the contract declares none for it");
      }
      return drifts;
    }
    if (body == null || body.isEmpty()) {
      return drifts;
    }
    JsonNode media = content.get(mediaType);
    if (media == null) {
      drifts.add(
          name
              + " answered "
              + status
              + " as `"
              + contentType
              + "`, which the contract does not declare for it"
              + " (it declares "
              + String.join(", ", (Iterable<String>) content::fieldNames)
              + ")");
      return drifts;
    }
    if ((mediaType.endsWith("/json") || mediaType.endsWith("+json")) && media.has("schema")) {
      problems(media.get("schema"), body, drifts);
      drifts.replaceAll(
          d ->
              d.startsWith(name)
                  ? d
                  : name + " answered " + status + " with a body its schema refuses: " + d);
    }
    return drifts;
  }

  private void problems(JsonNode schema, String body, List<String> drifts) {
    JsonNode instance;
    try {
      instance = JSON.readTree(body);
    } catch (IOException e) {
      drifts.add("the body is not JSON: " + e.getMessage());
      return;
    }
    drifts.addAll(new LinkedHashSet<>(violations(schema, instance)));
  }
}
