package org.linli.core.match;

import org.linli.core.provider.Provider;

/**
 * The port through which the core finds eligible providers. Implementations must answer exactly by
 * the rules of {@link Eligibility}; for {@link SortOrder#DISTANCE} the order must equal {@link
 * Eligibility#bruteForce}.
 *
 * <p>Implementations are thread-safe: any number of threads may match while one thread applies
 * changes.
 */
public interface ProviderIndex {
  /** Adds or replaces a provider. Visible to {@link #match} once the call returns. */
  void upsert(Provider provider);

  /** Removes a provider if present. Visible to {@link #match} once the call returns. */
  void remove(String providerId);

  /** The eligible providers for {@code request}, ranked. */
  MatchResult match(MatchRequest request);

  /** How many providers are indexed. */
  int size();

  /** Whether a provider of this id is indexed now. */
  boolean contains(String providerId);

  /** The prior behind every rating score this index ranks with (and shows). */
  org.linli.core.rating.BayesianPrior ratingPrior();

  /**
   * Matchable providers found by name: whose id is {@code query}, or whose name holds every word of
   * it (Chinese segmented into words); the exact name first, then names starting with the query,
   * holding it whole, holding its words; shorter names first, then by id. At most {@code limit}.
   */
  java.util.List<NameHit> findByName(String query, int limit);

  /** A provider found by name: its public fields. */
  record NameHit(
      String providerId,
      String name,
      org.linli.core.provider.ProviderKind kind,
      java.util.Set<org.linli.core.taxonomy.Skill> skills,
      org.linli.core.rating.Rating rating) {}
}
