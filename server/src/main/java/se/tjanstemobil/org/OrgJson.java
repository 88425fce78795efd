package se.tjanstemobil.org;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.http.Page;

/** The organisation as the contract's JSON: GET /me, the units and people found, a unit's page. */
final class OrgJson {

  private OrgJson() {}

  static JsonObject me(Principal p, JsonObject reachableNow, JsonObject crisis) {
    JsonArray roles = new JsonArray();
    for (Principal.Grant g : p.grants()) {
      roles.add(
          new JsonObject()
              .put("role", g.role().name())
              .put("scopeType", g.role().scopeType().name())
              .put("scopeId", g.scopeId() == null ? null : g.scopeId().toString())
              .put("scopeName", g.scopeName()));
    }
    return new JsonObject()
        .put("id", p.id().toString())
        .put("externalId", p.externalId())
        .put("name", p.name())
        .put("email", p.email())
        .put("locale", p.locale())
        .put("timeZone", p.timeZone())
        .put(
            "unit",
            p.unitId() == null
                ? null
                : new JsonObject().put("id", p.unitId().toString()).put("name", p.unitName()))
        .put("roles", roles)
        .put("reachableNow", reachableNow)
        .put("crisis", crisis);
  }

  static JsonObject units(List<OrgStore.Listed> units) {
    JsonArray items = new JsonArray();
    units.forEach(
        u ->
            items.add(
                new JsonObject()
                    .put("id", u.id().toString())
                    .put("name", u.name())
                    .put("parentId", u.parentId() == null ? null : u.parentId().toString())));
    return new JsonObject().put("items", items);
  }

  static JsonObject employees(Page page, List<OrgStore.Found> found) {
    JsonArray items = new JsonArray();
    found.forEach(
        f ->
            items.add(
                new JsonObject()
                    .put("id", f.id().toString())
                    .put("name", f.name())
                    .put(
                        "unit",
                        f.unitId() == null
                            ? null
                            : new JsonObject()
                                .put("id", f.unitId().toString())
                                .put("name", f.unitName()))));
    return page.body(
        items, found.isEmpty() ? null : found.get(found.size() - 1).position().toJson());
  }

  static JsonObject unit(OrgStore.UnitPage page) {
    JsonArray path = new JsonArray();
    page.path().forEach(r -> path.add(ref(r)));
    JsonArray subunits = new JsonArray();
    page.subunits()
        .forEach(
            s ->
                subunits.add(
                    new JsonObject()
                        .put("id", s.id().toString())
                        .put("name", s.name())
                        .put("memberCount", s.members())));
    JsonArray managers = new JsonArray();
    page.managers().forEach(r -> managers.add(ref(r)));
    JsonArray members = new JsonArray();
    page.members()
        .forEach(
            m ->
                members.add(
                    new JsonObject()
                        .put("id", m.id().toString())
                        .put("name", m.name())
                        .put("externalId", m.externalId())
                        .put("email", m.email())));
    OrgStore.Unit unit = page.unit();
    return new JsonObject()
        .put("id", unit.id().toString())
        .put("externalId", unit.externalId())
        .put("name", unit.name())
        .put(
            "parent",
            unit.parentId() == null || path.isEmpty() ? null : path.getJsonObject(path.size() - 1))
        .put("path", path)
        .put("subunits", subunits)
        .put("managers", managers)
        .put("memberCount", members.size())
        .put("members", members);
  }

  private static JsonObject ref(OrgStore.Ref r) {
    return new JsonObject().put("id", r.id().toString()).put("name", r.name());
  }
}
