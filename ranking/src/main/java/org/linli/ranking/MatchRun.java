package org.linli.ranking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.linli.core.geo.GreatCircle;
import org.linli.core.match.Explanation;
import org.linli.core.match.Match;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.ScoreBlend;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;

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
  private final boolean byDistance;
  private final int limit;

  // The top-k, kept sorted best first.
  private final Entry[] topEntries;
  private final int[] topIdHash;
  private final double[] topDistance;
  private final double[] topDot;
  private final double[] topScore;
  private final double[][] topFactors;
  private int topSize;
  private int total;

  MatchRun(MatchRequest request, Grid grid, TextQuery textQuery, ScoreBlend blend, long languageMask) {
    this.request = request;
    this.grid = grid;
    this.textQuery = textQuery;
    this.blend = blend;
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
    this.byDistance = request.sort() == SortOrder.DISTANCE;
    this.limit = request.limit();
    this.topEntries = new Entry[limit];
    this.topIdHash = new int[limit];
    this.topDistance = new double[limit];
    this.topDot = new double[limit];
    this.topScore = new double[limit];
    this.topFactors = new double[limit][];
  }

  MatchResult run() {
    // Visit the cells that can hold an eligible entry, nearest first by a proven lower bound on their distance.
    // Cells are pruned from index arithmetic alone (centre and half-diagonal), before their memory is touched.
    int[] range = Grid.cellRange(needLat, needLon, angle);
    int columns = range[3] - range[2] + 1;
    double[] cosDLon = new double[columns];
    for (int c = 0; c < columns; c++) {
      double centreLon = (range[2] + c) * Grid.CELL_DEGREES - 180 + Grid.CELL_DEGREES / 2;
      cosDLon[c] = Math.cos(Math.toRadians(centreLon - needLon));
    }
    double sinNeedLat = Math.sin(Math.toRadians(needLat));
    double cosNeedLat = Math.cos(Math.toRadians(needLat));
    Bucket[] buckets = new Bucket[32];
    double[] bounds = new double[32];
    int count = 0;
    for (int row = range[0]; row <= range[1]; row++) {
      double centreLat = Math.toRadians(row * Grid.CELL_DEGREES - 90 + Grid.CELL_DEGREES / 2);
      double a = Math.cos(centreLat) * cosNeedLat;
      double b = Math.sin(centreLat) * sinNeedLat;
      double halfDiagonal = Grid.halfDiagonal(row);
      // A cell can hold a point within the radius only if its centre is within radius + half-diagonal.
      double minCentreDot = angle + halfDiagonal < Math.PI
          ? Math.cos(angle + halfDiagonal) - DOT_BAND : -2;
      for (int c = 0; c < columns; c++) {
        double dotCentre = a * cosDLon[c] + b;
        if (dotCentre < minCentreDot) {
          continue;
        }
        Bucket bucket = grid.get(row, range[2] + c);
        if (bucket == null) {
          continue;
        }
        double lowerBound = Math.max(0, Math.acos(Math.min(1, dotCentre)) - halfDiagonal);
        if (bucket.farthestReachDot() > Math.cos(lowerBound) + DOT_BAND) {
          continue; // nobody in this cell reaches that far
        }
        if (count == buckets.length) {
          buckets = Arrays.copyOf(buckets, count * 2);
          bounds = Arrays.copyOf(bounds, count * 2);
        }
        int pos = count++;
        while (pos > 0 && bounds[pos - 1] > lowerBound) {
          buckets[pos] = buckets[pos - 1];
          bounds[pos] = bounds[pos - 1];
          pos--;
        }
        buckets[pos] = bucket;
        bounds[pos] = lowerBound;
      }
    }

    double textWeight = textQuery.isEmpty() ? 0 : blend.textWeight();
    for (int i = 0; i < count; i++) {
      Bucket b = buckets[i];
      double lowerBoundMeters = bounds[i] * GreatCircle.EARTH_RADIUS_METERS - 1.0;
      boolean full = topSize == limit;
      if (byDistance) {
        if (full && total >= MatchResult.TOTAL_CAP && lowerBoundMeters > topDistance[limit - 1]) {
          break;
        }
        scan(b, bounds[i], true);
      } else {
        double bound = blend.distanceWeight() * ScoreBlend.distanceFactor(Math.max(0, lowerBoundMeters),
            request.radiusMeters()) + textWeight + blend.ratingWeight() * b.maxRatingFactor
            + blend.capacityWeight() * b.maxCapacityFactor;
        boolean canImprove = !full || bound >= topScore[limit - 1] - 1e-12;
        if (!canImprove && total >= MatchResult.TOTAL_CAP) {
          continue;
        }
        scan(b, bounds[i], canImprove);
      }
    }
    return result();
  }

  /**
   * Checks the entries of {@code b} that can reach {@code lowerBound} radians; counts the eligible ones and offers
   * them to the top-k when {@code rank}. Reads only the bucket's array, except on rare paths (a need exactly at a
   * provider's radius, a language beyond the 63 with their own bit, a cell too large to address its polygons).
   */
  private void scan(Bucket b, double lowerBound, boolean rank) {
    final double reachLimit = Math.cos(lowerBound) + DOT_BAND;
    final double[] hot = b.data;
    final double[] cold = b.data;
    final int n = b.size();
    for (int i = 0, h = 0; i < n; i++, h += Bucket.HOT) {
      double minDot = hot[h + Bucket.MIN_DOT];
      if (minDot > reachLimit) {
        break; // this entry, and every later one, reaches less far than the cell's nearest point
      }
      double dot = qx * hot[h + Bucket.X] + qy * hot[h + Bucket.Y] + qz * hot[h + Bucket.Z];
      long skills = Double.doubleToRawLongBits(hot[h + Bucket.SKILLS]);
      int kindAndFlags = (int) (Double.doubleToRawLongBits(hot[h + Bucket.KIND]) & 0xFF);
      // Classify without branches: most entries are clearly out or clearly in, and which is data-dependent, so
      // a branch per rule mispredicts often. Only the rare rest (bands, polygons, languages, top-k candidates)
      // takes the full path below.
      boolean rulesOk = ((skills & requiredSkills) == requiredSkills) & ((kindMask & (1 << (kindAndFlags & 7))) != 0);
      boolean out = (dot < cosRadius - DOT_BAND) | (dot < minDot - DOT_BAND) | !rulesOk;
      boolean in = !out & (dot >= cosRadius + DOT_BAND) & (dot >= minDot + DOT_BAND) & !filterLanguages
          & ((kindAndFlags & Bucket.POLYGON_FLAG) == 0);
      total += in ? 1 : 0;
      boolean slow = !out & !in;
      // For distance order, an entry clearly farther than the k-th cannot enter; score order decides in offer().
      boolean mayRank = in & rank & (!byDistance || topSize < limit || dot >= topDot[limit - 1] - DOT_BAND);
      if (!(slow | mayRank)) {
        continue;
      }
      if (in) {
        offer(b, i, h, dot, Double.NaN);
        continue;
      }
      int c = b.coldStart + i * Bucket.COLD;
      if (filterLanguages && (Double.doubleToRawLongBits(cold[c + Bucket.LANGUAGES]) & languageMask) == 0) {
        continue;
      }
      double distance = Double.NaN; // computed at most once, only when needed
      if (dot < cosRadius + DOT_BAND) {
        distance = exactDistance(hot, h);
        if (distance > request.radiusMeters()) {
          continue;
        }
      }
      if ((kindAndFlags & Bucket.POLYGON_FLAG) != 0) {
        int relative = (int) ((Double.doubleToRawLongBits(hot[h + Bucket.KIND]) >>> 8) & Bucket.NO_OFFSET);
        boolean inside;
        if (relative == Bucket.NO_OFFSET) {
          inside = b.entries[i].polygon.contains(needLat, needLon); // an enormous cell: the slow path
        } else {
          int record = b.polygonStart + relative;
          inside = b.inPolygonBox(record, needLat, needLon)
              && GeoPolygon.containsPacked(b.data, record + Bucket.BOX, needLat, needLon);
        }
        if (!inside) {
          continue;
        }
      } else if (dot < minDot + DOT_BAND) {
        if (Double.isNaN(distance)) {
          distance = exactDistance(hot, h);
        }
        if (distance > b.entries[i].provider.serviceRadiusMeters()) {
          continue;
        }
      }
      if (checkOverflowLanguages && !speaksRequestedLanguage(b.entries[i].provider)) {
        continue;
      }
      total++;
      if (rank) {
        offer(b, i, h, dot, distance);
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

  /** The oracle's distance (same function, same argument order), from the entry's stored coordinates. */
  private double exactDistance(double[] hot, int h) {
    return GreatCircle.distanceMeters(hot[h + Bucket.LAT], hot[h + Bucket.LON], needLat, needLon);
  }

  private void offer(Bucket b, int i, int h, double dot, double knownDistance) {
    double[] data = b.data;
    int idHash = (int) (Double.doubleToRawLongBits(data[h + Bucket.KIND]) >>> 32);
    if (byDistance) {
      if (topSize == limit && dot < topDot[limit - 1] - DOT_BAND) {
        return; // farther than the k-th for certain
      }
      double d = Double.isNaN(knownDistance) ? exactDistance(data, h) : knownDistance;
      if (topSize == limit && d > topDistance[limit - 1]) {
        return;
      }
      Entry e = b.entries[i];
      int pos = topSize;
      while (pos > 0 && isBefore(d, e, topDistance[pos - 1], topEntries[pos - 1])) {
        pos--;
      }
      if (pos < limit && !alreadyListed(e, idHash)) {
        insert(pos, e, idHash, d, dot, 0, null);
      }
    } else {
      double d = Double.isNaN(knownDistance) ? exactDistance(data, h) : knownDistance;
      double distanceFactor = ScoreBlend.distanceFactor(d, request.radiusMeters());
      int c = b.coldStart + i * Bucket.COLD;
      double rating = data[c + Bucket.RATING];
      double capacity = data[c + Bucket.CAPACITY];
      double partial = blend.distanceWeight() * distanceFactor + blend.ratingWeight() * rating
          + blend.capacityWeight() * capacity;
      if (topSize == limit && partial + blend.textWeight() < topScore[limit - 1] - 1e-12) {
        return; // even a perfect text fit could not lift it into the top-k
      }
      Entry e = b.entries[i];
      double text = textQuery.isEmpty() ? 0 : textQuery.factor(e.text);
      double[] f = {distanceFactor, text, rating, capacity};
      double score = blend.distanceWeight() * f[0] + blend.textWeight() * f[1] + blend.ratingWeight() * f[2]
          + blend.capacityWeight() * f[3];
      int pos = topSize;
      while (pos > 0 && scoreBefore(score, d, e, pos - 1)) {
        pos--;
      }
      if (pos < limit && !alreadyListed(e, idHash)) {
        insert(pos, e, idHash, d, dot, score, f);
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

  /** Whether the same provider is listed already (it moved between cells during this match). */
  private boolean alreadyListed(Entry e, int idHash) {
    for (int j = 0; j < topSize; j++) {
      if (topIdHash[j] == idHash && topEntries[j].id().equals(e.id())) {
        return true;
      }
    }
    return false;
  }

  private void insert(int pos, Entry e, int idHash, double d, double dot, double score, double[] factors) {
    int last = Math.min(topSize, limit - 1);
    for (int j = last; j > pos; j--) {
      topEntries[j] = topEntries[j - 1];
      topIdHash[j] = topIdHash[j - 1];
      topDistance[j] = topDistance[j - 1];
      topDot[j] = topDot[j - 1];
      topScore[j] = topScore[j - 1];
      topFactors[j] = topFactors[j - 1];
    }
    topEntries[pos] = e;
    topIdHash[pos] = idHash;
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
      matches.add(new Match(e.id, e.kindValue, e.name, topDistance[j], explanation.total(), e.rating,
          request.explain() ? explanation : null));
    }
    return new MatchResult(matches, Math.min(total, MatchResult.TOTAL_CAP), total > MatchResult.TOTAL_CAP);
  }
}
