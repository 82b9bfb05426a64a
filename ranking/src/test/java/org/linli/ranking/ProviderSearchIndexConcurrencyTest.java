package org.linli.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.Eligibility;
import org.linli.core.match.Match;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.core.synthetic.SyntheticCity;

/**
 * Lock-free reads during writes: while one writer keeps moving providers across the city (creating
 * and emptying cells, growing the cell table), readers match continuously. Every answer must list
 * each provider at most once, in order, each eligible under some version the writer produced; once
 * writing stops, the index equals the oracle exactly.
 */
class ProviderSearchIndexConcurrencyTest {
  @Test
  void matchesDuringWrites_areWellFormed_andTheFinalStateEqualsTheOracle() throws Exception {
    ProviderSearchIndex index = new ProviderSearchIndex();
    SyntheticCity city = new SyntheticCity(17, 0.05);
    Map<String, List<Provider>> versions = new ConcurrentHashMap<>();
    Map<String, Provider> latest = new java.util.HashMap<>();
    for (Provider p : city.providers(3_000, "q")) {
      versions.computeIfAbsent(p.id(), k -> new CopyOnWriteArrayList<>()).add(p);
      latest.put(p.id(), p);
    }
    index.upsertAll(latest.values());

    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong answers = new AtomicLong();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    CountDownLatch readersDone = new CountDownLatch(3);
    for (int r = 0; r < 3; r++) {
      long seed = r;
      Thread reader =
          new Thread(
              () -> {
                Random random = new Random(seed);
                SyntheticCity needs = new SyntheticCity(100 + seed, 0.05);
                try {
                  while (writing.get()) {
                    MatchRequest q =
                        new MatchRequest(
                            needs.location(),
                            random.nextBoolean() ? needs.skills(1) : null,
                            "",
                            null,
                            null,
                            2_000 + random.nextInt(20_000),
                            20,
                            random.nextBoolean() ? SortOrder.DISTANCE : SortOrder.SCORE,
                            false);
                    MatchResult result = index.match(q);
                    List<String> ids = result.matches().stream().map(Match::providerId).toList();
                    assertThat(ids).doesNotHaveDuplicates();
                    assertThat(result.total()).isGreaterThanOrEqualTo(ids.size());
                    for (Match m : result.matches()) {
                      assertThat(versions.get(m.providerId()))
                          .anyMatch(v -> Eligibility.isEligible(v, q));
                    }
                    if (q.sort() == SortOrder.DISTANCE) {
                      for (int i = 1; i < ids.size(); i++) {
                        assertThat(result.matches().get(i).distanceMeters())
                            .isGreaterThanOrEqualTo(result.matches().get(i - 1).distanceMeters());
                      }
                    }
                    answers.incrementAndGet();
                  }
                } catch (Throwable t) {
                  failures.add(t);
                } finally {
                  readersDone.countDown();
                }
              });
      reader.start();
    }

    Random random = new Random(99);
    List<String> ids = new ArrayList<>(latest.keySet());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    int batches = 0;
    while (System.nanoTime() < deadline) {
      List<Provider> batch = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        String id = ids.get(random.nextInt(ids.size()));
        Provider old = latest.get(id);
        // Move it somewhere in a wide area (new cells appear, old ones empty), sometimes far away.
        GeoPoint to =
            random.nextInt(10) == 0
                ? new GeoPoint(
                    -60 + random.nextDouble() * 120, -179.9 + random.nextDouble() * 359.8)
                : city.location();
        Provider moved =
            new Provider(
                id,
                old.kind(),
                old.name(),
                old.agencyId(),
                to,
                old.serviceRadiusMeters(),
                old.serviceArea() == null ? null : old.serviceArea(),
                old.skills(),
                old.description(),
                old.languages(),
                old.qualification(),
                old.capacity(),
                random.nextInt(old.capacity() + 1),
                old.status(),
                old.rating(),
                old.updatedAt());
        if (moved.serviceArea() != null) {
          moved = old; // a polygon belongs to its place; leave those where they are
        }
        versions.get(id).add(moved);
        latest.put(id, moved);
        batch.add(moved);
      }
      index.upsertAll(batch);
      if (random.nextInt(5) == 0) {
        String gone = ids.get(random.nextInt(ids.size()));
        index.remove(gone);
        latest.remove(gone);
        ids.remove(gone);
      }
      batches++;
    }
    writing.set(false);
    assertThat(readersDone.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(failures).isEmpty();
    assertThat(batches).isGreaterThan(10);
    assertThat(answers.get()).isGreaterThan(100);

    // Quiescent: exactly the oracle.
    SyntheticCity needs = new SyntheticCity(7, 0.05);
    for (int q = 0; q < 200; q++) {
      MatchRequest r =
          new MatchRequest(
              needs.location(), null, "", null, null, 10_000, 50, SortOrder.DISTANCE, false);
      MatchResult expected = Eligibility.bruteForce(latest.values(), r);
      MatchResult actual = index.match(r);
      assertThat(actual.matches())
          .extracting(Match::providerId)
          .containsExactlyElementsOf(expected.matches().stream().map(Match::providerId).toList());
      assertThat(actual.total()).isEqualTo(expected.total());
    }
    assertThat(index.size()).isEqualTo(latest.size());
  }
}
