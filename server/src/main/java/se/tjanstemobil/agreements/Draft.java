package se.tjanstemobil.agreements;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.List;

/** What the employee proposes: the terms of an agreement, as policy checks them. */
public record Draft(
    LocalDate validFrom,
    LocalDate validTo,
    List<String> weekdays,
    Integer sharePercent,
    JsonArray places,
    String tasks,
    String workingHours,
    String reachability,
    String equipment,
    JsonObject checklist,
    LocalDate reviewDate) {

  /** The confirmations a submitted agreement needs. */
  static final List<String> CHECKLIST =
      List.of("workEnvironment", "informationSecurity", "insurance");
}
