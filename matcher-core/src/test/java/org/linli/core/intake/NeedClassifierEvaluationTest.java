package org.linli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.intake.NeedClassifier.Classification;
import org.linli.core.intake.NeedClassifier.SkillGuess;
import org.linli.core.taxonomy.Skill;

/**
 * The standard classifier on the held-out evaluation set ({@code needs-eval.tsv}, written apart
 * from the training set): the targets, and a report of accuracy per skill.
 */
class NeedClassifierEvaluationTest {
  private static List<LabelledNeed> eval;
  private static List<LabelledNeed> fresh;
  private static NeedClassifier classifier;

  @BeforeAll
  static void load() throws Exception {
    eval = read("needs-eval.tsv");
    fresh = read("needs-fresh.tsv");
    classifier = NeedClassifier.standard();
  }

  static List<LabelledNeed> read(String name) throws Exception {
    try (InputStream in = NeedClassifierEvaluationTest.class.getResourceAsStream(name)) {
      return LabelledNeed.read(in);
    }
  }

  /** The evaluation set shares no text with the training set. */
  @Test
  void evaluationIsHeldOut() {
    Set<String> training = new HashSet<>();
    for (LabelledNeed n : NeedClassifier.standardTrainingSet()) {
      training.add(TextFeatures.normalise(n.text()));
    }
    assertThat(eval).hasSizeGreaterThanOrEqualTo(400);
    assertThat(eval).noneMatch(n -> training.contains(TextFeatures.normalise(n.text())));
    assertThat(fresh).noneMatch(n -> training.contains(TextFeatures.normalise(n.text())));
  }

  /**
   * Figures of one set: how many, right at top 1, in top 3, sensitive, flagged, ordinary, flagged.
   */
  record Figures(
      int needs, int top1, int top3, int sensitive, int caught, int ordinary, int flagged) {}

  @Test
  void meetsTheTargetsAndReportsPerSkill() {
    Figures f = evaluate("held-out set", eval);
    assertThat(f.top1())
        .as("top-1 right")
        .isGreaterThanOrEqualTo((int) Math.ceil(0.90 * f.needs()));
    assertThat(f.top3())
        .as("right skill in top 3")
        .isGreaterThanOrEqualTo((int) Math.ceil(0.97 * f.needs()));
    assertThat(f.caught())
        .as("sensitive recall")
        .isGreaterThanOrEqualTo((int) Math.ceil(0.97 * f.sensitive()));
    assertThat(f.flagged())
        .as("false flags")
        .isLessThanOrEqualTo((int) Math.floor(0.10 * f.ordinary()));
  }

  /**
   * The second held-out set, written after the model was fixed. Its first report (in its header) is
   * the honest estimate for needs nobody here has seen; the training set grew after it, so its
   * figures now are optimistic, and they are reported, not asserted.
   */
  @Test
  void reportsTheFreshSet() {
    Figures f = evaluate("fresh set", fresh);
    assertThat(f.needs()).isGreaterThanOrEqualTo(140);
  }

  private static Figures evaluate(String name, List<LabelledNeed> eval) {
    Map<Skill, int[]> perSkill = new EnumMap<>(Skill.class);
    int top1 = 0;
    int top3 = 0;
    int sensitive = 0;
    int sensitiveFlagged = 0;
    int ordinary = 0;
    int ordinaryFlagged = 0;
    StringBuilder misses = new StringBuilder();
    for (LabelledNeed n : eval) {
      Classification c = classifier.classify(n.text());
      int[] tally = perSkill.computeIfAbsent(n.skill(), s -> new int[3]);
      tally[0]++;
      boolean right = !c.skills().isEmpty() && n.skills().contains(c.skills().get(0).skill());
      boolean inTop3 = c.skills().stream().anyMatch(g -> g.skill() == n.skill());
      if (right) {
        top1++;
        tally[1]++;
      } else {
        misses.append(
            String.format(
                Locale.ROOT,
                "  %s → %s  %s%n",
                n.skills(),
                c.skills().stream().map(NeedClassifierEvaluationTest::brief).toList(),
                n.text()));
      }
      if (inTop3) {
        top3++;
        tally[2]++;
      }
      if (n.sensitive()) {
        sensitive++;
        sensitiveFlagged += c.sensitive() ? 1 : 0;
        if (!c.sensitive()) {
          misses.append("  sensitive, not flagged: ").append(n.text()).append('\n');
        }
      } else {
        ordinary++;
        ordinaryFlagged += c.sensitive() ? 1 : 0;
        if (c.sensitive()) {
          misses.append("  flagged, not sensitive: ").append(n.text()).append('\n');
        }
      }
    }
    StringBuilder report = new StringBuilder();
    report.append(
        String.format(
            Locale.ROOT,
            "need classifier, %s of %d needs: top-1 %.1f %%, right skill in top 3 %.1f %%,"
                + " sensitive recall %.1f %% (%d/%d), false flags %.1f %% (%d/%d)%n",
            name,
            eval.size(),
            100.0 * top1 / eval.size(),
            100.0 * top3 / eval.size(),
            100.0 * sensitiveFlagged / sensitive,
            sensitiveFlagged,
            sensitive,
            100.0 * ordinaryFlagged / ordinary,
            ordinaryFlagged,
            ordinary));
    report.append(
        String.format(Locale.ROOT, "  %-24s %5s %7s %7s%n", "skill", "needs", "top-1", "top-3"));
    perSkill.forEach(
        (s, t) ->
            report.append(
                String.format(
                    Locale.ROOT,
                    "  %-24s %5d %6.1f%% %6.1f%%%n",
                    s,
                    t[0],
                    100.0 * t[1] / t[0],
                    100.0 * t[2] / t[0])));
    System.out.print(report);
    System.out.print(misses);
    return new Figures(
        eval.size(), top1, top3, sensitive, sensitiveFlagged, ordinary, ordinaryFlagged);
  }

  private static String brief(SkillGuess g) {
    return String.format(Locale.ROOT, "%s %.2f %s", g.skill(), g.confidence(), g.evidence());
  }
}
