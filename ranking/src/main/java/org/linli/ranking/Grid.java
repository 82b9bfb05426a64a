package org.linli.ranking;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import org.linli.core.geo.GreatCircle;

/**
 * A sparse equal-angle grid of {@link Bucket}s over the sphere. Cells are {@value #CELL_DEGREES} degrees square
 * (about 1.1 km north-south). Readers look buckets up without locks; one writer at a time replaces them.
 */
final class Grid {
  static final double CELL_DEGREES = 0.01;
  static final int LAT_CELLS = (int) Math.round(180 / CELL_DEGREES);
  static final int LON_CELLS = (int) Math.round(360 / CELL_DEGREES);

  /** A cell's address and geometry. */
  record Cell(int latIndex, int lonIndex) {
    long key() {
      return (long) latIndex * LON_CELLS + lonIndex;
    }

    static Cell ofKey(long key) {
      return new Cell((int) (key / LON_CELLS), (int) (key % LON_CELLS));
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
      double cLat = centreLat();
      double cLon = centreLon();
      double max = 0;
      for (double lat : new double[] {south(), Math.min(90, south() + CELL_DEGREES)}) {
        for (double lon : new double[] {west(), west() + CELL_DEGREES}) {
          max = Math.max(max, GreatCircle.distanceMeters(cLat, cLon, lat, lon));
        }
      }
      // A hair of slack so that rounding never makes the bound optimistic.
      return max / GreatCircle.EARTH_RADIUS_METERS * (1 + 1e-9) + 1e-12;
    }
  }

  private final Map<Long, Bucket> buckets = new ConcurrentHashMap<>();

  Bucket get(long key) {
    return buckets.get(key);
  }

  int bucketCount() {
    return buckets.size();
  }

  /**
   * Applies a batch of changes: in each touched cell, entries whose id is in {@code removedIds} go, and the
   * entries in {@code added} (keyed by cell) come. Writer only.
   */
  void apply(Set<String> removedIds, Map<Long, List<Entry>> removedFrom, Map<Long, List<Entry>> added) {
    Map<Long, Boolean> touched = new HashMap<>();
    removedFrom.keySet().forEach(k -> touched.put(k, Boolean.TRUE));
    added.keySet().forEach(k -> touched.put(k, Boolean.TRUE));
    for (Long key : touched.keySet()) {
      Bucket old = buckets.get(key);
      List<Entry> next = new ArrayList<>();
      if (old != null) {
        for (Entry e : old.entries) {
          if (!removedIds.contains(e.id())) {
            next.add(e);
          }
        }
      }
      next.addAll(added.getOrDefault(key, List.of()));
      if (next.isEmpty()) {
        buckets.remove(key);
      } else {
        buckets.put(key, new Bucket(Cell.ofKey(key), next));
      }
    }
  }

  /**
   * Calls {@code visit} with the key of every cell that may hold a point within {@code angle} radians of
   * (lat, lon): a latitude band and, unless the cap reaches a pole, a longitude range from the cap's exact
   * longitude extent {@code asin(sin(angle) / cos(lat))}.
   */
  static void cellsNear(double lat, double lon, double angle, LongConsumer visit) {
    double dLat = Math.toDegrees(angle) + CELL_DEGREES * 1e-6;
    double south = lat - dLat;
    double north = lat + dLat;
    int la0 = Math.max(0, (int) Math.floor((south + 90) / CELL_DEGREES));
    int la1 = Math.min(LAT_CELLS - 1, (int) Math.floor((north + 90) / CELL_DEGREES));
    boolean allLongitudes = north >= 90 || south <= -90 || angle >= Math.PI / 2;
    int lo0;
    int lo1;
    if (allLongitudes) {
      lo0 = 0;
      lo1 = LON_CELLS - 1;
    } else {
      double s = Math.sin(angle) / Math.cos(Math.toRadians(lat));
      double dLon = s >= 1 ? 180 : Math.toDegrees(Math.asin(s)) + CELL_DEGREES * 1e-6;
      if (dLon >= 180) {
        lo0 = 0;
        lo1 = LON_CELLS - 1;
      } else {
        lo0 = (int) Math.floor((lon - dLon + 180) / CELL_DEGREES);
        lo1 = (int) Math.floor((lon + dLon + 180) / CELL_DEGREES);
        if (lo1 - lo0 + 1 >= LON_CELLS) {
          lo0 = 0;
          lo1 = LON_CELLS - 1;
        }
      }
    }
    for (int la = la0; la <= la1; la++) {
      for (int lo = lo0; lo <= lo1; lo++) {
        visit.accept((long) la * LON_CELLS + Math.floorMod(lo, LON_CELLS));
      }
    }
  }
}
