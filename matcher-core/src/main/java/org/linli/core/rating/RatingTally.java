package org.linli.core.rating;

import java.util.EnumMap;
import java.util.Map;

/**
 * Exact sums of a provider's ratings: how many, the sum of the overall ratings and of each
 * dimension. The {@link Rating} follows from it and a {@link BayesianPrior}. Immutable and
 * thread-safe.
 *
 * @param count number of ratings
 * @param overallSum sum of the overall ratings
 * @param sums sum of each dimension's ratings (every rating rates every dimension)
 */
public record RatingTally(long count, long overallSum, Map<Dimension, Long> sums) {
  /** No ratings. */
  public static final RatingTally NONE = new RatingTally(0, 0, Map.of());

  public RatingTally {
    if (count < 0 || overallSum < 0) {
      throw new IllegalArgumentException("negative tally");
    }
    EnumMap<Dimension, Long> copy = new EnumMap<>(Dimension.class);
    for (Dimension d : Dimension.values()) {
      copy.put(d, sums.getOrDefault(d, 0L));
    }
    sums = java.util.Collections.unmodifiableMap(copy);
  }

  /** The summary under {@code prior}: averages, and the Bayesian score of the overall ratings. */
  public Rating rate(BayesianPrior prior) {
    Rating overall = prior.rate(count, (double) overallSum);
    if (count == 0) {
      return overall;
    }
    Map<Dimension, Double> averages = new EnumMap<>(Dimension.class);
    sums.forEach((d, s) -> averages.put(d, s / (double) count));
    return new Rating(overall.average(), count, overall.score(), averages);
  }
}
