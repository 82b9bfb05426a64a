package org.linli.ranking;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.linli.core.geo.GeoPolygon;
import org.linli.core.service.ServiceCard;

/**
 * The entries of one grid cell, in two flat arrays so that scanning a cell streams through
 * contiguous memory and never follows a pointer (a cache miss costs about 300 ns here, and dense
 * cells are bandwidth-bound, so the layout, not the arithmetic, sets the speed):
 *
 * <ul>
 *   <li>{@link #hot}: {@link #HOT} ints (32 bytes) per entry, read for every entry a match looks
 *       at. The entry's unit vector as a float offset from the cell centre's unit vector ({@link
 *       #cx}, {@link #cy}, {@link #cz}), which keeps about 0.1 mm of precision because the offset
 *       is small; its squared chord reach and the squared chord within which it surely serves (less
 *       than the reach for a polygon); its kind, polygon flag and skills in one int ({@link
 *       #FLAGS}); its id's hash; and where its polygon record starts.
 *   <li>{@link #data}: the cold block ({@link #COLD} doubles per entry: exact coordinates, rating
 *       and capacity factors, language and full skill masks, the text's term bits and the service
 *       criteria; 64 bytes), read only for entries near a limit, with polygons, language or service
 *       filters, or in the top-k; then the cell's polygon records (box, then rings).
 * </ul>
 *
 * Distances are compared as squared chords, {@code |p - q|²}, which grow strictly with the
 * great-circle angle ({@code chord = 2 sin(angle / 2)}); computed in float from small offsets they
 * are accurate to about 1e-7 relative, and {@link MatchRun} sends anything within a far wider band
 * of a limit to the exact haversine path. Entries are grouped by the quarter of the cell they lie
 * in ({@link Grid#quarter}: south-west, north-west, south-east, north-east), and within a quarter
 * ordered farthest-reaching first, so a match bounds each quarter's distance on its own (a quarter
 * beyond the request radius is not read at all) and stops reading it at the first entry that cannot
 * reach the need.
 *
 * <p>Immutable: a write builds a new bucket and swaps it into the grid, so readers never see a
 * half-made one.
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
   * Bits 0-2 the kind ordinal, bit 3 {@link #POLYGON_FLAG}, bits {@value #SKILL_SHIFT}-31 the
   * skills with ordinals below {@link #HOT_SKILLS} (a request for a later skill checks the full
   * mask in the cold block).
   */
  static final int FLAGS = 4;

  static final int POLYGON_FLAG = 8;
  static final int SKILL_SHIFT = 5;
  static final int HOT_SKILLS = 32 - SKILL_SHIFT;

  /**
   * The id's hash code, so that listing an entry in the top-k can rule out a duplicate without the
   * id.
   */
  static final int ID_HASH = 5;

  /**
   * Squared chord within which every need is served, as float bits: the reach for circles, less for
   * polygons.
   */
  static final int INNER2 = 6;

  /** For a polygon, the offset of its record from {@link #polygonStart}. */
  static final int POLYGON = 7;

  /** Cold doubles per entry. */
  static final int COLD = 8;

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

  /** {@link ServiceCard#criteria}, as raw long bits: what the service rules check but the hours. */
  static final int CRITERIA = 7;

  /**
   * A polygon record: its bounding box (minLat, maxLat, minLon, maxLon) then {@link
   * GeoPolygon#pack}'s form, so that the box test and the containment walk read one run of memory.
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

  /**
   * The smallest {@code minDot} here, i.e. the farthest reach of any entry, for pruning whole
   * cells.
   */
  final double farthestReachDot;

  /** Largest rating and capacity factors here, for score upper bounds. */
  final double maxRatingFactor;

  final double maxCapacityFactor;

  /**
   * Where quarters 1, 2 and 3 start (quarter 0 at 0; each ends where the next starts, the last at
   * the end).
   */
  private final int quarter1;

  private final int quarter2;
  private final int quarter3;

  /**
   * Each quarter's farthest squared chord reach (its first entry's), or negative infinity if it is
   * empty.
   */
  private final float quarterReach0;

  private final float quarterReach1;
  private final float quarterReach2;
  private final float quarterReach3;

  /**
   * The bucket of a cell after a write: {@code old}'s entries except {@code removed}, plus {@code
   * added}; null when none is left. Kept entries' records are copied from {@code old}'s arrays
   * (contiguous memory) rather than rebuilt from their {@link Entry} objects (a cache miss each),
   * so adding a few entries to a large cell costs a copy, not a rebuild (and a bulk load builds
   * each cell once, when it closes).
   *
   * @param old the cell's bucket before the write, or null
   * @param removed entries of {@code old} that go (matched by id)
   * @param added entries that come
   */
  static Bucket after(
      Bucket old, List<Entry> removed, List<Entry> added, int latIndex, int lonIndex) {
    int oldSize = old == null ? 0 : old.entries.length;
    int[] kept = new int[oldSize];
    int keptCount = 0;
    if (removed.isEmpty()) {
      for (int i = 0; i < oldSize; i++) {
        kept[keptCount++] = i;
      }
    } else {
      Set<String> ids = new HashSet<>();
      Set<Integer> hashes = new HashSet<>();
      for (Entry e : removed) {
        ids.add(e.id);
        hashes.add(e.idHash);
      }
      for (int i = 0; i < oldSize; i++) {
        // The hot record's id hash rules most entries out without reading the entry.
        if (!hashes.contains(old.hot[i * HOT + ID_HASH]) || !ids.contains(old.entries[i].id)) {
          kept[keptCount++] = i;
        }
      }
    }
    if (keptCount + added.size() == 0) {
      return null;
    }
    return new Bucket(old, kept, keptCount, added, latIndex, lonIndex);
  }

  private Bucket(
      Bucket old, int[] kept, int keptCount, List<Entry> added, int latIndex, int lonIndex) {
    // The new entries by quarter, then farthest-reaching first.
    int[] quarterOfAdded = new int[added.size()];
    int[] freshStart = new int[5];
    for (int j = 0; j < quarterOfAdded.length; j++) {
      Entry e = added.get(j);
      quarterOfAdded[j] = Grid.quarter(e.lat, e.lon, latIndex, lonIndex);
      freshStart[quarterOfAdded[j] + 1]++;
    }
    for (int q = 0; q < 4; q++) {
      freshStart[q + 1] += freshStart[q];
    }
    Entry[] fresh = new Entry[added.size()];
    int[] freshQuarter = new int[fresh.length];
    int[] fill = Arrays.copyOf(freshStart, 4);
    for (int j = 0; j < quarterOfAdded.length; j++) {
      int at = fill[quarterOfAdded[j]]++;
      fresh[at] = added.get(j);
      freshQuarter[at] = quarterOfAdded[j];
    }
    for (int q = 0; q < 4; q++) {
      Arrays.sort(
          fresh, freshStart[q], freshStart[q + 1], (a, b) -> Double.compare(a.minDot, b.minDot));
    }
    int n = keptCount + fresh.length;
    entries = new Entry[n];
    Grid.Cell cell = new Grid.Cell(latIndex, lonIndex);
    double[] c = Spherical.unit(cell.centreLat(), cell.centreLon());
    cx = c[0];
    cy = c[1];
    cz = c[2];

    // Where each kept polygon record starts and how long it is: records lie in entry order in old's
    // data.
    int[] oldRecordEnd = old == null ? new int[0] : old.polygonRecordEnds();
    int packed = 0;
    for (int k = 0; k < keptCount; k++) {
      int i = kept[k];
      if ((old.hot[i * HOT + FLAGS] & POLYGON_FLAG) != 0) {
        packed += oldRecordEnd[i] - old.hot[i * HOT + POLYGON];
      }
    }
    for (Entry e : fresh) {
      packed += e.polygon == null ? 0 : BOX + e.polygon.packedLength();
    }
    hot = new int[n * HOT];
    polygonStart = n * COLD;
    data = new double[polygonStart + packed];

    // Merge by quarter, then farthest-reaching first. Kept entries are already in that order, and
    // their float
    // reach (which is what a match compares) decides; a tie keeps the older entry first.
    int[] quarterSize = new int[4];
    int polygonOffset = polygonStart;
    double maxRating = 0;
    double maxCapacity = 0;
    // With nothing removed, old's farthest reach still holds; otherwise the kept entries' reaches
    // are read.
    boolean farthestKnown = keptCount > 0 && keptCount == old.entries.length;
    double farthest = farthestKnown ? old.farthestReachDot : 2;
    int a = 0;
    int b = 0;
    for (int out = 0; out < n; ) {
      boolean fromOld =
          b == fresh.length
              || (a < keptCount
                  && comesFirst(
                      old.quarterOf(kept[a]),
                      reach2(old, kept[a]),
                      freshQuarter[b],
                      (float) fresh[b].reachChord2));
      if (fromOld) {
        // A run of kept entries that were neighbours in old and all come before the next fresh one:
        // one copy.
        int start = kept[a];
        int run = 1;
        while (a + run < keptCount
            && kept[a + run] == start + run
            && (b == fresh.length
                || comesFirst(
                    old.quarterOf(start + run),
                    reach2(old, start + run),
                    freshQuarter[b],
                    (float) fresh[b].reachChord2))) {
          run++;
        }
        System.arraycopy(old.entries, start, entries, out, run);
        System.arraycopy(old.hot, start * HOT, hot, out * HOT, run * HOT);
        System.arraycopy(old.data, start * COLD, data, out * COLD, run * COLD);
        for (int j = 0; j < run; j++) {
          int i = start + j;
          int h = (out + j) * HOT;
          int d = (out + j) * COLD;
          if ((hot[h + FLAGS] & POLYGON_FLAG) != 0) {
            int length = oldRecordEnd[i] - old.hot[i * HOT + POLYGON];
            System.arraycopy(
                old.data,
                old.polygonStart + old.hot[i * HOT + POLYGON],
                data,
                polygonOffset,
                length);
            hot[h + POLYGON] = polygonOffset - polygonStart;
            polygonOffset += length;
          }
          if (!farthestKnown) {
            farthest = Math.min(farthest, entries[out + j].minDot);
          }
          quarterSize[old.quarterOf(i)]++;
          maxRating = Math.max(maxRating, data[d + RATING]);
          maxCapacity = Math.max(maxCapacity, data[d + CAPACITY]);
        }
        a += run;
        out += run;
      } else {
        quarterSize[freshQuarter[b]]++;
        Entry e = fresh[b++];
        entries[out] = e;
        polygonOffset = write(e, out * HOT, out * COLD, polygonOffset);
        farthest = Math.min(farthest, e.minDot);
        maxRating = Math.max(maxRating, e.ratingFactor);
        maxCapacity = Math.max(maxCapacity, e.capacityFactor);
        out++;
      }
    }
    farthestReachDot = farthest;
    maxRatingFactor = maxRating;
    maxCapacityFactor = maxCapacity;
    quarter1 = quarterSize[0];
    quarter2 = quarter1 + quarterSize[1];
    quarter3 = quarter2 + quarterSize[2];
    quarterReach0 = firstReach(0, quarter1);
    quarterReach1 = firstReach(quarter1, quarter2);
    quarterReach2 = firstReach(quarter2, quarter3);
    quarterReach3 = firstReach(quarter3, n);
  }

  /**
   * Whether an entry of quarter {@code q} and reach {@code r} comes before one of quarter {@code
   * q2} and reach r2.
   */
  private static boolean comesFirst(int q, float r, int q2, float r2) {
    return q < q2 || (q == q2 && r >= r2);
  }

  private float firstReach(int start, int end) {
    return start < end ? Float.intBitsToFloat(hot[start * HOT + REACH2]) : Float.NEGATIVE_INFINITY;
  }

  private static float reach2(Bucket b, int i) {
    return Float.intBitsToFloat(b.hot[i * HOT + REACH2]);
  }

  /** Where quarter {@code q} (0 to 4) starts; quarter 4 is the end. */
  int quarterStart(int q) {
    return switch (q) {
      case 0 -> 0;
      case 1 -> quarter1;
      case 2 -> quarter2;
      case 3 -> quarter3;
      default -> entries.length;
    };
  }

  /** The farthest squared chord reach in quarter {@code q}, or negative infinity if it is empty. */
  float quarterReach(int q) {
    return switch (q) {
      case 0 -> quarterReach0;
      case 1 -> quarterReach1;
      case 2 -> quarterReach2;
      default -> quarterReach3;
    };
  }

  /**
   * Reads a field of each kind (the object spans two or three cache lines, laid out doubles first,
   * then ints and floats, then references), so that a loop of calls brings many buckets' objects
   * into the cache at once.
   */
  double touch() {
    return cx + quarterReach0 + quarterReach3 + (hot == null ? 1 : 0);
  }

  /** The quarter of the cell that entry {@code i} lies in. */
  int quarterOf(int i) {
    return i < quarter1 ? 0 : i < quarter2 ? 1 : i < quarter3 ? 2 : 3;
  }

  /**
   * Writes entry {@code e}'s hot and cold records, and its polygon record at {@code polygonOffset}.
   */
  private int write(Entry e, int h, int d, int polygonOffset) {
    int relative = 0;
    if (e.polygon != null) {
      relative = polygonOffset - polygonStart;
      data[polygonOffset] = e.polygon.minLat();
      data[polygonOffset + 1] = e.polygon.maxLat();
      data[polygonOffset + 2] = e.polygon.minLon();
      data[polygonOffset + 3] = e.polygon.maxLon();
      polygonOffset = e.polygon.pack(data, polygonOffset + BOX);
    }
    double[] u = Spherical.unit(e.lat, e.lon);
    hot[h + DX] = Float.floatToRawIntBits((float) (u[0] - cx));
    hot[h + DY] = Float.floatToRawIntBits((float) (u[1] - cy));
    hot[h + DZ] = Float.floatToRawIntBits((float) (u[2] - cz));
    hot[h + REACH2] = Float.floatToRawIntBits((float) e.reachChord2);
    hot[h + FLAGS] =
        (int) ((e.skillMask & ((1L << HOT_SKILLS) - 1)) << SKILL_SHIFT)
            | (e.polygon != null ? POLYGON_FLAG : 0)
            | e.kind.ordinal();
    hot[h + ID_HASH] = e.idHash;
    hot[h + INNER2] = Float.floatToRawIntBits((float) e.innerChord2);
    hot[h + POLYGON] = relative;
    data[d + LAT] = e.lat;
    data[d + LON] = e.lon;
    data[d + RATING] = e.ratingFactor;
    data[d + CAPACITY] = e.capacityFactor;
    data[d + LANGUAGES] = Double.longBitsToDouble(e.languageMask);
    data[d + SKILLS] = Double.longBitsToDouble(e.skillMask);
    data[d + TERM_BITS] = Double.longBitsToDouble(e.termBits);
    data[d + CRITERIA] = Double.longBitsToDouble(ServiceCard.criteria(e.card));
    return polygonOffset;
  }

  /** For each entry with a polygon, where its record ends (relative to {@link #polygonStart}). */
  private int[] polygonRecordEnds() {
    int[] ends = new int[entries.length];
    int last = -1;
    for (int i = 0; i < entries.length; i++) {
      if ((hot[i * HOT + FLAGS] & POLYGON_FLAG) != 0) {
        if (last >= 0) {
          ends[last] = hot[i * HOT + POLYGON];
        }
        last = i;
      }
    }
    if (last >= 0) {
      ends[last] = data.length - polygonStart;
    }
    return ends;
  }

  int size() {
    return entries.length;
  }

  /** Whether (lat, lon) lies in the bounding box of the polygon record at {@code offset}. */
  boolean inPolygonBox(int offset, double lat, double lon) {
    return lat >= data[offset]
        && lat <= data[offset + 1]
        && lon >= data[offset + 2]
        && lon <= data[offset + 3];
  }
}
