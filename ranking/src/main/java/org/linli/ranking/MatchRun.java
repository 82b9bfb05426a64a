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
import org.linli.core.provider.ProviderKind;

/**
 * One match, executed over one grid. Single-use, not thread-safe (each match makes its own).
 *
 * <p>Whole cells are pruned with dot products of unit vectors (within {@link #DOT_BAND}); entries
 * are classified by squared chords computed in float (within {@link #CHORD_REL} and {@link
 * #CHORD_ABS}). Only when a value falls within its band of a limit is the exact haversine distance
 * of {@link GreatCircle} consulted, the same function the brute-force oracle uses, so the two agree
 * on every boundary case.
 */
final class MatchRun {
  static final int OVERFLOW_LANGUAGE_BIT = 63;

  /** Far wider than the rounding error of a dot product of unit vectors (about 1e-15). */
  private static final double DOT_BAND = 1e-12;

  /**
   * Relative and absolute slack around a limit on a squared chord that the hot scan computes in
   * float from a cell's offsets: about a hundred times its worst rounding error (about 1e-7
   * relative, plus 1e-15 absolute for the tiniest reaches). Entries inside the band take the exact
   * path.
   */
  private static final float CHORD_REL = 1e-5f;

  private static final float CHORD_ABS = 1e-13f;

  /**
   * Cosine and sine of the angle between a cell's centre and its quarters' centres, in latitude or
   * longitude.
   */
  private static final double COS_QUARTER = Math.cos(Math.toRadians(Grid.QUARTER_DEGREES / 2));

  private static final double SIN_QUARTER = Math.sin(Math.toRadians(Grid.QUARTER_DEGREES / 2));

  /** Hot records per 64-byte cache line. */
  private static final int LINE_ENTRIES = 64 / (4 * Bucket.HOT);

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

  /** The request radius as a squared chord, widened (hi) and narrowed (lo) by the band. */
  private final float radiusHi;

  private final float radiusLo;

  /**
   * Request skills below {@link Bucket#HOT_SKILLS}, as they sit in the hot flags; and whether any
   * are beyond.
   */
  private final int hotSkills;

  private final boolean checkColdSkills;
  private final boolean byDistance;
  private final int limit;

  // The top-k, kept sorted best first: each entry by its bucket and position, so that listing one
  // reads nothing
  // but the hot block. In distance order the key is the scan's squared chord; the exact distance is
  // computed
  // (NaN until then) only where two keys lie within the band of each other, and for the final
  // answer.
  // The keys and scores, which offers compare, are in rank order; the rest stays in a slot of its
  // own while the
  // ranks move (topSlot maps rank to slot), so that an insertion shifts three arrays, not seven.
  private final float[] topKey;
  private final int[] topSlot;
  private final Bucket[] topBucket;
  private final int[] topIndex;
  private final int[] topIdHash;
  private final double[] topDistance;

  /** An entry whose squared chord exceeds this cannot enter the full distance-ordered top-k. */
  private float rankCeiling = Float.POSITIVE_INFINITY;

  /** In rank order, like {@link #topKey}. */
  private final double[] topScore;

  /** By slot. */
  private final double[][] topFactors;

  private int topSize;

  /** What the bucket-object loop read, kept so that its loads are not optimised away. */
  @SuppressWarnings("UnusedVariable") // written, never read: a sink for the JIT
  private double touched;

  private int total;

  MatchRun(
      MatchRequest request, Grid grid, TextQuery textQuery, ScoreBlend blend, long languageMask) {
    this.request = request;
    this.grid = grid;
    this.textQuery = textQuery;
    this.blend = blend;
    long skills = 0;
    for (var s : request.skills()) {
      skills |= 1L << s.ordinal();
    }
    this.requiredSkills = skills;
    this.hotSkills = (int) ((skills & ((1L << Bucket.HOT_SKILLS) - 1)) << Bucket.SKILL_SHIFT);
    this.checkColdSkills = (skills >>> Bucket.HOT_SKILLS) != 0;
    int kinds = 0;
    for (ProviderKind k : request.kinds()) {
      kinds |= 1 << k.ordinal();
    }
    this.kindMask = kinds;
    this.languageMask = languageMask;
    this.filterLanguages = !request.languages().isEmpty();
    this.checkOverflowLanguages =
        filterLanguages && (languageMask & (1L << OVERFLOW_LANGUAGE_BIT)) != 0;
    GeoPoint need = request.location();
    this.needLat = need.lat();
    this.needLon = need.lon();
    double[] q = Spherical.unit(needLat, needLon);
    this.qx = q[0];
    this.qy = q[1];
    this.qz = q[2];
    this.angle = Spherical.angle(request.radiusMeters());
    double radiusChord2 = Spherical.chord2(angle);
    this.radiusHi = (float) (radiusChord2 * (1 + CHORD_REL) + CHORD_ABS);
    this.radiusLo = (float) (radiusChord2 * (1 - CHORD_REL) - CHORD_ABS);
    this.byDistance = request.sort() == SortOrder.DISTANCE;
    this.limit = request.limit();
    this.topBucket = new Bucket[limit];
    this.topIndex = new int[limit];
    this.topKey = new float[limit];
    this.topSlot = new int[limit];
    this.topIdHash = new int[limit];
    this.topDistance = new double[limit];
    this.topScore = new double[limit];
    this.topFactors = new double[limit][];
  }

  MatchResult run() {
    // Visit the quarters of cells that can hold an eligible entry, nearest first by a proven lower
    // bound on their
    // distance. Cells are pruned from index arithmetic alone (centre and half-diagonal), before
    // their memory is
    // touched; then each quarter of a cell that has a bucket, by its own centre and half-diagonal.
    // The dot product of the need with a point at latitude t and longitude difference d is
    // cos t cos(need) cos d + sin t sin(need): per row of cells (and of quarters) the terms in t,
    // per column
    // (and half-column) cos d. A quarter's centre is its cell's moved by a quarter-cell in latitude
    // and in
    // longitude, whose cosines and sines come from the cell's by the angle-addition formulas.
    int[] range = Grid.cellRange(needLat, needLon, angle);
    int columns = range[3] - range[2] + 1;
    double[] cosDLon = new double[columns];
    double[] cosDLonWest = new double[columns];
    double[] cosDLonEast = new double[columns];
    for (int c = 0; c < columns; c++) {
      double centreLon = (range[2] + c) * Grid.CELL_DEGREES - 180 + Grid.CELL_DEGREES / 2;
      double dLon = Math.toRadians(centreLon - needLon);
      double cos = Math.cos(dLon);
      double sin = Math.sin(dLon);
      cosDLon[c] = cos;
      cosDLonWest[c] = cos * COS_QUARTER + sin * SIN_QUARTER; // cos(d - q)
      cosDLonEast[c] = cos * COS_QUARTER - sin * SIN_QUARTER; // cos(d + q)
    }
    double sinNeedLat = Math.sin(Math.toRadians(needLat));
    double cosNeedLat = Math.cos(Math.toRadians(needLat));
    double cosAngle = Math.cos(angle);
    double sinAngle = Math.sin(angle);
    // Per row, for its southern (index 2r) and northern (2r + 1) quarters: the terms of the dot
    // product and the
    // least centre dot product of a quarter within radius + half-diagonal. Quarter row 2r + n is
    // row 2 range[0] +
    // 2r + n of the half-size grid, whose half-diagonals Grid keeps.
    int rows = range[1] - range[0] + 1;
    double[] quarterA = new double[2 * rows];
    double[] quarterB = new double[2 * rows];
    double[] quarterMinDot = new double[2 * rows];
    // First the candidate cells, from index arithmetic alone. Each cell's lower bound on its
    // distance to the need,
    // L = max(0, a - h) for the angle a to its centre and its half-diagonal h, is kept as cos L,
    // computed from the
    // dot product cos a as cos a cos h + sin a sin h: no inverse trigonometry per cell
    // (StrictMath.acos alone
    // cost about 2 us a match).
    int[] cellRow = new int[64];
    int[] cellColumn = new int[64];
    double[] cellBoundCos = new double[64];
    int candidates = 0;
    for (int row = range[0]; row <= range[1]; row++) {
      double centreLat = Math.toRadians(row * Grid.CELL_DEGREES - 90 + Grid.CELL_DEGREES / 2);
      double cosLat = Math.cos(centreLat);
      double sinLat = Math.sin(centreLat);
      double a = cosLat * cosNeedLat;
      double b = sinLat * sinNeedLat;
      double halfDiagonal = Grid.halfDiagonal(row);
      double cosHalf = Grid.cosHalfDiagonal(row);
      double sinHalf = Grid.sinHalfDiagonal(row);
      // A cell can hold a point within the radius only if its centre is within radius +
      // half-diagonal.
      boolean radiusPrunes = angle + halfDiagonal < Math.PI;
      double minCentreDot = radiusPrunes ? Math.cos(angle + halfDiagonal) - DOT_BAND : -2;
      for (int north = 0; north < 2; north++) {
        int r = 2 * (row - range[0]) + north;
        int subRow = 2 * row + north;
        double sign = north == 1 ? 1 : -1;
        quarterA[r] =
            (cosLat * COS_QUARTER - sign * sinLat * SIN_QUARTER) * cosNeedLat; // cos(t -+ q)
        quarterB[r] =
            (sinLat * COS_QUARTER + sign * cosLat * SIN_QUARTER) * sinNeedLat; // sin(t -+ q)
        // cos(angle + h) by angle addition, valid while angle + h < pi, as the cell's larger
        // half-diagonal ensures.
        quarterMinDot[r] =
            radiusPrunes
                ? cosAngle * Grid.quarterCosHalfDiagonal(subRow)
                    - sinAngle * Grid.quarterSinHalfDiagonal(subRow)
                    - DOT_BAND
                : -2;
      }
      for (int c = 0; c < columns; c++) {
        double dotCentre = a * cosDLon[c] + b;
        if (dotCentre < minCentreDot) {
          continue;
        }
        if (candidates == cellRow.length) {
          cellRow = Arrays.copyOf(cellRow, candidates * 2);
          cellColumn = Arrays.copyOf(cellColumn, candidates * 2);
          cellBoundCos = Arrays.copyOf(cellBoundCos, candidates * 2);
        }
        cellRow[candidates] = row - range[0];
        cellColumn[candidates] = c;
        cellBoundCos[candidates] = lowerBoundCos(dotCentre, cosHalf, sinHalf);
        candidates++;
      }
    }
    // Then their buckets, in a loop of its own: the lookups do not depend on each other, so their
    // cache misses
    // (table, then bucket) overlap instead of queueing behind the pruning of each cell in turn.
    Bucket[] found = new Bucket[candidates];
    for (int k = 0; k < candidates; k++) {
      found[k] = grid.get(range[0] + cellRow[k], range[2] + cellColumn[k]);
    }
    // Then each bucket object, again in a loop that does nothing else: the loop below branches on
    // its fields.
    double touch = 0;
    for (int k = 0; k < candidates; k++) {
      Bucket bucket = found[k];
      if (bucket != null) {
        touch += bucket.touch();
      }
    }
    touched = touch;
    // Then prune by the farthest reach in each cell, and in each of its quarters (by the quarter's
    // own bound, its
    // first entry's reach and the request radius). Each quarter left is keyed by its squared chord
    // bound
    // 2 (1 - cos L) (its rounding, about 1e-16, is far inside the band), which the scan's stop and
    // the score bound
    // use, and sorted nearest first by the stop, floor(bound), packed with its index into one long.
    Bucket[] buckets = new Bucket[4 * candidates];
    int[] starts = new int[4 * candidates];
    int[] stops = new int[4 * candidates];
    double[] boundChord2 = new double[4 * candidates];
    float[] floors = new float[4 * candidates];
    long[] order = new long[4 * candidates];
    int count = 0;
    for (int k = 0; k < candidates; k++) {
      Bucket bucket = found[k];
      if (bucket == null || bucket.farthestReachDot > cellBoundCos[k] + DOT_BAND) {
        continue; // an empty cell, or nobody in it reaches that far
      }
      for (int q = 0; q < 4; q++) {
        int start = bucket.quarterStart(q);
        int stop = bucket.quarterStart(q + 1);
        if (start == stop) {
          continue;
        }
        int r = 2 * cellRow[k] + (q & 1);
        double dot =
            quarterA[r] * ((q & 2) != 0 ? cosDLonEast : cosDLonWest)[cellColumn[k]] + quarterB[r];
        if (dot < quarterMinDot[r]) {
          continue; // the whole quarter lies beyond the request radius
        }
        int subRow = 2 * range[0] + r;
        double chord2 =
            2
                * (1
                    - lowerBoundCos(
                        dot,
                        Grid.quarterCosHalfDiagonal(subRow),
                        Grid.quarterSinHalfDiagonal(subRow)));
        float floor = floor(chord2);
        if (bucket.quarterReach(q) < floor) {
          continue; // nobody in this quarter reaches that far
        }
        buckets[count] = bucket;
        starts[count] = start;
        stops[count] = stop;
        boundChord2[count] = chord2;
        floors[count] = floor;
        // A floor below 0 reads the same entries as 0 (reaches are not negative); non-negative
        // floats sort as
        // their bits do.
        order[count] = (long) Float.floatToRawIntBits(Math.max(0f, floor)) << 32 | count;
        count++;
      }
    }
    Arrays.sort(order, 0, count);

    // Find where each quarter's reaching entries end, reading one reach per cache line. The loads
    // are independent
    // of each other, so the memory system fetches many lines at once, and the scan below finds them
    // in cache.
    int[] ends = new int[count];
    for (int i = 0; i < count; i++) {
      float floor = floors[i];
      int[] hot = buckets[i].hot;
      int n = stops[i];
      int end = starts[i];
      while (end < n && Float.intBitsToFloat(hot[end * Bucket.HOT + Bucket.REACH2]) >= floor) {
        end += LINE_ENTRIES;
      }
      ends[i] = Math.min(end, n);
    }

    double textWeight = textQuery.isEmpty() ? 0 : blend.textWeight();
    for (int o = 0; o < count; o++) {
      int i = (int) order[o];
      Bucket b = buckets[i];
      boolean full = topSize == limit;
      if (byDistance) {
        if (full && total >= MatchResult.TOTAL_CAP && floors[i] > topKey[limit - 1]) {
          break;
        }
        scan(b, floors[i], starts[i], ends[i], true);
      } else {
        // L from its squared chord (asin of a small value is cheap); a metre of slack covers the
        // rounding.
        double lowerBoundMeters =
            2
                    * Math.asin(Math.min(1, Math.sqrt(boundChord2[i]) / 2))
                    * GreatCircle.EARTH_RADIUS_METERS
                - 1.0;
        double bound =
            blend.distanceWeight()
                    * ScoreBlend.distanceFactor(
                        Math.max(0, lowerBoundMeters), request.radiusMeters())
                + textWeight
                + blend.ratingWeight() * b.maxRatingFactor
                + blend.capacityWeight() * b.maxCapacityFactor;
        boolean canImprove = !full || bound >= topScore[limit - 1] - 1e-12;
        if (!canImprove && total >= MatchResult.TOTAL_CAP) {
          continue;
        }
        scan(b, floors[i], starts[i], ends[i], canImprove);
      }
    }
    return result();
  }

  /**
   * The least squared chord reach an entry needs to be read in a cell or quarter whose distance
   * bound is the squared chord {@code boundChord2}: the bound narrowed by the band, so that
   * rounding never skips an entry.
   */
  private static float floor(double boundChord2) {
    return (float) (boundChord2 * (1 - CHORD_REL) - CHORD_ABS);
  }

  /**
   * {@code cos(max(0, acos(dotCentre) - h))} without inverse trigonometry: the cosine of a lower
   * bound on the angle from the need to any point of a cell whose centre's dot product with the
   * need is {@code dotCentre} and whose half-diagonal is h (given as its cosine and sine). Within
   * about 1e-16 of the exact value for small cells.
   */
  static double lowerBoundCos(double dotCentre, double cosHalf, double sinHalf) {
    if (dotCentre >= cosHalf) {
      return 1; // the need may lie within the cell's circumscribed disk
    }
    return Math.min(
        1, dotCentre * cosHalf + Math.sqrt(Math.max(0, 1 - dotCentre * dotCentre)) * sinHalf);
  }

  /**
   * Checks entries {@code start} to {@code end} of {@code b} (one quarter's), those whose squared
   * chord reach is at least {@code reachFloor}, a lower bound on the quarter's distance to the
   * need; counts the eligible ones and offers them to the top-k when {@code rank}. Reads only the
   * hot array for clear cases; the cold block only for the rare rest (near a limit, polygons,
   * language filters, skills beyond the hot ones) and for top-k candidates.
   */
  @SuppressWarnings(
      "ShortCircuitBoolean") // & and | on purpose: branch-free, every operand is cheap
  private void scan(Bucket b, float reachFloor, int start, int end, boolean rank) {
    final int[] hot = b.hot;
    final double[] cold = b.data;
    final float ax = (float) (b.cx - qx);
    final float ay = (float) (b.cy - qy);
    final float az = (float) (b.cz - qz);
    final float hi = 1 + CHORD_REL;
    final float lo = 1 - CHORD_REL;
    final boolean fastIn = !filterLanguages & !checkColdSkills;
    // Entries from end on lie past the first one that cannot reach (sorted farthest-reaching
    // first).
    final int n = end;
    // Counted in a local, not the field: a field's load-add-store each entry would chain the
    // iterations through
    // memory (the calls in the loop keep the compiler from holding a field in a register).
    int counted = 0;
    for (int i = start, h = start * Bucket.HOT; i < n; i++, h += Bucket.HOT) {
      float reach2 = Float.intBitsToFloat(hot[h + Bucket.REACH2]);
      if (reach2 < reachFloor) {
        break; // this entry, and every later one, reaches less far than the quarter's nearest point
      }
      float ex = ax + Float.intBitsToFloat(hot[h + Bucket.DX]);
      float ey = ay + Float.intBitsToFloat(hot[h + Bucket.DY]);
      float ez = az + Float.intBitsToFloat(hot[h + Bucket.DZ]);
      float chord2 = ex * ex + ey * ey + ez * ez;
      int flags = hot[h + Bucket.FLAGS];
      // Classify without branches: most entries are clearly out or clearly in, and which is
      // data-dependent, so
      // a branch per rule mispredicts often. Only the rare rest (bands, polygons, languages, top-k
      // candidates)
      // takes the full path below.
      boolean rulesOk = ((flags & hotSkills) == hotSkills) & ((kindMask & (1 << (flags & 7))) != 0);
      boolean out = (chord2 > radiusHi) | (chord2 > reach2 * hi + CHORD_ABS) | !rulesOk;
      // Inside the inner reach a polygon surely contains the need (Bucket.INNER2), so it needs no
      // ring walk.
      float inner2 = Float.intBitsToFloat(hot[h + Bucket.INNER2]);
      boolean in = !out & (chord2 < radiusLo) & (chord2 < inner2 * lo - CHORD_ABS) & fastIn;
      counted += in ? 1 : 0;
      boolean slow = !out & !in;
      // For distance order, an entry clearly farther than the k-th cannot enter; score order
      // decides in offer().
      boolean mayRank = in & rank & (!byDistance || chord2 <= rankCeiling);
      if (!(slow | mayRank)) {
        continue;
      }
      if (in) {
        offer(b, i, h, chord2, Double.NaN);
        continue;
      }
      int c = i * Bucket.COLD;
      if (filterLanguages
          && (Double.doubleToRawLongBits(cold[c + Bucket.LANGUAGES]) & languageMask) == 0) {
        continue;
      }
      if (checkColdSkills
          && (Double.doubleToRawLongBits(cold[c + Bucket.SKILLS]) & requiredSkills)
              != requiredSkills) {
        continue;
      }
      double distance = Double.NaN; // computed at most once, only when needed
      if (!(chord2 < radiusLo)) {
        distance = exactDistance(cold, c);
        if (distance > request.radiusMeters()) {
          continue;
        }
      }
      if ((flags & Bucket.POLYGON_FLAG) != 0) {
        // Within the inner reach the polygon contains the need for certain; beyond it, walk the
        // rings.
        if (!(chord2 < inner2 * lo - CHORD_ABS)) {
          int record = b.polygonStart + hot[h + Bucket.POLYGON];
          if (!b.inPolygonBox(record, needLat, needLon)
              || !GeoPolygon.containsPacked(b.data, record + Bucket.BOX, needLat, needLon)) {
            continue;
          }
        }
      } else if (!(chord2 < reach2 * lo - CHORD_ABS)) {
        if (Double.isNaN(distance)) {
          distance = exactDistance(cold, c);
        }
        if (distance > b.entries[i].radiusMeters) {
          continue;
        }
      }
      if (checkOverflowLanguages && !b.entries[i].speaksAny(languageMask, request.languages())) {
        continue;
      }
      counted++;
      if (rank && (!byDistance || chord2 <= rankCeiling)) {
        offer(b, i, h, chord2, distance);
      }
    }
    total += counted;
  }

  /**
   * The oracle's distance (same function, same argument order), from the entry's stored
   * coordinates.
   */
  private double exactDistance(double[] cold, int c) {
    return distanceFrom(cold[c + Bucket.LAT], cold[c + Bucket.LON]);
  }

  /**
   * The oracle's distance from an entry at (lat, lon) to the need: the same function, the same
   * argument order.
   */
  private double distanceFrom(double lat, double lon) {
    return GreatCircle.distanceMeters(lat, lon, needLat, needLon);
  }

  private void offer(Bucket b, int i, int h, float key, double knownDistance) {
    int idHash = b.hot[h + Bucket.ID_HASH];
    if (byDistance) {
      double d = knownDistance; // computed only if a near tie needs it
      int pos = topSize;
      while (pos > 0) {
        int j = pos - 1;
        boolean before;
        if (key < topKey[j] * (1 - CHORD_REL) - CHORD_ABS) {
          before = true;
        } else if (key > topKey[j] * (1 + CHORD_REL) + CHORD_ABS) {
          before = false;
        } else {
          if (Double.isNaN(d)) {
            d = exactDistance(b.data, i * Bucket.COLD);
          }
          before = isBefore(d, b.entries[i], topDistance(j), entry(j));
        }
        if (!before) {
          break;
        }
        pos--;
      }
      if (pos < limit && !alreadyListed(b, i, idHash)) {
        insert(pos, b, i, idHash, key, d, 0, null);
        if (topSize == limit) {
          rankCeiling = topKey[limit - 1] * (1 + CHORD_REL) + CHORD_ABS;
        }
      }
    } else {
      double[] data = b.data;
      int c = i * Bucket.COLD;
      double d = Double.isNaN(knownDistance) ? exactDistance(data, c) : knownDistance;
      double distanceFactor = ScoreBlend.distanceFactor(d, request.radiusMeters());
      double rating = data[c + Bucket.RATING];
      double capacity = data[c + Bucket.CAPACITY];
      double partial =
          blend.distanceWeight() * distanceFactor
              + blend.ratingWeight() * rating
              + blend.capacityWeight() * capacity;
      if (topSize == limit
          && partial
                  + blend.textWeight()
                      * textQuery.factorBound(
                          Double.doubleToRawLongBits(data[c + Bucket.TERM_BITS]))
              < topScore[limit - 1] - 1e-12) {
        return; // even the best text fit its terms allow could not lift it into the top-k
      }
      Entry e = b.entries[i];
      double text = textQuery.isEmpty() ? 0 : textQuery.factor(e.text);
      double score =
          blend.distanceWeight() * distanceFactor
              + blend.textWeight() * text
              + blend.ratingWeight() * rating
              + blend.capacityWeight() * capacity;
      int pos = topSize;
      while (pos > 0 && scoreBefore(score, d, e, pos - 1)) {
        pos--;
      }
      if (pos < limit && !alreadyListed(b, i, idHash)) {
        insert(
            pos,
            b,
            i,
            idHash,
            key,
            d,
            score,
            new double[] {distanceFactor, text, rating, capacity});
      }
    }
  }

  /** The entry of rank {@code j}. */
  private Entry entry(int j) {
    return entryInSlot(topSlot[j]);
  }

  /** The entry listed in slot {@code s}. */
  private Entry entryInSlot(int s) {
    return topBucket[s].entries[topIndex[s]];
  }

  /** The exact distance of the j-th listed entry, computed once. */
  private double topDistance(int j) {
    int s = topSlot[j];
    if (Double.isNaN(topDistance[s])) {
      topDistance[s] = exactDistance(topBucket[s].data, topIndex[s] * Bucket.COLD);
    }
    return topDistance[s];
  }

  private static boolean isBefore(double d, Entry e, double otherD, Entry other) {
    return d < otherD || (d == otherD && e.id().compareTo(other.id()) < 0);
  }

  private boolean scoreBefore(double score, double d, Entry e, int j) {
    if (score != topScore[j]) {
      return score > topScore[j];
    }
    return isBefore(d, e, topDistance[topSlot[j]], entry(j));
  }

  /** Whether the same provider is listed already (it moved between cells during this match). */
  private boolean alreadyListed(Bucket b, int i, int idHash) {
    // Slots 0 .. topSize - 1 are the ones in use: a slot is freed only when a full top-k drops its
    // last.
    for (int s = 0; s < topSize; s++) {
      if (topIdHash[s] == idHash && entryInSlot(s).id().equals(b.entries[i].id())) {
        return true;
      }
    }
    return false;
  }

  private void insert(
      int pos, Bucket b, int i, int idHash, float key, double d, double score, double[] factors) {
    // A free slot while the top-k fills; once full, the slot of the last, which drops out.
    int slot = topSize < limit ? topSize : topSlot[limit - 1];
    int last = Math.min(topSize, limit - 1);
    for (int j = last; j > pos; j--) {
      topKey[j] = topKey[j - 1];
      topScore[j] = topScore[j - 1];
      topSlot[j] = topSlot[j - 1];
    }
    topKey[pos] = key;
    topScore[pos] = score;
    topSlot[pos] = slot;
    topBucket[slot] = b;
    topIndex[slot] = i;
    topIdHash[slot] = idHash;
    topDistance[slot] = d;
    topFactors[slot] = factors;
    if (topSize < limit) {
      topSize++;
    }
  }

  private MatchResult result() {
    // The listed entries' values from their objects and cold records, then their exact distances,
    // each in a
    // loop of its own: the loads of different entries do not depend on each other, so in a loop
    // that does nothing
    // else their cache misses overlap (with the computing in the same loop, one or two would be in
    // flight).
    Entry[] listed = new Entry[topSize];
    for (int j = 0; j < topSize; j++) {
      listed[j] = entry(j);
    }
    double[] ratingFactor = new double[topSize];
    double[] capacityFactor = new double[topSize];
    double[] lat = new double[topSize];
    double[] lon = new double[topSize];
    for (int j = 0; j < topSize; j++) {
      ratingFactor[j] = listed[j].ratingFactor;
      capacityFactor[j] = listed[j].capacityFactor;
      int s = topSlot[j];
      int c = topIndex[s] * Bucket.COLD;
      lat[j] = topBucket[s].data[c + Bucket.LAT];
      lon[j] = topBucket[s].data[c + Bucket.LON];
    }
    for (int j = 0; j < topSize; j++) {
      int s = topSlot[j];
      if (Double.isNaN(topDistance[s])) {
        topDistance[s] = distanceFrom(lat[j], lon[j]);
      }
    }
    List<Match> matches = new ArrayList<>(topSize);
    for (int j = 0; j < topSize; j++) {
      Entry e = listed[j];
      double distance = topDistance[topSlot[j]];
      double[] f = topFactors[topSlot[j]];
      if (f == null) {
        f =
            new double[] {
              ScoreBlend.distanceFactor(distance, request.radiusMeters()),
              textQuery.factor(e.text),
              ratingFactor[j],
              capacityFactor[j]
            };
      }
      Explanation explanation = blend.explain(f[0], f[1], f[2], f[3]);
      matches.add(
          new Match(
              e.id,
              e.kind,
              e.name,
              distance,
              explanation.total(),
              e.rating,
              request.explain() ? explanation : null));
    }
    return new MatchResult(
        matches, Math.min(total, MatchResult.TOTAL_CAP), total > MatchResult.TOTAL_CAP);
  }
}
