package org.linli.geo.coverage;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;

/**
 * The counts of {@link org.linli.core.coverage.Figures} per region and skill key: providers by
 * kind, capacity, spare capacity, ratings (ACTIVE providers only), needs and unmet needs. Changed
 * by adding or taking away one provider or need at a time. Not thread-safe: {@link CoverageModel}
 * holds its lock around every call.
 */
final class RegionTallies {
  /** The counts of one region for one skill key. */
  static final class Tally {
    final int[] kinds = new int[ProviderKind.values().length];
    long capacity;
    long spare;
    int needs;
    int unmet;
    long ratingCount;
    double ratingSum;

    Map<ProviderKind, Integer> kinds() {
      Map<ProviderKind, Integer> out = new EnumMap<>(ProviderKind.class);
      for (ProviderKind kind : ProviderKind.values()) {
        out.put(kind, kinds[kind.ordinal()]);
      }
      return out;
    }

    Double avgRating() {
      return ratingCount == 0 ? null : ratingSum / ratingCount;
    }
  }

  private static final Tally EMPTY = new Tally();

  private final Map<String, Tally[]> tallies = new HashMap<>();

  /** Counts {@code p} in {@code regionIds} ({@code sign} +1) or takes it away (-1). */
  void add(Provider p, List<String> regionIds, int sign) {
    if (p.status() != ProviderStatus.ACTIVE) {
      return;
    }
    for (String id : regionIds) {
      for (int k : SkillKeys.of(p.skills())) {
        Tally t = tallyFor(id, k);
        t.kinds[p.kind().ordinal()] += sign;
        t.capacity += sign * (long) p.capacity();
        t.spare += sign * (long) Math.max(0, p.capacity() - p.activeCases());
        if (p.rating() != null && p.rating().count() > 0) {
          t.ratingCount += sign * p.rating().count();
          t.ratingSum += sign * p.rating().average() * p.rating().count();
        }
      }
    }
  }

  /** Counts need {@code n} in {@code regionIds} ({@code sign} +1) or takes it away (-1). */
  void add(CoverageModel.Need n, List<String> regionIds, int sign) {
    for (String id : regionIds) {
      for (int k : SkillKeys.of(n.skills())) {
        Tally t = tallyFor(id, k);
        t.needs += sign;
        t.unmet += n.unmet() ? sign : 0;
      }
    }
  }

  /** The counts of {@code regionId} for key {@code k} (all zero when nothing was counted). */
  Tally get(String regionId, int k) {
    Tally[] ts = tallies.get(regionId);
    return ts == null || ts[k] == null ? EMPTY : ts[k];
  }

  void clear() {
    tallies.clear();
  }

  private Tally tallyFor(String regionId, int k) {
    Tally[] ts = tallies.computeIfAbsent(regionId, id -> new Tally[SkillKeys.ALL + 1]);
    if (ts[k] == null) {
      ts[k] = new Tally();
    }
    return ts[k];
  }
}
