package org.linli.ranking;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.Similarity.SimScorer;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.SmallFloat;
import org.linli.core.provider.Provider;
import org.linli.core.taxonomy.Skill;

/**
 * The term dictionary and the corpus statistics that BM25 needs (document frequencies, total term
 * frequencies, document count, summed lengths), kept incrementally as providers come and go, and
 * the Lucene {@link BM25Similarity} that scores with them. Each provider's terms are kept in a
 * {@link TextDoc}; a query becomes a {@link TextQuery} that scores a {@code TextDoc} exactly as
 * Lucene's {@code IndexSearcher} would score a disjunction of the query's terms over the same
 * documents.
 *
 * <p>Thread-safety: {@link #document} may run on any number of threads (it only adds terms to the
 * dictionary); {@link #add} and {@link #remove} are called by one writer at a time (the index's
 * write lock); {@link #query} may run concurrently and sees statistics that are at most one write
 * old.
 */
final class TextStatistics {
  private static final class Term {
    final int id;
    final BytesRef bytes;
    volatile long docFreq;
    volatile long totalTermFreq;

    /**
     * The last scorer made for this term, reused while the statistics it was made from are
     * unchanged.
     */
    volatile Scoring scoring;

    Term(int id, String text) {
      this.id = id;
      this.bytes = new BytesRef(text);
    }
  }

  /**
   * A term's BM25 scorer and its upper bound, with every statistic they depend on. Making a scorer
   * costs about 1.5 KB and a 256-entry table of divisions; needs mostly name the same few hundred
   * terms, and re-indexing a provider unchanged (as capacity updates do) leaves the statistics as
   * they were, so most queries reuse it.
   */
  private record Scoring(
      long maxDoc,
      long docCount,
      long sumTotalTermFreq,
      long sumDocFreq,
      long docFreq,
      long totalTermFreq,
      SimScorer scorer,
      double max) {
    boolean madeFrom(
        long maxDoc,
        long docCount,
        long sumTotalTermFreq,
        long sumDocFreq,
        long docFreq,
        long totalTermFreq) {
      return this.maxDoc == maxDoc
          && this.docCount == docCount
          && this.sumTotalTermFreq == sumTotalTermFreq
          && this.sumDocFreq == sumDocFreq
          && this.docFreq == docFreq
          && this.totalTermFreq == totalTermFreq;
    }
  }

  private final BM25Similarity similarity = new BM25Similarity();
  private final TextAnalysis analysis;
  private final Map<String, Term> terms = new ConcurrentHashMap<>();

  /**
   * Terms by id, grown under {@link #termLock}: any thread may add a term while it analyses a
   * document.
   */
  private volatile Term[] termsById = new Term[1024];

  private int termCount;
  private final Object termLock = new Object();

  /** Each skill's terms as {@link #pack packed} (term id, frequency) pairs. */
  private final Map<Skill, long[]> skillTerms = new EnumMap<>(Skill.class);

  private volatile long docCount;
  private volatile long sumTotalTermFreq;
  private volatile long sumDocFreq;

  /** The analysis this counts with. */
  TextAnalysis analysis() {
    return analysis;
  }

  TextStatistics(TextAnalysis analysis) {
    this.analysis = analysis;
    for (Skill s : Skill.values()) {
      Map<String, Integer> freqs = analysis.skillTerms(s);
      long[] pairs = new long[freqs.size()];
      int i = 0;
      for (Map.Entry<String, Integer> e : freqs.entrySet()) {
        pairs[i++] = pack(termId(e.getKey()), e.getValue());
      }
      skillTerms.put(s, pairs);
    }
  }

  /**
   * The analysed text of a provider ({@link TextAnalysis#documentText}), not yet counted in the
   * statistics: its description is segmented and each skill's terms, analysed once, are added.
   * Thread-safe, so that a batch is analysed in parallel; new terms get their ids here.
   */
  TextDoc document(Provider p) {
    Pairs pairs = new Pairs();
    analysis.forEachTerm(p.description(), term -> pairs.add(pack(termId(term), 1)));
    for (Skill s : p.skills()) {
      for (long pair : skillTerms.get(s)) {
        pairs.add(pair);
      }
    }
    return fromPairs(pairs.values, pairs.size);
  }

  /** A growable array of packed pairs. */
  private static final class Pairs {
    long[] values = new long[16];
    int size;

    void add(long pair) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = pair;
    }
  }

  /** A document of the given term frequencies, not yet counted in the statistics. Thread-safe. */
  TextDoc document(Map<String, Integer> freqs) {
    long[] pairs = new long[freqs.size()];
    int n = 0;
    for (Map.Entry<String, Integer> e : freqs.entrySet()) {
      pairs[n++] = pack(termId(e.getKey()), e.getValue());
    }
    return fromPairs(pairs, n);
  }

  /** Counts a document made by {@link #document} in the statistics. Writer only. */
  @SuppressWarnings(
      "NonAtomicVolatileUpdate") // one writer; readers only need to see each value whole
  void add(TextDoc doc) {
    Term[] byId = termsById;
    for (int i = 0; i < doc.termIds().length; i++) {
      Term t = byId[doc.termIds()[i]];
      t.docFreq = t.docFreq + 1;
      t.totalTermFreq = t.totalTermFreq + doc.freqs()[i];
    }
    if (doc.length() > 0) {
      docCount = docCount + 1;
      sumTotalTermFreq = sumTotalTermFreq + doc.length();
      sumDocFreq = sumDocFreq + doc.termIds().length;
    }
  }

  /** Makes and counts a document of the given term frequencies. Writer only. */
  TextDoc add(Map<String, Integer> freqs) {
    TextDoc doc = document(freqs);
    add(doc);
    return doc;
  }

  /** The text of term {@code id}; for tests. */
  String term(int id) {
    return termsById[id].bytes.utf8ToString();
  }

  /** (term id, frequency) in one long that sorts by term id. */
  private static long pack(int termId, int freq) {
    return (long) termId << 32 | freq;
  }

  /** Sorts the pairs by term id and sums the frequencies of repeated ids. */
  private static TextDoc fromPairs(long[] pairs, int n) {
    Arrays.sort(pairs, 0, n);
    int distinct = 0;
    for (int i = 0; i < n; i++) {
      distinct += i == 0 || (pairs[i] >>> 32) != (pairs[i - 1] >>> 32) ? 1 : 0;
    }
    int[] ids = new int[distinct];
    int[] tf = new int[distinct];
    int length = 0;
    int k = -1;
    for (int i = 0; i < n; i++) {
      int id = (int) (pairs[i] >>> 32);
      int f = (int) pairs[i];
      if (k < 0 || ids[k] != id) {
        ids[++k] = id;
      }
      tf[k] += f;
      length += f;
    }
    return new TextDoc(ids, tf, SmallFloat.intToByte4(length), length);
  }

  /** The id of {@code text}, made on first sight. */
  private int termId(String text) {
    Term t = terms.get(text);
    if (t != null) {
      return t.id;
    }
    synchronized (termLock) {
      t = terms.get(text);
      if (t == null) {
        Term[] byId = termsById;
        if (termCount == byId.length) {
          byId = Arrays.copyOf(byId, termCount * 2);
        }
        t = new Term(termCount, text);
        byId[termCount++] = t;
        termsById = byId;
        terms.put(text, t);
      }
      return t.id;
    }
  }

  /** Removes a document's counts from the statistics. Writer only. */
  @SuppressWarnings(
      "NonAtomicVolatileUpdate") // one writer; readers only need to see each value whole
  void remove(TextDoc doc) {
    Term[] byId = termsById;
    for (int i = 0; i < doc.termIds().length; i++) {
      Term t = byId[doc.termIds()[i]];
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
   * A scorer for {@code text} against the current statistics. Terms that no document has are
   * dropped; a query with no known terms scores every document 0.
   *
   * @param maxDoc the number of documents a Lucene index would hold (all providers, with or without
   *     text)
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
          collection =
              new CollectionStatistics(TextAnalysis.FIELD, collectionDocs, docs, sumTtf, sumDf);
        }
        SimScorer scorer = similarity.scorer(1f, collection, new TermStatistics(t.bytes, df, ttf));
        // BM25 grows with frequency and shrinks with length, so this is the term's upper bound.
        scoring =
            new Scoring(
                collectionDocs,
                docs,
                sumTtf,
                sumDf,
                df,
                ttf,
                scorer,
                scorer.score(Float.MAX_VALUE, 1L));
        t.scoring = scoring;
      }
      ids[i] = t.id;
      scorers[i] = scoring.scorer();
      termMax[i] = scoring.max();
    }
    return new TextQuery(ids, scorers, termMax);
  }
}
