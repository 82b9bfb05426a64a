package org.linli.core.cases;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.linli.core.Nullable;

/**
 * The capacity a provider has committed: {@code activeCases} units, of which each Linli case holds
 * one by a named {@link Hold}; the rest ({@link #unexplained}) came with an import and belong to
 * cases outside Linli.
 *
 * <p>An acceptance first {@link #reserve reserves} a unit under a fresh token, then tries the
 * case's state change; the loser of a race {@link #free frees} its own token, the winner keeps its
 * hold until the case completes or is cancelled ({@link #free} by case). Because every unit Linli
 * reserves names its case, a hold left behind by a member that died between the two steps can be
 * found and {@link #settle settled} against the case's durable state, and an accepted case whose
 * hold went missing (an import replaced the provider) can be {@link #adopt adopted} again.
 * Immutable and thread-safe.
 *
 * @param activeCases committed units, {@code >= holds.size()}
 * @param holds the units held by Linli cases, oldest first
 */
public record Reservations(int activeCases, List<Hold> holds) {
  /**
   * One unit held for {@code caseId} by one acceptance attempt ({@code token}) since {@code
   * atMillis}.
   */
  public record Hold(String caseId, String token, long atMillis) {
    public Hold {
      Objects.requireNonNull(caseId, "caseId");
      Objects.requireNonNull(token, "token");
    }
  }

  public Reservations {
    holds = List.copyOf(holds);
    if (activeCases < holds.size()) {
      throw new IllegalArgumentException(
          "activeCases " + activeCases + " < " + holds.size() + " holds");
    }
  }

  /** Units not explained by a hold (imported with the provider). */
  public int unexplained() {
    return activeCases - holds.size();
  }

  /**
   * With a unit held for {@code caseId} under {@code token}, or null when all {@code capacity} are
   * taken.
   */
  public @Nullable Reservations reserve(String caseId, String token, long atMillis, int capacity) {
    if (activeCases >= capacity) {
      return null;
    }
    List<Hold> next = new ArrayList<>(holds);
    next.add(new Hold(caseId, token, atMillis));
    return new Reservations(activeCases + 1, next);
  }

  /**
   * Without the holds of {@code caseId} (only {@code token}'s, when given): each one freed gives
   * back its unit. Freeing what is not held changes nothing, so a repeated free is harmless.
   */
  public Reservations free(String caseId, @Nullable String token) {
    List<Hold> next =
        holds.stream()
            .filter(h -> !(h.caseId().equals(caseId) && (token == null || h.token().equals(token))))
            .toList();
    return next.size() == holds.size()
        ? this
        : new Reservations(activeCases - (holds.size() - next.size()), next);
  }

  /**
   * Settles {@code caseId}'s holds taken at or before {@code cutoffMillis} against the case's
   * state: when the case is accepted by this provider, exactly one hold of it stays (the oldest);
   * otherwise none of those stays. Holds newer than the cutoff are left alone (their acceptance may
   * still be on its way).
   */
  public Reservations settle(String caseId, boolean acceptedHere, long cutoffMillis) {
    List<Hold> next = new ArrayList<>();
    boolean kept = false;
    for (Hold h : holds) {
      if (!h.caseId().equals(caseId)) {
        next.add(h);
      } else if (h.atMillis() > cutoffMillis) {
        next.add(h);
        kept = true;
      } else if (acceptedHere && !kept) {
        next.add(h);
        kept = true;
      }
    }
    return next.size() == holds.size()
        ? this
        : new Reservations(activeCases - (holds.size() - next.size()), next);
  }

  /**
   * With a hold for {@code caseId}, which this provider has accepted, if it has none: an
   * unexplained unit is taken to be that case's (so a provider stored before holds existed is not
   * counted twice), else one unit is added, even past capacity, because the acceptance already
   * happened.
   */
  public Reservations adopt(String caseId, long atMillis) {
    if (holds.stream().anyMatch(h -> h.caseId().equals(caseId))) {
      return this;
    }
    List<Hold> next = new ArrayList<>(holds);
    next.add(new Hold(caseId, "adopted", atMillis));
    return new Reservations(unexplained() > 0 ? activeCases : activeCases + 1, next);
  }

  /** The case ids with a hold taken at or before {@code cutoffMillis}, oldest first, each once. */
  public List<String> staleCases(long cutoffMillis) {
    return holds.stream()
        .filter(h -> h.atMillis() <= cutoffMillis)
        .sorted(Comparator.comparingLong(Hold::atMillis))
        .map(Hold::caseId)
        .distinct()
        .toList();
  }
}
