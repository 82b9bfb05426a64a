package org.linli.core.rating;

import org.linli.core.Nullable;

/**
 * The prior behind Bayesian rating scores: {@code score = (weight * mean + sum) / (weight +
 * count)}. A provider with few ratings is pulled towards {@code mean}, so one 5-star review does
 * not outrank a long good record. Immutable and thread-safe.
 *
 * @param mean prior mean rating in [1, 5]
 * @param weight how many ratings the prior counts as, greater than 0
 */
public record BayesianPrior(double mean, double weight) {
  /** The default prior: a mean of 4.0 worth 5 ratings. */
  public static final BayesianPrior DEFAULT = new BayesianPrior(4.0, 5.0);

  public BayesianPrior {
    if (!(mean >= 1 && mean <= 5)) {
      throw new IllegalArgumentException("prior mean " + mean + " outside [1, 5]");
    }
    if (!(weight > 0 && Double.isFinite(weight))) {
      throw new IllegalArgumentException("prior weight " + weight + " must be a finite number > 0");
    }
  }

  /**
   * {@code r} with its score worked out under this prior from its count and average (a stored score
   * may come from another prior); the prior's own rating when {@code r} is null or has no ratings.
   */
  public Rating rescore(@Nullable Rating r) {
    Double average = r == null ? null : r.average();
    if (r == null || r.count() == 0 || average == null) {
      return rate(0, 0);
    }
    return new Rating(
        average, r.count(), rate(r.count(), average * r.count()).score(), r.dimensions());
  }

  /** The rating of a provider with {@code count} ratings summing to {@code sum}. */
  public Rating rate(long count, double sum) {
    if (count == 0) {
      return new Rating(null, 0, mean);
    }
    double score = (weight * mean + sum) / (weight + count);
    return new Rating(
        sum / count, count, Math.min(5, Math.max(1, score))); // clamped against rounding only
  }
}
