package org.linli.core.cases;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.linli.core.Nullable;

/**
 * A resident's need on its way to a provider: the ranked candidates, which one holds the offer (and
 * until when), who accepted, and every transition. Immutable; {@link CaseRules} makes the next
 * version.
 *
 * @param residentId the resident's {@code sub}
 * @param need what the resident asked for (location WGS84)
 * @param candidates ranked at creation, best first
 * @param offerIndex index into {@code candidates} of the current or last offer; -1 before the first
 * @param offerExpiresAt when the current offer lapses (OFFERED only), else null
 * @param assigned the candidate that accepted (ACCEPTED, COMPLETED, or CANCELLED after acceptance),
 *     or null
 * @param regionIds the loaded regions (every level) the need lay in when the case opened: whose
 *     STAFF see it ({@link org.linli.core.access.RegionScope})
 * @param escalatedAt when the case was handed to the duty staff of its region, or null
 * @param referredFrom the case this one was referred onward from, or null
 */
public record ReferralCase(
    String id,
    String residentId,
    Need need,
    List<Candidate> candidates,
    int offerIndex,
    @Nullable Instant offerExpiresAt,
    @Nullable Candidate assigned,
    CaseStatus status,
    List<Transition> history,
    Instant createdAt,
    List<String> regionIds,
    @Nullable Instant escalatedAt,
    @Nullable String referredFrom) {

  public ReferralCase {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(residentId, "residentId");
    Objects.requireNonNull(need, "need");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    candidates = List.copyOf(candidates);
    history = List.copyOf(history);
    regionIds = List.copyOf(regionIds);
    if (offerIndex < -1 || offerIndex >= Math.max(1, candidates.size())) {
      throw new IllegalArgumentException(
          "offerIndex " + offerIndex + " outside [-1, " + candidates.size() + ")");
    }
    if ((status == CaseStatus.OFFERED) != (offerExpiresAt != null)) {
      throw new IllegalArgumentException(
          "an offer expiry is set exactly while the case is OFFERED");
    }
  }

  /** The candidate holding the offer now, or null when the case is not OFFERED. */
  public @Nullable Candidate offered() {
    return status == CaseStatus.OFFERED ? candidates.get(offerIndex) : null;
  }

  /** This case moved to {@code next} by {@code t}, with the given offer and assignment. */
  ReferralCase with(
      CaseStatus next,
      int index,
      @Nullable Instant expiresAt,
      @Nullable Candidate assignedTo,
      Transition t) {
    List<Transition> h = new ArrayList<>(history);
    h.add(t);
    return new ReferralCase(
        id,
        residentId,
        need,
        candidates,
        index,
        expiresAt,
        assignedTo,
        next,
        h,
        createdAt,
        regionIds,
        escalatedAt,
        referredFrom);
  }

  /** This case with {@code t} added and nothing else changed (a note). */
  ReferralCase noted(Transition t) {
    return with(status, offerIndex, offerExpiresAt, assigned, t);
  }

  /** This case handed to its region's duty staff at {@code t}'s instant, by {@code t}. */
  ReferralCase escalated(Transition t) {
    List<Transition> h = new ArrayList<>(history);
    h.add(t);
    return new ReferralCase(
        id,
        residentId,
        need,
        candidates,
        offerIndex,
        offerExpiresAt,
        assigned,
        status,
        h,
        createdAt,
        regionIds,
        t.at(),
        referredFrom);
  }

  /** This case escalated at {@code now} (its UNMATCHED step), unless it was already. */
  ReferralCase escalatedIfNot(Instant now) {
    return escalatedAt != null
        ? this
        : escalated(
            new Transition(now, CaseRules.SYSTEM, CaseEvent.ESCALATED, status, status, null));
  }

  /** Whether the case is URGENT or sensitive: one that escalates when not taken in time. */
  public boolean watched() {
    return need.urgency() == Need.Urgency.URGENT || need.sensitive();
  }
}
