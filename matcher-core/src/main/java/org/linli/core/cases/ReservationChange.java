package org.linli.core.cases;

import java.io.Serializable;
import java.util.Objects;
import org.linli.core.Nullable;

/**
 * One change of a provider's {@link Reservations}, applied atomically where the provider is stored
 * (a {@link org.linli.core.provider.ProviderStore} may ship it to the member that owns the
 * provider, hence serializable). Immutable.
 */
public final class ReservationChange implements Serializable {
  private static final long serialVersionUID = 1L;

  private enum Op {
    RESERVE,
    FREE,
    SETTLE,
    ADOPT
  }

  private final Op op;
  private final String caseId;
  private final @Nullable String token;
  private final long millis;
  private final boolean acceptedHere;

  private ReservationChange(
      Op op, String caseId, @Nullable String token, long millis, boolean acceptedHere) {
    this.op = op;
    this.caseId = Objects.requireNonNull(caseId, "caseId");
    this.token = token;
    this.millis = millis;
    this.acceptedHere = acceptedHere;
  }

  /**
   * Reserves one unit for {@code caseId}'s acceptance attempt {@code token}, if capacity allows.
   */
  public static ReservationChange reserve(String caseId, String token, long nowMillis) {
    return new ReservationChange(
        Op.RESERVE, caseId, Objects.requireNonNull(token, "token"), nowMillis, false);
  }

  /** Frees {@code caseId}'s units: only attempt {@code token}'s, or all of them when it is null. */
  public static ReservationChange free(String caseId, @Nullable String token) {
    return new ReservationChange(Op.FREE, caseId, token, 0, false);
  }

  /**
   * Settles {@code caseId}'s holds taken at or before {@code cutoffMillis} ({@link
   * Reservations#settle}).
   */
  public static ReservationChange settle(String caseId, boolean acceptedHere, long cutoffMillis) {
    return new ReservationChange(Op.SETTLE, caseId, null, cutoffMillis, acceptedHere);
  }

  /**
   * Holds a unit for {@code caseId}, accepted by this provider, if none does ({@link
   * Reservations#adopt}).
   */
  public static ReservationChange adopt(String caseId, long nowMillis) {
    return new ReservationChange(Op.ADOPT, caseId, null, nowMillis, false);
  }

  /**
   * The reservations after this change, or null when it is refused (a RESERVE with no spare
   * capacity).
   */
  public @Nullable Reservations applyTo(Reservations before, int capacity) {
    return switch (op) {
      case RESERVE ->
          before.reserve(
              caseId, java.util.Objects.requireNonNull(token, "a hold's token"), millis, capacity);
      case FREE -> before.free(caseId, token);
      case SETTLE -> before.settle(caseId, acceptedHere, millis);
      case ADOPT -> before.adopt(caseId, millis);
    };
  }

  @Override
  public String toString() {
    return op + " " + caseId + (token == null ? "" : " " + token) + " @" + millis;
  }
}
