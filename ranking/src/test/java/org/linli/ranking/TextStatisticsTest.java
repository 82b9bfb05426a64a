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

/** Our per-candidate BM25 against a real Lucene index of the same documents: the oracle for text fit. */
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
            assertThat(ours.bm25(docs.get(index))).as("need %s doc %s", need, id)
                .isCloseTo(expected, within(1e-5 * Math.max(1, expected)));
            assertThat(ours.factor(docs.get(index))).isBetween(0.0, 1.0);
          }
        }
      }
    }
  }

  @Test
  void termFrequencies_segmentChineseAndLowerCaseEnglish() {
    Map<String, Integer> tf = new TextAnalysis().termFrequencies("心理疏导 心理咨询 Mental Health");
    assertThat(tf).containsEntry("心理", 2).containsKeys("疏导", "咨询", "mental", "health");
  }
}
