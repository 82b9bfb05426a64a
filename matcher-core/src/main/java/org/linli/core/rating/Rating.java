package org.linli.core.rating;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.linli.core.Nullable;

/**
 * A provider's rating summary.
 *
 * @param average mean of the overall ratings (1..5), or null when there are none
 * @param count number of ratings, at least 0
 * @param score Bayesian score in [1, 5] used by ranking; equals the prior mean while {@code count}
 *     is 0
 * @param dimensions mean of each dimension's ratings (1..5); empty when there are none
 */
public record Rating(
    @Nullable Double average, long count, double score, Map<Dimension, Double> dimensions) {
  public Rating {
    if (count < 0) {
      throw new IllegalArgumentException("rating count " + count + " is negative");
    }
    if (!(score >= 1 && score <= 5)) {
      throw new IllegalArgumentException("rating score " + score + " outside [1, 5]");
    }
    if (count == 0 && average != null) {
      throw new IllegalArgumentException("a rating with no votes has no average");
    }
    dimensions =
        dimensions == null || dimensions.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new EnumMap<>(dimensions));
  }

  /** Without dimension averages. */
  public Rating(@Nullable Double average, long count, double score) {
    this(average, count, score, Map.of());
  }
}
