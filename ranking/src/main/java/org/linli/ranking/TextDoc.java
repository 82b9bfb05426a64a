package org.linli.ranking;

/**
 * One provider's analysed text: term ids in ascending order with their frequencies, and the
 * Lucene-encoded length norm. Immutable.
 *
 * @param termIds ascending term ids
 * @param freqs frequency of each term, parallel to {@code termIds}
 * @param norm {@code SmallFloat.intToByte4(length)}, the norm a Lucene index stores for BM25
 * @param length number of tokens
 */
@SuppressWarnings("ArrayRecordComponent") // never compared or hashed; flat arrays for the scan
record TextDoc(int[] termIds, int[] freqs, byte norm, int length) implements Indexed {
  @Override
  public TextDoc text() {
    return this;
  }

  /** Frequency of term {@code id} in this document, 0 when absent. */
  int freqOf(int id) {
    int lo = 0;
    int hi = termIds.length - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int v = termIds[mid];
      if (v < id) {
        lo = mid + 1;
      } else if (v > id) {
        hi = mid - 1;
      } else {
        return freqs[mid];
      }
    }
    return 0;
  }
}
