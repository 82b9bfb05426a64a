package org.linli.benchmarks.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.linli.core.match.Eligibility;
import org.linli.core.match.Match;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.provider.Provider;
import org.linli.core.taxonomy.Skill;

/**
 * The brute-force answers every engine is checked against before it is timed, and the check itself.
 * {@link #full} is the contract's rules ({@link Eligibility#bruteForce}); {@link #relaxed} is what a geo set per
 * skill can express (matchable, within the radius, has one skill), for engines that filter less.
 */
final class Oracle {
  private Oracle() {}

  static Engine.Answer full(List<Provider> providers, MatchRequest r) {
    return of(Eligibility.bruteForce(providers, r));
  }

  static Engine.Answer of(MatchResult result) {
    List<String> ids = new ArrayList<>();
    double[] d = new double[result.matches().size()];
    int i = 0;
    for (Match m : result.matches()) {
      ids.add(m.providerId());
      d[i++] = m.distanceMeters();
    }
    return new Engine.Answer(ids, d, result.total());
  }

  /** Matchable providers with {@code skill} within the request radius, by distance: a geo set's semantics. */
  static Engine.Answer relaxed(List<Provider> providers, MatchRequest r, Skill skill) {
    record Hit(String id, double d) {}
    List<Hit> hits = new ArrayList<>();
    for (Provider p : providers) {
      if (Eligibility.isMatchable(p) && p.skills().contains(skill)) {
        double d = p.location().distanceMeters(r.location());
        if (d <= r.radiusMeters()) {
          hits.add(new Hit(p.id(), d));
        }
      }
    }
    hits.sort(Comparator.comparingDouble(Hit::d).thenComparing(Hit::id));
    List<String> ids = new ArrayList<>();
    double[] d = new double[Math.min(r.limit(), hits.size())];
    for (int i = 0; i < d.length; i++) {
      ids.add(hits.get(i).id());
      d[i] = hits.get(i).d();
    }
    return new Engine.Answer(ids, d, hits.size());
  }

  /**
   * Whether {@code got} is {@code expected}: the same distances position by position (within {@code tolerance}
   * metres, the engine's coordinate precision), the same ids except where two distances are that close (a tie the
   * engines may break differently), and the same total (unless the engine does not count, -1).
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
      if (!id.equals(expected.ids().get(i)) && !nearTie(expected, id, got.distances()[i], tolerance)) {
        return false;
      }
    }
    return got.total() < 0 || got.total() == expected.total();
  }

  /** Whether {@code id} is listed with a distance within tolerance, or could be the next one after the last. */
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
