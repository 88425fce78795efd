package se.tjanstemobil.http;

import io.vertx.json.schema.OutputUnit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import se.tjanstemobil.i18n.Catalogue;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Phrase;
import se.tjanstemobil.i18n.Text;

/**
 * The contract validator's schema errors as one message per field, in the reader's language: the
 * keyword that failed (type, required, minLength...) picks the catalogue's {@code validation.*}
 * text, its limit read from the validator's message; the validator's own English never reaches a
 * person.
 */
final class SchemaErrors {

  private static final Pattern PROPERTY = Pattern.compile("[Pp]roperty \"([^\"]+)\"");
  private static final Pattern TYPE =
      Pattern.compile("^Instance type (\\S+) is invalid\\. Expected (\\S+)$");
  private static final Pattern FORMAT = Pattern.compile("format \"([^\"]+)\"");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final Set<String> LIMITED =
      Set.of(
          "minLength",
          "maxLength",
          "minimum",
          "maximum",
          "exclusiveMinimum",
          "exclusiveMaximum",
          "multipleOf",
          "minItems",
          "maxItems",
          "minProperties",
          "maxProperties");

  private SchemaErrors() {}

  /**
   * One message per field: the specific keyword (type, format, enum, length...) wins over the
   * wrappers ("does not match schema") the validator also reports.
   */
  static List<Problem.FieldError> describe(OutputUnit result, String root) {
    List<OutputUnit> leaves = new ArrayList<>();
    leaves(result, leaves);
    Map<String, List<Phrase>> specific = new LinkedHashMap<>();
    Set<String> unknown = new LinkedHashSet<>();
    Set<String> wrappers = new LinkedHashSet<>();
    // A field the schema's `properties` holds: the validator also reports it under
    // additionalProperties when something inside it failed, which is not an unknown field.
    Set<String> declared = new HashSet<>();
    for (OutputUnit u : leaves) {
      String location = field(u.getInstanceLocation());
      String keyword = u.getKeywordLocation() == null ? "" : u.getKeywordLocation();
      String error = u.getError();
      if (keyword.endsWith("/additionalProperties") || error.contains("additional properties")) {
        Matcher m = PROPERTY.matcher(error);
        String prop = m.find() ? m.group(1) : location;
        unknown.add(
            join(
                root,
                location.equals(prop) || location.endsWith("." + prop)
                    ? location
                    : join(location, prop)));
      } else if (error.startsWith("Instance does not have required property")) {
        Matcher m = PROPERTY.matcher(error);
        String prop = m.find() ? m.group(1) : "";
        specific
            .computeIfAbsent(join(root, join(location, prop)), k -> new ArrayList<>())
            .add(Text.of("validation.required"));
      } else if (error.endsWith("does not match schema")
          || keyword.matches(".*/(properties|items|\\$ref|allOf|anyOf|oneOf)$")) {
        wrappers.add(join(root, location));
        if (keyword.endsWith("/properties")) {
          declared.add(join(root, location));
        }
      } else {
        specific
            .computeIfAbsent(join(root, location), k -> new ArrayList<>())
            .add(message(keyword.substring(keyword.lastIndexOf('/') + 1), error));
      }
    }
    List<Problem.FieldError> out = new ArrayList<>();
    specific.forEach((field, messages) -> out.add(new Problem.FieldError(field, joined(messages))));
    for (String field : unknown) {
      if (!specific.containsKey(field) && !declared.contains(field)) {
        out.add(new Problem.FieldError(field, Text.of("validation.unknownField")));
      }
    }
    if (out.isEmpty()) {
      wrappers.forEach(
          field -> out.add(new Problem.FieldError(field, Text.of("validation.shape"))));
    }
    return out;
  }

  /** The catalogue's message for one failed keyword. */
  static Text message(String keyword, String error) {
    if (keyword.equals("enum") || keyword.equals("const")) {
      return Text.of("validation.enum");
    }
    if (keyword.equals("type")) {
      Matcher m = TYPE.matcher(error);
      return m.matches()
          ? Text.of("validation.type", typeName(m.group(2)), typeName(m.group(1)))
          : Text.of("validation.shape");
    }
    if (keyword.equals("format")) {
      Matcher m = FORMAT.matcher(error);
      String key = "validation.format." + (m.find() ? m.group(1) : "other");
      return Text.of(Catalogue.pattern(Language.SV, key) != null ? key : "validation.format.other");
    }
    if (keyword.equals("pattern") || keyword.equals("uniqueItems")) {
      return Text.of("validation." + keyword);
    }
    if (LIMITED.contains(keyword)) {
      // The validator writes the limit last: "String is too short (0 < 1)", "5 is less than 10".
      String limit = null;
      Matcher m = NUMBER.matcher(error);
      while (m.find()) {
        limit = m.group();
      }
      if (limit != null) {
        return Text.of("validation." + keyword, limit);
      }
    }
    return Text.of("validation.shape");
  }

  private static Text typeName(String type) {
    String key = "validation.type." + type;
    return Catalogue.pattern(Language.SV, key) != null ? Text.of(key) : Text.of("validation.shape");
  }

  private static Phrase joined(List<Phrase> messages) {
    return language -> messages.stream().map(m -> m.in(language)).collect(Collectors.joining("; "));
  }

  private static void leaves(OutputUnit unit, List<OutputUnit> out) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(child -> leaves(child, out));
    } else if (unit.getError() != null) {
      out.add(unit);
    }
  }

  private static String join(String a, String b) {
    if (a == null || a.isEmpty() || (a.equals("body") && b != null && !b.isEmpty())) {
      return b == null || b.isEmpty() ? "body" : b;
    }
    return b == null || b.isEmpty() ? a : a + "." + b;
  }

  /**
   * The validator's instance location is a JSON pointer in its URI-fragment form ({@code
   * #/weekly/0/lunch%20break}): the field as the client sent it is its segments, percent-decoded
   * and unescaped ({@code ~1} is '/', {@code ~0} is '~'), joined with dots.
   */
  static String field(String instanceLocation) {
    String pointer = instanceLocation == null ? "" : instanceLocation.replaceFirst("^#?/?", "");
    if (pointer.isEmpty()) {
      return "";
    }
    List<String> segments = new ArrayList<>();
    for (String segment : pointer.split("/", -1)) {
      segments.add(percentDecoded(segment).replace("~1", "/").replace("~0", "~"));
    }
    return String.join(".", segments);
  }

  private static String percentDecoded(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%'
          && i + 2 < s.length()
          && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
