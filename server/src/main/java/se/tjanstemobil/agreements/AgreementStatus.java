package se.tjanstemobil.agreements;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle. Stored: DRAFT, SUBMITTED, APPROVED, REJECTED, WITHDRAWN, TERMINATED. Shown: an
 * approved agreement is APPROVED before it starts, ACTIVE while it runs and EXPIRED after; a
 * terminated one is ACTIVE until its end date (the notice period) and TERMINATED after.
 */
public enum AgreementStatus {
  DRAFT,
  SUBMITTED,
  APPROVED,
  REJECTED,
  WITHDRAWN,
  ACTIVE,
  EXPIRED,
  TERMINATED;

  /** What the parties do to an agreement, and from which stored states each is allowed. */
  public enum Action {
    EDIT(EnumSet.of(DRAFT)),
    SUBMIT(EnumSet.of(DRAFT)),
    WITHDRAW(EnumSet.of(DRAFT, SUBMITTED)),
    APPROVE(EnumSet.of(SUBMITTED)),
    REJECT(EnumSet.of(SUBMITTED)),
    TERMINATE(EnumSet.of(APPROVED)),
    RENEW(EnumSet.of(APPROVED, TERMINATED));

    private final Set<AgreementStatus> from;

    Action(Set<AgreementStatus> from) {
      this.from = from;
    }

    /**
     * Whether the action is allowed on an agreement stored in this state (shown as `shown` today).
     */
    public boolean allowed(AgreementStatus stored, AgreementStatus shown) {
      if (!from.contains(stored)) {
        return false;
      }
      return switch (this) {
        // Ending early is for one that has not ended yet; renewing one that is over by termination
        // makes no sense.
        case TERMINATE -> shown != EXPIRED;
        case RENEW -> stored == APPROVED;
        default -> true;
      };
    }

    /**
     * The stored state the action leads to; RENEW leaves the agreement as it is (it makes a new
     * draft).
     */
    public AgreementStatus to() {
      return switch (this) {
        case EDIT, RENEW -> DRAFT;
        case SUBMIT -> SUBMITTED;
        case WITHDRAW -> WITHDRAWN;
        case APPROVE -> APPROVED;
        case REJECT -> REJECTED;
        case TERMINATE -> TERMINATED;
      };
    }
  }

  /** The state to show today from the stored one and the dates. */
  public static AgreementStatus shown(
      AgreementStatus stored,
      LocalDate validFrom,
      LocalDate validTo,
      LocalDate endsOn,
      LocalDate today) {
    return switch (stored) {
      case APPROVED ->
          today.isBefore(validFrom) ? APPROVED : today.isAfter(validTo) ? EXPIRED : ACTIVE;
      case TERMINATED -> !today.isAfter(endsOn) && !today.isBefore(validFrom) ? ACTIVE : TERMINATED;
      default -> stored;
    };
  }
}
