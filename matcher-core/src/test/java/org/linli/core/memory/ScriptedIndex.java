package org.linli.core.memory;

import java.util.ArrayList;
import java.util.List;
import org.linli.core.match.Match;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.ProviderIndex;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.rating.Rating;

/**
 * A {@link ProviderIndex} that answers every match with the providers it was given, in that order.
 * For tests.
 */
public final class ScriptedIndex implements ProviderIndex {
  private final List<String> ranked = new ArrayList<>();

  /** Answers these provider ids, best first, from now on. */
  public ScriptedIndex answer(String... providerIds) {
    ranked.clear();
    ranked.addAll(List.of(providerIds));
    return this;
  }

  @Override
  public MatchResult match(MatchRequest request) {
    List<Match> out = new ArrayList<>();
    for (int i = 0; i < ranked.size(); i++) {
      out.add(
          new Match(
              ranked.get(i),
              ProviderKind.WORKER,
              ranked.get(i),
              100.0 * (i + 1),
              1.0 - 0.1 * i,
              new Rating(null, 0, 3.0),
              null));
    }
    return new MatchResult(out, out.size(), false);
  }

  @Override
  public void upsert(Provider provider) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void remove(String providerId) {
    throw new UnsupportedOperationException();
  }

  @Override
  public int size() {
    return ranked.size();
  }

  @Override
  public boolean contains(String providerId) {
    return ranked.contains(providerId);
  }

  @Override
  public BayesianPrior ratingPrior() {
    return BayesianPrior.DEFAULT;
  }

  @Override
  public java.util.List<NameHit> findByName(String query, int limit) {
    return java.util.List.of();
  }
}
