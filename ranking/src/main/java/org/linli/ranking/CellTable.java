package org.linli.ranking;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * An open-addressing hash table from cell key to {@link Bucket}, laid out so that the cells of one
 * grid row land in neighbouring slots (the hash mixes the row and adds the column): a match reads a
 * few contiguous runs of the table instead of chasing one map node per cell.
 *
 * <p>Thread-safety: one writer at a time ({@link Grid#apply} runs under the index's write lock);
 * readers never lock. Keys are never removed (an emptied cell keeps its key with a null bucket;
 * cells are bounded by geography), values are published with release/acquire ordering, and a grown
 * table is published whole through a volatile field, so a reader sees either the old or the new
 * bucket of a cell, never a torn one.
 */
final class CellTable {
  private static final VarHandle VALUES = MethodHandles.arrayElementVarHandle(Bucket[].class);
  private static final long EMPTY = -1L;

  @SuppressWarnings("ArrayRecordComponent") // compared by identity only; the arrays are the table
  private record Table(long[] keys, Bucket[] values, int mask) {}

  private volatile Table table = newTable(1 << 10);
  private int used;

  private static Table newTable(int capacity) {
    long[] keys = new long[capacity];
    Arrays.fill(keys, EMPTY);
    return new Table(keys, new Bucket[capacity], capacity - 1);
  }

  private static int slot(int latIndex, int lonIndex, int mask) {
    return (latIndex * 0x9E3779B1 + lonIndex) & mask;
  }

  /** The bucket of a cell, or null. Lock-free. */
  Bucket get(int latIndex, int lonIndex) {
    Table t = table;
    long key = (long) latIndex * Grid.LON_CELLS + lonIndex;
    int i = slot(latIndex, lonIndex, t.mask);
    while (true) {
      long k = t.keys[i];
      if (k == key) {
        return (Bucket) VALUES.getAcquire(t.values, i);
      }
      if (k == EMPTY) {
        return null;
      }
      i = (i + 1) & t.mask;
    }
  }

  /** Sets (or clears, with null) the bucket of a cell. Writer only. */
  void put(int latIndex, int lonIndex, Bucket bucket) {
    Table t = table;
    long key = (long) latIndex * Grid.LON_CELLS + lonIndex;
    int i = slot(latIndex, lonIndex, t.mask);
    while (t.keys[i] != EMPTY && t.keys[i] != key) {
      i = (i + 1) & t.mask;
    }
    if (t.keys[i] == EMPTY) {
      if (bucket == null) {
        return;
      }
      if ((used + 1) * 2 > t.keys.length) {
        grow();
        put(latIndex, lonIndex, bucket);
        return;
      }
      VALUES.setRelease(t.values, i, bucket);
      t.keys[i] = key;
      used++;
      // A reader that sees the key before the value reads null: the cell is simply not visible yet.
      VarHandle.releaseFence();
      return;
    }
    VALUES.setRelease(t.values, i, bucket);
  }

  /** Number of cells holding a bucket. */
  int bucketCount() {
    Table t = table;
    int n = 0;
    for (Bucket b : t.values) {
      n += b == null ? 0 : 1;
    }
    return n;
  }

  private void grow() {
    Table old = table;
    Table t = newTable(old.keys.length * 2);
    int copied = 0;
    for (int j = 0; j < old.keys.length; j++) {
      long key = old.keys[j];
      if (key != EMPTY && old.values[j] != null) {
        int la = (int) (key / Grid.LON_CELLS);
        int lo = (int) (key % Grid.LON_CELLS);
        int i = slot(la, lo, t.mask);
        while (t.keys[i] != EMPTY) {
          i = (i + 1) & t.mask;
        }
        t.keys[i] = key;
        t.values[i] = old.values[j];
        copied++;
      }
    }
    used = copied; // emptied cells are not carried over
    table = t;
  }
}
