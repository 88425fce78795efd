package se.tjanstemobil.support;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** Small organisations for tests, in the HR import format. */
public final class Orgs {

  private Orgs() {}

  public static JsonObject unit(String ext, String name, String parent) {
    return new JsonObject()
        .put("externalId", ext)
        .put("name", name)
        .put("parentExternalId", parent);
  }

  public static JsonObject employee(String ext, String name, String unit) {
    return new JsonObject()
        .put("externalId", ext)
        .put("name", name)
        .put("email", ext.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", ".") + "@region.example")
        .put("unitExternalId", unit);
  }

  public static JsonObject grant(String employee, String role, String unit) {
    JsonObject g = new JsonObject().put("employeeExternalId", employee).put("role", role);
    if (unit != null) {
      g.put("unitExternalId", unit);
    }
    return g;
  }

  /**
   * A small region: REG > DEP > (WARD-A, WARD-B); an admin, HR, a department head (MANAGER of DEP),
   * a ward manager (MANAGER of WARD-A), a manager of WARD-B and two nurses.
   */
  public static JsonObject small() {
    return new JsonObject()
        .put(
            "units",
            new JsonArray()
                .add(unit("REG", "Region Test", null))
                .add(unit("DEP", "Hälso- och sjukvård", "REG"))
                .add(unit("WARD-A", "Avdelning A", "DEP"))
                .add(unit("WARD-B", "Avdelning B", "DEP")))
        .put(
            "employees",
            new JsonArray()
                .add(employee("admin", "Ada Admin", "REG"))
                .add(employee("hr", "Hanna HR", "REG"))
                .add(employee("head", "Doris Head", "DEP"))
                .add(employee("manager-a", "Maja Manager", "WARD-A"))
                .add(employee("manager-b", "Bo Manager", "WARD-B"))
                .add(employee("nurse-a", "Nils Nurse", "WARD-A"))
                .add(employee("nurse-b", "Nora Nurse", "WARD-B")))
        .put(
            "roleGrants",
            new JsonArray()
                .add(grant("admin", "ADMIN", null))
                .add(grant("hr", "HR", null))
                .add(grant("head", "MANAGER", "DEP"))
                .add(grant("manager-a", "MANAGER", "WARD-A"))
                .add(grant("manager-b", "MANAGER", "WARD-B")));
  }
}
