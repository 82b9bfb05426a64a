package org.linli.core.intake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.linli.core.taxonomy.Skill;

/**
 * Free text to skills: a linear model (multinomial logistic regression) over a need's characters,
 * pairs and triples of characters ({@link TextFeatures}) and, for each skill, whether the text
 * holds one of the words residents use for it ({@code skill-words.tsv}); trained when the
 * classifier is built from the labelled needs kept with it ({@code needs-train.tsv}), each of those
 * words, and each skill's label and keywords. A second linear model over the same features says
 * whether the need is sensitive; a short list of words that always mean risk (suicide, self-harm,
 * sexual assault, domestic violence, community correction) flags a need whatever that model says.
 *
 * <p>In process, no network, deterministic (a fixed shuffle), and explainable: each skill comes
 * with the words of the text that weighed most for it over the other skills.
 */
public final class NeedClassifier {
  /**
   * The classifier reads at most this many characters of a text (the most a match's text may have):
   * a need says what it is about early, and the cost grows with the length.
   */
  public static final int MAX_READ = 1_000;

  /** At most this many skills are answered. */
  public static final int MAX_SKILLS = 3;

  /** Skills less likely than this are not answered. */
  static final double MIN_CONFIDENCE = 0.03;

  /** At most this many pieces of evidence per skill. */
  static final int MAX_EVIDENCE = 3;

  /** Sensitive when the sensitivity model's probability reaches this. */
  static final double SENSITIVE_AT = 0.3;

  private static final int EPOCHS = 40;
  private static final double LEARNING_RATE = 0.6;
  private static final double L2 = 1e-5;
  private static final long SEED = 20261207L;

  /**
   * Words that mean risk on their own (normalised as {@link TextFeatures#normalise} does): a need
   * that contains one is sensitive whatever the model says.
   */
  private static final List<String> ALWAYS_SENSITIVE =
      normalised(
          // suicide and self-harm
          "自杀",
          "轻生",
          "不想活",
          "唔想活",
          "想死",
          "寻死",
          "去死",
          "跳楼",
          "跳河",
          "跳桥",
          "天台",
          "上吊",
          "烧炭",
          "喝农药",
          "吞药",
          "安眠药",
          "割腕",
          "自残",
          "自伤",
          "伤害自己",
          "烫自己",
          "划自己",
          "打自己",
          "刀痕",
          "结束生命",
          "结束自己",
          "一了百了",
          "遗书",
          "不如死",
          "死了算了",
          "不想生存",
          "活着没意思",
          "活着太累",
          "活不下去",
          "想消失",
          // sexual assault
          "性侵",
          "强奸",
          "猥亵",
          "被侵犯",
          "被人侵犯",
          "性骚扰",
          "摸她",
          "摸他",
          "动手动脚",
          // domestic violence
          "家暴",
          "家庭暴力",
          "保护令",
          "庇护所",
          "拿刀",
          "打得",
          "打我",
          "打她",
          "被打",
          "挨打",
          "掐我",
          "掐她",
          // child abuse and neglect
          "打孩子",
          "打小孩",
          "虐待",
          "虐童",
          "关在",
          "锁在",
          "童工",
          "没饭吃",
          "冇饭食",
          "饿得",
          "没看到大人",
          // community correction
          "缓刑",
          "假释",
          "刑满",
          "刑释",
          "案底",
          "出狱",
          "坐牢",
          "坐监",
          "服刑",
          "释放",
          "社区矫正",
          "在矫",
          "矫正",
          "监外执行",
          "前科",
          "犯罪记录");

  private static List<String> normalised(String... words) {
    return java.util.Arrays.stream(words).map(TextFeatures::normalise).toList();
  }

  /** A need whose most likely skill is one of these, at least this likely, is sensitive. */
  private static final double SENSITIVE_SKILL_AT = 0.3;

  /** A skill with its likelihood and the words of the text that decided. */
  public record SkillGuess(Skill skill, double confidence, List<String> evidence) {
    public SkillGuess {
      evidence = List.copyOf(evidence);
    }
  }

  /**
   * What a text asks for.
   *
   * @param skills at most {@value #MAX_SKILLS}, most likely first; empty when the text has nothing
   *     the model knows
   * @param sensitive whether the need looks sensitive
   */
  public record Classification(List<SkillGuess> skills, boolean sensitive) {
    public Classification {
      skills = List.copyOf(skills);
    }

    /** The most likely skill when its confidence reaches {@code min}. */
    public Optional<Skill> confident(double min) {
      return skills.isEmpty() || skills.get(0).confidence() < min
          ? Optional.empty()
          : Optional.of(skills.get(0).skill());
    }
  }

  private final Map<String, Integer> index;
  private final Lexicon lexicon;
  private final Skill[] classes;

  /** weights[f * k + c]. */
  private final float[] weights;

  private final float[] bias;
  private final float[] sensitiveWeights;
  private final float[] sensitiveBias;

  private NeedClassifier(
      Map<String, Integer> index,
      Lexicon lexicon,
      Skill[] classes,
      float[] weights,
      float[] bias,
      float[] sensitiveWeights,
      float[] sensitiveBias) {
    this.index = index;
    this.lexicon = lexicon;
    this.classes = classes;
    this.weights = weights;
    this.bias = bias;
    this.sensitiveWeights = sensitiveWeights;
    this.sensitiveBias = sensitiveBias;
  }

  private static final class Standard {
    static final NeedClassifier INSTANCE = train(standardTrainingSet(), Lexicon.standard());
  }

  /** The classifier trained on the labelled needs kept with it; built once, on first use. */
  public static NeedClassifier standard() {
    return Standard.INSTANCE;
  }

  /**
   * The labelled needs the standard classifier learns from: {@code needs-train.tsv}, each word of
   * the standard {@link Lexicon}, and each skill's label and keywords. A word or label is sensitive
   * for the skills that always are (domestic violence, community correction) and when it is one of
   * the words that always mean risk.
   */
  public static List<LabelledNeed> standardTrainingSet() {
    List<LabelledNeed> out = new ArrayList<>();
    try (InputStream in = NeedClassifier.class.getResourceAsStream("needs-train.tsv")) {
      if (in == null) {
        throw new IllegalStateException("needs-train.tsv is missing from the classpath");
      }
      out.addAll(LabelledNeed.read(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Lexicon lexicon = Lexicon.standard();
    for (Skill s : Skill.values()) {
      boolean always = s == Skill.DOMESTIC_VIOLENCE || s == Skill.COMMUNITY_CORRECTION;
      List<String> words = new ArrayList<>(lexicon.words(s));
      words.add(s.labelZh());
      words.add(s.keywordsZh());
      for (String w : words) {
        out.add(new LabelledNeed(List.of(s), always || alwaysSensitive(w), w));
      }
    }
    return out;
  }

  /** The features of {@code text}: its character n-grams, then the lexicon's skills it names. */
  private static List<TextFeatures.Feature> features(String text, Lexicon lexicon) {
    List<TextFeatures.Feature> fs = new ArrayList<>(TextFeatures.of(text));
    fs.addAll(lexicon.features(text));
    return fs;
  }

  /**
   * A classifier trained on {@code needs} (their right skills and sensitive marks), with {@code
   * lexicon} as features.
   */
  public static NeedClassifier train(List<LabelledNeed> needs, Lexicon lexicon) {
    Skill[] classes = Skill.values();
    int k = classes.length;
    Map<String, Integer> index = new HashMap<>();
    List<int[]> xs = new ArrayList<>(needs.size());
    for (LabelledNeed n : needs) {
      List<TextFeatures.Feature> fs = features(n.text(), lexicon);
      int[] x = new int[fs.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = index.computeIfAbsent(fs.get(i).text(), t -> index.size());
      }
      xs.add(x);
    }
    int nf = index.size();
    float[] w = new float[nf * k];
    float[] gw = new float[nf * k];
    float[] b = new float[k];
    float[] gb = new float[k];
    float[] sw = new float[nf];
    float[] gsw = new float[nf];
    float[] sb = new float[1];
    float[] gsb = new float[1];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < needs.size(); i++) {
      order.add(i);
    }
    Random random = new Random(SEED);
    double[] p = new double[k];
    for (int epoch = 0; epoch < EPOCHS; epoch++) {
      Collections.shuffle(order, random);
      for (int i : order) {
        int[] x = xs.get(i);
        if (x.length == 0) {
          continue;
        }
        LabelledNeed n = needs.get(i);
        double v = 1 / Math.sqrt(x.length);
        probabilities(x, v, w, b, k, p);
        int y = n.skill().ordinal();
        for (int c = 0; c < k; c++) {
          double g = p[c] - (c == y ? 1 : 0);
          for (int f : x) {
            int at = f * k + c;
            double grad = g * v + L2 * w[at];
            gw[at] += (float) (grad * grad);
            w[at] -= (float) (LEARNING_RATE * grad / Math.sqrt(gw[at] + 1e-8));
          }
          gb[c] += (float) (g * g);
          b[c] -= (float) (LEARNING_RATE * g / Math.sqrt(gb[c] + 1e-8));
        }
        double s = sigmoid(dot(x, v, sw) + sb[0]);
        double g = s - (n.sensitive() ? 1 : 0);
        for (int f : x) {
          double grad = g * v + L2 * sw[f];
          gsw[f] += (float) (grad * grad);
          sw[f] -= (float) (LEARNING_RATE * grad / Math.sqrt(gsw[f] + 1e-8));
        }
        gsb[0] += (float) (g * g);
        sb[0] -= (float) (LEARNING_RATE * g / Math.sqrt(gsb[0] + 1e-8));
      }
    }
    return new NeedClassifier(Map.copyOf(index), lexicon, classes, w, b, sw, sb);
  }

  private static void probabilities(int[] x, double v, float[] w, float[] b, int k, double[] p) {
    double max = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < k; c++) {
      double s = b[c];
      for (int f : x) {
        s += w[f * k + c] * v;
      }
      p[c] = s;
      max = Math.max(max, s);
    }
    double sum = 0;
    for (int c = 0; c < k; c++) {
      p[c] = Math.exp(p[c] - max);
      sum += p[c];
    }
    for (int c = 0; c < k; c++) {
      p[c] /= sum;
    }
  }

  private static double dot(int[] x, double v, float[] w) {
    double s = 0;
    for (int f : x) {
      s += w[f] * v;
    }
    return s;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** What {@code text} (its first {@value #MAX_READ} characters) asks for. */
  public Classification classify(String whole) {
    String text = whole.length() <= MAX_READ ? whole : whole.substring(0, MAX_READ);
    List<TextFeatures.Feature> all = features(text, lexicon);
    List<TextFeatures.Feature> known = new ArrayList<>(all.size());
    int[] x = new int[all.size()];
    int n = 0;
    for (TextFeatures.Feature f : all) {
      Integer i = index.get(f.text());
      if (i != null) {
        known.add(f);
        x[n++] = i;
      }
    }
    boolean flagged = alwaysSensitive(text);
    if (n == 0) {
      return new Classification(List.of(), flagged);
    }
    x = java.util.Arrays.copyOf(x, n);
    int k = classes.length;
    double v = 1 / Math.sqrt(all.size());
    double[] p = new double[k];
    probabilities(x, v, weights, bias, k, p);
    Integer[] byLikelihood = new Integer[k];
    for (int c = 0; c < k; c++) {
      byLikelihood[c] = c;
    }
    java.util.Arrays.sort(byLikelihood, Comparator.comparingDouble((Integer c) -> -p[c]));
    List<SkillGuess> skills = new ArrayList<>(MAX_SKILLS);
    for (int r = 0; r < MAX_SKILLS && p[byLikelihood[r]] >= MIN_CONFIDENCE; r++) {
      int c = byLikelihood[r];
      skills.add(new SkillGuess(classes[c], p[c], evidence(text, known, x, c)));
    }
    Skill best = classes[byLikelihood[0]];
    boolean sensitive =
        flagged
            || ((best == Skill.DOMESTIC_VIOLENCE || best == Skill.COMMUNITY_CORRECTION)
                && p[byLikelihood[0]] >= SENSITIVE_SKILL_AT)
            || sigmoid(dot(x, v, sensitiveWeights) + sensitiveBias[0]) >= SENSITIVE_AT;
    return new Classification(skills, sensitive);
  }

  private static boolean alwaysSensitive(String text) {
    String t = TextFeatures.normalise(text);
    for (String w : ALWAYS_SENSITIVE) {
      if (t.contains(w)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The pieces of {@code text} that weighed most for class {@code c} over the average class: the
   * strongest features, overlapping ones joined into one piece of the text as typed.
   */
  private List<String> evidence(String text, List<TextFeatures.Feature> known, int[] x, int c) {
    int k = classes.length;
    record Weighed(int from, int to, double weight) {}
    List<Weighed> ws = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      double mean = 0;
      for (int o = 0; o < k; o++) {
        mean += weights[x[i] * k + o];
      }
      double margin = weights[x[i] * k + c] - mean / k;
      if (margin > 0) {
        TextFeatures.Feature f = known.get(i);
        ws.add(new Weighed(f.offset(), f.offset() + f.length(), margin));
      }
    }
    ws.sort(Comparator.comparingDouble((Weighed w) -> -w.weight()));
    List<Weighed> top = new ArrayList<>(ws.subList(0, Math.min(ws.size(), 2 * MAX_EVIDENCE)));
    top.sort(Comparator.comparingInt(Weighed::from));
    List<Weighed> joined = new ArrayList<>();
    for (Weighed w : top) {
      Weighed last = joined.isEmpty() ? null : joined.get(joined.size() - 1);
      if (last != null && w.from() <= last.to()) {
        joined.set(
            joined.size() - 1,
            new Weighed(
                last.from(), Math.max(last.to(), w.to()), Math.max(last.weight(), w.weight())));
      } else {
        joined.add(w);
      }
    }
    // Pieces of two characters or more first (a single character rarely explains), then by weight.
    joined.sort(
        Comparator.comparing((Weighed w) -> w.to() - w.from() < 2)
            .thenComparingDouble((Weighed w) -> -w.weight()));
    List<String> out = new ArrayList<>(MAX_EVIDENCE);
    for (Weighed w : joined) {
      if (w.to() - w.from() < 2 && !out.isEmpty()) {
        break;
      }
      String piece = text.substring(w.from(), w.to());
      if (!out.contains(piece)) {
        out.add(piece);
      }
      if (out.size() == MAX_EVIDENCE) {
        break;
      }
    }
    return out;
  }
}
