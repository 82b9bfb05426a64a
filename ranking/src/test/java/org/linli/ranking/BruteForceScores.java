package org.linli.ranking;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.linli.core.match.Eligibility;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.ScoreBlend;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;

/** The score ranking computed the slow way: every provider, every rule, every factor. */
final class BruteForceScores {
  record Scored(Provider provider, double distance, double score) {}

  private BruteForceScores() {}

  static List<Scored> rank(
      Collection<Provider> providers,
      MatchRequest r,
      TextQuery text,
      Function<Provider, TextDoc> docs) {
    ScoreBlend blend = ScoreBlend.DEFAULT.forRequest(!r.text().isBlank());
    List<Scored> out = new ArrayList<>();
    for (Provider p : providers) {
      if (!Eligibility.isEligible(p, r)) {
        continue;
      }
      double d = p.location().distanceMeters(r.location());
      double rating = p.rating() != null ? p.rating().score() : BayesianPrior.DEFAULT.mean();
      double score =
          blend.distanceWeight() * ScoreBlend.distanceFactor(d, r.radiusMeters())
              + blend.textWeight() * text.factor(docs.apply(p))
              + blend.ratingWeight() * ScoreBlend.ratingFactor(rating)
              + blend.capacityWeight() * ScoreBlend.capacityFactor(p.capacity(), p.activeCases());
      out.add(new Scored(p, d, score));
    }
    out.sort(
        Comparator.comparingDouble(Scored::score)
            .reversed()
            .thenComparingDouble(Scored::distance)
            .thenComparing(s -> s.provider().id()));
    return out;
  }
}
