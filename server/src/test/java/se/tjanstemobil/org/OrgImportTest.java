package se.tjanstemobil.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.tjanstemobil.support.Orgs.employee;
import static se.tjanstemobil.support.Orgs.grant;
import static se.tjanstemobil.support.Orgs.unit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.support.Api;
import se.tjanstemobil.support.FakeIdentityProvider;
import se.tjanstemobil.support.Orgs;
import se.tjanstemobil.support.TestServer;

class OrgImportTest {

  private static TestServer server;
  private static Api admin;

  @BeforeAll
  static void start() {
    server = TestServer.start("org_import");
    JsonObject org = Orgs.small();
    org.getJsonArray("employees")
        .add(employee("admin-en", "Alex Admin", "REG").put("locale", "en"));
    org.getJsonArray("roleGrants").add(grant("admin-en", "ADMIN", null));
    server.importOrganisation(org);
    admin = server.as("admin");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonObject importFile(JsonObject file) {
    Api.Response r = admin.post("/api/v1/admin/org/import", file);
    assertEquals(200, r.status(), r.text());
    return r.json();
  }

  @Test
  void theSameFileTwiceChangesNothing() {
    JsonObject file =
        new JsonObject()
            .put("units", new JsonArray().add(unit("IDEM", "Idempotens", "REG")))
            .put(
                "employees",
                new JsonArray()
                    .add(employee("idem-1", "Ida Idem", "IDEM"))
                    .add(employee("idem-2", "Ivar Idem", "IDEM")))
            .put("roleGrants", new JsonArray().add(grant("idem-1", "MANAGER", "IDEM")));
    JsonObject first = importFile(file);
    assertEquals(1, first.getJsonObject("units").getInteger("created"));
    assertEquals(2, first.getJsonObject("employees").getInteger("created"));
    assertEquals(1, first.getJsonObject("roleGrants").getInteger("granted"));
    long employeesBefore = server.count("SELECT count(*) FROM employees");
    long auditBefore = server.count("SELECT count(*) FROM audit_log WHERE action <> 'ORG_IMPORT'");

    JsonObject second = importFile(file);
    assertEquals(
        new JsonObject().put("created", 0).put("updated", 0).put("unchanged", 1),
        second.getJsonObject("units"));
    assertEquals(2, second.getJsonObject("employees").getInteger("unchanged"));
    assertEquals(0, second.getJsonObject("employees").getInteger("updated"));
    assertEquals(1, second.getJsonObject("roleGrants").getInteger("unchanged"));
    assertEquals(0, second.getJsonObject("roleGrants").getInteger("granted"));
    assertEquals(0, second.getJsonObject("roleGrants").getInteger("revoked"));
    assertEquals(employeesBefore, server.count("SELECT count(*) FROM employees"));
    assertEquals(
        auditBefore, server.count("SELECT count(*) FROM audit_log WHERE action <> 'ORG_IMPORT'"));
  }

  @Test
  void badRowsAreRejectedWithReasonsAndGoodRowsKept() {
    JsonObject file =
        new JsonObject()
            .put(
                "units",
                new JsonArray()
                    .add(unit("BAD-PARENT", "Föräldralös", "NO-SUCH-UNIT"))
                    .add(unit("GOOD-UNIT", "Bra enhet", "REG"))
                    .add(new JsonObject().put("externalId", "NO-NAME")))
            .put(
                "employees",
                new JsonArray()
                    .add(employee("good-1", "Greta Good", "GOOD-UNIT"))
                    .add(employee("bad-unit", "Bertil Bad", "NO-SUCH-UNIT"))
                    .add(
                        employee("bad-mail", "Berit Mail", "GOOD-UNIT")
                            .put("email", "not-an-email"))
                    .add(
                        employee("bad-zone", "Zeke Zone", "GOOD-UNIT")
                            .put("timeZone", "Mars/Olympus"))
                    .add(employee("good-1", "Greta Twice", "GOOD-UNIT"))
                    .add(
                        new JsonObject().put("name", "Utan Id").put("unitExternalId", "GOOD-UNIT")))
            .put(
                "roleGrants",
                new JsonArray()
                    .add(grant("good-1", "SUPERUSER", null))
                    .add(grant("good-1", "MANAGER", null))
                    .add(grant("good-1", "HR", "GOOD-UNIT")));
    JsonObject result = importFile(file);

    assertEquals(1, result.getJsonObject("units").getInteger("created"));
    assertEquals(1, result.getJsonObject("employees").getInteger("created"));
    JsonArray rejected = result.getJsonArray("rejected");
    // Each reason in the admin's language (Swedish), naming the file's own fields and values.
    assertRejected(
        rejected, "units", 0, "den överordnade enheten NO-SUCH-UNIT är inte en känd enhet");
    assertRejected(rejected, "units", 2, "name saknas");
    assertRejected(rejected, "employees", 1, "enheten NO-SUCH-UNIT är inte en känd enhet");
    assertRejected(
        rejected, "employees", 2, "e-postadressen not-an-email är inte en giltig e-postadress");
    assertRejected(rejected, "employees", 3, "timeZone Mars/Olympus är inte en tidszon");
    assertRejected(rejected, "employees", 4, "externalId good-1 finns mer än en gång i filen");
    assertRejected(rejected, "employees", 5, "externalId saknas");
    assertRejected(
        rejected,
        "roleGrants",
        0,
        "role måste vara en av MANAGER, HUB_ADMIN, COMMUNICATOR, CRISIS_LEAD, HR och ADMIN");
    assertRejected(rejected, "roleGrants", 1, "rollen Chef (MANAGER) behöver unitExternalId");
    assertRejected(
        rejected,
        "roleGrants",
        2,
        "rollen HR (HR) gäller hela organisationen och tar ingen enhet eller hubb");
    assertEquals(10, rejected.size(), rejected.encodePrettily());

    // An administrator who reads English gets the same rows with English reasons.
    Api.Response en = server.as("admin-en").post("/api/v1/admin/org/import", file);
    assertEquals(200, en.status(), en.text());
    JsonArray english = en.json().getJsonArray("rejected");
    assertRejected(english, "employees", 1, "the unit NO-SUCH-UNIT is not a known unit");
    assertRejected(english, "roleGrants", 1, "the role Manager (MANAGER) needs unitExternalId");
    assertEquals(10, english.size(), english.encodePrettily());

    assertEquals(1, server.count("SELECT count(*) FROM employees WHERE external_id = 'good-1'"));
    assertEquals(
        0,
        server.count(
            "SELECT count(*) FROM employees WHERE external_id IN ('bad-unit', 'bad-mail', 'bad-zone')"));
    assertEquals(
        0,
        server.count("SELECT count(*) FROM units WHERE external_id IN ('BAD-PARENT', 'NO-NAME')"));
  }

  @Test
  void aCycleInTheUnitTreeIsRejected() {
    importFile(
        new JsonObject()
            .put(
                "units",
                new JsonArray()
                    .add(unit("CYC-1", "Ett", "REG"))
                    .add(unit("CYC-2", "Två", "CYC-1"))));
    JsonObject result =
        importFile(
            new JsonObject().put("units", new JsonArray().add(unit("CYC-1", "Ett", "CYC-2"))));
    assertRejected(
        result.getJsonArray("rejected"),
        "units",
        0,
        "den överordnade enheten CYC-2 skulle göra enheten till sin egen överordnade");
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM units c JOIN units p ON p.id = c.parent_id "
                + "WHERE c.external_id = 'CYC-1' AND p.external_id = 'REG'"));
  }

  @Test
  void parentsMayComeAfterTheirChildrenInTheFile() {
    JsonObject result =
        importFile(
            new JsonObject()
                .put(
                    "units",
                    new JsonArray()
                        .add(unit("LATE-CHILD", "Barn", "LATE-PARENT"))
                        .add(unit("LATE-PARENT", "Förälder", "REG"))));
    assertEquals(2, result.getJsonObject("units").getInteger("created"), result.encode());
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM units c JOIN units p ON p.id = c.parent_id "
                + "WHERE c.external_id = 'LATE-CHILD' AND p.external_id = 'LATE-PARENT'"));
  }

  @Test
  void anEmployeeMovesBetweenUnitsAndTheMoveIsAudited() {
    importFile(
        new JsonObject()
            .put("employees", new JsonArray().add(employee("mover", "Mona Move", "WARD-A"))));
    JsonObject result =
        importFile(
            new JsonObject()
                .put("employees", new JsonArray().add(employee("mover", "Mona Move", "WARD-B"))));
    assertEquals(1, result.getJsonObject("employees").getInteger("moved"));
    assertEquals(1, result.getJsonObject("employees").getInteger("updated"));

    Api mover = server.as("mover");
    assertEquals(
        "Avdelning B", mover.get("/api/v1/me").json().getJsonObject("unit").getString("name"));
    JsonArray audit = admin.get("/api/v1/admin/audit?action=EMPLOYEE_MOVED").items();
    assertTrue(
        audit.stream()
            .map(JsonObject.class::cast)
            .anyMatch(e -> "mover".equals(e.getJsonObject("details").getString("externalId"))),
        audit.encode());
  }

  @Test
  void aLeaverLosesAccessAndRolesAtOnce() {
    importFile(
        new JsonObject()
            .put("employees", new JsonArray().add(employee("leaver", "Lars Leaver", "WARD-A")))
            .put("roleGrants", new JsonArray().add(grant("leaver", "COMMUNICATOR", null))));
    Api leaver = server.as("leaver");
    assertEquals(200, leaver.get("/api/v1/me").status());

    JsonObject result =
        importFile(
            new JsonObject()
                .put(
                    "employees",
                    new JsonArray()
                        .add(employee("leaver", "Lars Leaver", "WARD-A").put("status", "LEFT"))));
    assertEquals(1, result.getJsonObject("employees").getInteger("left"));
    assertEquals(1, result.getJsonObject("roleGrants").getInteger("revoked"));

    // The token they already hold stops working, and they cannot get a new one.
    leaver.get("/api/v1/me").problem(401);
    server
        .api
        .post("/api/v1/auth/dev-login", new JsonObject().put("externalId", "leaver"))
        .problem(404);
    assertEquals(
        0,
        server.count(
            "SELECT count(*) FROM role_grants g JOIN employees e ON e.id = g.employee_id "
                + "WHERE e.external_id = 'leaver'"));
    assertEquals(
        1,
        server.count(
            "SELECT count(*) FROM employees WHERE external_id = 'leaver' AND left_at IS NOT NULL"));
  }

  @Test
  void roleGrantsFollowTheFileAndChangesAreAudited() {
    importFile(
        new JsonObject()
            .put("employees", new JsonArray().add(employee("rolly", "Rolf Roll", "WARD-A")))
            .put(
                "roleGrants",
                new JsonArray()
                    .add(grant("rolly", "HR", null))
                    .add(grant("rolly", "MANAGER", "WARD-A"))));
    JsonObject result =
        importFile(
            new JsonObject()
                .put("employees", new JsonArray().add(employee("rolly", "Rolf Roll", "WARD-A")))
                .put("roleGrants", new JsonArray().add(grant("rolly", "MANAGER", "WARD-A"))));
    assertEquals(1, result.getJsonObject("roleGrants").getInteger("revoked"));
    assertEquals(1, result.getJsonObject("roleGrants").getInteger("unchanged"));

    JsonArray roles = server.as("rolly").get("/api/v1/me").json().getJsonArray("roles");
    assertEquals(1, roles.size(), roles.encode());
    assertEquals("MANAGER", roles.getJsonObject(0).getString("role"));
    assertEquals("Avdelning A", roles.getJsonObject(0).getString("scopeName"));

    JsonArray revoked = admin.get("/api/v1/admin/audit?action=ROLE_REVOKED").items();
    JsonObject entry =
        revoked.stream()
            .map(JsonObject.class::cast)
            .filter(e -> "rolly".equals(e.getString("objectId")))
            .findFirst()
            .orElseThrow();
    assertEquals("HR", entry.getJsonObject("details").getString("role"));
    assertEquals("Ada Admin", entry.getJsonObject("actor").getString("name"));

    // Without a roleGrants section, roles are left as they are.
    importFile(
        new JsonObject()
            .put("employees", new JsonArray().add(employee("rolly", "Rolf Roll", "WARD-A"))));
    assertEquals(1, server.as("rolly").get("/api/v1/me").json().getJsonArray("roles").size());
  }

  @Test
  void onlyAnAdminMayImport() {
    long before = server.count("SELECT count(*) FROM units");
    JsonObject file =
        new JsonObject().put("units", new JsonArray().add(unit("SNEAKY", "Smyg", "REG")));
    server.as("hr").post("/api/v1/admin/org/import", file).problem(403);
    server.as("manager-a").post("/api/v1/admin/org/import", file).problem(403);
    server.api.post("/api/v1/admin/org/import", file).problem(401);
    assertEquals(before, server.count("SELECT count(*) FROM units"));
  }

  @Test
  void theFirstImportIntoAnEmptyDatabaseMakesTheConfiguredFirstAdmins() throws Exception {
    try (FakeIdentityProvider idp = new FakeIdentityProvider("nobody")) {
      Map<String, Object> config = new HashMap<>(idp.serverConfig());
      config.put("auth.bootstrapAdmins", List.of("first.admin", "second.admin", "late.admin"));
      try (TestServer s = TestServer.start("org_first_admins", config)) {
        Function<String, Api> as =
            who -> s.api.withToken(idp.token("sub", who, FakeIdentityProvider.AUDIENCE));
        JsonObject file =
            new JsonObject()
                .put("units", new JsonArray().add(unit("REG", "Region Test", null)))
                .put(
                    "employees",
                    new JsonArray()
                        .add(employee("first.admin", "Frida Först", "REG"))
                        .add(employee("second.admin", "Sven Sedan", "REG"))
                        .add(employee("clerk", "Klara Kontor", "REG")));

        // Nothing but the import is open to a first admin, and nobody else may import.
        as.apply("first.admin").get("/api/v1/me").problem(401);
        as.apply("someone.else").post("/api/v1/admin/org/import", file).problem(401);
        // The import must make the caller an administrator, or nothing is imported.
        JsonObject withoutCaller =
            file.copy()
                .put("employees", new JsonArray().add(employee("clerk", "Klara Kontor", "REG")));
        JsonObject refused =
            as.apply("first.admin").post("/api/v1/admin/org/import", withoutCaller).problem(422);
        assertEquals("urn:tjanstemobil:problem:bootstrap-admin-missing", refused.getString("type"));
        assertEquals(
            "Den första importen måste göra dig till administratör: ta med dig själv (first.admin)"
                + " bland medarbetarna; ingenting importerades",
            refused.getString("detail"));
        assertEquals(0, s.count("SELECT count(*) FROM employees"));
        assertEquals(0, s.count("SELECT count(*) FROM units"));

        Api.Response first = as.apply("first.admin").post("/api/v1/admin/org/import", file);
        assertEquals(200, first.status(), first.text());
        assertEquals(2, first.json().getJsonObject("roleGrants").getInteger("granted"));
        assertTrue(
            isAdmin(as.apply("first.admin")), "the first import did not make its caller an ADMIN");
        assertTrue(isAdmin(as.apply("second.admin")));
        assertEquals(
            2,
            s.count(
                "SELECT count(*) FROM audit_log WHERE action = 'ROLE_GRANTED' AND details->>'source' = 'BOOTSTRAP'"
                    + " AND details->>'importedBy' = 'first.admin'"));

        // Once there is an administrator the setting opens nothing more.
        as.apply("late.admin").post("/api/v1/admin/org/import", file).problem(401);
        // An import from the HR system, which knows nothing of the first admins, leaves them ADMIN.
        Api.Response hr =
            as.apply("first.admin")
                .post(
                    "/api/v1/admin/org/import",
                    file.copy().put("roleGrants", new JsonArray().add(grant("clerk", "HR", null))));
        assertEquals(200, hr.status(), hr.text());
        assertTrue(
            isAdmin(as.apply("first.admin")), "a later import took the first admin's ADMIN away");
      }
    }
  }

  private static boolean isAdmin(Api who) {
    Api.Response me = who.get("/api/v1/me");
    assertEquals(200, me.status(), me.text());
    return me.json().getJsonArray("roles").stream()
        .anyMatch(r -> "ADMIN".equals(((JsonObject) r).getString("role")));
  }

  private static void assertRejected(
      JsonArray rejected, String section, int index, String reasonPart) {
    boolean found =
        rejected.stream()
            .map(JsonObject.class::cast)
            .anyMatch(
                r ->
                    section.equals(r.getString("section"))
                        && r.getInteger("index") == index
                        && r.getString("reason").equals(reasonPart));
    assertTrue(
        found,
        "expected "
            + section
            + "["
            + index
            + "] rejected with '"
            + reasonPart
            + "' in "
            + rejected.encodePrettily());
  }
}
