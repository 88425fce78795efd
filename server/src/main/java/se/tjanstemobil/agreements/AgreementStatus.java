package se.tjanstemobil.agreements;

import java.time.LocalDate;

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
    EDIT,
    SUBMIT,
    WITHDRAW,
    APPROVE,
    REJECT,
    TERMINATE,
    RENEW;

    /** The stored states the action starts from. */
    private boolean startsFrom(AgreementStatus stored) {
      return switch (this) {
        case EDIT, SUBMIT -> stored == DRAFT;
        case WITHDRAW -> stored == DRAFT || stored == SUBMITTED;
        case APPROVE, REJECT -> stored == SUBMITTED;
        case TERMINATE -> stored == APPROVED;
        case RENEW -> stored == APPROVED || stored == TERMINATED;
      };
    }

    /**
     * Whether the action is allowed on an agreement stored in this state (shown as `shown` today).
     */
    public boolean allowed(AgreementStatus stored, AgreementStatus shown) {
      if (!startsFrom(stored)) {
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
