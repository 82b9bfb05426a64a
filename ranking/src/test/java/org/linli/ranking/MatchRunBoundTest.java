package org.linli.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/**
 * {@link MatchRun#lowerBoundCos}, which prunes and orders cells without inverse trigonometry,
 * against the definition it replaces, {@code cos(max(0, acos(dot) - h))}. An error must stay far
 * inside the dot band (1e-12) that the pruning allows for, or a cell holding an answer could be
 * skipped.
 */
class MatchRunBoundTest {
  @Property(tries = 3000)
  void equalsTheCosineOfTheAngularLowerBound(
      @ForAll @Scale(12) @DoubleRange(min = 0, max = 3.14) double centreAngle,
      @ForAll @Scale(12) @DoubleRange(min = 1e-9, max = 0.02) double halfDiagonal) {
    double dot = Math.cos(centreAngle);
    double expected = Math.cos(Math.max(0, Math.acos(dot) - halfDiagonal));
    double actual = MatchRun.lowerBoundCos(dot, Math.cos(halfDiagonal), Math.sin(halfDiagonal));
    assertThat(actual).isCloseTo(expected, within(1e-14));
  }

  @Property(tries = 3000)
  void holdsForCellsNearTheNeed(
      @ForAll @Scale(12) @DoubleRange(min = 0, max = 2e-3) double centreAngle,
      @ForAll @Scale(12) @DoubleRange(min = 1e-4, max = 5e-4) double halfDiagonal) {
    // Cells a few kilometres away, where 1 - dot is tiny and cancellation would show first.
    double dot = Math.cos(centreAngle);
    double expected = Math.cos(Math.max(0, Math.acos(dot) - halfDiagonal));
    double actual = MatchRun.lowerBoundCos(dot, Math.cos(halfDiagonal), Math.sin(halfDiagonal));
    assertThat(actual).isCloseTo(expected, within(1e-15));
  }

  @Test
  void isOneWhenTheNeedMayLieInTheCell() {
    double h = 3e-4;
    assertThat(MatchRun.lowerBoundCos(Math.cos(h / 2), Math.cos(h), Math.sin(h))).isEqualTo(1.0);
    assertThat(MatchRun.lowerBoundCos(1.0, Math.cos(h), Math.sin(h))).isEqualTo(1.0);
    // Just beyond: the bound is a little under one, and exactly cos(a - h).
    assertThat(MatchRun.lowerBoundCos(Math.cos(2 * h), Math.cos(h), Math.sin(h)))
        .isLessThan(1.0)
        .isCloseTo(Math.cos(h), within(1e-16));
  }
}
