package org.linli.ranking;

import java.util.Arrays;
import java.util.List;
import org.linli.core.geo.GeoPolygon;

/**
 * The entries of one grid cell. The values the match loop reads are interleaved in one {@code double[]}: a hot
 * block ({@link #HOT} per entry, 48 bytes) read for every entry looked at, a cold block ({@link #COLD} per entry,
 * one cache line) read only for entries that pass the hot checks, and the cell's polygons. Scanning a cell streams through contiguous memory and never
 * follows a pointer: on this hardware a cache miss costs about 300 ns and dense cells are bandwidth-bound, so the
 * layout, not the arithmetic, sets the speed. Entries are
 * ordered farthest-reaching first (ascending {@code minDot}), so a match stops reading a cell at the first entry
 * that cannot reach the need.
 *
 * <p>Immutable: a write builds a new bucket and swaps it into the grid, so readers never see a half-made one.
 */
final class Bucket {
  /** Hot values: read for every entry a match looks at. */
  static final int HOT = 6;
  static final int X = 0;
  static final int Y = 1;
  static final int Z = 2;
  static final int MIN_DOT = 3;
  /** Skill bit mask, as raw long bits. */
  static final int SKILLS = 4;
  /**
   * Raw long bits: the kind ordinal in bits 0-2, {@link #POLYGON_FLAG} in bit 3, and the id's hash code in bits
   * 32-63 (so that de-duplicating the top-k rarely needs the id itself).
   */
  static final int KIND = 5;
  static final int POLYGON_FLAG = 8;

  /** Cold values: read only for entries that pass the hot checks; one 64-byte cache line per entry. */
  static final int COLD = 8;
  static final int LAT = 0;
  static final int LON = 1;
  static final int RATING = 2;
  static final int CAPACITY = 3;
  /** Language bit mask, as raw long bits. */
  static final int LANGUAGES = 4;
  /** Polygon bounding box as two pairs of floats rounded outwards: (minLat, maxLat), (minLon, maxLon). */
  static final int BOX_LAT = 5;
  static final int BOX_LON = 6;
  /** Offset of the entry's packed polygon in {@link #data}. */
  static final int POLYGON_OFFSET = 7;

  final Entry[] entries;
  /**
   * One allocation for everything the scan reads: the hot block ({@link #HOT} per entry) from 0, the cold block
   * ({@link #COLD} per entry) from {@link #coldStart}, then every polygon of the cell packed one after another
   * ({@link GeoPolygon#pack}) from {@link #polygonStart}. One array means one first-touch miss per cell.
   */
  final double[] data;
  final int coldStart;
  final int polygonStart;
  /** Largest rating and capacity factors here, for score upper bounds. */
  final double maxRatingFactor;
  final double maxCapacityFactor;

  Bucket(List<Entry> list) {
    entries = list.toArray(new Entry[0]);
    Arrays.sort(entries, (a, b) -> Double.compare(a.minDot, b.minDot));
    int packed = 0;
    for (Entry e : entries) {
      packed += e.polygon == null ? 0 : e.polygon.packedLength();
    }
    coldStart = entries.length * HOT;
    polygonStart = coldStart + entries.length * COLD;
    data = new double[polygonStart + packed];
    final double[] hot = data;
    final double[] cold = data;
    int polygonOffset = polygonStart;
    double maxRating = 0;
    double maxCapacity = 0;
    for (int i = 0; i < entries.length; i++) {
      Entry e = entries[i];
      int h = i * HOT;
      hot[h + X] = e.x;
      hot[h + Y] = e.y;
      hot[h + Z] = e.z;
      hot[h + MIN_DOT] = e.minDot;
      hot[h + SKILLS] = Double.longBitsToDouble(e.skillMask);
      hot[h + KIND] = Double.longBitsToDouble(((long) e.idHash << 32) | e.kind
          | (e.polygon != null ? POLYGON_FLAG : 0));
      int c = coldStart + i * COLD;
      cold[c + LAT] = e.provider.location().lat();
      cold[c + LON] = e.provider.location().lon();
      cold[c + RATING] = e.ratingFactor;
      cold[c + CAPACITY] = e.capacityFactor;
      cold[c + LANGUAGES] = Double.longBitsToDouble(e.languageMask);
      if (e.polygon != null) {
        cold[c + BOX_LAT] = pack(e.polygon.minLat(), e.polygon.maxLat());
        cold[c + BOX_LON] = pack(e.polygon.minLon(), e.polygon.maxLon());
        cold[c + POLYGON_OFFSET] = polygonOffset;
        polygonOffset = e.polygon.pack(data, polygonOffset);
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
