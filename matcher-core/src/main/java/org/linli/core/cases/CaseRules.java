package org.linli.core.cases;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.linli.core.Nullable;
import org.linli.core.access.CaseAccess;
import org.linli.core.access.Principal;
import org.linli.core.error.ConflictException;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.NotFoundException;

/**
 * The referral state machine. OFFERED goes to ACCEPTED (the offered provider), or on a decline or a
 * lapsed offer to the next candidate, or to UNMATCHED when none is left; ACCEPTED goes to COMPLETED
 * (the assigned provider); OFFERED and ACCEPTED go to CANCELLED (the resident). An URGENT need's
 * offers last {@code urgentOfferTimeout}; an UNMATCHED case, and an URGENT or sensitive one not
 * accepted within {@code escalateAfter}, is escalated (a transition that keeps the status, and the
 * time in {@link ReferralCase#escalatedAt}). Each method takes a case and answers its next version
 * (pure: the caller stores it atomically). A caller who may not see the case gets {@link
 * NotFoundException}, exactly as for an unknown id; one who sees it but may not act gets {@link
 * ForbiddenException}; an action the case's state does not allow gets {@link ConflictException}.
 * Thread-safe (immutable).
 */
public final class CaseRules {
  /** The actor of transitions nobody asked for (matching, offer timeouts). */
  public static final String SYSTEM = "system";

  /** How long an URGENT or sensitive need may wait for an acceptance before it escalates. */
  public static final Duration DEFAULT_ESCALATE_AFTER = Duration.ofMinutes(30);

  private final Duration offerTimeout;
  private final Duration urgentOfferTimeout;
  private final Duration escalateAfter;

  /** URGENT needs wait as long as others; escalation after {@link #DEFAULT_ESCALATE_AFTER}. */
  public CaseRules(Duration offerTimeout) {
    this(offerTimeout, offerTimeout, DEFAULT_ESCALATE_AFTER);
  }

  /**
   * @param offerTimeout how long each candidate has to answer a ROUTINE need; positive
   * @param urgentOfferTimeout how long for an URGENT need; positive
   * @param escalateAfter how long an URGENT or sensitive need may go unaccepted before it is
   *     escalated to its region's duty staff; positive
   */
  public CaseRules(Duration offerTimeout, Duration urgentOfferTimeout, Duration escalateAfter) {
    for (Duration d : new Duration[] {offerTimeout, urgentOfferTimeout, escalateAfter}) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("case timings must be positive, got " + d);
      }
    }
    this.offerTimeout = offerTimeout;
    this.urgentOfferTimeout = urgentOfferTimeout;
    this.escalateAfter = escalateAfter;
  }

  public Duration offerTimeout() {
    return offerTimeout;
  }

  public Duration urgentOfferTimeout() {
    return urgentOfferTimeout;
  }

  public Duration escalateAfter() {
    return escalateAfter;
  }

  /**
   * The case escalated to its region's duty staff, if it is due by {@code now}: OFFERED, URGENT or
   * sensitive, not escalated yet, and open for {@link #escalateAfter()}; otherwise {@code c}
   * itself. (An UNMATCHED case escalates the moment it becomes UNMATCHED.)
   */
  public ReferralCase escalate(ReferralCase c, Instant now) {
    if (c.escalatedAt() != null
        || c.status() != CaseStatus.OFFERED
        || !c.watched()
        || now.isBefore(c.createdAt().plus(escalateAfter))) {
      return c;
    }
    return c.escalated(
        new Transition(now, SYSTEM, CaseEvent.ESCALATED, c.status(), c.status(), null));
  }

  /** A new case, offered to the first candidate, or UNMATCHED when there is none. */
  public ReferralCase open(
      String id,
      String residentId,
      Need need,
      List<Candidate> candidates,
      Instant now,
      List<String> regionIds) {
    return open(id, residentId, need, candidates, now, regionIds, SYSTEM, null);
  }

  /**
   * A new case, as {@link #open(String, String, Need, List, Instant, List)}: its first step names
   * {@code opener} as the actor (staff posting on a resident's behalf, a provider referring onward;
   * {@link #SYSTEM} for a resident's own need), and it is linked to the case it was referred from.
   */
  public ReferralCase open(
      String id,
      String residentId,
      Need need,
      List<Candidate> candidates,
      Instant now,
      List<String> regionIds,
      String opener,
      @Nullable String referredFrom) {
    ReferralCase fresh =
        new ReferralCase(
            id,
            residentId,
            need,
            candidates,
            -1,
            null,
            null,
            CaseStatus.UNMATCHED,
            List.of(),
            now,
            regionIds,
            null,
            referredFrom);
    return offerFrom(fresh, 0, now, opener);
  }

  public ReferralCase accept(ReferralCase c, Principal p, Instant now) {
    requireVisible(p, c);
    requireStatus(c, CaseStatus.OFFERED, "accept");
    if (!CaseAccess.actsFor(p, c.offered())) {
      throw new ForbiddenException("only the offered provider (its worker or agency) may accept");
    }
    Instant expires = Objects.requireNonNull(c.offerExpiresAt(), "an OFFERED case's expiry");
    if (!now.isBefore(expires)) {
      throw new ConflictException("the offer expired at " + expires);
    }
    Candidate winner = offeredOf(c);
    return c.with(
        CaseStatus.ACCEPTED,
        c.offerIndex(),
        null,
        winner,
        new Transition(
            now,
            p.requireSubject(),
            CaseEvent.ACCEPTED,
            c.status(),
            CaseStatus.ACCEPTED,
            winner.providerId()));
  }

  public ReferralCase decline(ReferralCase c, Principal p, Instant now) {
    return decline(c, p, now, null);
  }

  /** A decline, with its reason and note when given. */
  public ReferralCase decline(
      ReferralCase c, Principal p, Instant now, @org.linli.core.Nullable StepDetail detail) {
    requireVisible(p, c);
    requireStatus(c, CaseStatus.OFFERED, "decline");
    if (!CaseAccess.actsFor(p, c.offered())) {
      throw new ForbiddenException("only the offered provider (its worker or agency) may decline");
    }
    ReferralCase declined =
        c.with(
            CaseStatus.OFFERED,
            c.offerIndex(),
            c.offerExpiresAt(),
            null,
            new Transition(
                now,
                p.requireSubject(),
                CaseEvent.DECLINED,
                c.status(),
                CaseStatus.OFFERED,
                offeredOf(c).providerId(),
                detail));
    return offerFrom(declined, c.offerIndex() + 1, now);
  }

  /** The case after its offer lapsed, if it has by {@code now}; otherwise {@code c} itself. */
  public ReferralCase expire(ReferralCase c, Instant now) {
    if (c.status() != CaseStatus.OFFERED || now.isBefore(c.offerExpiresAt())) {
      return c;
    }
    ReferralCase expired =
        c.with(
            CaseStatus.OFFERED,
            c.offerIndex(),
            c.offerExpiresAt(),
            null,
            new Transition(
                now,
                SYSTEM,
                CaseEvent.EXPIRED,
                c.status(),
                CaseStatus.OFFERED,
                offeredOf(c).providerId()));
    return offerFrom(expired, c.offerIndex() + 1, now);
  }

  public ReferralCase complete(ReferralCase c, Principal p, Instant now) {
    return complete(c, p, now, null);
  }

  /** A completion, with its outcome, note and minutes of service when given. */
  public ReferralCase complete(
      ReferralCase c, Principal p, Instant now, @org.linli.core.Nullable StepDetail detail) {
    requireVisible(p, c);
    requireStatus(c, CaseStatus.ACCEPTED, "complete");
    if (!CaseAccess.actsFor(p, c.assigned())) {
      throw new ForbiddenException(
          "only the assigned provider (its worker or agency) may complete");
    }
    return c.with(
        CaseStatus.COMPLETED,
        c.offerIndex(),
        null,
        c.assigned(),
        new Transition(
            now,
            p.requireSubject(),
            CaseEvent.COMPLETED,
            c.status(),
            CaseStatus.COMPLETED,
            assignedOf(c).providerId(),
            detail));
  }

  public ReferralCase cancel(ReferralCase c, Principal p, Instant now) {
    requireVisible(p, c);
    if (!CaseAccess.isResident(p, c)) {
      throw new ForbiddenException("only the case's resident may cancel it");
    }
    if (!c.status().isOpen()) {
      throw new ConflictException(
          "the case is " + c.status() + "; only an OFFERED or ACCEPTED case can be cancelled");
    }
    return c.with(
        CaseStatus.CANCELLED,
        c.offerIndex(),
        null,
        c.assigned(),
        new Transition(
            now,
            p.requireSubject(),
            CaseEvent.CANCELLED,
            c.status(),
            CaseStatus.CANCELLED,
            c.assigned() == null ? null : c.assigned().providerId()));
  }

  /**
   * A note on the case, by the assigned provider (its worker or agency) or STAFF who see the case;
   * any status. Seen by them only ({@link CaseAccess#seesStepNote}).
   */
  public ReferralCase note(ReferralCase c, Principal p, Instant now, StepDetail note) {
    requireVisible(p, c);
    if (!(CaseAccess.staffSees(p, c) || CaseAccess.actsFor(p, c.assigned()))) {
      throw new ForbiddenException(
          "notes are written by the assigned provider (its worker or agency) and staff");
    }
    Candidate a = c.assigned();
    return c.noted(
        new Transition(
            now,
            p.requireSubject(),
            CaseEvent.NOTED,
            c.status(),
            c.status(),
            a == null ? null : a.providerId(),
            note));
  }

  /**
   * The accepted case moved by its provider's agency to {@code to}, another provider of the same
   * agency. {@code expectedFrom}, when given, must still be the assigned provider (409 otherwise:
   * someone moved it meanwhile). The capacity moves with it ({@link #movesCapacity}).
   */
  public ReferralCase reassign(
      ReferralCase c,
      Principal p,
      Instant now,
      Candidate to,
      @Nullable String expectedFrom,
      @Nullable StepDetail note) {
    requireVisible(p, c);
    requireStatus(c, CaseStatus.ACCEPTED, "reassign");
    Candidate from = assignedOf(c);
    if (!(p.has(org.linli.core.access.Role.AGENCY)
        && p.agencyId() != null
        && p.agencyId().equals(from.agencyId()))) {
      throw new ForbiddenException(
          "only the agency of the assigned provider may move the case to another of its providers");
    }
    if (!p.agencyId().equals(to.agencyId())) {
      throw new ForbiddenException(
          "provider " + to.providerId() + " is not one of agency " + p.agencyId() + "'s providers");
    }
    if (expectedFrom != null && !expectedFrom.equals(from.providerId())) {
      throw new ConflictException(
          "the case moved to provider " + from.providerId() + " meanwhile; reload it");
    }
    if (from.providerId().equals(to.providerId())) {
      throw new ConflictException("the case is already assigned to provider " + to.providerId());
    }
    return c.with(
        CaseStatus.ACCEPTED,
        c.offerIndex(),
        null,
        to,
        new Transition(
            now,
            p.requireSubject(),
            CaseEvent.REASSIGNED,
            CaseStatus.ACCEPTED,
            CaseStatus.ACCEPTED,
            to.providerId(),
            note));
  }

  /** Whether {@code before} → {@code after} moves an accepted case to another provider. */
  public static boolean movesCapacity(ReferralCase before, ReferralCase after) {
    return before.status() == CaseStatus.ACCEPTED
        && after.status() == CaseStatus.ACCEPTED
        && before.assigned() != null
        && after.assigned() != null
        && !before.assigned().providerId().equals(after.assigned().providerId());
  }

  /**
   * Whether going from {@code before} to {@code after} frees the assigned provider's reserved
   * capacity.
   */
  public static boolean freesCapacity(ReferralCase before, ReferralCase after) {
    return before.status() == CaseStatus.ACCEPTED && !after.status().isOpen();
  }

  /** Whether {@code before} → {@code after} reserves capacity (an acceptance). */
  public static boolean reservesCapacity(ReferralCase before, ReferralCase after) {
    return before.status() == CaseStatus.OFFERED && after.status() == CaseStatus.ACCEPTED;
  }

  /** Offers {@code c} to candidate {@code index}, or makes it UNMATCHED when there is none. */
  private ReferralCase offerFrom(ReferralCase c, int index, Instant now) {
    return offerFrom(c, index, now, SYSTEM);
  }

  /** As {@link #offerFrom(ReferralCase, int, Instant)}, the step made by {@code actor}. */
  private ReferralCase offerFrom(ReferralCase c, int index, Instant now, String actor) {
    CaseStatus before = c.history().isEmpty() ? null : c.status();
    if (index >= c.candidates().size()) {
      return c.with(
              CaseStatus.UNMATCHED,
              Math.max(-1, Math.min(index, c.candidates().size()) - 1),
              null,
              null,
              new Transition(now, actor, CaseEvent.UNMATCHED, before, CaseStatus.UNMATCHED, null))
          .escalatedIfNot(now);
    }
    Candidate next = c.candidates().get(index);
    return c.with(
        CaseStatus.OFFERED,
        index,
        now.plus(c.need().urgency() == Need.Urgency.URGENT ? urgentOfferTimeout : offerTimeout),
        null,
        new Transition(
            now, actor, CaseEvent.OFFERED, before, CaseStatus.OFFERED, next.providerId()));
  }

  /** The candidate an OFFERED case is offered to (its status was checked). */
  private static Candidate offeredOf(ReferralCase c) {
    return Objects.requireNonNull(c.offered(), "an OFFERED case's offer");
  }

  /** The candidate an ACCEPTED case is assigned to (its status was checked). */
  private static Candidate assignedOf(ReferralCase c) {
    return Objects.requireNonNull(c.assigned(), "an ACCEPTED case's provider");
  }

  private static void requireVisible(Principal p, ReferralCase c) {
    if (!CaseAccess.canSee(p, c)) {
      throw new NotFoundException("case " + c.id());
    }
  }

  private static void requireStatus(ReferralCase c, CaseStatus wanted, String action) {
    if (c.status() != wanted) {
      throw new ConflictException("cannot " + action + " a case that is " + c.status());
    }
  }
}
