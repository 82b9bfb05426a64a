package org.linli.server.util;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A uniform sample of at most {@code capacity} of the items offered, however many are offered
 * (reservoir sampling, Vitter's algorithm R): after n offers, each of the n items is in the sample
 * with the same chance, {@code min(1, capacity / n)}. Not thread-safe.
 */
public final class Reservoir<T> {
  private final int capacity;
  private final SplittableRandom random;
  private final List<T> items = new ArrayList<>();
  private long offered;

  public Reservoir(int capacity, long seed) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity " + capacity + " < 1");
    }
    this.capacity = capacity;
    this.random = new SplittableRandom(seed);
  }

  public void offer(T item) {
    offered++;
    if (items.size() < capacity) {
      items.add(item);
      return;
    }
    long slot =
        random.nextLong(
            offered); // item number `offered` replaces one with chance capacity / offered
    if (slot < capacity) {
      items.set((int) slot, item);
    }
  }

  /** The sample so far, as a copy. */
  public List<T> items() {
    return List.copyOf(items);
  }

  /** Forgets the sample (the count of offers is kept). */
  public void clear() {
    items.clear();
  }
}
