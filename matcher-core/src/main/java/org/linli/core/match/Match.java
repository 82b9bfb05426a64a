package org.linli.core.match;

import org.linli.core.Nullable;
import org.linli.core.provider.ProviderKind;
import org.linli.core.rating.Rating;

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
 */
public record Match(
    String providerId,
    ProviderKind kind,
    String name,
    double distanceMeters,
    double score,
    @Nullable Rating rating,
    @Nullable Explanation explanation) {}
