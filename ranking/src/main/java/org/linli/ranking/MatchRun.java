package org.linli.ranking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GreatCircle;
import org.linli.core.match.Explanation;
import org.linli.core.match.Match;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.ScoreBlend;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.rating.Rating;

/**
 * One match, executed over one grid. Single-use, not thread-safe (each match makes its own).
 *
 * <p>Distance tests compare dot products of unit vectors with {@code cos(angle)}; only when a dot product falls
 * within {@link #DOT_BAND} of a limit is the exact haversine distance of {@link GreatCircle} consulted, the same
 * function the brute-force oracle uses, so the two agree on every boundary case.
 */
final class MatchRun {
  static final int OVERFLOW_LANGUAGE_BIT = 63;
  /** Far wider than the rounding error of a dot product of unit vectors (about 1e-15). */
  private static final double DOT_BAND = 1e-12;

  private final MatchRequest request;
  private final Grid grid;
  private final TextQuery textQuery;
  private final ScoreBlend blend;
  private final BayesianPrior prior;
  private final long requiredSkills;
  private final int kindMask;
  private final long languageMask;
  private final boolean filterLanguages;
  private final boolean checkOverflowLanguages;
  private final double needLat;
  private final double needLon;
  private final double qx;
  private final double qy;
  private final double qz;
  private final double angle;
  private final double cosRadius;
  private final double sinRadius;
  private final boolean byDistance;
  private final int limit;

  // The top-k, kept sorted best first.
  private final Entry[] topEntries;
  private final double[] topDistance;
  private final double[] topDot;
  private final double[] topScore;
  private final double[][] topFactors;
  private int topSize;
  private int total;

  MatchRun(MatchRequest request, Grid grid, TextQuery textQuery, ScoreBlend blend, long languageMask,
      BayesianPrior prior) {
    this.request = request;
    this.grid = grid;
    this.textQuery = textQuery;
    this.blend = blend;
    this.prior = prior;
    long skills = 0;
    for (var s : request.skills()) {
      skills |= 1L << s.ordinal();
    }
    this.requiredSkills = skills;
    int kinds = 0;
    for (ProviderKind k : request.kinds()) {
      kinds |= 1 << k.ordinal();
    }
    this.kindMask = kinds;
    this.languageMask = languageMask;
    this.filterLanguages = !request.languages().isEmpty();
    this.checkOverflowLanguages = filterLanguages && (languageMask & (1L << OVERFLOW_LANGUAGE_BIT)) != 0;
    GeoPoint need = request.location();
    this.needLat = need.lat();
    this.needLon = need.lon();
    double[] q = Spherical.unit(needLat, needLon);
    this.qx = q[0];
    this.qy = q[1];
    this.qz = q[2];
    this.angle = Spherical.angle(request.radiusMeters());
    this.cosRadius = Math.cos(angle);
    this.sinRadius = Math.sin(angle);
    this.byDistance = request.sort() == SortOrder.DISTANCE;
    this.limit = request.limit();
    this.topEntries = new Entry[limit];
    this.topDistance = new double[limit];
    this.topDot = new double[limit];
    this.topScore = new double[limit];
    this.topFactors = new double[limit][];
  }

  MatchResult run() {
    List<Bucket> buckets = new ArrayList<>();
    List<Double> bounds = new ArrayList<>();
    Grid.cellsNear(needLat, needLon, angle, key -> {
      Bucket b = grid.get(key);
      if (b == null) {
        return;
      }
      double dotCentre = qx * b.cx + qy * b.cy + qz * b.cz;
      // The cell can hold a point within the radius only if its centre is within radius + half-diagonal.
      if (angle + b.halfDiagonal < Math.PI
          && dotCentre < cosRadius * b.cosHalfDiagonal - sinRadius * b.sinHalfDiagonal - DOT_BAND) {
        return;
      }
      buckets.add(b);
      bounds.add(Math.max(0, Math.acos(Math.min(1, dotCentre)) - b.halfDiagonal));
    });
    Integer[] order = new Integer[buckets.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(bounds.get(a), bounds.get(b)));

    double textWeight = textQuery.isEmpty() ? 0 : blend.textWeight();
    for (Integer i : order) {
      Bucket b = buckets.get(i);
      double lowerBoundMeters = bounds.get(i) * GreatCircle.EARTH_RADIUS_METERS - 1.0;
      boolean full = topSize == limit;
      if (byDistance) {
        if (full && total >= MatchResult.TOTAL_CAP && lowerBoundMeters > topDistance[limit - 1]) {
          break;
        }
        scan(b, true);
      } else {
        double bound = blend.distanceWeight() * ScoreBlend.distanceFactor(Math.max(0, lowerBoundMeters),
            request.radiusMeters()) + textWeight + blend.ratingWeight() * b.maxRatingFactor
            + blend.capacityWeight() * b.maxCapacityFactor;
        boolean canImprove = !full || bound >= topScore[limit - 1] - 1e-12;
        if (!canImprove && total >= MatchResult.TOTAL_CAP) {
          continue;
        }
        scan(b, canImprove);
      }
    }
    return result();
  }

  /** Checks every entry of {@code b}; counts the eligible ones and offers them to the top-k when {@code rank}. */
  private void scan(Bucket b, boolean rank) {
    final int n = b.size();
    final long[] skills = b.skills;
    final long[] languages = b.languages;
    final byte[] kinds = b.kinds;
    final double[] x = b.x;
    final double[] y = b.y;
    final double[] z = b.z;
    final double[] minDot = b.minDot;
    for (int i = 0; i < n; i++) {
      if ((skills[i] & requiredSkills) != requiredSkills
          || (kindMask & (1 << kinds[i])) == 0
          || (filterLanguages && (languages[i] & languageMask) == 0)) {
        continue;
      }
      double dot = qx * x[i] + qy * y[i] + qz * z[i];
      if (dot < cosRadius - DOT_BAND) {
        continue;
      }
      Entry e = b.entries[i];
      if (dot < cosRadius + DOT_BAND && exactDistance(e) > request.radiusMeters()) {
        continue;
      }
      if (b.polygon[i]) {
        if (!e.polygon.contains(needLat, needLon)) {
          continue;
        }
      } else if (dot < minDot[i] + DOT_BAND
          && (dot < minDot[i] - DOT_BAND || exactDistance(e) > e.provider.serviceRadiusMeters())) {
        continue;
      }
      if (checkOverflowLanguages && !speaksRequestedLanguage(e.provider)) {
        continue;
      }
      total++;
      if (rank) {
        offer(e, dot);
      }
    }
  }

  private boolean speaksRequestedLanguage(Provider p) {
    for (String lang : request.languages()) {
      if (p.languages().contains(lang)) {
        return true;
      }
    }
    return false;
  }

  private double exactDistance(Entry e) {
    GeoPoint at = e.provider.location();
    return GreatCircle.distanceMeters(at.lat(), at.lon(), needLat, needLon);
  }

  private void offer(Entry e, double dot) {
    if (byDistance) {
      if (topSize == limit && dot < topDot[limit - 1] - DOT_BAND) {
        return; // farther than the k-th for certain
      }
      double d = exactDistance(e);
      int pos = topSize;
      while (pos > 0 && isBefore(d, e, topDistance[pos - 1], topEntries[pos - 1])) {
        pos--;
      }
      if (pos < limit && !alreadyListed(e)) {
        insert(pos, e, d, dot, 0, null);
      }
    } else {
      double d = exactDistance(e);
      double[] f = {ScoreBlend.distanceFactor(d, request.radiusMeters()), textQuery.factor(e.text),
          e.ratingFactor, e.capacityFactor};
      double score = blend.distanceWeight() * f[0] + blend.textWeight() * f[1] + blend.ratingWeight() * f[2]
          + blend.capacityWeight() * f[3];
      int pos = topSize;
      while (pos > 0 && scoreBefore(score, d, e, pos - 1)) {
        pos--;
      }
      if (pos < limit && !alreadyListed(e)) {
        insert(pos, e, d, dot, score, f);
      }
    }
  }

  private static boolean isBefore(double d, Entry e, double otherD, Entry other) {
    return d < otherD || (d == otherD && e.id().compareTo(other.id()) < 0);
  }

  private boolean scoreBefore(double score, double d, Entry e, int j) {
    if (score != topScore[j]) {
      return score > topScore[j];
    }
    return isBefore(d, e, topDistance[j], topEntries[j]);
  }

  private boolean alreadyListed(Entry e) {
    for (int j = 0; j < topSize; j++) {
      if (topEntries[j].id().equals(e.id())) {
        return true;
      }
    }
    return false;
  }

  private void insert(int pos, Entry e, double d, double dot, double score, double[] factors) {
    int last = Math.min(topSize, limit - 1);
    for (int j = last; j > pos; j--) {
      topEntries[j] = topEntries[j - 1];
      topDistance[j] = topDistance[j - 1];
      topDot[j] = topDot[j - 1];
      topScore[j] = topScore[j - 1];
      topFactors[j] = topFactors[j - 1];
    }
    topEntries[pos] = e;
    topDistance[pos] = d;
    topDot[pos] = dot;
    topScore[pos] = score;
    topFactors[pos] = factors;
    if (topSize < limit) {
      topSize++;
    }
  }

  private MatchResult result() {
    List<Match> matches = new ArrayList<>(topSize);
    for (int j = 0; j < topSize; j++) {
      Entry e = topEntries[j];
      double[] f = topFactors[j];
      if (f == null) {
        f = new double[] {ScoreBlend.distanceFactor(topDistance[j], request.radiusMeters()),
            textQuery.factor(e.text), e.ratingFactor, e.capacityFactor};
      }
      Explanation explanation = blend.explain(f[0], f[1], f[2], f[3]);
      Provider p = e.provider;
      Rating rating = p.rating() != null ? p.rating() : prior.rate(0, 0);
      matches.add(new Match(p.id(), p.kind(), p.name(), topDistance[j], explanation.total(), rating,
          request.explain() ? explanation : null));
    }
    return new MatchResult(matches, Math.min(total, MatchResult.TOTAL_CAP), total > MatchResult.TOTAL_CAP);
  }
}
