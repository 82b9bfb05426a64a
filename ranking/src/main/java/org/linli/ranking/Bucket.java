package org.linli.ranking;

import java.util.List;

/**
 * The entries of one grid cell, laid out column-wise so that the match loop streams through primitive arrays.
 * Immutable: a write builds a new bucket and swaps it into the grid, so readers never see a half-made one.
 */
final class Bucket {
  final Entry[] entries;
  final double[] x;
  final double[] y;
  final double[] z;
  final double[] minDot;
  final long[] skills;
  final long[] languages;
  final byte[] kinds;
  final boolean[] polygon;
  /** Largest rating and capacity factors here, for score upper bounds. */
  final double maxRatingFactor;
  final double maxCapacityFactor;
  /** Unit vector of the cell centre and the cell's half-diagonal angle (its sine and cosine). */
  final double cx;
  final double cy;
  final double cz;
  final double cosHalfDiagonal;
  final double sinHalfDiagonal;
  final double halfDiagonal;

  Bucket(Grid.Cell cell, List<Entry> list) {
    int n = list.size();
    entries = list.toArray(new Entry[0]);
    x = new double[n];
    y = new double[n];
    z = new double[n];
    minDot = new double[n];
    skills = new long[n];
    languages = new long[n];
    kinds = new byte[n];
    polygon = new boolean[n];
    double maxRating = 0;
    double maxCapacity = 0;
    for (int i = 0; i < n; i++) {
      Entry e = entries[i];
      x[i] = e.x;
      y[i] = e.y;
      z[i] = e.z;
      minDot[i] = e.minDot;
      skills[i] = e.skillMask;
      languages[i] = e.languageMask;
      kinds[i] = (byte) e.kind;
      polygon[i] = e.polygon != null;
      maxRating = Math.max(maxRating, e.ratingFactor);
      maxCapacity = Math.max(maxCapacity, e.capacityFactor);
    }
    maxRatingFactor = maxRating;
    maxCapacityFactor = maxCapacity;
    double[] c = Spherical.unit(cell.centreLat(), cell.centreLon());
    cx = c[0];
    cy = c[1];
    cz = c[2];
    halfDiagonal = cell.halfDiagonalRadians();
    cosHalfDiagonal = Math.cos(halfDiagonal);
    sinHalfDiagonal = Math.sin(halfDiagonal);
  }

  int size() {
    return entries.length;
  }
}
