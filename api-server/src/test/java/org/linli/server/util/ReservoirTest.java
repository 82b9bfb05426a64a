package org.linli.server.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReservoirTest {
  @Test
  void fewerOffersThanCapacity_keepsThemAll_inOrder() {
    Reservoir<Integer> r = new Reservoir<>(8, 1);
    IntStream.range(0, 5).forEach(r::offer);
    assertThat(r.items()).containsExactly(0, 1, 2, 3, 4);
  }

  /**
   * Uniform: over many seeded runs of 1 000 offers into 50 slots, each tenth of the stream fills
   * about a tenth of the slots, and no item is kept twice. Expected 200 × 50 / 10 = 1 000 per
   * tenth; a sampler that always replaced (biased to the end) or never did (the first 50) falls far
   * outside ±15 %.
   */
  @Test
  void manyOffers_eachItemEquallyLikely() {
    int runs = 200;
    int[] perTenth = new int[10];
    for (int seed = 0; seed < runs; seed++) {
      Reservoir<Integer> r = new Reservoir<>(50, seed);
      IntStream.range(0, 1_000).forEach(r::offer);
      List<Integer> kept = r.items();
      assertThat(kept).hasSize(50).doesNotHaveDuplicates();
      kept.forEach(i -> perTenth[i / 100]++);
    }
    for (int t = 0; t < 10; t++) {
      assertThat(perTenth[t]).as("items kept from tenth %d of the stream", t).isBetween(850, 1_150);
    }
  }

  @Test
  void clear_forgetsTheSample_andLaterOffersStillCount() {
    Reservoir<Integer> r = new Reservoir<>(4, 7);
    IntStream.range(0, 10).forEach(r::offer);
    r.clear();
    assertThat(r.items()).isEmpty();
    r.offer(99);
    assertThat(r.items()).containsExactly(99);
  }
}
