package org.linli.core.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ReservationsTest {
  @Test
  void reserveStopsAtCapacity_andFreeGivesTheUnitBack() {
    Reservations r = new Reservations(1, List.of()); // one imported case
    r = r.reserve("c1", "t1", 10, 3);
    r = r.reserve("c2", "t2", 11, 3);
    assertThat(r.activeCases()).isEqualTo(3);
    assertThat(r.reserve("c3", "t3", 12, 3)).isNull();
    r = r.free("c1", null);
    assertThat(r.activeCases()).isEqualTo(2);
    assertThat(r.free("c1", null)).isSameAs(r); // a repeated free changes nothing
    assertThat(r.unexplained()).isEqualTo(1);
  }

  @Test
  void aLosingAttemptFreesOnlyItsOwnToken() {
    Reservations r =
        new Reservations(0, List.of()).reserve("c1", "winner", 1, 5).reserve("c1", "loser", 2, 5);
    r = r.free("c1", "loser");
    assertThat(r.holds()).extracting(Reservations.Hold::token).containsExactly("winner");
    assertThat(r.activeCases()).isEqualTo(1);
  }

  @Test
  void settleKeepsOneHoldOfAnAcceptedCase_dropsTheRest_andLeavesRecentHoldsAlone() {
    Reservations r =
        new Reservations(0, List.of())
            .reserve("c1", "a", 1, 9)
            .reserve("c1", "b", 2, 9)
            .reserve("c2", "c", 3, 9)
            .reserve("c3", "d", 100, 9);
    assertThat(r.staleCases(50)).containsExactly("c1", "c2");
    Reservations settled = r.settle("c1", true, 50).settle("c2", false, 50).settle("c3", false, 50);
    assertThat(settled.holds()).extracting(Reservations.Hold::token).containsExactly("a", "d");
    assertThat(settled.activeCases()).isEqualTo(2);
  }

  @Test
  void adoptUsesAnUnexplainedUnitFirst_andNeverHoldsACaseTwice() {
    Reservations legacy = new Reservations(2, List.of());
    Reservations adopted = legacy.adopt("c1", 5);
    assertThat(adopted.activeCases()).isEqualTo(2);
    assertThat(adopted.adopt("c1", 6)).isSameAs(adopted);
    Reservations none = new Reservations(0, List.of()).adopt("c1", 5);
    assertThat(none.activeCases()).isEqualTo(1);
  }

  @Test
  void moreHoldsThanUnitsIsRejected() {
    assertThatThrownBy(() -> new Reservations(0, List.of(new Reservations.Hold("c", "t", 1))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Random interleavings of reserve and free against a brute-force model (a plain list of holds):
   * the counts agree, capacity is never passed by a reservation, and freeing everything returns to
   * the imported units.
   */
  @Property(tries = 300)
  void matchesABruteForceModel(
      @ForAll @IntRange(min = 0, max = 4) int imported,
      @ForAll @IntRange(min = 0, max = 6) int capacity,
      @ForAll long seed) {
    Random random = new Random(seed);
    Reservations r = new Reservations(imported, List.of());
    List<String[]> model = new ArrayList<>();
    for (int step = 0; step < 60; step++) {
      String caseId = "c" + random.nextInt(4);
      String token = "t" + random.nextInt(3);
      switch (random.nextInt(3)) {
        case 0 -> {
          Reservations next = r.reserve(caseId, token, step, capacity);
          if (imported + model.size() < capacity) {
            assertThat(next).isNotNull();
            model.add(new String[] {caseId, token});
            r = next;
          } else {
            assertThat(next).isNull();
          }
        }
        case 1 -> {
          r = r.free(caseId, token);
          model.removeIf(h -> h[0].equals(caseId) && h[1].equals(token));
        }
        default -> {
          r = r.free(caseId, null);
          model.removeIf(h -> h[0].equals(caseId));
        }
      }
      assertThat(r.holds()).hasSize(model.size());
      assertThat(r.activeCases()).isEqualTo(imported + model.size());
      assertThat(r.activeCases()).isLessThanOrEqualTo(Math.max(capacity, imported));
    }
    for (int c = 0; c < 4; c++) {
      r = r.free("c" + c, null);
    }
    assertThat(r.activeCases()).isEqualTo(imported);
  }
}
