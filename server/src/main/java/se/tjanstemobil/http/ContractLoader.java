package se.tjanstemobil.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Loads mobile-api-docs/openapi.yaml (packaged in the jar) for the router. vertx-openapi 5.0
 * refuses a contract whose responses declare media types outside its short list
 * (application/problem+json, text/html, application/yaml...). The router validates requests, not
 * responses, so the copy handed to it drops those response media types; the contract that clients
 * read at /openapi.yaml keeps them.
 */
public final class ContractLoader {

  private ContractLoader() {}

  public static Future<OpenAPIContract> load(Vertx vertx, String resource) {
    return vertx
        .fileSystem()
        .readFile(resource)
        .compose(
            buffer -> {
              JsonObject document = parseYaml(buffer.toString());
              stripUnsupportedResponseTypes(document, false);
              return OpenAPIContract.from(vertx, document);
            });
  }

  /** The contract's YAML as JSON, read as the server reads it (the tests read it the same way). */
  @SuppressWarnings("unchecked")
  public static JsonObject parseYaml(String text) {
    // No implicit timestamps: an example time stays the string it is in the file.
    Resolver resolver =
        new Resolver() {
          @Override
          protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
            addImplicitResolver(Tag.INT, INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.NULL, NULL, "~nN\0");
            addImplicitResolver(Tag.NULL, EMPTY, null);
          }
        };
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(10 * 1024 * 1024);
    Yaml yaml =
        new Yaml(
            new SafeConstructor(options),
            new Representer(new DumperOptions()),
            new DumperOptions(),
            options,
            resolver);
    return new JsonObject((Map<String, Object>) yaml.load(text));
  }

  private static void stripUnsupportedResponseTypes(Object node, boolean inResponse) {
    if (node instanceof JsonObject o) {
      for (String key : new ArrayList<>(o.fieldNames())) {
        Object child = o.getValue(key);
        if (inResponse && key.equals("content") && child instanceof JsonObject content) {
          List<String> unsupported =
              content.fieldNames().stream()
                  .filter(t -> !MediaType.isMediaTypeSupported(t))
                  .toList();
          unsupported.forEach(content::remove);
          if (content.isEmpty()) {
            o.remove(key);
          }
          continue;
        }
        stripUnsupportedResponseTypes(child, inResponse || key.equals("responses"));
      }
    } else if (node instanceof JsonArray a) {
      a.forEach(child -> stripUnsupportedResponseTypes(child, inResponse));
    }
  }
}
