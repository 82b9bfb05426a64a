package org.linli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.linli.core.intake.NeedClassifier.Classification;
import org.linli.core.intake.NeedClassifier.SkillGuess;
import org.linli.core.taxonomy.Skill;

class NeedClassifierTest {
  private final NeedClassifier classifier = NeedClassifier.standard();

  /** Whatever the text: at most three skills, most likely first, evidence taken from the text. */
  @Property(tries = 300)
  void answersAreWellFormed(@ForAll @StringLength(max = 80) String text) {
    Classification c = classifier.classify(text);
    assertThat(c.skills()).hasSizeLessThanOrEqualTo(NeedClassifier.MAX_SKILLS);
    double previous = 1;
    double sum = 0;
    for (SkillGuess g : c.skills()) {
      assertThat(g.confidence()).isBetween(NeedClassifier.MIN_CONFIDENCE, previous);
      previous = g.confidence();
      sum += g.confidence();
      assertThat(g.evidence()).hasSizeLessThanOrEqualTo(NeedClassifier.MAX_EVIDENCE);
      assertThat(g.evidence()).allSatisfy(e -> assertThat(text).contains(e));
    }
    assertThat(sum).isLessThanOrEqualTo(1.0 + 1e-9);
    assertThat(c.skills().stream().map(SkillGuess::skill).distinct()).hasSameSizeAs(c.skills());
  }

  @Test
  void textWithNothingKnownHasNoSkills() {
    assertThat(classifier.classify("").skills()).isEmpty();
    assertThat(classifier.classify("🙂🙂 ").skills()).isEmpty();
  }

  @Test
  void evidenceIsTheTextAsTyped() {
    // Traditional characters are folded to simplified for the model, but the evidence quotes
    // the resident's own characters.
    Classification c = classifier.classify("我媽媽八十多歲，一個人住，想請人上門照顧");
    assertThat(c.skills().get(0).skill()).isEqualTo(Skill.ELDER_CARE);
    assertThat(c.skills().get(0).evidence())
        .isNotEmpty()
        .allSatisfy(e -> assertThat("我媽媽八十多歲，一個人住，想請人上門照顧").contains(e));
  }

  @Test
  void cantoneseAndMandarinMeanTheSame() {
    // 揾 and 找 are folded together: the same need in either reads the same.
    Classification mandarin = classifier.classify("想找工作");
    Classification cantonese = classifier.classify("想揾工作");
    assertThat(cantonese.skills().get(0).skill()).isEqualTo(mandarin.skills().get(0).skill());
    assertThat(cantonese.skills().get(0).confidence())
        .isCloseTo(
            mandarin.skills().get(0).confidence(), org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void wordsOfRiskAlwaysFlag() {
    assertThat(classifier.classify("我真的不想活了").sensitive()).isTrue();
    assertThat(classifier.classify("想找人教我用智能手机").sensitive()).isFalse();
  }

  @Test
  void trainingIsDeterministic() {
    List<LabelledNeed> set = NeedClassifier.standardTrainingSet();
    NeedClassifier again = NeedClassifier.train(set, Lexicon.standard());
    for (String text : List.of("老人家需要人照顾", "孩子在学校被欺负", "房东不退押金")) {
      assertThat(again.classify(text)).isEqualTo(classifier.classify(text));
    }
  }

  @Test
  void aModelLearnsOnlyWhatItIsTaught() {
    // Two skills, taught apart by one word each: the model follows the teaching, not a list.
    List<LabelledNeed> set =
        List.of(
            new LabelledNeed(List.of(Skill.HOUSING), false, "甲甲甲"),
            new LabelledNeed(List.of(Skill.EMPLOYMENT), false, "乙乙乙"));
    NeedClassifier tiny = NeedClassifier.train(set, new Lexicon(java.util.Map.of()));
    assertThat(tiny.classify("甲").skills().get(0).skill()).isEqualTo(Skill.HOUSING);
    assertThat(tiny.classify("乙").skills().get(0).skill()).isEqualTo(Skill.EMPLOYMENT);
    assertThat(tiny.classify("甲").skills().get(0).evidence()).containsExactly("甲");
  }

  @Test
  void labelledSetsAreReadStrictly() {
    String ok = "# comment\nELDER_CARE|HOUSING\tS\t老人没地方住\n\n";
    List<LabelledNeed> read =
        LabelledNeed.read(new ByteArrayInputStream(ok.getBytes(StandardCharsets.UTF_8)));
    assertThat(read)
        .containsExactly(
            new LabelledNeed(List.of(Skill.ELDER_CARE, Skill.HOUSING), true, "老人没地方住"));
    assertThatThrownBy(
            () ->
                LabelledNeed.read(
                    new ByteArrayInputStream("NOPE\t-\t文字".getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("line 1")
        .hasMessageContaining("NOPE");
    assertThatThrownBy(
            () ->
                LabelledNeed.read(
                    new ByteArrayInputStream("HOUSING\tX\t文字".getBytes(StandardCharsets.UTF_8))))
        .hasMessageContaining("line 1");
  }
}
