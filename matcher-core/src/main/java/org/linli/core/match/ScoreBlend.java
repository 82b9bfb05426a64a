package org.linli.core.match;

/**
 * How a blended relevance score is made from four factors, each in [0, 1]:
 *
 * <ul>
 *   <li>distance: {@code 2^(-d / h)} with half-distance {@code h = max(250 m, radius / 4)};
 *   <li>text: the need's text against the provider's description and skill labels, BM25 divided by
 *       its upper bound for that query (0 when the need has no text);
 *   <li>rating: {@code (bayesianScore - 1) / 4};
 *   <li>capacity: {@code spare / capacity}.
 * </ul>
 *
 * The score is the weighted sum; when the need has no text, the text weight is shared out among the
 * others in proportion, so scores still span [0, 1]. Immutable and thread-safe.
 *
 * @param distanceWeight weight of closeness, at least 0
 * @param textWeight weight of text fit, at least 0
 * @param ratingWeight weight of rating, at least 0
 * @param capacityWeight weight of spare capacity, at least 0
 */
public record ScoreBlend(
    double distanceWeight, double textWeight, double ratingWeight, double capacityWeight) {
  /** The weights Linli ranks with: 0.40 distance, 0.30 text, 0.20 rating, 0.10 capacity. */
  public static final ScoreBlend DEFAULT = new ScoreBlend(0.40, 0.30, 0.20, 0.10);

  public ScoreBlend {
    double sum = distanceWeight + textWeight + ratingWeight + capacityWeight;
    if (distanceWeight < 0
        || textWeight < 0
        || ratingWeight < 0
        || capacityWeight < 0
        || Math.abs(sum - 1.0) > 1e-9) {
      throw new IllegalArgumentException("score weights must be >= 0 and add up to 1, got " + sum);
    }
  }

  /**
   * The blend to use for one request: without text, the text weight is shared out among the others.
   */
  public ScoreBlend forRequest(boolean hasText) {
    if (hasText || textWeight == 0) {
      return this;
    }
    double rest = distanceWeight + ratingWeight + capacityWeight;
    return new ScoreBlend(
        distanceWeight / rest,
        0,
        ratingWeight / rest,
        1 - distanceWeight / rest - ratingWeight / rest);
  }

  /** Half-distance of the decay for a request radius, in metres. */
  public static double halfDistanceMeters(double radiusMeters) {
    return Math.max(250, radiusMeters / 4);
  }

  /** Closeness factor in (0, 1]. */
  public static double distanceFactor(double distanceMeters, double radiusMeters) {
    return Math.pow(2, -distanceMeters / halfDistanceMeters(radiusMeters));
  }

  /** Rating factor in [0, 1] from a Bayesian score in [1, 5]. */
  public static double ratingFactor(double bayesianScore) {
    return (bayesianScore - 1) / 4;
  }

  /** Spare-capacity factor in [0, 1]. */
  public static double capacityFactor(int capacity, int activeCases) {
    return capacity <= 0 ? 0 : Math.max(0, capacity - activeCases) / (double) capacity;
  }

  /** The contributions of the four factors; their {@link Explanation#total()} is the score. */
  public Explanation explain(
      double distanceFactor, double textFactor, double ratingFactor, double capacityFactor) {
    return new Explanation(
        distanceWeight * distanceFactor,
        textWeight * textFactor,
        ratingWeight * ratingFactor,
        capacityWeight * capacityFactor);
  }
}
