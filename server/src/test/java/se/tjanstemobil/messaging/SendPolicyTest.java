package se.tjanstemobil.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.tjanstemobil.auth.Principal;
import se.tjanstemobil.auth.Role;
import se.tjanstemobil.http.Problem;

/** The send rules without a database: who may send what to whom, and the times. */
class SendPolicyTest {

  private static final OffsetDateTime NOW =
      OffsetDateTime.of(2027, 3, 2, 9, 0, 0, 0, ZoneOffset.UTC);
  private static final UUID UNIT = UUID.randomUUID();
  private static final UUID HUB = UUID.randomUUID();
  private static final SendPolicy MANAGERS_MAY =
      new SendPolicy(new MessageSending.UrgentPolicy(true, 3));
  private static final SendPolicy MANAGERS_MAY_NOT =
      new SendPolicy(new MessageSending.UrgentPolicy(false, 3));

  private static Principal with(Role... roles) {
    List<Principal.Grant> grants =
        Arrays.stream(roles)
            .map(
                r ->
                    new Principal.Grant(
                        r, r == Role.MANAGER ? UNIT : r == Role.HUB_ADMIN ? HUB : null, null))
            .toList();
    return new Principal(
        UUID.randomUUID(),
        "x",
        "X",
        "x@example.org",
        "sv",
        "Europe/Stockholm",
        UNIT,
        "Ward",
        grants);
  }

  private static JsonObject toUnit() {
    return body(
        new JsonObject()
            .put("units", new JsonArray().add(new JsonObject().put("id", UNIT.toString()))));
  }

  private static JsonObject toEveryone() {
    return body(new JsonObject().put("everyone", true));
  }

  private static JsonObject body(JsonObject audience) {
    return new JsonObject()
        .put("title", "t")
        .put("body", "b")
        .put("category", "OPERATIONS")
        .put("audience", audience);
  }

  private static JsonObject urgent(JsonObject body) {
    return body.put("priority", "URGENT").put("urgentReason", "Brand i hus C");
  }

  private static String iso(OffsetDateTime t) {
    return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
  }

  private static Problem refused(SendPolicy policy, Principal who, JsonObject body) {
    return assertThrows(Problem.class, () -> policy.check(who, body, NOW));
  }

  @Test
  void aManagerSendsToTheUnitsTheyManageOnly() {
    SendPolicy.Decision d = MANAGERS_MAY.check(with(Role.MANAGER), toUnit(), NOW);
    assertTrue(d.withinManagedUnits());
    assertFalse(d.urgent());
    assertEquals(NOW, d.sendAt());
    assertEquals(403, refused(MANAGERS_MAY, with(Role.MANAGER), toEveryone()).status());
  }

  @Test
  void aCommunicatorReachesEveryoneUnlessSendingUrgentOnAManagersRight() {
    assertFalse(
        MANAGERS_MAY.check(with(Role.COMMUNICATOR), toEveryone(), NOW).withinManagedUnits());
    // URGENT is not a communicator's: with the manager role too, it goes on the manager's right.
    SendPolicy.Decision d =
        MANAGERS_MAY.check(with(Role.COMMUNICATOR, Role.MANAGER), urgent(toUnit()), NOW);
    assertTrue(d.urgent());
    assertTrue(d.withinManagedUnits());
    assertEquals(
        403,
        refused(MANAGERS_MAY, with(Role.COMMUNICATOR, Role.MANAGER), urgent(toEveryone()))
            .status());
  }

  @Test
  void aCrisisLeadSendsUrgentToAnyone() {
    SendPolicy.Decision d =
        MANAGERS_MAY_NOT.check(with(Role.CRISIS_LEAD), urgent(toEveryone()), NOW);
    assertTrue(d.urgent());
    assertFalse(d.withinManagedUnits());
  }

  @Test
  void urgentNeedsPolicyAndAReason() {
    assertEquals(403, refused(MANAGERS_MAY_NOT, with(Role.MANAGER), urgent(toUnit())).status());
    JsonObject noReason = toUnit().put("priority", "URGENT");
    assertEquals(400, refused(MANAGERS_MAY, with(Role.MANAGER), noReason).status());
  }

  @Test
  void aHubAdministratorSendsToTheirOwnHubsOnly() {
    JsonObject own =
        body(
            new JsonObject()
                .put(
                    "hubs",
                    new JsonArray()
                        .add(
                            new JsonObject().put("id", HUB.toString()).put("date", "2027-03-02"))));
    assertTrue(MANAGERS_MAY.check(with(Role.HUB_ADMIN), own, NOW).withinManagedUnits());
    JsonObject other =
        body(
            new JsonObject()
                .put(
                    "hubs",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("id", UUID.randomUUID().toString())
                                .put("date", "2027-03-02"))));
    assertEquals(403, refused(MANAGERS_MAY, with(Role.HUB_ADMIN), other).status());
    assertEquals(403, refused(MANAGERS_MAY, with(Role.HUB_ADMIN), toUnit()).status());
    assertEquals(403, refused(MANAGERS_MAY, with(), toUnit()).status());
  }

  @Test
  void timesAreInOrder() {
    JsonObject late = toUnit().put("sendAt", iso(NOW.minusMinutes(2)));
    assertEquals(NOW, MANAGERS_MAY.check(with(Role.MANAGER), late, NOW).sendAt());
    JsonObject past = toUnit().put("sendAt", iso(NOW.minusMinutes(6)));
    assertEquals(422, refused(MANAGERS_MAY, with(Role.MANAGER), past).status());
    JsonObject backwards =
        toUnit().put("sendAt", iso(NOW.plusHours(2))).put("expiresAt", iso(NOW.plusHours(1)));
    assertEquals(400, refused(MANAGERS_MAY, with(Role.MANAGER), backwards).status());
  }
}
