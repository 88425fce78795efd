package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * Every operation of the contract, called as an admin and as a plain employee with generated bad
 * input: a property of the wrong type, an unknown property, malformed JSON, a path id that is no
 * id, query values of the wrong type, and (for the edges) odd Unicode, far-future dates, negative
 * and huge numbers in well-typed fields. Never a 5xx, every error a problem+json, and the requests
 * meant to be refused (wrong types) are refused and leave the data as it was. Every text a client
 * sends (body fields at any depth, query and path parameters) holding a control character or a lone
 * surrogate is refused with a 400 naming the field.
 */
class GeneratedBadInputTest {

  private static final List<String> SKIPPED = List.of("streamMyEvents"); // an endless event stream

  private static TestServer server;
  private static JsonObject contract;
  private static Api admin;
  private static Api employee;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start("generated_bad_input");
    server.importOrganisation(Orgs.small());
    admin = server.as("admin");
    employee = server.as("nurse-a");
    // Something to find: a hub with a resource and a booking, a message, an agreement draft.
    String hub =
        HubFixture.hub(admin, "Arbetshubb Fuzz", HubFixture.alwaysOpen(), null).getString("id");
    HubFixture.resource(admin, hub, "DESK", "Skrivbord 1");
    contract =
        ContractLoader.parseYaml(
            Files.readString(
                Path.of(TestServer.projectRoot().toString(), "mobile-api-docs", "openapi.yaml")));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A request of one operation and what it must get. */
  private record Probe(
      String operation, String method, String path, String body, boolean mustBeRefused) {}

  private static final List<String> TABLES =
      List.of(
          "units",
          "employees",
          "role_grants",
          "hubs",
          "resources",
          "bookings",
          "closures",
          "waitlist",
          "messages",
          "inbox_entries",
          "deliveries",
          "devices",
          "availability_periods",
          "availability_profiles",
          "remote_agreements",
          "booking_series",
          "calendar_feeds",
          "crisis_mode");

  /** A fingerprint of the data: every table's rows, hashed. */
  private static List<Long> fingerprint() {
    List<Long> out = new ArrayList<>();
    for (String t : TABLES) {
      out.add(
          server.count(
              "SELECT coalesce(sum(hashtext(x::text)::bigint), 0) + count(*) FROM " + t + " x"));
    }
    return out;
  }

  @Test
  void everyOperationWithWrongTypesIsRefusedWithAProblemAndChangesNothing() {
    List<Probe> probes = probes(true);
    assertTrue(probes.size() > 150, "only " + probes.size() + " probes");
    List<Long> before = fingerprint();
    List<String> wrong = new ArrayList<>();
    for (Api who : List.of(admin, employee)) {
      for (Probe p : probes) {
        Api.Response r = send(who, p);
        boolean problem =
            r.status() >= 400 && r.contentType().startsWith("application/problem+json");
        if (r.status() >= 500 || !problem) {
          wrong.add(
              p.operation()
                  + " "
                  + p.method()
                  + " "
                  + p.path()
                  + " "
                  + abbreviate(p.body())
                  + " -> "
                  + r.status()
                  + " "
                  + abbreviate(r.text()));
        }
      }
    }
    assertEquals(List.of(), wrong, wrong.size() + " bad answers");
    assertEquals(before, fingerprint(), "a refused request changed the data");
  }

  @Test
  void edgeValuesNeverCauseA5xx() {
    List<String> wrong = new ArrayList<>();
    for (Probe p : probes(false)) {
      Api.Response r = send(admin, p);
      if (r.status() >= 500
          || (r.status() >= 400 && !r.contentType().startsWith("application/problem+json"))) {
        wrong.add(
            p.operation()
                + " "
                + p.method()
                + " "
                + p.path()
                + " "
                + abbreviate(p.body())
                + " -> "
                + r.status()
                + " "
                + abbreviate(r.text()));
      }
    }
    assertEquals(List.of(), wrong, wrong.size() + " bad answers");
  }

  /**
   * Texts no field may hold: NUL, BEL, ESC (C0 controls other than tab, LF, CR) and a lone
   * surrogate.
   */
  private static final List<String> BAD_TEXTS =
      List.of("Ny\u0000rutin", "Klocka\u0007", "halv\uD800sur", "f\u00e4rg\u001B[31m");

  /** A request carrying one bad text, and the field its answer must name. */
  private record TextProbe(
      String operation, String method, String path, String body, String field) {}

  @Test
  void controlCharactersAndLoneSurrogatesAreRefusedNamingTheField() {
    List<TextProbe> probes = textProbes();
    assertTrue(probes.size() > 200, "only " + probes.size() + " probes");
    List<Long> before = fingerprint();
    List<String> wrong = new ArrayList<>();
    for (TextProbe p : probes) {
      Api.Response r = send(admin, new Probe(p.operation(), p.method(), p.path(), p.body(), true));
      boolean named =
          r.status() == 400
              && r.contentType().startsWith("application/problem+json")
              && r.json().getJsonArray("errors", new JsonArray()).stream()
                  .anyMatch(e -> p.field().equals(((JsonObject) e).getString("field")));
      if (!named) {
        wrong.add(
            p.operation()
                + " "
                + p.method()
                + " "
                + p.path()
                + " "
                + abbreviate(p.body())
                + " ("
                + p.field()
                + ") -> "
                + r.status()
                + " "
                + abbreviate(r.text()));
      }
    }
    assertEquals(
        List.of(), wrong, wrong.size() + " of " + probes.size() + " not refused naming the field");
    assertEquals(before, fingerprint(), "a refused request changed the data");
  }

  private static List<TextProbe> textProbes() {
    List<TextProbe> out = new ArrayList<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        JsonObject op = item.getJsonObject(method);
        if (op == null || SKIPPED.contains(op.getString("operationId"))) {
          continue;
        }
        List<JsonObject> params = new ArrayList<>();
        item.getJsonArray("parameters", new JsonArray())
            .forEach(x -> params.add(resolve((JsonObject) x)));
        op.getJsonArray("parameters", new JsonArray())
            .forEach(x -> params.add(resolve((JsonObject) x)));
        String id = op.getString("operationId");
        String m = method.toUpperCase(Locale.ROOT);
        JsonObject schema = bodySchema(op);
        String body = schema == null ? null : example(op).encode();
        String good = fill(path, params, "7b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b");
        for (JsonObject p : params) {
          String bad = out.size() % 2 == 0 ? "Ny%00rutin" : "f%C3%A4rg%1B%5B31m";
          if ("query".equals(p.getString("in"))) {
            out.add(
                new TextProbe(
                    id,
                    m,
                    good + "?" + p.getString("name") + "=" + bad,
                    body,
                    p.getString("name")));
          } else if ("path".equals(p.getString("in"))) {
            out.add(
                new TextProbe(
                    id,
                    m,
                    path.replace("{" + p.getString("name") + "}", bad)
                        .replaceAll("\\{[^}]+}", "7b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b"),
                    body,
                    p.getString("name")));
          }
        }
        if (schema != null) {
          List<List<Object>> fields = new ArrayList<>();
          textFields(schema, new ArrayList<>(), fields, 0);
          for (List<Object> field : fields) {
            JsonObject bad = example(op).copy();
            set(bad, field, BAD_TEXTS.get(out.size() % BAD_TEXTS.size()));
            out.add(
                new TextProbe(
                    id,
                    m,
                    good,
                    escapeSurrogates(bad.encode()),
                    String.join(".", field.stream().map(String::valueOf).toList())));
          }
        }
      }
    }
    return out;
  }

  /**
   * The paths of every text field: top level, in nested objects and in the first item of arrays.
   */
  private static void textFields(
      JsonObject schema, List<Object> prefix, List<List<Object>> out, int depth) {
    if (depth > 3) {
      return;
    }
    for (Map.Entry<String, JsonObject> e : properties(schema).entrySet()) {
      List<Object> here = new ArrayList<>(prefix);
      here.add(e.getKey());
      String t = type(e.getValue());
      if ("string".equals(t)) {
        out.add(here);
      } else if ("object".equals(t) || e.getValue().containsKey("properties")) {
        textFields(e.getValue(), here, out, depth + 1);
      } else if ("array".equals(t)) {
        JsonObject items = resolve(e.getValue().getJsonObject("items", new JsonObject()));
        here.add(0);
        if ("string".equals(type(items))) {
          out.add(here);
        } else if ("object".equals(type(items))
            || items.containsKey("properties")
            || items.containsKey("allOf")) {
          textFields(items, here, out, depth + 1);
        }
      }
    }
  }

  /**
   * Sets the value at a path of keys and array indexes, making the objects and arrays on the way.
   */
  private static void set(JsonObject root, List<Object> path, Object value) {
    Object cur = root;
    for (int i = 0; i < path.size(); i++) {
      Object key = path.get(i);
      boolean last = i == path.size() - 1;
      Object next =
          last ? value : path.get(i + 1) instanceof Integer ? new JsonArray() : new JsonObject();
      if (cur instanceof JsonObject o) {
        Object existing = o.getValue((String) key);
        if (last || existing == null || existing.getClass() != next.getClass()) {
          o.put((String) key, next);
        } else {
          next = existing;
        }
      } else {
        JsonArray a = (JsonArray) cur;
        if (a.isEmpty()) {
          a.add(next);
        } else if (last || a.getValue(0) == null || a.getValue(0).getClass() != next.getClass()) {
          a.set(0, next);
        } else {
          next = a.getValue(0);
        }
      }
      cur = next;
    }
  }

  /** JSON text with each surrogate written as an escape: a lone one cannot travel as UTF-8. */
  private static String escapeSurrogates(String json) {
    StringBuilder b = new StringBuilder(json.length());
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (Character.isSurrogate(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static String abbreviate(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  private static Api.Response send(Api who, Probe p) {
    HttpRequest.Builder b = who.builder("").uri(URI.create(who.base() + p.path()));
    if (p.body() != null) {
      b.header("Content-Type", "application/json")
          .method(p.method(), HttpRequest.BodyPublishers.ofString(p.body()));
    } else {
      b.method(p.method(), HttpRequest.BodyPublishers.noBody());
    }
    return who.send(b);
  }

  // ---- generating probes from the contract ----

  private static List<Probe> probes(boolean invalid) {
    List<Probe> out = new ArrayList<>();
    JsonObject paths = contract.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        JsonObject op = item.getJsonObject(method);
        if (op == null || SKIPPED.contains(op.getString("operationId"))) {
          continue;
        }
        List<JsonObject> params = new ArrayList<>();
        item.getJsonArray("parameters", new JsonArray())
            .forEach(x -> params.add(resolve((JsonObject) x)));
        op.getJsonArray("parameters", new JsonArray())
            .forEach(x -> params.add(resolve((JsonObject) x)));
        String id = op.getString("operationId");
        String m = method.toUpperCase(Locale.ROOT);
        String good = fill(path, params, "7b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b");
        JsonObject schema = bodySchema(op);
        if (invalid) {
          if (path.contains("{")) {
            out.add(
                new Probe(
                    id, m, fill(path, params, "not-an-id"), schema == null ? null : "{}", true));
          }
          for (JsonObject q : params) {
            if ("query".equals(q.getString("in"))) {
              String wrongValue = wrongQueryValue(q.getJsonObject("schema", new JsonObject()));
              if (wrongValue != null) {
                out.add(
                    new Probe(
                        id,
                        m,
                        good + "?" + q.getString("name") + "=" + enc(wrongValue),
                        schema == null ? null : "{}",
                        true));
              }
            }
          }
          if (schema != null) {
            out.add(new Probe(id, m, good, "{\"broken\": ", true));
            out.add(new Probe(id, m, good, "[1, 2, 3]", true));
            Map<String, JsonObject> props = properties(schema);
            if (!Boolean.TRUE.equals(schema.getValue("additionalProperties"))
                && schema.containsKey("properties")) {
              out.add(
                  new Probe(
                      id, m, good, new JsonObject().put("surelyNotAField", 1).encode(), true));
            }
            for (Map.Entry<String, JsonObject> e : props.entrySet()) {
              Object wrongValue = wrongValue(e.getValue());
              if (wrongValue != null) {
                out.add(
                    new Probe(
                        id, m, good, new JsonObject().put(e.getKey(), wrongValue).encode(), true));
              }
            }
          }
        } else {
          out.add(
              new Probe(
                  id,
                  m,
                  fill(path, params, "%E2%80%AE%F0%9F%98%80"),
                  schema == null ? null : "{}",
                  false));
          if (schema != null) {
            // From the contract's own example, one field at a time set to an edge value, so the
            // value gets past the shape checks to the rules behind them.
            JsonObject example = example(op);
            for (Map.Entry<String, JsonObject> e : properties(schema).entrySet()) {
              for (Object edge : edgeValues(e.getValue())) {
                out.add(
                    new Probe(id, m, good, example.copy().put(e.getKey(), edge).encode(), false));
              }
            }
          }
        }
      }
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String fill(String path, List<JsonObject> params, String value) {
    String out = path;
    for (JsonObject p : params) {
      if ("path".equals(p.getString("in"))) {
        String v = value;
        String pattern = p.getJsonObject("schema", new JsonObject()).getString("pattern", "");
        if (pattern.endsWith("\\.ics$") && value.length() == 36) {
          v = "abcdefghijklmnopqrstuvwxyz012345.ics";
        } else if (pattern.contains("(js|css|svg)") || pattern.contains("A-Za-z0-9._-")) {
          v = value.length() == 36 ? "nothing-here.js" : value;
        } else if (p.getString("name").equals("deviceId") && value.length() == 36) {
          v = "fuzz-device";
        }
        out = out.replace("{" + p.getString("name") + "}", v);
      }
    }
    return out;
  }

  private static JsonObject resolve(JsonObject node) {
    JsonObject n = node;
    while (n != null && n.containsKey("$ref")) {
      String[] parts = n.getString("$ref").substring(2).split("/", -1);
      JsonObject target = contract;
      for (String part : parts) {
        target = target.getJsonObject(part);
      }
      n = target;
    }
    return n;
  }

  private static JsonObject bodySchema(JsonObject op) {
    JsonObject body = op.getJsonObject("requestBody");
    if (body == null) {
      return null;
    }
    JsonObject json =
        body.getJsonObject("content", new JsonObject()).getJsonObject("application/json");
    return json == null ? null : resolve(json.getJsonObject("schema"));
  }

  private static JsonObject example(JsonObject op) {
    JsonObject json =
        op.getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json");
    Object example = json.getValue("example");
    return example instanceof JsonObject o ? o : new JsonObject();
  }

  /** The declared properties, through allOf and $ref. */
  private static Map<String, JsonObject> properties(JsonObject schema) {
    Map<String, JsonObject> out = new LinkedHashMap<>();
    JsonObject s = resolve(schema);
    for (Object part : s.getJsonArray("allOf", new JsonArray())) {
      out.putAll(properties((JsonObject) part));
    }
    JsonObject props = s.getJsonObject("properties", new JsonObject());
    for (String name : props.fieldNames()) {
      out.put(name, resolve(props.getJsonObject(name)));
    }
    return out;
  }

  private static String type(JsonObject schema) {
    Object t = schema.getValue("type");
    if (t instanceof JsonArray a) {
      return a.stream()
          .filter(x -> !"null".equals(x))
          .map(String::valueOf)
          .findFirst()
          .orElse(null);
    }
    return t == null ? null : String.valueOf(t);
  }

  private static Object wrongValue(JsonObject schema) {
    String t = type(schema);
    if (t == null) {
      return null;
    }
    return switch (t) {
      case "string" -> 12345;
      case "integer", "number" -> "not a number";
      case "boolean" -> "yes";
      case "array" -> "not a list";
      case "object" -> 42;
      default -> null;
    };
  }

  private static String wrongQueryValue(JsonObject schema) {
    String t = type(schema);
    if ("integer".equals(t) || "number".equals(t)) {
      return "ten";
    }
    if ("string".equals(t)
        && ("uuid".equals(schema.getString("format"))
            || "date".equals(schema.getString("format"))
            || "date-time".equals(schema.getString("format"))
            || schema.containsKey("enum")
            || schema.containsKey("pattern"))) {
      return "2026-13-45T99:99 ☃";
    }
    if ("boolean".equals(t)) {
      return "perhaps";
    }
    return null;
  }

  private static List<Object> edgeValues(JsonObject schema) {
    String t = type(schema);
    if (t == null) {
      return List.of();
    }
    return switch (t) {
      case "string" ->
          "date-time".equals(schema.getString("format"))
              ? List.of("9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z")
              : "date".equals(schema.getString("format"))
                  ? List.of("9999-12-31", "0001-01-01")
                  : List.of("\u202Eevil\u200B\uD83D\uDE00 ", "a".repeat(5000), "");
      case "integer", "number" -> List.of(-1, 0, 9_999_999_999L);
      case "array" -> List.of(new JsonArray().add("\u0000"));
      default -> List.of();
    };
  }
}
