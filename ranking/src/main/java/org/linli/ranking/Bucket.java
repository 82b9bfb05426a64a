package org.linli.ranking;

import java.util.Arrays;
import java.util.List;
import org.linli.core.geo.GeoPolygon;

/**
 * The entries of one grid cell. The values the match loop reads are interleaved in one {@code double[]}: a hot
 * block ({@link #HOT} per entry, 64 bytes: everything the eligibility and distance checks need) read for every
 * entry looked at, a cold block ({@link #COLD} per entry) read only for entries that are scored or filtered by
 * language, and the cell's polygon records (box, then rings). Scanning a cell streams through contiguous memory and never
 * follows a pointer: on this hardware a cache miss costs about 300 ns and dense cells are bandwidth-bound, so the
 * layout, not the arithmetic, sets the speed. Entries are
 * ordered farthest-reaching first (ascending {@code minDot}), so a match stops reading a cell at the first entry
 * that cannot reach the need.
 *
 * <p>Immutable: a write builds a new bucket and swaps it into the grid, so readers never see a half-made one.
 */
final class Bucket {
  /** Hot values: read for every entry a match looks at (one 64-byte line per entry). */
  static final int HOT = 8;
  static final int X = 0;
  static final int Y = 1;
  static final int Z = 2;
  static final int MIN_DOT = 3;
  /** Skill bit mask, as raw long bits. */
  static final int SKILLS = 4;
  /**
   * Raw long bits: the kind ordinal in bits 0-2, {@link #POLYGON_FLAG} in bit 3, the offset of the entry's
   * polygon record from {@link #polygonStart} in bits 8-31 ({@link #NO_OFFSET} when it does not fit), and the
   * id's hash code in bits 32-63 (so that de-duplicating the top-k rarely needs the id itself).
   */
  static final int KIND = 5;
  static final int LAT = 6;
  static final int LON = 7;
  static final int POLYGON_FLAG = 8;
  static final int NO_OFFSET = 0xFF_FFFF;

  /** Cold values: read only for entries that pass every hot check. */
  static final int COLD = 3;
  static final int RATING = 0;
  static final int CAPACITY = 1;
  /** Language bit mask, as raw long bits. */
  static final int LANGUAGES = 2;

  /**
   * A polygon record: its bounding box (minLat, maxLat, minLon, maxLon) then {@link GeoPolygon#pack}'s form, so
   * that the box test and the containment walk read one run of memory.
   */
  static final int BOX = 4;

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
      packed += e.polygon == null ? 0 : BOX + e.polygon.packedLength();
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
      long relative = 0;
      if (e.polygon != null) {
        relative = Math.min(NO_OFFSET, polygonOffset - polygonStart);
        data[polygonOffset] = e.polygon.minLat();
        data[polygonOffset + 1] = e.polygon.maxLat();
        data[polygonOffset + 2] = e.polygon.minLon();
        data[polygonOffset + 3] = e.polygon.maxLon();
        polygonOffset = e.polygon.pack(data, polygonOffset + BOX);
      }
      int h = i * HOT;
      hot[h + X] = e.x;
      hot[h + Y] = e.y;
      hot[h + Z] = e.z;
      hot[h + MIN_DOT] = e.minDot;
      hot[h + SKILLS] = Double.longBitsToDouble(e.skillMask);
      hot[h + KIND] = Double.longBitsToDouble(((long) e.idHash << 32) | (relative << 8) | e.kindValue.ordinal()
          | (e.polygon != null ? POLYGON_FLAG : 0));
      hot[h + LAT] = e.provider.location().lat();
      hot[h + LON] = e.provider.location().lon();
      int c = coldStart + i * COLD;
      cold[c + RATING] = e.ratingFactor;
      cold[c + CAPACITY] = e.capacityFactor;
      cold[c + LANGUAGES] = Double.longBitsToDouble(e.languageMask);
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

  /** Whether (lat, lon) lies in the bounding box of the polygon record at {@code offset}. */
  boolean inPolygonBox(int offset, double lat, double lon) {
    return lat >= data[offset] && lat <= data[offset + 1] && lon >= data[offset + 2] && lon <= data[offset + 3];
  }
}
