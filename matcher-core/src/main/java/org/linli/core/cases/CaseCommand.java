package org.linli.core.cases;

import java.time.Instant;
import java.util.Objects;
import org.linli.core.Nullable;
import org.linli.core.access.Principal;
import org.linli.core.error.ConflictException;

/**
 * One change of one stored case, as {@link CaseRules} define it: what a {@link CaseStore} applies
 * atomically where the case lives, so that of many concurrent acceptances exactly one wins.
 * Immutable.
 *
 * @param op what to do
 * @param caller who asks ({@link Principal#ANONYMOUS} for the offer timer)
 * @param now when
 * @param expectedProviderId for ACCEPT: the provider whose capacity the caller reserved; the offer
 *     must still be its. For REASSIGN: the provider the case must still be assigned to. Null
 *     otherwise.
 * @param detail what is said with the step (a reason, an outcome, a note), or null
 * @param target for REASSIGN: the provider the case moves to (its capacity reserved). Null
 *     otherwise.
 */
public record CaseCommand(
    Op op,
    Principal caller,
    Instant now,
    @Nullable String expectedProviderId,
    @Nullable StepDetail detail,
    @Nullable Candidate target) {
  /** What to do. */
  public enum Op {
    ACCEPT,
    DECLINE,
    COMPLETE,
    CANCEL,
    EXPIRE,
    ESCALATE,
    NOTE,
    REASSIGN
  }

  public CaseCommand {
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(now, "now");
  }

  /** A command with nothing said (no reason, no outcome). */
  public CaseCommand(Op op, Principal caller, Instant now, @Nullable String expectedProviderId) {
    this(op, caller, now, expectedProviderId, null, null);
  }

  /** A command that moves no case to another provider. */
  public CaseCommand(
      Op op,
      Principal caller,
      Instant now,
      @Nullable String expectedProviderId,
      @Nullable StepDetail detail) {
    this(op, caller, now, expectedProviderId, detail, null);
  }

  /**
   * The case after this command: {@code c} itself when nothing changes (an offer that has not
   * lapsed yet).
   *
   * @throws org.linli.core.error.LinliException the refusal the rules give (404, 403, 409)
   */
  public ReferralCase applyTo(ReferralCase c, CaseRules rules) {
    return switch (op) {
      case ACCEPT -> {
        ReferralCase accepted = rules.accept(c, caller, now);
        if (!java.util.Objects.requireNonNull(accepted.assigned(), "an accepted case's provider")
            .providerId()
            .equals(expectedProviderId)) {
          throw new ConflictException("the offer moved on to another provider");
        }
        yield accepted;
      }
      case DECLINE -> rules.decline(c, caller, now, detail);
      case COMPLETE -> rules.complete(c, caller, now, detail);
      case CANCEL -> rules.cancel(c, caller, now);
      case EXPIRE -> rules.expire(c, now);
      case ESCALATE -> rules.escalate(c, now);
      case NOTE -> rules.note(c, caller, now, Objects.requireNonNull(detail, "a note's text"));
      case REASSIGN ->
          rules.reassign(
              c,
              caller,
              now,
              Objects.requireNonNull(target, "where to"),
              expectedProviderId,
              detail);
    };
  }
}
