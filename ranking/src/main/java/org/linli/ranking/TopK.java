package org.linli.ranking;

import org.linli.core.geo.GreatCircle;

/**
 * The best {@code limit} entries of one {@link MatchRun}, kept sorted best first. Each is held by
 * its bucket and position, so that listing one reads nothing but the bucket's hot block. In
 * distance order the key is the scan's squared chord, and the exact distance is computed (NaN until
 * then) only where two keys lie within the band of each other, and for the final answer; in score
 * order the score decides. The keys and scores, which offers compare, are in rank order; the rest
 * stays in a slot of its own while the ranks move ({@link #slot} maps rank to slot), so that an
 * insertion shifts three arrays, not seven. Single-use, not thread-safe; fields are read directly
 * by the run's hot loop.
 */
final class TopK {
  final int limit;
  private final double needLat;
  private final double needLon;

  /** By rank: the key (squared chord), the score, and the slot holding the rest. */
  final float[] key;

  final double[] score;
  final int[] slot;

  /** By slot: the entry's bucket and position, its id's hash, exact distance, score factors. */
  final Bucket[] bucket;

  final int[] index;
  final int[] idHash;
  final double[] distance;
  final double[][] factors;

  /** How many are listed (at most {@link #limit}). */
  int size;

  TopK(int limit, double needLat, double needLon) {
    this.limit = limit;
    this.needLat = needLat;
    this.needLon = needLon;
    this.key = new float[limit];
    this.score = new double[limit];
    this.slot = new int[limit];
    this.bucket = new Bucket[limit];
    this.index = new int[limit];
    this.idHash = new int[limit];
    this.distance = new double[limit];
    this.factors = new double[limit][];
  }

  boolean isFull() {
    return size == limit;
  }

  /** The entry of rank {@code j}. */
  Entry entry(int j) {
    return entryInSlot(slot[j]);
  }

  /** The entry listed in slot {@code s}. */
  Entry entryInSlot(int s) {
    return bucket[s].entries[index[s]];
  }

  /** The exact distance of the entry of rank {@code j}, computed once. */
  double distance(int j) {
    int s = slot[j];
    if (Double.isNaN(distance[s])) {
      int c = index[s] * Bucket.COLD;
      distance[s] = distanceFrom(bucket[s].data[c + Bucket.LAT], bucket[s].data[c + Bucket.LON]);
    }
    return distance[s];
  }

  /**
   * The oracle's distance from an entry at (lat, lon) to the need: the same function, the same
   * argument order.
   */
  double distanceFrom(double lat, double lon) {
    return GreatCircle.distanceMeters(lat, lon, needLat, needLon);
  }

  /** Whether entry {@code i} of {@code b} is listed already (it moved cells during this match). */
  boolean contains(Bucket b, int i, int hash) {
    // Slots 0 .. size - 1 are the ones in use: a slot is freed only when a full top-k drops its
    // last.
    for (int s = 0; s < size; s++) {
      if (idHash[s] == hash && entryInSlot(s).id().equals(b.entries[i].id())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Lists entry {@code i} of {@code b} at rank {@code pos}, moving the later ones down (a full
   * top-k drops its last).
   */
  void insert(
      int pos, Bucket b, int i, int hash, float k, double d, double s, double[] scoreFactors) {
    // A free slot while the top-k fills; once full, the slot of the last, which drops out.
    int free = size < limit ? size : slot[limit - 1];
    int last = Math.min(size, limit - 1);
    for (int j = last; j > pos; j--) {
      key[j] = key[j - 1];
      score[j] = score[j - 1];
      slot[j] = slot[j - 1];
    }
    key[pos] = k;
    score[pos] = s;
    slot[pos] = free;
    bucket[free] = b;
    index[free] = i;
    idHash[free] = hash;
    distance[free] = d;
    factors[free] = scoreFactors;
    if (size < limit) {
      size++;
    }
  }
}
