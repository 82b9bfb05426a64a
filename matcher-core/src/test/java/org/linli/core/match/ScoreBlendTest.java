package org.linli.core.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoreBlendTest {
  @Test
  void forRequest_withoutText_sharesTextWeightOutAndStillSumsToOne() {
    ScoreBlend b = ScoreBlend.DEFAULT.forRequest(false);
    assertThat(b.textWeight()).isZero();
    assertThat(b.distanceWeight() + b.ratingWeight() + b.capacityWeight())
        .isCloseTo(1.0, within(1e-12));
    assertThat(b.distanceWeight() / b.ratingWeight()).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void distanceFactor_atHalfDistance_isOneHalf() {
    assertThat(ScoreBlend.distanceFactor(1_250, 5_000)).isCloseTo(0.5, within(1e-12));
    assertThat(ScoreBlend.distanceFactor(0, 5_000)).isEqualTo(1.0);
  }

  @Test
  void explain_contributionsAddUpToTheScore() {
    Explanation e = ScoreBlend.DEFAULT.explain(0.5, 0.25, 0.75, 1.0);
    assertThat(e.total()).isCloseTo(0.4 * 0.5 + 0.3 * 0.25 + 0.2 * 0.75 + 0.1, within(1e-12));
  }

  @Test
  void factors_stayInUnitRange() {
    assertThat(ScoreBlend.ratingFactor(1)).isZero();
    assertThat(ScoreBlend.ratingFactor(5)).isEqualTo(1.0);
    assertThat(ScoreBlend.capacityFactor(0, 0)).isZero();
    assertThat(ScoreBlend.capacityFactor(10, 12)).isZero();
    assertThat(ScoreBlend.capacityFactor(10, 5)).isEqualTo(0.5);
  }
}
