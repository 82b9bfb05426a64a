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
import org.linli.core.service.ServiceCard;

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

  /** The request's service rules, compiled; null when it has none. */
  private final ServiceCard.Query service;

  private final boolean byDistance;
  private final int limit;

  /** The best entries so far. */
  private final TopK top;

  /** An entry whose squared chord exceeds this cannot enter the full distance-ordered top-k. */
  private float rankCeiling = Float.POSITIVE_INFINITY;

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
    this.service = request.service().isEmpty() ? null : new ServiceCard.Query(request.service());
    this.byDistance = request.sort() == SortOrder.DISTANCE;
    this.limit = request.limit();
    this.top = new TopK(limit, needLat, needLon);
  }

  /**
   * The match, in phases: the cells that can hold an eligible entry ({@link #candidateCells}),
   * their buckets ({@link #lookUp}), the quarters of those still in reach, nearest first ({@link
   * #quartersInReach}), where each quarter's reaching entries end ({@link #reachingEnds}), then the
   * scan of those entries into the top-k ({@link #scanNearestFirst}).
   */
  MatchResult run() {
    Cells cells = candidateCells();
    Bucket[] found = lookUp(cells);
    Quarters quarters = quartersInReach(cells, found);
    scanNearestFirst(quarters, reachingEnds(quarters));
    return result();
  }

  /**
   * The candidate cells of {@link #candidateCells}, in the window of {@link Grid#cellRange}: each
   * one's row and column within the window and the cosine of a lower bound on its distance to the
   * need; with the per-row and per-column terms the quarters' dot products are built from.
   */
  private static final class Cells {
    /** The window: first and last row, first and last column. */
    final int[] range;

    /** Per column: cos of the longitude difference to the quarters west and east of its centre. */
    final double[] cosDLonWest;

    final double[] cosDLonEast;

    /**
     * Per quarter row (2r southern, 2r + 1 northern): the terms of the dot product with the need
     * and the least centre dot product of a quarter within radius + half-diagonal.
     */
    final double[] quarterA;

    final double[] quarterB;
    final double[] quarterMinDot;

    int[] row = new int[64];
    int[] column = new int[64];
    double[] boundCos = new double[64];
    int count;

    Cells(int[] range) {
      this.range = range;
      int columns = range[3] - range[2] + 1;
      int rows = range[1] - range[0] + 1;
      cosDLonWest = new double[columns];
      cosDLonEast = new double[columns];
      quarterA = new double[2 * rows];
      quarterB = new double[2 * rows];
      quarterMinDot = new double[2 * rows];
    }

    void add(int r, int c, double cos) {
      if (count == row.length) {
        row = Arrays.copyOf(row, count * 2);
        column = Arrays.copyOf(column, count * 2);
        boundCos = Arrays.copyOf(boundCos, count * 2);
      }
      row[count] = r;
      column[count] = c;
      boundCos[count] = cos;
      count++;
    }
  }

  /**
   * Phase 1: the cells that can hold an entry within the radius, from index arithmetic alone
   * (centre and half-diagonal), before their memory is touched.
   *
   * <p>The dot product of the need with a point at latitude t and longitude difference d is cos t
   * cos(need) cos d + sin t sin(need): per row of cells (and of quarters) the terms in t, per
   * column (and half-column) cos d. A quarter's centre is its cell's moved by a quarter-cell in
   * latitude and in longitude, whose cosines and sines come from the cell's by the angle-addition
   * formulas. Each cell's lower bound on its distance to the need, L = max(0, a - h) for the angle
   * a to its centre and its half-diagonal h, is kept as cos L, computed from the dot product cos a
   * as cos a cos h + sin a sin h: no inverse trigonometry per cell (StrictMath.acos alone cost
   * about 2 us a match).
   */
  private Cells candidateCells() {
    int[] range = Grid.cellRange(needLat, needLon, angle);
    Cells cells = new Cells(range);
    int columns = range[3] - range[2] + 1;
    double[] cosDLon = new double[columns];
    for (int c = 0; c < columns; c++) {
      double centreLon = (range[2] + c) * Grid.CELL_DEGREES - 180 + Grid.CELL_DEGREES / 2;
      double dLon = Math.toRadians(centreLon - needLon);
      double cos = Math.cos(dLon);
      double sin = Math.sin(dLon);
      cosDLon[c] = cos;
      cells.cosDLonWest[c] = cos * COS_QUARTER + sin * SIN_QUARTER; // cos(d - q)
      cells.cosDLonEast[c] = cos * COS_QUARTER - sin * SIN_QUARTER; // cos(d + q)
    }
    double sinNeedLat = Math.sin(Math.toRadians(needLat));
    double cosNeedLat = Math.cos(Math.toRadians(needLat));
    double cosAngle = Math.cos(angle);
    double sinAngle = Math.sin(angle);
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
      // Quarter row 2r + n is row 2 range[0] + 2r + n of the half-size grid, whose half-diagonals
      // Grid keeps.
      for (int north = 0; north < 2; north++) {
        int r = 2 * (row - range[0]) + north;
        int subRow = 2 * row + north;
        double sign = north == 1 ? 1 : -1;
        cells.quarterA[r] =
            (cosLat * COS_QUARTER - sign * sinLat * SIN_QUARTER) * cosNeedLat; // cos(t -+ q)
        cells.quarterB[r] =
            (sinLat * COS_QUARTER + sign * cosLat * SIN_QUARTER) * sinNeedLat; // sin(t -+ q)
        // cos(angle + h) by angle addition, valid while angle + h < pi, as the cell's larger
        // half-diagonal ensures.
        cells.quarterMinDot[r] =
            radiusPrunes
                ? cosAngle * Grid.quarterCosHalfDiagonal(subRow)
                    - sinAngle * Grid.quarterSinHalfDiagonal(subRow)
                    - DOT_BAND
                : -2;
      }
      for (int c = 0; c < columns; c++) {
        double dotCentre = a * cosDLon[c] + b;
        if (dotCentre >= minCentreDot) {
          cells.add(row - range[0], c, lowerBoundCos(dotCentre, cosHalf, sinHalf));
        }
      }
    }
    return cells;
  }

  /**
   * Phase 2: the candidate cells' buckets (null where a cell is empty). The lookups do not depend
   * on each other, so in a loop of their own their cache misses (table, then bucket) overlap
   * instead of queueing behind the pruning of each cell in turn; then each bucket object is read,
   * again in a loop that does nothing else, since the next phase branches on its fields.
   */
  private Bucket[] lookUp(Cells cells) {
    int[] range = cells.range;
    Bucket[] found = new Bucket[cells.count];
    for (int k = 0; k < cells.count; k++) {
      found[k] = grid.get(range[0] + cells.row[k], range[2] + cells.column[k]);
    }
    double touch = 0;
    for (int k = 0; k < cells.count; k++) {
      Bucket bucket = found[k];
      if (bucket != null) {
        touch += bucket.touch();
      }
    }
    touched = touch;
    return found;
  }

  /**
   * The quarters of {@link #quartersInReach}, each with its bucket, its entries' range, its squared
   * chord bound and the least reach an entry needs to be read there; {@code order} packs each
   * quarter's floor with its index, sorted nearest first.
   */
  private static final class Quarters {
    final Bucket[] buckets;
    final int[] starts;
    final int[] stops;
    final double[] boundChord2;
    final float[] floors;
    final long[] order;
    int count;

    Quarters(int capacity) {
      buckets = new Bucket[capacity];
      starts = new int[capacity];
      stops = new int[capacity];
      boundChord2 = new double[capacity];
      floors = new float[capacity];
      order = new long[capacity];
    }
  }

  /**
   * Phase 3: the quarters of the candidate cells that someone in them may reach from, nearest
   * first. Pruned by the farthest reach in each cell, then in each quarter (by the quarter's own
   * bound, its first entry's reach and the request radius). Each quarter left is keyed by its
   * squared chord bound 2 (1 - cos L) (its rounding, about 1e-16, is far inside the band), which
   * the scan's stop and the score bound use, and sorted nearest first by the stop, floor(bound),
   * packed with its index into one long.
   */
  private static Quarters quartersInReach(Cells cells, Bucket[] found) {
    Quarters out = new Quarters(4 * cells.count);
    for (int k = 0; k < cells.count; k++) {
      Bucket bucket = found[k];
      if (bucket == null || bucket.farthestReachDot > cells.boundCos[k] + DOT_BAND) {
        continue; // an empty cell, or nobody in it reaches that far
      }
      for (int q = 0; q < 4; q++) {
        int start = bucket.quarterStart(q);
        int stop = bucket.quarterStart(q + 1);
        if (start == stop) {
          continue;
        }
        int r = 2 * cells.row[k] + (q & 1);
        double dot =
            cells.quarterA[r]
                    * ((q & 2) != 0 ? cells.cosDLonEast : cells.cosDLonWest)[cells.column[k]]
                + cells.quarterB[r];
        if (dot < cells.quarterMinDot[r]) {
          continue; // the whole quarter lies beyond the request radius
        }
        int subRow = 2 * cells.range[0] + r;
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
        int i = out.count++;
        out.buckets[i] = bucket;
        out.starts[i] = start;
        out.stops[i] = stop;
        out.boundChord2[i] = chord2;
        out.floors[i] = floor;
        // A floor below 0 reads the same entries as 0 (reaches are not negative); non-negative
        // floats sort as their bits do.
        out.order[i] = (long) Float.floatToRawIntBits(Math.max(0f, floor)) << 32 | i;
      }
    }
    Arrays.sort(out.order, 0, out.count);
    return out;
  }

  /**
   * Phase 4: where each quarter's reaching entries end, reading one reach per cache line. The loads
   * are independent of each other, so the memory system fetches many lines at once, and the scan
   * finds them in cache.
   */
  private static int[] reachingEnds(Quarters quarters) {
    int[] ends = new int[quarters.count];
    for (int i = 0; i < quarters.count; i++) {
      float floor = quarters.floors[i];
      int[] hot = quarters.buckets[i].hot;
      int n = quarters.stops[i];
      int end = quarters.starts[i];
      while (end < n && Float.intBitsToFloat(hot[end * Bucket.HOT + Bucket.REACH2]) >= floor) {
        end += LINE_ENTRIES;
      }
      ends[i] = Math.min(end, n);
    }
    return ends;
  }

  /**
   * Phase 5: the quarters' reaching entries, nearest quarter first, into the top-k. In distance
   * order the scan stops at the first quarter farther than a full top-k's last (once the total is
   * capped); in score order a quarter whose best possible score cannot enter a full top-k is only
   * counted.
   */
  private void scanNearestFirst(Quarters quarters, int[] ends) {
    double textWeight = textQuery.isEmpty() ? 0 : blend.textWeight();
    for (int o = 0; o < quarters.count; o++) {
      int i = (int) quarters.order[o];
      Bucket b = quarters.buckets[i];
      float floor = quarters.floors[i];
      boolean full = top.isFull();
      if (byDistance) {
        if (full && total >= MatchResult.TOTAL_CAP && floor > top.key[limit - 1]) {
          break;
        }
        scan(b, floor, quarters.starts[i], ends[i], true);
      } else {
        // L from its squared chord (asin of a small value is cheap); a metre of slack covers the
        // rounding.
        double lowerBoundMeters =
            2
                    * Math.asin(Math.min(1, Math.sqrt(quarters.boundChord2[i]) / 2))
                    * GreatCircle.EARTH_RADIUS_METERS
                - 1.0;
        double bound =
            blend.distanceWeight()
                    * ScoreBlend.distanceFactor(
                        Math.max(0, lowerBoundMeters), request.radiusMeters())
                + textWeight
                + blend.ratingWeight() * b.maxRatingFactor
                + blend.capacityWeight() * b.maxCapacityFactor;
        boolean canImprove = !full || bound >= top.score[limit - 1] - 1e-12;
        if (!canImprove && total >= MatchResult.TOTAL_CAP) {
          continue;
        }
        scan(b, floor, quarters.starts[i], ends[i], canImprove);
      }
    }
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
    final ServiceCard.Query service = this.service;
    final boolean fastIn = !filterLanguages & !checkColdSkills & service == null;
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
      if (service != null) {
        if (!service.admits(Double.doubleToRawLongBits(cold[c + Bucket.CRITERIA]))) {
          continue;
        }
        // Admitted criteria that ask for hours mean the entry has a card with schedules.
        if (service.checksHours() && !b.entries[i].card.isOpen(service)) {
          continue;
        }
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
    return top.distanceFrom(lat, lon);
  }

  private void offer(Bucket b, int i, int h, float key, double knownDistance) {
    int idHash = b.hot[h + Bucket.ID_HASH];
    if (byDistance) {
      double d = knownDistance; // computed only if a near tie needs it
      int pos = top.size;
      while (pos > 0) {
        int j = pos - 1;
        boolean before;
        if (key < top.key[j] * (1 - CHORD_REL) - CHORD_ABS) {
          before = true;
        } else if (key > top.key[j] * (1 + CHORD_REL) + CHORD_ABS) {
          before = false;
        } else {
          if (Double.isNaN(d)) {
            d = exactDistance(b.data, i * Bucket.COLD);
          }
          before = isBefore(d, b.entries[i], top.distance(j), top.entry(j));
        }
        if (!before) {
          break;
        }
        pos--;
      }
      if (pos < limit && !top.contains(b, i, idHash)) {
        top.insert(pos, b, i, idHash, key, d, 0, null);
        if (top.isFull()) {
          rankCeiling = top.key[limit - 1] * (1 + CHORD_REL) + CHORD_ABS;
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
      if (top.isFull()
          && partial
                  + blend.textWeight()
                      * textQuery.factorBound(
                          Double.doubleToRawLongBits(data[c + Bucket.TERM_BITS]))
              < top.score[limit - 1] - 1e-12) {
        return; // even the best text fit its terms allow could not lift it into the top-k
      }
      Entry e = b.entries[i];
      double text = textQuery.isEmpty() ? 0 : textQuery.factor(e.text);
      double score =
          blend.distanceWeight() * distanceFactor
              + blend.textWeight() * text
              + blend.ratingWeight() * rating
              + blend.capacityWeight() * capacity;
      int pos = top.size;
      while (pos > 0 && scoreBefore(score, d, e, pos - 1)) {
        pos--;
      }
      if (pos < limit && !top.contains(b, i, idHash)) {
        top.insert(
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

  private static boolean isBefore(double d, Entry e, double otherD, Entry other) {
    return d < otherD || (d == otherD && e.id().compareTo(other.id()) < 0);
  }

  private boolean scoreBefore(double score, double d, Entry e, int j) {
    if (score != top.score[j]) {
      return score > top.score[j];
    }
    return isBefore(d, e, top.distance[top.slot[j]], top.entry(j));
  }

  private MatchResult result() {
    // The listed entries' values from their objects and cold records, then their exact distances,
    // each in a loop of its own: the loads of different entries do not depend on each other, so in
    // a loop that does nothing else their cache misses overlap (with the computing in the same
    // loop, one or two would be in flight).
    Entry[] listed = new Entry[top.size];
    for (int j = 0; j < top.size; j++) {
      listed[j] = top.entry(j);
    }
    double[] ratingFactor = new double[top.size];
    double[] capacityFactor = new double[top.size];
    double[] lat = new double[top.size];
    double[] lon = new double[top.size];
    for (int j = 0; j < top.size; j++) {
      ratingFactor[j] = listed[j].ratingFactor;
      capacityFactor[j] = listed[j].capacityFactor;
      int s = top.slot[j];
      int c = top.index[s] * Bucket.COLD;
      lat[j] = top.bucket[s].data[c + Bucket.LAT];
      lon[j] = top.bucket[s].data[c + Bucket.LON];
    }
    for (int j = 0; j < top.size; j++) {
      int s = top.slot[j];
      if (Double.isNaN(top.distance[s])) {
        top.distance[s] = distanceFrom(lat[j], lon[j]);
      }
    }
    List<Match> matches = new ArrayList<>(top.size);
    for (int j = 0; j < top.size; j++) {
      Entry e = listed[j];
      double distance = top.distance[top.slot[j]];
      double[] f = top.factors[top.slot[j]];
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
              request.explain() ? explanation : null,
              e.skills(),
              e.card,
              e.verified));
    }
    return new MatchResult(
        matches, Math.min(total, MatchResult.TOTAL_CAP), total > MatchResult.TOTAL_CAP);
  }
}
