package org.linli.ranking;

import org.apache.lucene.search.similarities.Similarity.SimScorer;

/**
 * A need's text, ready to score documents: Lucene BM25 scorers for each known query term.
 * Immutable, thread-safe.
 */
final class TextQuery {
  static final TextQuery EMPTY = new TextQuery(new int[0], new SimScorer[0], new double[0]);

  private final int[] termIds;
  private final SimScorer[] scorers;
  private final double maxScore;

  /**
   * Per query term: its bit in a document's {@link #termBits}, and its largest possible share of
   * the factor.
   */
  private final long[] termBit;

  private final double[] termMaxFactor;

  /**
   * @param termMax each term's largest possible score (its scorer at unbounded frequency and the
   *     shortest length); their sum, in term order, is the upper bound that normalises {@link
   *     #factor}
   */
  TextQuery(int[] termIds, SimScorer[] scorers, double[] termMax) {
    this.termIds = termIds;
    this.scorers = scorers;
    double max = 0;
    for (double m : termMax) {
      max += m;
    }
    this.maxScore = max;
    this.termBit = new long[termIds.length];
    this.termMaxFactor = new double[termIds.length];
    for (int i = 0; i < termIds.length; i++) {
      termBit[i] = 1L << termIds[i];
      termMaxFactor[i] = termMax[i] / maxScore;
    }
  }

  /**
   * Bit {@code id % 64} set for each term id: a 64-bit summary of which terms a document may hold.
   */
  static long termBits(int[] termIds) {
    long bits = 0;
    for (int id : termIds) {
      bits |= 1L << id;
    }
    return bits;
  }

  /**
   * An upper bound on {@link #factor} for a document with these {@link #termBits}, read without the
   * document: the summed largest shares of the query terms whose bit it has (a shared bit may be
   * another term's, which only loosens the bound). Rounding can put it an ulp or so below the
   * factor; callers compare with a slack far wider than that.
   */
  double factorBound(long docTermBits) {
    double sum = 0;
    for (int i = 0; i < termBit.length; i++) {
      if ((docTermBits & termBit[i]) != 0) {
        sum += termMaxFactor[i];
      }
    }
    return sum;
  }

  boolean isEmpty() {
    return termIds.length == 0;
  }

  /**
   * The raw BM25 score, summed over query terms, as Lucene's disjunction of term queries would
   * compute it.
   */
  double bm25(TextDoc doc) {
    double sum = 0;
    int[] ids = doc.termIds();
    int i = 0;
    int j = 0;
    while (i < termIds.length && j < ids.length) {
      int a = termIds[i];
      int b = ids[j];
      if (a == b) {
        sum += scorers[i].score(doc.freqs()[j], doc.norm());
        i++;
        j++;
      } else if (a < b) {
        i++;
      } else {
        j++;
      }
    }
    return sum;
  }

  /** BM25 divided by its upper bound for this query: in [0, 1). */
  double factor(TextDoc doc) {
    return maxScore == 0 ? 0 : bm25(doc) / maxScore;
  }
}
