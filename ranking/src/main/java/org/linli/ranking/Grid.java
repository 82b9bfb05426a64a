package org.linli.ranking;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.linli.core.geo.GreatCircle;

/**
 * A sparse equal-angle grid of {@link Bucket}s over the sphere. Cells are {@value #CELL_DEGREES}
 * degrees square (about 4.4 km north-south), kept in a {@link CellTable}. Readers look buckets up
 * without locks; one writer at a time replaces them.
 */
final class Grid {
  static final double CELL_DEGREES = 0.04;
  static final int LAT_CELLS = (int) Math.round(180 / CELL_DEGREES);
  static final int LON_CELLS = (int) Math.round(360 / CELL_DEGREES);

  /** A cell's address and geometry. */
  record Cell(int latIndex, int lonIndex) {
    long key() {
      return (long) latIndex * LON_CELLS + lonIndex;
    }

    static Cell of(double lat, double lon) {
      int la = Math.min(LAT_CELLS - 1, (int) Math.floor((lat + 90) / CELL_DEGREES));
      int lo = Math.floorMod((int) Math.floor((lon + 180) / CELL_DEGREES), LON_CELLS);
      return new Cell(la, lo);
    }

    double south() {
      return latIndex * CELL_DEGREES - 90;
    }

    double west() {
      return lonIndex * CELL_DEGREES - 180;
    }

    double centreLat() {
      return south() + CELL_DEGREES / 2;
    }

    double centreLon() {
      return west() + CELL_DEGREES / 2;
    }

    /** Largest angle from the centre to a corner (the farthest points of a small lat/lon cell). */
    double halfDiagonalRadians() {
      return boxHalfDiagonalRadians(south(), west(), CELL_DEGREES);
    }
  }

  /**
   * Largest angle from the centre of the box of {@code size} degrees at (south, west) to a corner,
   * with slack.
   */
  private static double boxHalfDiagonalRadians(double south, double west, double size) {
    double cLat = south + size / 2;
    double cLon = west + size / 2;
    double max = 0;
    for (double lat : new double[] {south, Math.min(90, south + size)}) {
      for (double lon : new double[] {west, west + size}) {
        max = Math.max(max, GreatCircle.distanceMeters(cLat, cLon, lat, lon));
      }
    }
    // A hair of slack so that rounding never makes the bound optimistic.
    return max / GreatCircle.EARTH_RADIUS_METERS * (1 + 1e-9) + 1e-12;
  }

  /** Quarters of a cell are {@value #QUARTER_DEGREES} degrees square. */
  static final double QUARTER_DEGREES = CELL_DEGREES / 2;

  /**
   * Which quarter of cell (latIndex, lonIndex) the point (lat, lon) lies in: bit 0 set for the
   * northern half, bit 1 for the eastern. Computed like {@link Cell#of}, on the grid of half-size
   * cells, and clamped into the cell, so a point on a quarter's edge belongs to one of the two
   * quarters it touches.
   */
  static int quarter(double lat, double lon, int latIndex, int lonIndex) {
    int subRow = Math.min(2 * LAT_CELLS - 1, (int) Math.floor((lat + 90) / QUARTER_DEGREES));
    int subColumn = Math.floorMod((int) Math.floor((lon + 180) / QUARTER_DEGREES), 2 * LON_CELLS);
    int north = Math.min(1, Math.max(0, subRow - 2 * latIndex));
    int east = Math.min(1, Math.max(0, subColumn - 2 * lonIndex));
    return north | east << 1;
  }

  /**
   * Per row of cells: the half-diagonal angle of its cells (radians), its cosine and its sine,
   * computed once.
   */
  private static final double[] HALF_DIAGONAL = new double[LAT_CELLS];

  private static final double[] COS_HALF_DIAGONAL = new double[LAT_CELLS];
  private static final double[] SIN_HALF_DIAGONAL = new double[LAT_CELLS];

  /**
   * Per row of quarters (southern then northern half of each row of cells): their half-diagonal's
   * cosine and sine.
   */
  private static final double[] QUARTER_COS_HALF_DIAGONAL = new double[2 * LAT_CELLS];

  private static final double[] QUARTER_SIN_HALF_DIAGONAL = new double[2 * LAT_CELLS];

  static {
    for (int la = 0; la < LAT_CELLS; la++) {
      HALF_DIAGONAL[la] = new Cell(la, 0).halfDiagonalRadians();
      COS_HALF_DIAGONAL[la] = Math.cos(HALF_DIAGONAL[la]);
      SIN_HALF_DIAGONAL[la] = Math.sin(HALF_DIAGONAL[la]);
    }
    for (int sub = 0; sub < 2 * LAT_CELLS; sub++) {
      double h = boxHalfDiagonalRadians(sub * QUARTER_DEGREES - 90, -180, QUARTER_DEGREES);
      QUARTER_COS_HALF_DIAGONAL[sub] = Math.cos(h);
      QUARTER_SIN_HALF_DIAGONAL[sub] = Math.sin(h);
    }
  }

  /** Cosine of the half-diagonal angle of the cells in row {@code latIndex}. */
  static double cosHalfDiagonal(int latIndex) {
    return COS_HALF_DIAGONAL[latIndex];
  }

  /** Sine of the half-diagonal angle of the cells in row {@code latIndex}. */
  static double sinHalfDiagonal(int latIndex) {
    return SIN_HALF_DIAGONAL[latIndex];
  }

  /**
   * Cosine of the half-diagonal angle of the quarters in row {@code subRow} of the half-size grid.
   */
  static double quarterCosHalfDiagonal(int subRow) {
    return QUARTER_COS_HALF_DIAGONAL[subRow];
  }

  /**
   * Sine of the half-diagonal angle of the quarters in row {@code subRow} of the half-size grid.
   */
  static double quarterSinHalfDiagonal(int subRow) {
    return QUARTER_SIN_HALF_DIAGONAL[subRow];
  }

  /** Half-diagonal angle of the cells in row {@code latIndex}, radians. */
  static double halfDiagonal(int latIndex) {
    return HALF_DIAGONAL[latIndex];
  }

  private final CellTable buckets = new CellTable();

  Bucket get(int latIndex, int lonIndex) {
    return buckets.get(latIndex, Math.floorMod(lonIndex, LON_CELLS));
  }

  int bucketCount() {
    return buckets.bucketCount();
  }

  /**
   * Applies a batch of changes: in each touched cell, the entries in {@code removedFrom} (keyed by
   * cell, matched by id) go and the entries in {@code added} come. Writer only.
   */
  void apply(Map<Long, List<Entry>> removedFrom, Map<Long, List<Entry>> added) {
    Set<Long> touched = new HashSet<>(removedFrom.keySet());
    touched.addAll(added.keySet());
    for (Long key : touched) {
      int latIndex = (int) (key / LON_CELLS);
      int lonIndex = (int) (key % LON_CELLS);
      Bucket old = buckets.get(latIndex, lonIndex);
      buckets.put(
          latIndex,
          lonIndex,
          Bucket.after(
              old,
              removedFrom.getOrDefault(key, List.of()),
              added.getOrDefault(key, List.of()),
              latIndex,
              lonIndex));
    }
  }

  /**
   * The cells that may hold a point within {@code angle} radians of (lat, lon): rows {@code [r[0],
   * r[1]]} and columns {@code [r[2], r[3]]} (columns may run past either end and wrap). The
   * latitude band is exact; the longitude range comes from the cap's exact longitude extent {@code
   * asin(sin(angle) / cos(lat))}, or is the whole circle when the cap reaches a pole.
   */
  static int[] cellRange(double lat, double lon, double angle) {
    double dLat = Math.toDegrees(angle) + CELL_DEGREES * 1e-6;
    double south = lat - dLat;
    double north = lat + dLat;
    int la0 = Math.max(0, (int) Math.floor((south + 90) / CELL_DEGREES));
    int la1 = Math.min(LAT_CELLS - 1, (int) Math.floor((north + 90) / CELL_DEGREES));
    if (north >= 90 || south <= -90 || angle >= Math.PI / 2) {
      return new int[] {la0, la1, 0, LON_CELLS - 1};
    }
    double s = Math.sin(angle) / Math.cos(Math.toRadians(lat));
    if (s >= 1) {
      return new int[] {la0, la1, 0, LON_CELLS - 1};
    }
    double dLon = Math.toDegrees(Math.asin(s)) + CELL_DEGREES * 1e-6;
    int lo0 = (int) Math.floor((lon - dLon + 180) / CELL_DEGREES);
    int lo1 = (int) Math.floor((lon + dLon + 180) / CELL_DEGREES);
    if (lo1 - lo0 + 1 >= LON_CELLS) {
      return new int[] {la0, la1, 0, LON_CELLS - 1};
    }
    return new int[] {la0, la1, lo0, lo1};
  }
}
