package org.linli.ranking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.linli.core.provider.Provider;
import org.linli.core.taxonomy.Skill;

/**
 * Turns text into terms: the text is cut at whitespace into chunks, and each chunk on its own goes
 * through Lucene's smart Chinese analyzer (HMM word segmentation for Chinese; lower-casing, stop
 * words and Porter stemming for English). Thread-safe: Lucene analyzers reuse per-thread token
 * streams, and the memo is concurrent.
 *
 * <p>Why chunks: the smart Chinese segmenter ignores whitespace between Chinese characters, so a
 * writer's own word boundaries were lost: "危机干预 防走失" (crisis intervention, preventing wandering)
 * came out as 危机 / 干 / 预防 / 走失, joining 预 and 防 across the space, and "服务中心 社工" as 服务 / 中心社 / 工.
 * Analysed chunk by chunk they come out as 危机 / 干预 / 防 / 走失 and 服务 / 中心 / 社 / 工. English was
 * already cut at spaces, so it is unchanged.
 *
 * <p>Why a memo: segmentation costs about 20 µs a description (most of building the index), while
 * descriptions in a registry repeat the same short phrases (service names, district names). Since a
 * chunk's terms depend on the chunk alone, the terms of short chunks are remembered; long chunks
 * (prose without spaces) are segmented each time. When the memo is full it is emptied and fills
 * again with the chunks in use. It changes no answer, only the cost.
 */
final class TextAnalysis {
  /** The field name under which statistics are kept, as a Lucene index would. */
  static final String FIELD = "text";

  /** Chunks up to this many chars are remembered. */
  static final int MEMO_MAX_CHARS = 32;

  /** The memo holds at most this many chunks (some megabytes). */
  static final int MEMO_MAX_ENTRIES = 1 << 16;

  private final Analyzer segmenter = new SmartChineseAnalyzer();
  private final Analyzer analyzer = new ChunkedAnalyzer();
  private final Map<String, String[]> memo = new ConcurrentHashMap<>();
  private final Map<Skill, Map<String, Integer>> skillTerms = new EnumMap<>(Skill.class);

  TextAnalysis() {
    for (Skill s : Skill.values()) {
      skillTerms.put(s, termFrequencies(skillText(s)));
    }
  }

  /**
   * The same analysis as a Lucene {@link Analyzer}, for indexing documents the way this class reads
   * them.
   */
  Analyzer analyzer() {
    return analyzer;
  }

  /** Term frequencies of {@code text}, in term order; the sum of the values is the field length. */
  Map<String, Integer> termFrequencies(String text) {
    Map<String, Integer> freqs = new TreeMap<>();
    forEachTerm(text, term -> freqs.merge(term, 1, Integer::sum));
    return freqs;
  }

  /** Calls {@code sink} with each term of {@code text}, in text order (repeats included). */
  void forEachTerm(String text, Consumer<String> sink) {
    if (text != null) {
      forEachTerm(text, (term, from, to) -> sink.accept(term));
    }
  }

  /** The number of chunks remembered; for tests. */
  int memoSize() {
    return memo.size();
  }

  /** The terms of one chunk (no whitespace in it), from the memo when it is there. */
  private String[] chunkTerms(String chunk) {
    if (chunk.length() > MEMO_MAX_CHARS) {
      return segment(chunk);
    }
    String[] terms = memo.get(chunk);
    if (terms == null) {
      terms = segment(chunk);
      if (memo.size() >= MEMO_MAX_ENTRIES) {
        memo.clear(); // full (of one-off queries, say): start again with the chunks in use now
      }
      memo.put(chunk, terms);
    }
    return terms;
  }

  private String[] segment(String chunk) {
    List<String> terms = new ArrayList<>(4);
    try (TokenStream ts = segmenter.tokenStream(FIELD, chunk)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        terms.add(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing text cannot fail on a string", e);
    }
    return terms.toArray(new String[0]);
  }

  private interface TermSink {
    void term(String term, int chunkFrom, int chunkTo);
  }

  /**
   * Calls {@code sink} with each term of {@code text} and the bounds of its chunk (each maximal run
   * of non-space chars), in text order.
   */
  private void forEachTerm(CharSequence text, TermSink sink) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      while (i < n && isSpace(text.charAt(i))) {
        i++;
      }
      int from = i;
      while (i < n && !isSpace(text.charAt(i))) {
        i++;
      }
      if (i > from) {
        for (String term : chunkTerms(text.subSequence(from, i).toString())) {
          sink.term(term, from, i);
        }
      }
    }
  }

  /** Whitespace and space separators (so also the ideographic space U+3000 and no-break spaces). */
  static boolean isSpace(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /**
   * {@link TextAnalysis} as a Lucene analyzer: each term carries its chunk's offsets, and every
   * term advances the position by one (a stop word dropped inside a chunk leaves no gap), which
   * only phrase queries would notice.
   */
  private final class ChunkedAnalyzer extends Analyzer {
    @Override
    protected TokenStreamComponents createComponents(String fieldName) {
      return new TokenStreamComponents(new ChunkTokenizer());
    }
  }

  private final class ChunkTokenizer extends Tokenizer {
    private final CharTermAttribute termAttribute = addAttribute(CharTermAttribute.class);
    private final OffsetAttribute offsetAttribute = addAttribute(OffsetAttribute.class);
    private final StringBuilder text = new StringBuilder();
    private final List<String> terms = new ArrayList<>();
    private final List<int[]> spans = new ArrayList<>();
    private int next;

    @Override
    public void reset() throws IOException {
      super.reset();
      text.setLength(0);
      terms.clear();
      spans.clear();
      next = 0;
      char[] buffer = new char[1024];
      for (int n = input.read(buffer); n >= 0; n = input.read(buffer)) {
        text.append(buffer, 0, n);
      }
      forEachTerm(
          text,
          (term, from, to) -> {
            terms.add(term);
            spans.add(new int[] {from, to});
          });
    }

    @Override
    public boolean incrementToken() {
      if (next == terms.size()) {
        return false;
      }
      clearAttributes();
      termAttribute.setEmpty().append(terms.get(next));
      int[] span = spans.get(next);
      offsetAttribute.setOffset(correctOffset(span[0]), correctOffset(span[1]));
      next++;
      return true;
    }

    @Override
    public void end() throws IOException {
      super.end();
      int last = correctOffset(text.length());
      offsetAttribute.setOffset(last, last);
    }
  }

  /**
   * The term frequencies of a skill's text ({@link #documentText} adds it for each skill), analysed
   * once.
   */
  Map<String, Integer> skillTerms(Skill s) {
    return skillTerms.get(s);
  }

  /**
   * Term frequencies of {@link #documentText}, computed from the description alone plus each
   * skill's terms, which are analysed once: the same counts as analysing the whole text, at a
   * fraction of the cost. The index builds documents with {@link
   * TextStatistics#document(Provider)}, which tests check against this.
   */
  Map<String, Integer> documentFrequencies(Provider p) {
    Map<String, Integer> freqs = new HashMap<>(termFrequencies(p.description()));
    for (Skill s : p.skills()) {
      skillTerms(s).forEach((term, n) -> freqs.merge(term, n, Integer::sum));
    }
    return freqs;
  }

  /**
   * The text a provider is found by: its description and, on a line of its own for each skill, the
   * Chinese and English labels and the words residents use for it.
   */
  static String documentText(Provider p) {
    StringBuilder sb = new StringBuilder(p.description());
    for (Skill s : p.skills()) {
      sb.append('\n').append(skillText(s));
    }
    return sb.toString();
  }

  private static String skillText(Skill s) {
    return s.labelZh() + ' ' + s.labelEn() + ' ' + s.keywordsZh();
  }
}
