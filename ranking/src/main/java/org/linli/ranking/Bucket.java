package org.linli.ranking;

import java.util.Arrays;
import java.util.List;
import org.linli.core.geo.GeoPolygon;

/**
 * The entries of one grid cell, in two flat arrays so that scanning a cell streams through contiguous memory and
 * never follows a pointer (a cache miss costs about 300 ns here, and dense cells are bandwidth-bound, so the
 * layout, not the arithmetic, sets the speed):
 *
 * <ul>
 *   <li>{@link #hot}: {@link #HOT} ints (32 bytes) per entry, read for every entry a match looks at. The entry's
 *       unit vector as a float offset from the cell centre's unit vector ({@link #cx}, {@link #cy}, {@link #cz}),
 *       which keeps about 0.1 mm of precision because the offset is small; its squared chord reach and the
 *       squared chord within which it surely serves (less than the reach for a polygon); its kind, polygon flag
 *       and skills in one int ({@link #FLAGS}); its id's hash; and where its polygon record starts.
 *   <li>{@link #data}: the cold block ({@link #COLD} doubles per entry: exact coordinates, rating and capacity
 *       factors, language and full skill masks), read only for entries near a limit, with polygons, language
 *       filters, or in the top-k; then the cell's polygon records (box, then rings).
 * </ul>
 *
 * Distances are compared as squared chords, {@code |p - q|²}, which grow strictly with the great-circle angle
 * ({@code chord = 2 sin(angle / 2)}); computed in float from small offsets they are accurate to about 1e-7
 * relative, and {@link MatchRun} sends anything within a far wider band of a limit to the exact haversine path.
 * Entries are ordered farthest-reaching first, so a match stops reading a cell at the first entry that cannot
 * reach the need.
 *
 * <p>Immutable: a write builds a new bucket and swaps it into the grid, so readers never see a half-made one.
 */
final class Bucket {
  /** Hot ints per entry. */
  static final int HOT = 8;
  static final int DX = 0;
  static final int DY = 1;
  static final int DZ = 2;
  /** Squared chord of the entry's reach, as float bits. */
  static final int REACH2 = 3;
  /**
   * Bits 0-2 the kind ordinal, bit 3 {@link #POLYGON_FLAG}, bits {@value #SKILL_SHIFT}-31 the skills with
   * ordinals below {@link #HOT_SKILLS} (a request for a later skill checks the full mask in the cold block).
   */
  static final int FLAGS = 4;
  static final int POLYGON_FLAG = 8;
  static final int SKILL_SHIFT = 5;
  static final int HOT_SKILLS = 32 - SKILL_SHIFT;
  /** The id's hash code, so that listing an entry in the top-k can rule out a duplicate without the id. */
  static final int ID_HASH = 5;
  /** Squared chord within which every need is served, as float bits: the reach for circles, less for polygons. */
  static final int INNER2 = 6;
  /** For a polygon, the offset of its record from {@link #polygonStart}. */
  static final int POLYGON = 7;

  /** Cold doubles per entry. */
  static final int COLD = 7;
  static final int LAT = 0;
  static final int LON = 1;
  static final int RATING = 2;
  static final int CAPACITY = 3;
  /** Language bit mask, as raw long bits. */
  static final int LANGUAGES = 4;
  /** Full skill bit mask, as raw long bits. */
  static final int SKILLS = 5;
  /** {@link Entry#termBits}, as raw long bits: which query terms the entry's text may hold. */
  static final int TERM_BITS = 6;

  /**
   * A polygon record: its bounding box (minLat, maxLat, minLon, maxLon) then {@link GeoPolygon#pack}'s form, so
   * that the box test and the containment walk read one run of memory.
   */
  static final int BOX = 4;

  final Entry[] entries;
  final int[] hot;
  final double[] data;
  final int polygonStart;
  /** Unit vector of the cell's centre, the origin of the hot offsets. */
  final double cx;
  final double cy;
  final double cz;
  /** The smallest {@code minDot} here, i.e. the farthest reach of any entry, for pruning whole cells. */
  final double farthestReachDot;
  /** Largest rating and capacity factors here, for score upper bounds. */
  final double maxRatingFactor;
  final double maxCapacityFactor;

  Bucket(List<Entry> list, int latIndex, int lonIndex) {
    entries = list.toArray(new Entry[0]);
    Arrays.sort(entries, (a, b) -> Double.compare(a.minDot, b.minDot));
    Grid.Cell cell = new Grid.Cell(latIndex, lonIndex);
    double[] c = Spherical.unit(cell.centreLat(), cell.centreLon());
    cx = c[0];
    cy = c[1];
    cz = c[2];
    int packed = 0;
    for (Entry e : entries) {
      packed += e.polygon == null ? 0 : BOX + e.polygon.packedLength();
    }
    hot = new int[entries.length * HOT];
    polygonStart = entries.length * COLD;
    data = new double[polygonStart + packed];
    int polygonOffset = polygonStart;
    double maxRating = 0;
    double maxCapacity = 0;
    for (int i = 0; i < entries.length; i++) {
      Entry e = entries[i];
      int relative = 0;
      if (e.polygon != null) {
        relative = polygonOffset - polygonStart;
        data[polygonOffset] = e.polygon.minLat();
        data[polygonOffset + 1] = e.polygon.maxLat();
        data[polygonOffset + 2] = e.polygon.minLon();
        data[polygonOffset + 3] = e.polygon.maxLon();
        polygonOffset = e.polygon.pack(data, polygonOffset + BOX);
      }
      int h = i * HOT;
      hot[h + DX] = Float.floatToRawIntBits((float) (e.x - cx));
      hot[h + DY] = Float.floatToRawIntBits((float) (e.y - cy));
      hot[h + DZ] = Float.floatToRawIntBits((float) (e.z - cz));
      hot[h + REACH2] = Float.floatToRawIntBits((float) e.reachChord2);
      hot[h + FLAGS] = (int) ((e.skillMask & ((1L << HOT_SKILLS) - 1)) << SKILL_SHIFT)
          | (e.polygon != null ? POLYGON_FLAG : 0) | e.kindValue.ordinal();
      int d = i * COLD;
      data[d + LAT] = e.provider.location().lat();
      data[d + LON] = e.provider.location().lon();
      data[d + RATING] = e.ratingFactor;
      data[d + CAPACITY] = e.capacityFactor;
      data[d + LANGUAGES] = Double.longBitsToDouble(e.languageMask);
      data[d + SKILLS] = Double.longBitsToDouble(e.skillMask);
      data[d + TERM_BITS] = Double.longBitsToDouble(e.termBits);
      hot[h + ID_HASH] = e.idHash;
      hot[h + INNER2] = Float.floatToRawIntBits((float) e.innerChord2);
      hot[h + POLYGON] = relative;
      maxRating = Math.max(maxRating, e.ratingFactor);
      maxCapacity = Math.max(maxCapacity, e.capacityFactor);
    }
    farthestReachDot = entries.length == 0 ? 2 : entries[0].minDot;
    maxRatingFactor = maxRating;
    maxCapacityFactor = maxCapacity;
  }

  int size() {
    return entries.length;
  }

  /** Whether (lat, lon) lies in the bounding box of the polygon record at {@code offset}. */
  boolean inPolygonBox(int offset, double lat, double lon) {
    return lat >= data[offset] && lat <= data[offset + 1] && lon >= data[offset + 2] && lon <= data[offset + 3];
  }
}
