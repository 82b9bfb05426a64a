package org.linli.core.match;

import java.time.Instant;
import java.util.Set;
import org.linli.core.Nullable;
import org.linli.core.provider.ProviderKind;
import org.linli.core.rating.Rating;
import org.linli.core.service.ServiceCard;
import org.linli.core.service.ServiceSummary;
import org.linli.core.taxonomy.Skill;

/**
 * One eligible provider in a match answer.
 *
 * @param providerId the provider's id
 * @param kind its kind
 * @param name its display name
 * @param distanceMeters great-circle distance from the need, in metres
 * @param score blended relevance in [0, 1] (present for both sort orders)
 * @param rating its rating summary
 * @param explanation each factor's contribution, or null unless asked for
 * @param skills the skills it offers
 * @param card its service details' compact form, or null when it has none (for the summary)
 * @param verified whether its agency is registered and NORMAL
 */
public record Match(
    String providerId,
    ProviderKind kind,
    String name,
    double distanceMeters,
    double score,
    @Nullable Rating rating,
    @Nullable Explanation explanation,
    Set<Skill> skills,
    @Nullable ServiceCard card,
    boolean verified) {

  /** A match without its skills and service details (for tests and scripted indexes). */
  public Match(
      String providerId,
      ProviderKind kind,
      String name,
      double distanceMeters,
      double score,
      @Nullable Rating rating,
      @Nullable Explanation explanation) {
    this(providerId, kind, name, distanceMeters, score, rating, explanation, Set.of(), null, false);
  }

  /** What the match shows a resident at {@code now}. */
  public ServiceSummary summary(Instant now) {
    return card == null ? ServiceCard.summaryWithout(skills) : card.summary(skills, now);
  }
}
