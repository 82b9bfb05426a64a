package org.linli.core.cases;

import java.util.Objects;

/**
 * One provider the case may be offered to, as ranked when the need came in (the audit of the
 * decision).
 *
 * @param agencyId the provider's agency at matching time, or null
 * @param score its blended score at matching time
 */
public record Candidate(String providerId, String agencyId, double score, double distanceMeters) {
  public Candidate {
    Objects.requireNonNull(providerId, "providerId");
  }
}
