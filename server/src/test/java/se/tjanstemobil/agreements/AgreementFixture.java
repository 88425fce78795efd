package se.tjanstemobil.agreements;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import se.tjanstemobil.support.Api;

/** Agreements for tests, written through the API as the app would. */
final class AgreementFixture {

  private AgreementFixture() {}

  /** Terms that keep the default policy. */
  static JsonObject terms(String from, String to) {
    return new JsonObject()
        .put("validFrom", from)
        .put("validTo", to)
        .put("weekdays", new JsonArray().add("MONDAY").add("THURSDAY"))
        .put("places", new JsonArray().add(new JsonObject().put("type", "HOME")))
        .put("tasks", "Journalgranskning och uppföljning av avvikelser")
        .put("workingHours", "08:00-16:30")
        .put("reachability", "Teams och tjänstemobil under arbetstid")
        .put("equipment", "Bärbar dator, headset")
        .put(
            "checklist",
            new JsonObject()
                .put("workEnvironment", true)
                .put("informationSecurity", true)
                .put("insurance", true));
  }

  /** Drafts and submits; returns the agreement's id. */
  static String submitted(Api employee, String from, String to) {
    Api.Response draft = employee.post("/api/v1/me/remote-agreements", terms(from, to));
    assertEquals(201, draft.status(), draft.text());
    String id = draft.json().getString("id");
    Api.Response sent =
        employee.post("/api/v1/me/remote-agreements/" + id + "/submit", new JsonObject());
    assertEquals(200, sent.status(), sent.text());
    return id;
  }

  static Api.Response patch(Api who, String path, JsonObject body) {
    return who.send(
        who.builder(path)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  /** The PDF at the path, its text as PDFBox extracts it. */
  static String pdfText(Api who, String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> r =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .build()
            .send(who.builder(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    assertEquals("application/pdf", r.headers().firstValue("Content-Type").orElse(""));
    try (PDDocument doc = Loader.loadPDF(r.body())) {
      return new PDFTextStripper().getText(doc);
    }
  }
}
