package org.linli.core.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.cases.Need;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.SortOrder;
import org.linli.core.taxonomy.Skill;

class NeedIntakeTest {
  /** A classifier taught two words: 甲 is housing (and sensitive), 乙 employment. */
  private final NeedIntake intake =
      NeedIntake.with(
          NeedClassifier.train(
              List.of(
                  new LabelledNeed(List.of(Skill.HOUSING), true, "甲甲甲"),
                  new LabelledNeed(List.of(Skill.EMPLOYMENT), false, "乙乙乙")),
              new Lexicon(Map.of())));

  private static MatchRequest request(Set<Skill> skills, String text) {
    return new MatchRequest(
        new GeoPoint(22.54, 114.05),
        skills,
        text,
        Set.of(),
        List.of(),
        5_000,
        10,
        SortOrder.SCORE,
        false);
  }

  @Test
  void textWithoutSkillsIsMatchedOnTheBestSkill() {
    NeedIntake.Inferred in = intake.match(request(Set.of(), "甲"));
    assertThat(in.inferred()).containsExactly(Skill.HOUSING);
    assertThat(in.request().skills()).containsExactly(Skill.HOUSING);
    assertThat(in.request().text()).isEqualTo("甲");
  }

  @Test
  void chosenSkillsAndEmptyTextAreLeftAlone() {
    MatchRequest chosen = request(Set.of(Skill.ELDER_CARE), "甲");
    assertThat(intake.match(chosen)).isEqualTo(new NeedIntake.Inferred(chosen, Set.of()));
    MatchRequest blank = request(Set.of(), "  ");
    assertThat(intake.match(blank)).isEqualTo(new NeedIntake.Inferred(blank, Set.of()));
    MatchRequest unknown = request(Set.of(), "丙");
    assertThat(intake.match(unknown).inferred()).isEmpty();
  }

  @Test
  void aNeedGetsItsSkillFromTextOrElseDescription() {
    Need fromDescription =
        intake.need(new Need(request(Set.of(), ""), "乙", Need.Urgency.ROUTINE, null, false));
    assertThat(fromDescription.inferredSkills()).containsExactly(Skill.EMPLOYMENT);
    assertThat(fromDescription.match().skills()).containsExactly(Skill.EMPLOYMENT);
    assertThat(fromDescription.sensitive()).isFalse();
  }

  @Test
  void theClassifierMaySetSensitiveNeverClearIt() {
    Need flagged =
        intake.need(new Need(request(Set.of(), "甲"), null, Need.Urgency.ROUTINE, null, false));
    assertThat(flagged.sensitive()).isTrue();
    Need kept =
        intake.need(new Need(request(Set.of(), "乙"), null, Need.Urgency.ROUTINE, null, true));
    assertThat(kept.sensitive()).isTrue();
    // With skills chosen, no skill is inferred, but the text still marks the need sensitive.
    Need chosen =
        intake.need(
            new Need(
                request(Set.of(Skill.LEGAL_AID), "甲"), null, Need.Urgency.ROUTINE, null, false));
    assertThat(chosen.inferredSkills()).isEmpty();
    assertThat(chosen.match().skills()).containsExactly(Skill.LEGAL_AID);
    assertThat(chosen.sensitive()).isTrue();
  }

  @Test
  void noIntakeTakesNeedsAsSent() {
    Need posted = new Need(request(Set.of(), "甲"), null, Need.Urgency.ROUTINE, null, false);
    assertThat(NeedIntake.none().need(posted)).isSameAs(posted);
    assertThat(NeedIntake.none().classify("甲").skills()).isEmpty();
  }
}
