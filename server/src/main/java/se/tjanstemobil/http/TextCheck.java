package se.tjanstemobil.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.tjanstemobil.i18n.Text;

/**
 * Texts a client sends may not hold C0 control characters other than tab, line feed and carriage
 * return, nor lone surrogates (half of a UTF-16 pair, which no UTF-8 text can carry). PostgreSQL
 * refuses NUL in text and jsonb ("invalid byte sequence"), so letting one through turned bad input
 * into a 500, and the other controls and half pairs are stored only to break whatever shows them
 * later. Checked at the edge, for every string of the body (keys and values, at any depth), of the
 * query and of the path, before the contract's validation: a 400 naming each field.
 */
final class TextCheck {

  static final Text CONTROL = Text.of("validation.control");
  static final Text SURROGATE = Text.of("validation.surrogate");
  static final Text CONTROL_KEY = Text.of("validation.controlKey");

  private TextCheck() {}

  /** The 400 for the fields found. */
  static Problem refusal(List<Problem.FieldError> errors) {
    return Problem.invalid(errors);
  }

  /** What is wrong with a text, or null when it may be stored. */
  static Text problem(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return CONTROL;
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return SURROGATE;
      }
    }
    return null;
  }

  /** The query's parameters, as Vert.x decoded them. */
  static List<Problem.FieldError> inQuery(MultiMap params) {
    List<Problem.FieldError> errors = new ArrayList<>();
    for (Map.Entry<String, String> e : params.entries()) {
      String name = problem(e.getKey()) == null ? e.getKey() : "query";
      Text wrong = problem(e.getKey()) != null ? CONTROL_KEY : problem(e.getValue());
      if (wrong != null) {
        errors.add(new Problem.FieldError(name, wrong));
      }
    }
    return errors;
  }

  /**
   * The path's segments, decoded; a segment that fills a parameter of the contract's operation is
   * named by that parameter. The path's escapes are known to be well formed (checked before).
   */
  static List<Problem.FieldError> inPath(OpenAPIContract contract, String path, HttpMethod method) {
    if (path.indexOf('%') < 0) {
      return List.of();
    }
    Operation operation = contract.findOperation(path, method);
    String[] template =
        operation == null ? new String[0] : operation.getOpenAPIPath().split("/", -1);
    String[] segments = path.split("/", -1);
    List<Problem.FieldError> errors = new ArrayList<>();
    for (int i = 0; i < segments.length; i++) {
      Text wrong =
          problem(URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8));
      if (wrong != null) {
        String t = i < template.length ? template[i] : "";
        errors.add(
            new Problem.FieldError(
                t.startsWith("{") && t.endsWith("}") ? t.substring(1, t.length() - 1) : "path",
                wrong));
      }
    }
    return errors;
  }

  /**
   * A JSON body. Most bodies hold no escape that could decode to such a character (nor the UTF-8
   * bytes of a surrogate), which one pass over the bytes shows; only the others are parsed and
   * walked. Malformed JSON is left to the contract's validation, which names it as such.
   */
  static List<Problem.FieldError> inJson(Buffer body) {
    if (body == null || !mayHold(body)) {
      return List.of();
    }
    Object tree;
    try {
      tree = Json.decodeValue(body);
    } catch (DecodeException e) {
      return List.of();
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    walk(tree, "", errors);
    return errors;
  }

  private static void walk(Object node, String field, List<Problem.FieldError> errors) {
    if (node instanceof JsonObject o) {
      for (Map.Entry<String, Object> e : o) {
        if (problem(e.getKey()) != null) {
          errors.add(new Problem.FieldError(field.isEmpty() ? "body" : field, CONTROL_KEY));
          continue;
        }
        walk(e.getValue(), field.isEmpty() ? e.getKey() : field + "." + e.getKey(), errors);
      }
    } else if (node instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        walk(a.getValue(i), field.isEmpty() ? String.valueOf(i) : field + "." + i, errors);
      }
    } else if (node instanceof String s) {
      Text wrong = problem(s);
      if (wrong != null) {
        errors.add(new Problem.FieldError(field.isEmpty() ? "body" : field, wrong));
      }
    }
  }

  /**
   * Whether the JSON text may decode to a refused character: an escape \u0000-\u001f or
   * \ud800-\udfff (pairs included; the walk tells them apart), or the UTF-8 bytes of a surrogate
   * (ED A0-BF). Raw control bytes are not JSON at all and fail as malformed.
   */
  private static boolean mayHold(Buffer body) {
    int n = body.length();
    for (int i = 0; i < n; i++) {
      byte b = body.getByte(i);
      if (b == '\\' && i + 3 < n && body.getByte(i + 1) == 'u') {
        char h1 = (char) body.getByte(i + 2);
        char h2 = (char) body.getByte(i + 3);
        if (h1 == '0'
            && h2 == '0'
            && i + 4 < n
            && (body.getByte(i + 4) == '0' || body.getByte(i + 4) == '1')) {
          return true;
        }
        if ((h1 == 'd' || h1 == 'D') && "89abcdefABCDEF".indexOf(h2) >= 0) {
          return true;
        }
        i++;
      } else if (b == '\\') {
        i++;
      } else if ((b & 0xFF) == 0xED && i + 1 < n && (body.getByte(i + 1) & 0xFF) >= 0xA0) {
        return true;
      }
    }
    return false;
  }
}
