package org.linli.benchmarks.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.linli.core.match.Eligibility;
import org.linli.core.match.Match;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.ScoreBlend;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.taxonomy.Skill;

/**
 * The brute-force answers every engine is checked against before it is timed, and the check itself.
 * {@link #full} is the contract's rules ({@link Eligibility#bruteForce}); {@link #relaxed} is what
 * a geo set per skill can express (matchable, within the radius, has one skill), for engines that
 * filter less.
 */
final class Oracle {
  private Oracle() {}

  /** An answer of Linli's shape as ids, distances and total. */
  static Engine.Answer of(MatchResult result) {
    return answer(result, Match::distanceMeters);
  }

  /**
   * An answer in score order as ids, <em>scores</em> (in the place of distances, so that {@link
   * #agrees} compares them position by position) and total.
   */
  static Engine.Answer ofScores(MatchResult result) {
    return answer(result, Match::score);
  }

  private static Engine.Answer answer(
      MatchResult result, java.util.function.ToDoubleFunction<Match> value) {
    List<String> ids = new ArrayList<>();
    double[] v = new double[result.matches().size()];
    int i = 0;
    for (Match m : result.matches()) {
      ids.add(m.providerId());
      v[i++] = value.applyAsDouble(m);
    }
    return new Engine.Answer(ids, v, result.total());
  }

  /**
   * The contract's answers to {@code requests} in score order, without free text (each must have
   * none): every eligible provider scored the slow way from its record, as {@link ScoreBlend}
   * defines the score (distance, rating under the default prior, spare capacity), best first, then
   * by distance and id; as {@link #ofScores} gives them. In one pass over the providers, part by
   * part.
   */
  static List<Engine.Answer> scored(Providers providers, List<MatchRequest> requests)
      throws Exception {
    return scored(providers, requests, PART);
  }

  /** {@link #scored} in parts of {@code partSize}. */
  static List<Engine.Answer> scored(Providers providers, List<MatchRequest> requests, int partSize)
      throws Exception {
    for (MatchRequest r : requests) {
      if (r.sort() != SortOrder.SCORE || !r.text().isBlank()) {
        throw new IllegalArgumentException(
            "the score oracle takes score-ordered requests without text: " + r);
      }
    }
    ScoreBlend blend = ScoreBlend.DEFAULT.forRequest(false);
    return scan(
        providers,
        requests,
        partSize,
        MatchResult.TOTAL_CAP,
        (p, r, i) -> Eligibility.isEligible(p, r),
        (p, r, d) ->
            blend.distanceWeight() * ScoreBlend.distanceFactor(d, r.radiusMeters())
                + blend.ratingWeight()
                    * ScoreBlend.ratingFactor(BayesianPrior.DEFAULT.rescore(p.rating()).score())
                + blend.capacityWeight() * ScoreBlend.capacityFactor(p.capacity(), p.activeCases()),
        true);
  }

  /**
   * The contract's answers to {@code requests} ({@link Eligibility#bruteForce}'s: every eligible
   * provider by distance, ties by id, and the total), found in one pass over the providers, the
   * requests of each part on every core. Equal to {@code Eligibility.bruteForce} over all of them:
   * a provider in the final top-k is in its part's.
   */
  static List<Engine.Answer> full(Providers providers, List<MatchRequest> requests)
      throws Exception {
    return full(providers, requests, PART);
  }

  /** {@link #full} in parts of {@code partSize}. */
  static List<Engine.Answer> full(Providers providers, List<MatchRequest> requests, int partSize)
      throws Exception {
    return scan(
        providers,
        requests,
        partSize,
        MatchResult.TOTAL_CAP,
        (p, r, i) -> Eligibility.isEligible(p, r),
        DISTANCE,
        false);
  }

  /**
   * Matchable providers with the request's {@code skills.get(i)} within the radius, by distance: a
   * geo set's semantics, for engines that filter less. Its total counts them all, uncapped.
   */
  static List<Engine.Answer> relaxed(
      Providers providers, List<MatchRequest> requests, List<Skill> skills) throws Exception {
    return relaxed(providers, requests, skills, PART);
  }

  /** {@link #relaxed} in parts of {@code partSize}. */
  static List<Engine.Answer> relaxed(
      Providers providers, List<MatchRequest> requests, List<Skill> skills, int partSize)
      throws Exception {
    return scan(
        providers,
        requests,
        partSize,
        Integer.MAX_VALUE,
        (p, r, i) ->
            Eligibility.isMatchable(p)
                && p.skills().contains(skills.get(i))
                && p.location().distanceMeters(r.location()) <= r.radiusMeters(),
        DISTANCE,
        false);
  }

  /**
   * How many of the ids listed in {@code answers} are not eligible for their request under the
   * contract.
   */
  static int ineligible(
      Providers providers, List<MatchRequest> requests, List<Engine.Answer> answers)
      throws Exception {
    Map<String, List<Integer>> asked = new HashMap<>();
    for (int i = 0; i < answers.size(); i++) {
      for (String id : answers.get(i).ids()) {
        asked.computeIfAbsent(id, k -> new ArrayList<>()).add(i);
      }
    }
    int[] ineligible = {0};
    providers.forEachPart(
        PART,
        part -> {
          for (Provider p : part) {
            for (int i : asked.getOrDefault(p.id(), List.of())) {
              ineligible[0] += Eligibility.isEligible(p, requests.get(i)) ? 0 : 1;
            }
          }
        });
    return ineligible[0];
  }

  private interface Rule {
    boolean holds(Provider p, MatchRequest r, int request);
  }

  private static final int PART = 50_000;

  /** What an answer lists for a provider at distance d from the request, and ranks by. */
  private interface Value {
    double of(Provider p, MatchRequest r, double d);
  }

  private static final Value DISTANCE = (p, r, d) -> d;

  /**
   * The providers for which {@code rule} holds, ranked by {@code value} (highest first if {@code
   * descending}), then by distance and id; each answer lists their values.
   */
  private static List<Engine.Answer> scan(
      Providers providers,
      List<MatchRequest> requests,
      int partSize,
      int cap,
      Rule rule,
      Value value,
      boolean descending)
      throws Exception {
    record Hit(String id, double value, double d) {}
    Comparator<Hit> order =
        Comparator.comparingDouble((Hit h) -> descending ? -h.value() : h.value())
            .thenComparingDouble(Hit::d)
            .thenComparing(Hit::id);
    List<List<Hit>> best = new ArrayList<>();
    long[] totals = new long[requests.size()];
    for (int i = 0; i < requests.size(); i++) {
      best.add(List.of());
    }
    providers.forEachPart(
        partSize,
        part ->
            IntStream.range(0, requests.size())
                .parallel()
                .forEach(
                    i -> {
                      MatchRequest r = requests.get(i);
                      List<Hit> hits = new ArrayList<>(best.get(i));
                      for (Provider p : part) {
                        if (rule.holds(p, r, i)) {
                          double d = p.location().distanceMeters(r.location());
                          hits.add(new Hit(p.id(), value.of(p, r, d), d));
                          totals[i]++;
                        }
                      }
                      hits.sort(order);
                      best.set(i, List.copyOf(hits.subList(0, Math.min(r.limit(), hits.size()))));
                    }));
    List<Engine.Answer> answers = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      List<Hit> hits = best.get(i);
      double[] d = new double[hits.size()];
      List<String> ids = new ArrayList<>();
      for (int k = 0; k < d.length; k++) {
        ids.add(hits.get(k).id());
        d[k] = hits.get(k).value();
      }
      answers.add(new Engine.Answer(ids, d, (int) Math.min(totals[i], cap)));
    }
    return answers;
  }

  /**
   * Whether {@code got} is {@code expected}: the same distances position by position (within {@code
   * tolerance} metres, the engine's coordinate precision), the same ids except where two distances
   * are that close (a tie the engines may break differently), and the same total (unless the engine
   * does not count, -1).
   */
  static boolean agrees(Engine.Answer expected, Engine.Answer got, double tolerance) {
    if (got.ids().size() != expected.ids().size()) {
      return false;
    }
    int n = expected.ids().size();
    for (int i = 0; i < n; i++) {
      if (Math.abs(got.distances()[i] - expected.distances()[i]) > tolerance) {
        return false;
      }
      String id = got.ids().get(i);
      if (!id.equals(expected.ids().get(i))
          && !nearTie(expected, id, got.distances()[i], tolerance)) {
        return false;
      }
    }
    return got.total() < 0 || got.total() == expected.total();
  }

  /**
   * Whether {@code id} is listed with a distance within tolerance, or could be the next one after
   * the last.
   */
  private static boolean nearTie(Engine.Answer expected, String id, double d, double tolerance) {
    int n = expected.ids().size();
    for (int j = 0; j < n; j++) {
      if (expected.ids().get(j).equals(id)) {
        return Math.abs(expected.distances()[j] - d) <= tolerance;
      }
    }
    return n > 0 && Math.abs(expected.distances()[n - 1] - d) <= tolerance;
  }
}
