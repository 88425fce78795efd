package se.tjanstemobil.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The server's configuration: config/application.yaml (every key with its default), then the
 * profile's file, then an optional extra file (TJM_CONFIG_FILE), then TJM_* environment variables,
 * then DATABASE_URL, then explicit overrides (used by tests and tools). Files are read from the
 * working directory when present, else from the jar.
 */
public final class AppConfig {

  private final JsonObject root;

  private AppConfig(JsonObject root) {
    this.root = root;
  }

  public static AppConfig load(
      Path workDir, Map<String, String> env, Map<String, Object> overrides) {
    JsonObject defaults = readYaml(workDir, "config/application.yaml", true);
    Map<String, Object> flat = new TreeMap<>();
    flatten("", defaults, flat);

    String profile =
        firstNonBlank(
            (String) overrides.get("profile"),
            env.get("TJM_PROFILE"),
            (String) flat.get("profile"),
            "dev");
    JsonObject profileFile =
        "production".equals(profile)
            ? readYaml(workDir, "config/application-production.yaml", false)
            : readYaml(workDir, "config/application-" + profile + ".yaml", false);
    merge(flat, profileFile, "config/application-" + profile + ".yaml");

    String extra = env.get("TJM_CONFIG_FILE");
    if (extra != null && !extra.isBlank()) {
      Path extraPath = workDir.resolve(extra);
      if (!Files.isReadable(extraPath)) {
        throw new ConfigException("TJM_CONFIG_FILE", "cannot read " + extraPath);
      }
      merge(flat, readFile(extraPath), extra);
    }

    for (String key : new ArrayList<>(flat.keySet())) {
      String value = env.get(envName(key));
      if (value != null) {
        flat.put(key, coerce(flat.get(key), value));
      }
    }
    String databaseUrl = env.get("DATABASE_URL");
    if (databaseUrl != null && !databaseUrl.isBlank()) {
      flat.put("database.url", databaseUrl);
    }
    for (Map.Entry<String, Object> o : overrides.entrySet()) {
      if (!flat.containsKey(o.getKey())) {
        throw new ConfigException(o.getKey(), "is not a configuration key");
      }
      flat.put(o.getKey(), o.getValue());
    }
    flat.put("profile", profile);
    return new AppConfig(unflatten(flat));
  }

  /**
   * The environment variable that overrides a key: http.bodyLimitBytes -> TJM_HTTP_BODYLIMITBYTES.
   */
  public static String envName(String key) {
    return "TJM_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  public String profile() {
    return root.getString("profile");
  }

  public boolean isProduction() {
    return "production".equals(profile());
  }

  public String string(String key) {
    Object v = value(key);
    return v == null ? "" : v.toString();
  }

  public int integer(String key) {
    Object v = value(key);
    if (v instanceof Number n) {
      return n.intValue();
    }
    try {
      return Integer.parseInt(String.valueOf(v).trim());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a whole number, was '" + v + "'");
    }
  }

  public boolean bool(String key) {
    Object v = value(key);
    if (v instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new ConfigException(key, "must be true or false, was '" + v + "'");
  }

  public List<String> list(String key) {
    Object v = value(key);
    List<String> out = new ArrayList<>();
    if (v instanceof JsonArray a) {
      a.forEach(x -> out.add(String.valueOf(x)));
    } else if (v instanceof List<?> l) {
      l.forEach(x -> out.add(String.valueOf(x)));
    } else if (v != null && !v.toString().isBlank()) {
      for (String s : v.toString().split(",", -1)) {
        if (!s.isBlank()) {
          out.add(s.trim());
        }
      }
    }
    return out;
  }

  public JsonObject asJson() {
    return root.copy();
  }

  private Object value(String key) {
    Object cur = root;
    for (String part : key.split("\\.", -1)) {
      if (!(cur instanceof JsonObject o) || !o.containsKey(part)) {
        throw new ConfigException(key, "is not a configuration key");
      }
      cur = o.getValue(part);
    }
    return cur;
  }

  private static Object coerce(Object current, String value) {
    if (current instanceof JsonArray || current instanceof List) {
      JsonArray a = new JsonArray();
      for (String s : value.split(",", -1)) {
        if (!s.isBlank()) {
          a.add(s.trim());
        }
      }
      return a;
    }
    return value;
  }

  private static void merge(Map<String, Object> flat, JsonObject file, String source) {
    Map<String, Object> incoming = new TreeMap<>();
    flatten("", file, incoming);
    for (Map.Entry<String, Object> e : incoming.entrySet()) {
      if (!flat.containsKey(e.getKey())) {
        throw new ConfigException(
            e.getKey(),
            "in " + source + " is not a configuration key (see config/application.yaml)");
      }
      flat.put(e.getKey(), e.getValue());
    }
  }

  private static void flatten(String prefix, JsonObject o, Map<String, Object> out) {
    for (String k : o.fieldNames()) {
      Object v = o.getValue(k);
      String key = prefix.isEmpty() ? k : prefix + "." + k;
      if (v instanceof JsonObject child) {
        flatten(key, child, out);
      } else {
        out.put(key, v);
      }
    }
  }

  private static JsonObject unflatten(Map<String, Object> flat) {
    JsonObject root = new JsonObject();
    for (Map.Entry<String, Object> e : flat.entrySet()) {
      String[] parts = e.getKey().split("\\.", -1);
      JsonObject cur = root;
      for (int i = 0; i < parts.length - 1; i++) {
        JsonObject next = cur.getJsonObject(parts[i]);
        if (next == null) {
          next = new JsonObject();
          cur.put(parts[i], next);
        }
        cur = next;
      }
      cur.put(parts[parts.length - 1], e.getValue());
    }
    return root;
  }

  private static JsonObject readYaml(Path workDir, String relative, boolean required) {
    Path onDisk = workDir.resolve(relative);
    if (Files.isReadable(onDisk)) {
      return readFile(onDisk);
    }
    try (InputStream in = AppConfig.class.getClassLoader().getResourceAsStream(relative)) {
      if (in == null) {
        if (required) {
          throw new ConfigException(relative, "not found in the working directory nor in the jar");
        }
        return new JsonObject();
      }
      return parse(in, relative);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonObject readFile(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new ConfigException(file.toString(), "cannot be read: " + e.getMessage());
    }
  }

  @SuppressWarnings("unchecked")
  private static JsonObject parse(InputStream in, String source) {
    try {
      Object loaded = new Yaml().load(in);
      if (loaded == null) {
        return new JsonObject();
      }
      if (!(loaded instanceof Map)) {
        throw new ConfigException(source, "must be a YAML mapping");
      }
      return new JsonObject((Map<String, Object>) loaded);
    } catch (YAMLException e) {
      throw new ConfigException(source, "is not valid YAML: " + e.getMessage());
    }
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return null;
  }
}
