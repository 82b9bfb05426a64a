package org.linli.core.match;

/**
 * Each factor's contribution to a blended score; the four add up to the score.
 *
 * @param distance contribution of closeness
 * @param text contribution of text and skill fit (BM25)
 * @param rating contribution of the Bayesian rating
 * @param capacity contribution of spare capacity
 */
public record Explanation(double distance, double text, double rating, double capacity) {
  /** The sum of the contributions, which is the score. */
  public double total() {
    return distance + text + rating + capacity;
  }
}
