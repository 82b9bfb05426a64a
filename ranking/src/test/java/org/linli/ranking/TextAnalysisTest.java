package org.linli.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.junit.jupiter.api.Test;

/**
 * Chunked analysis against Lucene's smart Chinese analyzer applied to each chunk by hand: the
 * oracle.
 */
class TextAnalysisTest {
  private static final String[] PIECES = {
    "养老服务", "心理健康", "居家养老", "老人", "医院", "陪同", "复诊", "社区", "矫正", "儿童", "福利", "Mental", "Health",
    "elder", "care", "the", "of", "2024", "，", "。", "、", "！", "?", "...", "中国", "深圳市", "南山区", "a",
    "I", "维权", "就业", "服务中心", "社工", "和", "的", "是", "危机干预", "防走失", "𠀀", "Ωmega"
  };
  private static final String[] SPACES = {
    " ", "  ", "\t", "\n", "\r\n", "\u3000", "\u00A0", "\u2009", ""
  };

  /**
   * The chars {@link TextAnalysis#isSpace} treats as space, written as a regular expression of
   * their own.
   */
  private static final String SPACE_RUN = "[\\s\\x1C-\\x1F\\p{Z}]+";

  @Test
  void whitespace_bindsTheSegmenter_whichAloneWouldSegmentAcrossIt() throws IOException {
    // The reason for chunks: on the whole text the segmenter joins 预 and 防 across the space.
    assertThat(terms(new SmartChineseAnalyzer(), "危机干预 防走失"))
        .containsExactly("危机", "干", "预防", "走失");
    assertThat(new TextAnalysis().termFrequencies("危机干预 防走失"))
        .containsOnlyKeys("危机", "干预", "防", "走失");
    List<String> got = new ArrayList<>();
    new TextAnalysis().forEachTerm("服务中心\u3000社工  Mental Health", got::add);
    assertThat(got).containsExactly("服务", "中心", "社", "工", "mental", "health");
    // So do a no-break space and a thin space (of which the segmenter alone makes a term " ").
    assertThat(new TextAnalysis().termFrequencies("服务中心\u00A0社工 危机干预\u2009防走失"))
        .containsOnlyKeys("服务", "中心", "社", "工", "危机", "干预", "防", "走失");
  }

  @Test
  void terms_equalTheSegmenterOnEachChunk_firstAndFromTheMemo() throws IOException {
    TextAnalysis analysis = new TextAnalysis();
    Analyzer oracle = new SmartChineseAnalyzer();
    Random random = new Random(11);
    for (int k = 0; k < 3_000; k++) {
      String text = randomText(random);
      List<String> expected = new ArrayList<>();
      for (String chunk : text.split(SPACE_RUN)) {
        if (!chunk.isEmpty()) {
          expected.addAll(terms(oracle, chunk));
        }
      }
      for (int pass = 0; pass < 2; pass++) {
        List<String> got = new ArrayList<>();
        analysis.forEachTerm(text, got::add);
        assertThat(got).as("pass %d of [%s]", pass, text).isEqualTo(expected);
      }
      assertThat(terms(analysis.analyzer(), text))
          .as("as a Lucene analyzer: [%s]", text)
          .isEqualTo(expected);
    }
    assertThat(analysis.memoSize()).isPositive();
  }

  @Test
  void analyzer_givesEachTermItsChunksOffsets() throws IOException {
    String text = " 危机干预\t防走失 ";
    List<String> spans = new ArrayList<>();
    try (TokenStream ts = new TextAnalysis().analyzer().tokenStream(TextAnalysis.FIELD, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = ts.addAttribute(OffsetAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        spans.add(term + "@" + text.substring(offset.startOffset(), offset.endOffset()));
      }
      ts.end();
      assertThat(offset.endOffset()).isEqualTo(text.length());
    }
    assertThat(spans).containsExactly("危机@危机干预", "干预@危机干预", "防@防走失", "走失@防走失");
  }

  @Test
  void memo_keepsShortChunksOnly_andStartsAgainWhenFull() {
    TextAnalysis analysis = new TextAnalysis();
    int start = analysis.memoSize(); // the skills' texts
    analysis.forEachTerm("老人".repeat(TextAnalysis.MEMO_MAX_CHARS), term -> {});
    assertThat(analysis.memoSize()).as("a chunk longer than the bound").isEqualTo(start);
    analysis.forEachTerm("陪同老人复诊", term -> {});
    assertThat(analysis.memoSize()).isEqualTo(start + 1);
    // Distinct two-char chunks of CJK ideographs, 100 more than the memo holds.
    int max = 0;
    for (int i = 0; i < TextAnalysis.MEMO_MAX_ENTRIES + 100; i++) {
      analysis.forEachTerm(
          new String(new char[] {(char) (0x4E00 + i / 200), (char) (0x4E00 + i % 200)}), t -> {});
      max = Math.max(max, analysis.memoSize());
    }
    assertThat(max).isEqualTo(TextAnalysis.MEMO_MAX_ENTRIES);
    // start + 1 held; MAX - start - 1 chunks filled it; the next emptied it and was put; the rest
    // came after it.
    assertThat(analysis.memoSize())
        .isEqualTo(
            1
                + (TextAnalysis.MEMO_MAX_ENTRIES + 100)
                - (TextAnalysis.MEMO_MAX_ENTRIES - start - 1)
                - 1);
    List<String> got = new ArrayList<>();
    analysis.forEachTerm("危机干预 防走失", got::add);
    assertThat(got).as("after starting again").containsExactly("危机", "干预", "防", "走失");
  }

  private static String randomText(Random random) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(8);
    for (int j = 0; j < n; j++) {
      sb.append(PIECES[random.nextInt(PIECES.length)]);
      if (random.nextInt(3) == 0) {
        sb.append(PIECES[random.nextInt(PIECES.length)]);
      }
      sb.append(SPACES[random.nextInt(SPACES.length)]);
    }
    return sb.toString();
  }

  private static List<String> terms(Analyzer analyzer, String text) throws IOException {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(TextAnalysis.FIELD, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        out.add(term.toString());
      }
      ts.end();
    }
    return out;
  }
}
