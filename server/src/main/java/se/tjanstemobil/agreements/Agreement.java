package se.tjanstemobil.agreements;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import se.tjanstemobil.http.Times;
import se.tjanstemobil.i18n.Language;
import se.tjanstemobil.i18n.Text;

/** One agreement as stored, read with {@link #SELECT}, and as the API shows it. */
record Agreement(
    UUID id,
    UUID employeeId,
    String employeeName,
    String employeeLocale,
    UUID unitId,
    String unitName,
    UUID approverId,
    String approverName,
    AgreementStatus stored,
    Draft terms,
    int noticeDays,
    String employeeComment,
    String managerComment,
    UUID renewalOf,
    LocalDate endsOn,
    String terminationReason,
    String terminatedByName,
    OffsetDateTime submittedAt,
    OffsetDateTime decidedAt,
    String decidedByName,
    OffsetDateTime createdAt,
    OffsetDateTime updatedAt,
    String requestHash) {

  /** Add a WHERE on `a`. */
  static final String SELECT =
      """
    SELECT a.*, e.name AS employee_name, e.locale AS employee_locale, u.name AS unit_name, ap.name AS approver_name,
           t.name AS terminated_by_name, d.name AS decided_by_name
    FROM remote_agreements a JOIN employees e ON e.id = a.employee_id
    LEFT JOIN units u ON u.id = a.unit_id LEFT JOIN employees ap ON ap.id = a.approver_id
    LEFT JOIN employees t ON t.id = a.terminated_by LEFT JOIN employees d ON d.id = a.decided_by
    """;

  static Agreement of(Row r) {
    Object places = r.getValue("places");
    Object checklist = r.getValue("checklist");
    Draft terms =
        new Draft(
            r.getLocalDate("valid_from"),
            r.getLocalDate("valid_to"),
            List.of(r.getArrayOfStrings("weekdays")),
            r.getInteger("share_percent"),
            places instanceof JsonArray a ? a : new JsonArray(String.valueOf(places)),
            r.getString("tasks"),
            r.getString("working_hours"),
            r.getString("reachability"),
            r.getString("equipment"),
            checklist instanceof JsonObject o ? o : new JsonObject(String.valueOf(checklist)),
            r.getLocalDate("review_date"));
    return new Agreement(
        r.getUUID("id"),
        r.getUUID("employee_id"),
        r.getString("employee_name"),
        r.getString("employee_locale"),
        r.getUUID("unit_id"),
        r.getString("unit_name"),
        r.getUUID("approver_id"),
        r.getString("approver_name"),
        AgreementStatus.valueOf(r.getString("status")),
        terms,
        r.getInteger("notice_days"),
        r.getString("employee_comment"),
        r.getString("manager_comment"),
        r.getUUID("renewal_of"),
        r.getLocalDate("ends_on"),
        r.getString("termination_reason"),
        r.getString("terminated_by_name"),
        r.getOffsetDateTime("submitted_at"),
        r.getOffsetDateTime("decided_at"),
        r.getString("decided_by_name"),
        r.getOffsetDateTime("created_at"),
        r.getOffsetDateTime("updated_at"),
        r.getString("request_hash"));
  }

  AgreementStatus shown(LocalDate today) {
    return AgreementStatus.shown(stored, terms.validFrom(), terms.validTo(), endsOn, today);
  }

  /** The last day it is in force: its end, or the end date of a termination. */
  LocalDate lastDay() {
    return endsOn != null ? endsOn : terms.validTo();
  }

  /**
   * Why it ended early: the reason given, or (none given: the HR import ended it when the
   * employment ended) that, in the reader's language.
   */
  String terminationReason(Language language) {
    return terminationReason == null
        ? Text.of("agreements.termination.employmentEnded").in(language)
        : terminationReason;
  }

  /** The agreement as the API shows it, its texts in the reader's language. */
  JsonObject toJson(LocalDate today, AgreementPolicy policy, Language language) {
    JsonObject json =
        new JsonObject()
            .put("id", id.toString())
            .put("status", shown(today).name())
            .put("employee", ref(employeeId, employeeName))
            .put("unit", ref(unitId, unitName))
            .put("approver", ref(approverId, approverName))
            .put("validFrom", terms.validFrom().toString())
            .put("validTo", terms.validTo().toString())
            .put("weekdays", new JsonArray(terms.weekdays()))
            .put("sharePercent", terms.sharePercent())
            .put("places", terms.places())
            .put("tasks", terms.tasks())
            .put("workingHours", terms.workingHours())
            .put("reachability", terms.reachability())
            .put("equipment", terms.equipment())
            .put(
                "checklist",
                new JsonObject()
                    .put("workEnvironment", terms.checklist().getBoolean("workEnvironment", false))
                    .put(
                        "informationSecurity",
                        terms.checklist().getBoolean("informationSecurity", false))
                    .put("insurance", terms.checklist().getBoolean("insurance", false)))
            .put("noticeDays", noticeDays)
            .put("reviewDate", terms.reviewDate() == null ? null : terms.reviewDate().toString())
            .put("employeeComment", employeeComment)
            .put("managerComment", managerComment)
            .put("renewalOf", renewalOf == null ? null : renewalOf.toString())
            .put(
                "termination",
                endsOn == null
                    ? null
                    : new JsonObject()
                        .put("endsOn", endsOn.toString())
                        .put("reason", terminationReason(language))
                        .put("by", terminatedByName))
            .put("submittedAt", Times.format(submittedAt))
            .put("decidedAt", Times.format(decidedAt))
            .put("decidedBy", decidedByName)
            .put("createdAt", Times.format(createdAt))
            .put("updatedAt", Times.format(updatedAt));
    if (stored == AgreementStatus.DRAFT) {
      // What would stop it being submitted now, so the app can say so before the employee tries.
      json.put("policyViolations", AgreementPolicy.toJson(policy.check(terms, today), language));
    }
    return json;
  }

  private static JsonObject ref(UUID id, String name) {
    return id == null ? null : new JsonObject().put("id", id.toString()).put("name", name);
  }
}
