package org.linli.core.intake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linli.core.taxonomy.Skill;

/**
 * The words residents use for each skill ({@code skill-words.tsv}): each skill whose words a text
 * holds is a feature of that text, standing for the longest such word (the evidence shown).
 */
public final class Lexicon {
  /** Feature names of lexicon hits start with this character, which text features never hold. */
  static final char PREFIX = '\u0000';

  private final Map<Skill, List<String>> words;

  /** A trie of the words, normalised as the text is ({@link TextFeatures#normalise}). */
  private static final class Node {
    final Map<Character, Node> next = new HashMap<>();

    /** The skills of the word that ends here, one bit each. */
    long skills;
  }

  private final Node root = new Node();

  public Lexicon(Map<Skill, List<String>> words) {
    this.words = new EnumMap<>(Skill.class);
    words.forEach(
        (s, ws) -> {
          this.words.put(s, List.copyOf(ws));
          for (String w : ws) {
            Node n = root;
            for (char c : TextFeatures.normalise(w).toCharArray()) {
              n = n.next.computeIfAbsent(c, k -> new Node());
            }
            n.skills |= 1L << s.ordinal();
          }
        });
  }

  private static final class Standard {
    static final Lexicon INSTANCE = read("skill-words.tsv");
  }

  /** The lexicon kept with the classifier. */
  public static Lexicon standard() {
    return Standard.INSTANCE;
  }

  private static Lexicon read(String resource) {
    Map<Skill, List<String>> words = new EnumMap<>(Skill.class);
    try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      int number = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        final int n = number;
        Skill s =
            Skill.fromCode(cols[0])
                .orElseThrow(
                    () -> new IllegalArgumentException("line " + n + ": unknown skill " + cols[0]));
        if (cols.length != 2) {
          throw new IllegalArgumentException("line " + n + ": expected SKILL<TAB>words");
        }
        List<String> ws = words.computeIfAbsent(s, k -> new ArrayList<>());
        for (String w : cols[1].trim().split(" +")) {
          ws.add(w);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Lexicon(words);
  }

  /** The words of {@code skill}, as written. */
  public List<String> words(Skill skill) {
    return words.getOrDefault(skill, List.of());
  }

  /**
   * One feature per skill whose words {@code text} holds, covering the longest such word (the first
   * of the longest).
   */
  List<TextFeatures.Feature> features(String text) {
    String t = TextFeatures.normalise(text);
    Skill[] skills = Skill.values();
    int[] at = new int[skills.length];
    int[] length = new int[skills.length];
    for (int i = 0; i < t.length(); i++) {
      Node n = root;
      for (int j = i; j < t.length(); j++) {
        n = n.next.get(t.charAt(j));
        if (n == null) {
          break;
        }
        for (long m = n.skills; m != 0; m &= m - 1) {
          int s = Long.numberOfTrailingZeros(m);
          if (j + 1 - i > length[s]) {
            at[s] = i;
            length[s] = j + 1 - i;
          }
        }
      }
    }
    List<TextFeatures.Feature> out = new ArrayList<>();
    for (Skill s : skills) {
      if (length[s.ordinal()] > 0) {
        out.add(new TextFeatures.Feature(PREFIX + s.code(), at[s.ordinal()], length[s.ordinal()]));
      }
    }
    return out;
  }
}
