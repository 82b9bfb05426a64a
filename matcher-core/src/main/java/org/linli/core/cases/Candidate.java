package org.linli.core.cases;

import java.util.Objects;

/**
 * One provider the case may be offered to, as ranked when the need came in (the audit of the
 * decision).
 *
 * @param agencyId the provider's agency at matching time, or null
 * @param score its blended score at matching time; 0 for a provider the case was moved to, which
 *     was not ranked ({@link #moved})
 * @param distanceMeters its distance from the need at matching time; -1 for a provider the case was
 *     moved to
 */
public record Candidate(String providerId, String agencyId, double score, double distanceMeters) {
  public Candidate {
    Objects.requireNonNull(providerId, "providerId");
  }

  /** A provider a case was moved to (reassigned, referred to by name): not ranked by a match. */
  public static Candidate moved(String providerId, String agencyId) {
    return new Candidate(providerId, agencyId, 0, -1);
  }
}
