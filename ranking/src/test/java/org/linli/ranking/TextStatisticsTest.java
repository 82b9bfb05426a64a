package org.linli.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;
import org.linli.core.provider.Provider;
import org.linli.core.synthetic.SyntheticCity;

/**
 * Our per-candidate BM25 against a real Lucene index of the same documents: the oracle for text
 * fit.
 */
class TextStatisticsTest {
  @Test
  void bm25_equalsLuceneIndexSearcherScores() throws Exception {
    TextAnalysis analysis = new TextAnalysis();
    TextStatistics stats = new TextStatistics(analysis);
    List<Provider> providers = new SyntheticCity(3).providers(2_000, "t");
    // Some churn, so that the incremental statistics must also handle removal.
    List<TextDoc> docs = new ArrayList<>();
    for (Provider p : providers) {
      docs.add(stats.add(analysis.documentFrequencies(p)));
    }
    for (int i = 0; i < 300; i++) {
      stats.remove(docs.get(i));
    }
    List<Provider> live = providers.subList(300, providers.size());

    try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(analysis.analyzer()))) {
      for (Provider p : live) {
        Document d = new Document();
        d.add(new StringField("id", p.id(), Field.Store.YES));
        d.add(new TextField(TextAnalysis.FIELD, TextAnalysis.documentText(p), Field.Store.NO));
        writer.addDocument(d);
      }
      writer.commit();
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        for (String need : List.of("需要陪同老人去医院复诊", "心理疏导 危机干预", "elder care", "法律咨询 维权 就业")) {
          TextQuery ours = stats.query(need, live.size());
          BooleanQuery.Builder q = new BooleanQuery.Builder();
          for (String term : analysis.termFrequencies(need).keySet()) {
            q.add(new TermQuery(new Term(TextAnalysis.FIELD, term)), BooleanClause.Occur.SHOULD);
          }
          TopDocs top = searcher.search(q.build(), live.size());
          assertThat(top.scoreDocs).as("need %s", need).isNotEmpty();
          for (ScoreDoc sd : top.scoreDocs) {
            String id = searcher.storedFields().document(sd.doc).get("id");
            int index = Integer.parseInt(id.substring(1)) - 1;
            double expected = sd.score;
            assertThat(ours.bm25(docs.get(index)))
                .as("need %s doc %s", need, id)
                .isCloseTo(expected, within(1e-5 * Math.max(1, expected)));
            assertThat(ours.factor(docs.get(index))).isBetween(0.0, 1.0);
          }
        }
      }
    }
  }

  /**
   * Scorers are reused between queries only while the statistics they were made from hold: after a
   * write that changes them, a query scores exactly as one against statistics built afresh from the
   * remaining documents.
   */
  @Test
  void reusedScorers_followEveryChangeOfTheStatistics() {
    TextAnalysis analysis = new TextAnalysis();
    TextStatistics stats = new TextStatistics(analysis);
    List<Provider> providers = new SyntheticCity(5).providers(600, "t");
    List<TextDoc> docs = new ArrayList<>();
    for (Provider p : providers) {
      docs.add(stats.add(analysis.documentFrequencies(p)));
    }
    String need = "需要陪同老人去医院复诊 心理疏导";
    TextQuery before = stats.query(need, providers.size());
    // Unchanged statistics: re-adding a document as it was (a capacity update does that) changes
    // nothing.
    stats.remove(docs.get(0));
    docs.set(0, stats.add(analysis.documentFrequencies(providers.get(0))));
    TextQuery same = stats.query(need, providers.size());
    for (TextDoc d : docs) {
      assertThat(same.bm25(d)).isEqualTo(before.bm25(d));
    }
    // Changed statistics: drop a third of the documents, then compare with statistics of the rest
    // alone.
    for (int i = 0; i < 200; i++) {
      stats.remove(docs.get(i));
    }
    TextQuery after = stats.query(need, 400);
    TextStatistics fresh = new TextStatistics(analysis);
    List<TextDoc> freshDocs = new ArrayList<>();
    for (Provider p : providers.subList(200, 600)) {
      freshDocs.add(fresh.add(analysis.documentFrequencies(p)));
    }
    TextQuery expected = fresh.query(need, 400);
    boolean changed = false;
    for (int i = 200; i < 600; i++) {
      double score = after.bm25(docs.get(i));
      assertThat(score).as("doc %d", i).isEqualTo(expected.bm25(freshDocs.get(i - 200)));
      assertThat(after.factor(docs.get(i))).isEqualTo(expected.factor(freshDocs.get(i - 200)));
      changed |= score != before.bm25(docs.get(i));
    }
    assertThat(changed).as("the removals changed the scores").isTrue();
  }

  /**
   * A replaced document can change a term's frequency while every corpus-wide count stays the same.
   */
  @Test
  void reusedScorers_followATermsFrequencyAlone() {
    TextStatistics stats = new TextStatistics(new TextAnalysis());
    List<TextDoc> docs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      docs.add(stats.add(Map.of("老人", 1, "医院", 1)));
      docs.add(stats.add(Map.of("陪同", 1, "医院", 1)));
    }
    TextDoc probe = stats.add(Map.of("老人", 2, "医院", 1));
    TextQuery before = stats.query("老人", 9);
    // Same number of documents, terms and term occurrences; only 老人 is in one document fewer.
    stats.remove(docs.get(0));
    stats.add(Map.of("陪同", 1, "医院", 1));
    TextQuery after = stats.query("老人", 9);

    TextStatistics fresh = new TextStatistics(new TextAnalysis());
    for (int i = 0; i < 3; i++) {
      fresh.add(Map.of("老人", 1, "医院", 1));
    }
    for (int i = 0; i < 5; i++) {
      fresh.add(Map.of("陪同", 1, "医院", 1));
    }
    TextDoc freshProbe = fresh.add(Map.of("老人", 2, "医院", 1));
    assertThat(after.bm25(probe))
        .isEqualTo(fresh.query("老人", 9).bm25(freshProbe))
        .isNotEqualTo(before.bm25(probe));
  }

  /**
   * Documents are made on many threads at once; each must hold exactly the terms of its whole text.
   */
  @Test
  void documents_madeInParallel_holdTheTermsOfTheWholeText() {
    TextAnalysis analysis = new TextAnalysis();
    TextStatistics stats = new TextStatistics(analysis);
    List<Provider> providers = new SyntheticCity(7).providers(3_000, "t");
    List<TextDoc> docs = providers.parallelStream().map(stats::document).toList();
    for (int i = 0; i < providers.size(); i++) {
      TextDoc doc = docs.get(i);
      Map<String, Integer> got = new java.util.HashMap<>();
      for (int k = 0; k < doc.termIds().length; k++) {
        assertThat(k == 0 || doc.termIds()[k] > doc.termIds()[k - 1]).as("ascending ids").isTrue();
        got.put(stats.term(doc.termIds()[k]), doc.freqs()[k]);
      }
      Map<String, Integer> whole =
          analysis.termFrequencies(TextAnalysis.documentText(providers.get(i)));
      assertThat(got)
          .as(providers.get(i).id())
          .isEqualTo(whole)
          .isEqualTo(analysis.documentFrequencies(providers.get(i)));
      assertThat(doc.length()).isEqualTo(whole.values().stream().mapToInt(Integer::intValue).sum());
    }
  }

  @Test
  void termFrequencies_segmentChineseAndLowerCaseEnglish() {
    Map<String, Integer> tf = new TextAnalysis().termFrequencies("心理疏导 心理咨询 Mental Health");
    assertThat(tf).containsEntry("心理", 2).containsKeys("疏导", "咨询", "mental", "health");
  }
}
