package org.linli.ranking;

import java.util.Arrays;
import java.util.List;

/**
 * The entries of one grid cell. Every value the match loop reads is interleaved in one {@code double[]}
 * ({@link #STRIDE} per entry), so scanning a cell streams through contiguous memory and never follows a pointer:
 * on this hardware a cache miss costs about 300 ns, so the layout, not the arithmetic, sets the speed. Entries are
 * ordered farthest-reaching first (ascending {@code minDot}), so a match stops reading a cell at the first entry
 * that cannot reach the need.
 *
 * <p>Immutable: a write builds a new bucket and swaps it into the grid, so readers never see a half-made one.
 */
final class Bucket {
  static final int STRIDE = 13;
  static final int X = 0;
  static final int Y = 1;
  static final int Z = 2;
  static final int MIN_DOT = 3;
  /** Skill bit mask, as raw long bits. */
  static final int SKILLS = 4;
  /** Language bit mask, as raw long bits. */
  static final int LANGUAGES = 5;
  /**
   * Raw long bits: the kind ordinal in bits 0-2, {@link #POLYGON_FLAG} in bit 3, and the id's hash code in bits
   * 32-63 (so that de-duplicating the top-k rarely needs the id itself).
   */
  static final int KIND = 6;
  static final int LAT = 7;
  static final int LON = 8;
  static final int RATING = 9;
  static final int CAPACITY = 10;
  /** Polygon bounding box as two pairs of floats rounded outwards: (minLat, maxLat), (minLon, maxLon). */
  static final int BOX_LAT = 11;
  static final int BOX_LON = 12;
  static final int POLYGON_FLAG = 8;

  final Entry[] entries;
  /** The polygon of each polygonal entry, else null: one hop to the coordinates instead of two. */
  final org.linli.core.geo.GeoPolygon[] polygons;
  final double[] data;
  /** Largest rating and capacity factors here, for score upper bounds. */
  final double maxRatingFactor;
  final double maxCapacityFactor;

  Bucket(List<Entry> list) {
    entries = list.toArray(new Entry[0]);
    Arrays.sort(entries, (a, b) -> Double.compare(a.minDot, b.minDot));
    data = new double[entries.length * STRIDE];
    polygons = new org.linli.core.geo.GeoPolygon[entries.length];
    double maxRating = 0;
    double maxCapacity = 0;
    for (int i = 0; i < entries.length; i++) {
      Entry e = entries[i];
      int o = i * STRIDE;
      data[o + X] = e.x;
      data[o + Y] = e.y;
      data[o + Z] = e.z;
      data[o + MIN_DOT] = e.minDot;
      data[o + SKILLS] = Double.longBitsToDouble(e.skillMask);
      data[o + LANGUAGES] = Double.longBitsToDouble(e.languageMask);
      data[o + KIND] = Double.longBitsToDouble(((long) e.idHash << 32) | e.kind
          | (e.polygon != null ? POLYGON_FLAG : 0));
      polygons[i] = e.polygon;
      data[o + LAT] = e.provider.location().lat();
      data[o + LON] = e.provider.location().lon();
      data[o + RATING] = e.ratingFactor;
      data[o + CAPACITY] = e.capacityFactor;
      if (e.polygon != null) {
        data[o + BOX_LAT] = pack(e.polygon.minLat(), e.polygon.maxLat());
        data[o + BOX_LON] = pack(e.polygon.minLon(), e.polygon.maxLon());
      }
      maxRating = Math.max(maxRating, e.ratingFactor);
      maxCapacity = Math.max(maxCapacity, e.capacityFactor);
    }
    maxRatingFactor = maxRating;
    maxCapacityFactor = maxCapacity;
  }

  int size() {
    return entries.length;
  }

  /** The smallest {@code minDot}, i.e. the farthest reach of any entry here. */
  double farthestReachDot() {
    return data[MIN_DOT];
  }

  /** Whether {@code value} lies within the packed float range, which was rounded outwards. */
  static boolean inRange(double packed, double value) {
    long bits = Double.doubleToRawLongBits(packed);
    return value >= Float.intBitsToFloat((int) (bits >>> 32)) && value <= Float.intBitsToFloat((int) bits);
  }

  private static double pack(double min, double max) {
    float lo = (float) min;
    float hi = (float) max;
    if (lo > min) {
      lo = Math.nextDown(lo);
    }
    if (hi < max) {
      hi = Math.nextUp(hi);
    }
    return Double.longBitsToDouble(((long) Float.floatToRawIntBits(lo) << 32) | (Float.floatToRawIntBits(hi) & 0xFFFFFFFFL));
  }
}
