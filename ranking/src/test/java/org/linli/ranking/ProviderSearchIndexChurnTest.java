package org.linli.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.linli.core.match.Eligibility;
import org.linli.core.match.Match;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.core.synthetic.SyntheticCity;

/**
 * An index written in many batches of every size, with replacements (moves, new shapes, new skills)
 * and removals mixed in, against the brute-force oracle: each write merges into existing cells, so
 * this checks that cells keep exactly the right entries, in scan order, with their polygons and the
 * cell's reach bounds.
 */
class ProviderSearchIndexChurnTest {
  @Test
  void batchedWritesWithChurn_equalBruteForce() {
    SyntheticCity city = new SyntheticCity(21, 0.02);
    Random random = new Random(5);
    ProviderSearchIndex index = new ProviderSearchIndex();
    Map<String, Provider> live = new LinkedHashMap<>();
    int polygons = 0;
    for (int round = 0; round < 60; round++) {
      List<Provider> batch = new ArrayList<>();
      int size = 1 + random.nextInt(random.nextBoolean() ? 10 : 400);
      for (int i = 0; i < size; i++) {
        // Mostly new ids, some existing ones again: the same id comes back moved, reshaped or
        // re-skilled.
        String id =
            !live.isEmpty() && random.nextInt(4) == 0
                ? new ArrayList<>(live.keySet()).get(random.nextInt(live.size()))
                : "c" + round + "-" + i;
        Provider p = city.provider(id);
        batch.add(p);
        polygons += p.serviceArea() != null ? 1 : 0;
      }
      index.upsertAll(batch);
      batch.forEach(p -> live.put(p.id(), p));
      if (round % 3 == 2) {
        List<String> gone = new ArrayList<>();
        for (String id : live.keySet()) {
          if (random.nextInt(8) == 0) {
            gone.add(id);
          }
        }
        index.removeAll(gone);
        gone.forEach(live::remove);
      }
    }
    assertThat(polygons).as("the writes must include polygon service areas").isGreaterThan(50);
    assertThat(index.size()).isEqualTo(live.size());

    SyntheticCity needs = new SyntheticCity(22, 0.02);
    int nonEmpty = 0;
    for (int q = 0; q < 300; q++) {
      MatchRequest r =
          ProviderSearchIndexOracleTest.randomRequest(random, needs, SortOrder.DISTANCE);
      MatchResult expected = Eligibility.bruteForce(live.values(), r);
      MatchResult actual = index.match(r);
      assertThat(actual.matches())
          .extracting(Match::providerId)
          .as("query %d %s", q, r)
          .containsExactlyElementsOf(expected.matches().stream().map(Match::providerId).toList());
      assertThat(actual.total()).as("total of query %d", q).isEqualTo(expected.total());
      nonEmpty += expected.matches().isEmpty() ? 0 : 1;
    }
    assertThat(nonEmpty).isGreaterThan(150);
    for (int q = 0; q < 150; q++) {
      MatchRequest r = ProviderSearchIndexOracleTest.randomRequest(random, needs, SortOrder.SCORE);
      TextQuery text = r.text().isBlank() ? TextQuery.EMPTY : index.textQuery(r.text());
      List<BruteForceScores.Scored> expected =
          BruteForceScores.rank(live.values(), r, text, p -> index.textDocOf(p.id()));
      assertThat(index.match(r).matches())
          .extracting(Match::providerId)
          .as("query %d %s", q, r)
          .containsExactlyElementsOf(
              expected.stream().limit(r.limit()).map(s -> s.provider().id()).toList());
    }
  }

  @Test
  void bulkLoadInParts_isInvisibleUntilClosed_thenEqualsBruteForce() {
    SyntheticCity city = new SyntheticCity(23, 0.02);
    Random random = new Random(6);
    ProviderSearchIndex index = new ProviderSearchIndex();
    Map<String, Provider> before = new LinkedHashMap<>();
    for (Provider p : city.providers(2_000, "old")) {
      before.put(p.id(), p);
    }
    index.upsertAll(before.values());
    Map<String, Provider> after = new LinkedHashMap<>(before);
    SyntheticCity needs = new SyntheticCity(24, 0.02);
    try (ProviderSearchIndex.BulkLoad load = index.bulkLoad()) {
      for (int part = 0; part < 5; part++) {
        List<Provider> providers = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
          // Some ids of the index before the load, some of earlier parts (replaced before they
          // reach a cell).
          String id =
              switch (random.nextInt(5)) {
                case 0 -> "old" + random.nextInt(2_000);
                case 1 ->
                    part == 0
                        ? "new0-" + i
                        : "new" + random.nextInt(part) + "-" + random.nextInt(1_000);
                default -> "new" + part + "-" + i;
              };
          providers.add(city.provider(id));
        }
        load.add(providers);
        providers.forEach(p -> after.put(p.id(), p));
        MatchRequest r =
            ProviderSearchIndexOracleTest.randomRequest(random, needs, SortOrder.DISTANCE);
        assertThat(index.match(r).matches())
            .extracting(Match::providerId)
            .as("during the load: the old index")
            .containsExactlyElementsOf(
                Eligibility.bruteForce(before.values(), r).matches().stream()
                    .map(Match::providerId)
                    .toList());
      }
    }
    assertThat(index.size()).isEqualTo(after.size());
    for (int q = 0; q < 200; q++) {
      MatchRequest r =
          ProviderSearchIndexOracleTest.randomRequest(
              random, needs, q % 2 == 0 ? SortOrder.DISTANCE : SortOrder.SCORE);
      if (r.sort() == SortOrder.DISTANCE) {
        MatchResult expected = Eligibility.bruteForce(after.values(), r);
        MatchResult actual = index.match(r);
        assertThat(actual.matches())
            .extracting(Match::providerId)
            .as("query %d %s", q, r)
            .containsExactlyElementsOf(expected.matches().stream().map(Match::providerId).toList());
        assertThat(actual.total()).isEqualTo(expected.total());
      } else {
        TextQuery text = r.text().isBlank() ? TextQuery.EMPTY : index.textQuery(r.text());
        List<BruteForceScores.Scored> expected =
            BruteForceScores.rank(after.values(), r, text, p -> index.textDocOf(p.id()));
        assertThat(index.match(r).matches())
            .extracting(Match::providerId)
            .as("query %d %s", q, r)
            .containsExactlyElementsOf(
                expected.stream().limit(r.limit()).map(s -> s.provider().id()).toList());
      }
    }
  }

  @Test
  void bulkLoadOnAnInterruptedThread_entersEveryPart_andKeepsTheInterrupt() {
    SyntheticCity city = new SyntheticCity(25, 0.02);
    ProviderSearchIndex index = new ProviderSearchIndex();
    List<Provider> all = new ArrayList<>();
    Thread.currentThread().interrupt();
    try {
      try (ProviderSearchIndex.BulkLoad load = index.bulkLoad()) {
        for (int part = 0; part < 4; part++) {
          List<Provider> providers = city.providers(3_000, "i");
          load.add(providers);
          all.addAll(providers);
        }
      }
      assertThat(Thread.currentThread().isInterrupted())
          .as("the caller's interrupt is kept")
          .isTrue();
    } finally {
      Thread.interrupted();
    }
    // Close waited for the last part to be entered before building the cells.
    assertThat(index.size()).isEqualTo(all.size());
    Random random = new Random(8);
    SyntheticCity needs = new SyntheticCity(26, 0.02);
    for (int q = 0; q < 100; q++) {
      MatchRequest r =
          ProviderSearchIndexOracleTest.randomRequest(random, needs, SortOrder.DISTANCE);
      MatchResult expected = Eligibility.bruteForce(all, r);
      MatchResult actual = index.match(r);
      assertThat(actual.matches())
          .extracting(Match::providerId)
          .as("query %d %s", q, r)
          .containsExactlyElementsOf(expected.matches().stream().map(Match::providerId).toList());
      assertThat(actual.total()).isEqualTo(expected.total());
    }
  }
}
