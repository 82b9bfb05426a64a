package org.linli.ranking;

import org.apache.lucene.search.similarities.Similarity.SimScorer;

/**
 * A need's text, ready to score documents: Lucene BM25 scorers for each known query term. Immutable,
 * thread-safe.
 */
final class TextQuery {
  static final TextQuery EMPTY = new TextQuery(new int[0], new SimScorer[0], 0);

  private final int[] termIds;
  private final SimScorer[] scorers;
  private final double maxScore;

  TextQuery(int[] termIds, SimScorer[] scorers, double maxScore) {
    this.termIds = termIds;
    this.scorers = scorers;
    this.maxScore = maxScore;
  }

  boolean isEmpty() {
    return termIds.length == 0;
  }

  /** The raw BM25 score, summed over query terms, as Lucene's disjunction of term queries would compute it. */
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
