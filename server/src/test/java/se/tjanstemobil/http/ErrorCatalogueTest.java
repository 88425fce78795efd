package se.tjanstemobil.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.HubFixture;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

/**
 * The error catalogue (mobile-api-docs/errors.md) is true and served: it lists exactly the problem
 * types the code can send, each with its status (read from the sources: every way a Problem is
 * made), and a running server serves it and the app developers' guide under /docs.
 */
class ErrorCatalogueTest {

  private static final Path ROOT = TestServer.projectRoot();
  private static final Path SOURCES = ROOT.resolve("server/src/main/java");

  /**
   * Problem.rule/conflict/tooMany and the constructor, with the type as a literal (or a choice of
   * two).
   */
  private static final Pattern CALL =
      Pattern.compile(
          "Problem\\.(rule|conflict|tooMany)\\(\\s*([^,]+),|new Problem\\(\\s*([^,]+),\\s*([^,]+),");

  private static final Pattern LITERAL = Pattern.compile("\"([a-z]+(?:-[a-z]+)*)\"");

  /** Where a type reaches a Problem as a variable, and where that type comes from. */
  private static final Set<String> PASS_THROUGH =
      Set.of(
          "http/Problem.java: type",
          "http/Problem.java: rule", // the helpers themselves
          "hubs/BookingRules.java: rule", // a Violation's rule: new Violation("...") there
          "http/ProblemFailureHandler.java: \"http-\" + status"); // any other status of the HTTP

  // layer

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start("error-catalogue");
    server.importOrganisation(Orgs.small());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theCatalogueListsEveryProblemTypeTheCodeSendsWithItsStatusAndNoOther() {
    Set<String> sent = sentByTheCode();
    Set<String> listed = listedInTheCatalogue();
    Set<String> missing = new TreeSet<>(sent);
    missing.removeAll(listed);
    Set<String> stale = new TreeSet<>(listed);
    stale.removeAll(sent);
    assertTrue(
        missing.isEmpty() && stale.isEmpty(),
        "errors.md does not match the code. Sent but not listed: "
            + missing
            + "; listed but never sent: "
            + stale);
    assertTrue(
        sent.contains("422 dnd-too-long") && sent.contains("422 acknowledgement-not-requested"),
        String.valueOf(sent));
  }

  /**
   * "status type" for every problem the main sources can make, and those the load balancer's config
   * writes.
   */
  private static Set<String> sentByTheCode() {
    Set<String> out = new TreeSet<>();
    List<String> unexplained = new ArrayList<>();
    for (Path file : javaFiles()) {
      String text = read(file);
      String name = SOURCES.resolve("se/tjanstemobil").relativize(file).toString();
      Matcher call = CALL.matcher(text);
      while (call.find()) {
        String status =
            call.group(1) == null
                ? null
                : switch (call.group(1)) {
                  case "rule" -> "422";
                  case "conflict" -> "409";
                  default -> "429";
                };
        String typeArgument = (call.group(1) != null ? call.group(2) : call.group(4)).trim();
        if (status == null) {
          status = call.group(3).trim();
        }
        Matcher literal = LITERAL.matcher(typeArgument);
        List<String> types = new ArrayList<>();
        while (literal.find()) {
          types.add(literal.group(1));
        }
        boolean literalTypes =
            !types.isEmpty() && typeArgument.matches("[\\w ?:\"-]+") && !typeArgument.contains("+");
        if (literalTypes && status.matches("\\d{3}")) {
          String s = status;
          types.forEach(t -> out.add(s + " " + t));
        } else if (!PASS_THROUGH.contains(name + ": " + typeArgument)
            && !PASS_THROUGH.contains(name + ": " + status)) {
          unexplained.add(name + ": status " + status + ", type " + typeArgument);
        }
      }
      if (name.equals("hubs/BookingRules.java")) {
        Matcher v = Pattern.compile("new Violation\\(\\s*\"([a-z-]+)\"").matcher(text);
        while (v.find()) {
          out.add("422 " + v.group(1));
        }
      }
      if (name.equals("http/ProblemFailureHandler.java") && text.contains("\"http-\" + status")) {
        out.add("4XX, 5XX http-<status>");
      }
    }
    assertTrue(
        unexplained.isEmpty(),
        "problems made with a type this test cannot read; name their types here: " + unexplained);
    Matcher nginx =
        Pattern.compile("return (\\d{3}) '\\{\"type\":\"urn:tjanstemobil:problem:([a-z-]+)\"")
            .matcher(read(ROOT.resolve("scripts/cluster")));
    while (nginx.find()) {
      out.add(nginx.group(1) + " " + nginx.group(2));
    }
    return out;
  }

  private static Set<String> listedInTheCatalogue() {
    Set<String> out = new TreeSet<>();
    Matcher row =
        Pattern.compile("(?m)^\\| ([0-9X, ]+) \\| `([a-z<>-]+)` \\|")
            .matcher(read(ROOT.resolve("mobile-api-docs/errors.md")));
    while (row.find()) {
      assertTrue(out.add(row.group(1) + " " + row.group(2)), "listed twice: " + row.group(0));
    }
    return out;
  }

  @Test
  void aRunningServerServesTheCatalogueAndTheGuideLinkedFromTheDocsPage() {
    Api.Response docs = server.api.get("/docs");
    assertEquals(200, docs.status());
    assertTrue(
        docs.text().contains("href=\"/docs/guide\"")
            && docs.text().contains("href=\"/docs/errors\""),
        docs.text());

    Api.Response errors = server.api.get("/docs/errors");
    assertEquals(200, errors.status(), errors.text());
    assertTrue(errors.contentType().startsWith("text/html"), errors.contentType());
    for (String t :
        List.of(
            "dnd-too-long",
            "acknowledgement-not-requested",
            "unknown-resource",
            "resource-taken")) {
      assertTrue(
          errors.text().contains("<code>" + t + "</code>"), t + " is not on the served catalogue");
    }
    assertTrue(errors.text().contains("<table>"), "the catalogue's table is rendered");

    Api.Response guide = server.api.get("/docs/guide");
    assertEquals(200, guide.status(), guide.text());
    assertTrue(
        guide.text().contains("<h1>Tjänstemobil API: a guide for app developers</h1>"),
        guide.text());
    assertTrue(
        guide.text().contains("href=\"/docs/errors\"")
            && guide.text().contains("href=\"/docs/push\""),
        "the guide's links to errors.md and push.md lead to their pages");
    assertEquals(200, server.api.get("/docs/push").status());
    assertEquals(200, server.api.get("/docs/docs-pages.css").status());
  }

  @Test
  void aResourceIdThatNamesNoResourceIsTheRuleTheCatalogueNames() {
    Api nurse = server.as("nurse-a");
    LocalDate day = LocalDate.now(HubFixture.STOCKHOLM).plusDays(2);
    String none = "0b7f1f9e-3c2a-4d55-9d8e-2f1c6b7a9e10";
    JsonObject booking =
        HubFixture.book(nurse, none, HubFixture.at(day, 8, 0), HubFixture.at(day, 10, 0))
            .problem(422);
    assertEquals("urn:tjanstemobil:problem:unknown-resource", booking.getString("type"));
    JsonObject series =
        nurse
            .post(
                "/api/v1/booking-series",
                new JsonObject()
                    .put("resourceId", none)
                    .put("weekdays", new JsonArray().add("MONDAY"))
                    .put("startTime", "08:00")
                    .put("endTime", "10:00")
                    .put("from", day.toString())
                    .put("to", day.plusDays(14).toString()))
            .problem(422);
    assertEquals("urn:tjanstemobil:problem:unknown-resource", series.getString("type"));
  }

  private static List<Path> javaFiles() {
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(f -> f.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
