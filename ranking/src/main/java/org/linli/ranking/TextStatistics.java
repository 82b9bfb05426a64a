package org.linli.ranking;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity.SimScorer;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.SmallFloat;

/**
 * The term dictionary and the corpus statistics that BM25 needs (document frequencies, total term frequencies,
 * document count, summed lengths), kept incrementally as providers come and go, and the Lucene
 * {@link BM25Similarity} that scores with them. Each provider's terms are kept in a {@link TextDoc}; a query
 * becomes a {@link TextQuery} that scores a {@code TextDoc} exactly as Lucene's {@code IndexSearcher} would score a
 * disjunction of the query's terms over the same documents.
 *
 * <p>Thread-safety: {@link #add} and {@link #remove} are called by one writer at a time (the index's write lock);
 * {@link #query} may run concurrently and sees statistics that are at most one write old.
 */
final class TextStatistics {
  private static final class Term {
    final int id;
    final BytesRef bytes;
    volatile long docFreq;
    volatile long totalTermFreq;
    /** The last scorer made for this term, reused while the statistics it was made from are unchanged. */
    volatile Scoring scoring;

    Term(int id, String text) {
      this.id = id;
      this.bytes = new BytesRef(text);
    }
  }

  /**
   * A term's BM25 scorer and its upper bound, with every statistic they depend on. Making a scorer costs about
   * 1.5 KB and a 256-entry table of divisions; needs mostly name the same few hundred terms, and re-indexing a
   * provider unchanged (as capacity updates do) leaves the statistics as they were, so most queries reuse it.
   */
  private record Scoring(long maxDoc, long docCount, long sumTotalTermFreq, long sumDocFreq, long docFreq,
      long totalTermFreq, SimScorer scorer, double max) {
    boolean madeFrom(long maxDoc, long docCount, long sumTotalTermFreq, long sumDocFreq, long docFreq,
        long totalTermFreq) {
      return this.maxDoc == maxDoc && this.docCount == docCount && this.sumTotalTermFreq == sumTotalTermFreq
          && this.sumDocFreq == sumDocFreq && this.docFreq == docFreq && this.totalTermFreq == totalTermFreq;
    }
  }

  private final BM25Similarity similarity = new BM25Similarity();
  private final TextAnalysis analysis;
  private final Map<String, Term> terms = new ConcurrentHashMap<>();
  /** Terms by id; the writer's alone. */
  private final List<Term> termsById = new ArrayList<>();
  private volatile long docCount;
  private volatile long sumTotalTermFreq;
  private volatile long sumDocFreq;

  TextStatistics(TextAnalysis analysis) {
    this.analysis = analysis;
  }

  /** Counts an analysed document in the statistics. Writer only. */
  TextDoc add(Map<String, Integer> freqs) {
    int[] ids = new int[freqs.size()];
    int[] tf = new int[freqs.size()];
    int length = 0;
    int i = 0;
    for (Map.Entry<String, Integer> e : freqs.entrySet()) {
      Term t = terms.get(e.getKey());
      if (t == null) {
        t = new Term(termsById.size(), e.getKey());
        termsById.add(t);
        terms.put(e.getKey(), t);
      }
      t.docFreq = t.docFreq + 1;
      t.totalTermFreq = t.totalTermFreq + e.getValue();
      ids[i] = t.id;
      tf[i] = e.getValue();
      length += e.getValue();
      i++;
    }
    sortByTermId(ids, tf);
    if (length > 0) {
      docCount = docCount + 1;
      sumTotalTermFreq = sumTotalTermFreq + length;
      sumDocFreq = sumDocFreq + ids.length;
    }
    return new TextDoc(ids, tf, SmallFloat.intToByte4(length), length);
  }

  /** Removes a document's counts from the statistics. Writer only. */
  void remove(TextDoc doc) {
    for (int i = 0; i < doc.termIds().length; i++) {
      Term t = termsById.get(doc.termIds()[i]);
      t.docFreq = t.docFreq - 1;
      t.totalTermFreq = t.totalTermFreq - doc.freqs()[i];
    }
    if (doc.length() > 0) {
      docCount = docCount - 1;
      sumTotalTermFreq = sumTotalTermFreq - doc.length();
      sumDocFreq = sumDocFreq - doc.termIds().length;
    }
  }

  /**
   * A scorer for {@code text} against the current statistics. Terms that no document has are dropped; a query
   * with no known terms scores every document 0.
   *
   * @param maxDoc the number of documents a Lucene index would hold (all providers, with or without text)
   */
  TextQuery query(String text, long maxDoc) {
    Map<String, Integer> freqs = analysis.termFrequencies(text);
    long docs = docCount;
    if (freqs.isEmpty() || docs == 0) {
      return TextQuery.EMPTY;
    }
    // Each statistic read once, so that every scorer of this query sees the same values.
    long collectionDocs = Math.max(maxDoc, docs);
    long sumDf = Math.max(sumDocFreq, docs);
    long sumTtf = Math.max(sumTotalTermFreq, sumDf);
    CollectionStatistics collection = null;
    List<Term> known = new ArrayList<>();
    for (String s : freqs.keySet()) {
      Term t = terms.get(s);
      if (t != null && t.docFreq > 0) {
        known.add(t);
      }
    }
    known.sort((a, b) -> Integer.compare(a.id, b.id));
    int[] ids = new int[known.size()];
    SimScorer[] scorers = new SimScorer[known.size()];
    double[] termMax = new double[known.size()];
    for (int i = 0; i < ids.length; i++) {
      Term t = known.get(i);
      long df = Math.min(t.docFreq, docs);
      long ttf = Math.max(t.totalTermFreq, df);
      Scoring scoring = t.scoring;
      if (scoring == null || !scoring.madeFrom(collectionDocs, docs, sumTtf, sumDf, df, ttf)) {
        if (collection == null) {
          collection = new CollectionStatistics(TextAnalysis.FIELD, collectionDocs, docs, sumTtf, sumDf);
        }
        SimScorer scorer = similarity.scorer(1f, collection, new TermStatistics(t.bytes, df, ttf));
        // BM25 grows with frequency and shrinks with length, so this is the term's upper bound.
        scoring = new Scoring(collectionDocs, docs, sumTtf, sumDf, df, ttf, scorer,
            scorer.score(Float.MAX_VALUE, 1L));
        t.scoring = scoring;
      }
      ids[i] = t.id;
      scorers[i] = scoring.scorer();
      termMax[i] = scoring.max();
    }
    return new TextQuery(ids, scorers, termMax);
  }

  private static void sortByTermId(int[] ids, int[] tf) {
    for (int i = 1; i < ids.length; i++) {
      int id = ids[i];
      int f = tf[i];
      int j = i - 1;
      while (j >= 0 && ids[j] > id) {
        ids[j + 1] = ids[j];
        tf[j + 1] = tf[j];
        j--;
      }
      ids[j + 1] = id;
      tf[j + 1] = f;
    }
  }
}
