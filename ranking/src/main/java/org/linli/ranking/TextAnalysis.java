package org.linli.ranking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.cn.smart.SmartChineseAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.linli.core.provider.Provider;
import org.linli.core.taxonomy.Skill;

/**
 * Turns text into terms with Lucene's smart Chinese analyzer (HMM word segmentation for Chinese; lower-casing,
 * stop words and Porter stemming for English). Thread-safe: Lucene analyzers reuse per-thread token streams.
 */
final class TextAnalysis {
  /** The field name under which statistics are kept, as a Lucene index would. */
  static final String FIELD = "text";

  private final Analyzer analyzer;
  private final Map<Skill, Map<String, Integer>> skillTerms = new EnumMap<>(Skill.class);

  TextAnalysis() {
    this(new SmartChineseAnalyzer());
  }

  TextAnalysis(Analyzer analyzer) {
    this.analyzer = analyzer;
    for (Skill s : Skill.values()) {
      skillTerms.put(s, termFrequencies(skillText(s)));
    }
  }

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
    if (text == null || text.isBlank()) {
      return;
    }
    try (TokenStream ts = analyzer.tokenStream(FIELD, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      while (ts.incrementToken()) {
        sink.accept(term.toString());
      }
      ts.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analysing text cannot fail on a string", e);
    }
  }

  /** The term frequencies of a skill's text ({@link #documentText} adds it for each skill), analysed once. */
  Map<String, Integer> skillTerms(Skill s) {
    return skillTerms.get(s);
  }

  /**
   * Term frequencies of {@link #documentText}, computed from the description alone plus each skill's terms,
   * which are analysed once: the same counts as analysing the whole text, at a fraction of the cost. The index
   * builds documents with {@link TextStatistics#document(Provider)}, which tests check against this.
   */
  Map<String, Integer> documentFrequencies(Provider p) {
    Map<String, Integer> freqs = new HashMap<>(termFrequencies(p.description()));
    for (Skill s : p.skills()) {
      skillTerms(s).forEach((term, n) -> freqs.merge(term, n, Integer::sum));
    }
    return freqs;
  }

  /**
   * The text a provider is found by: its description and, on a line of its own for each skill, the Chinese and
   * English labels and the words residents use for it.
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
