package org.linli.geo.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.linli.core.match.Eligibility;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.taxonomy.Skill;
import org.linli.geo.region.RegionIndex;
import org.linli.geo.region.SyntheticRegions;
import org.locationtech.jts.geom.Envelope;

/**
 * The hex layer's work stays bounded: a provider whose service area spans a continent (stored
 * before the 100 km rule) costs a request only the requested tiles' cells, the search shrinks again
 * once it leaves, a computation stops at its deadline, and changes made while a computation runs
 * outside the lock never leave stale supply in the cache.
 */
class CoverageHexBoundsTest {
  private static final Envelope BOX = new Envelope(113.95, 114.10, 22.48, 22.60);

  private static CoverageModel model() {
    RegionIndex index =
        new RegionIndex(SyntheticRegions.of(3, CoverageModelTest.CENTRES, CoverageModelTest.BOX));
    return new CoverageModel(index);
  }

  private static Provider continent(String id) {
    GeoPolygon area =
        GeoPolygon.of(
            List.of(
                List.of(
                    List.of(
                        new double[] {70, 10},
                        new double[] {140, 10},
                        new double[] {140, 55},
                        new double[] {70, 55},
                        new double[] {70, 10}))));
    return new Provider(
        id,
        ProviderKind.PROJECT,
        id,
        "a7",
        new GeoPoint(31, 101),
        null,
        area,
        Set.of(Skill.ELDER_CARE),
        "",
        List.of("zh"),
        null,
        5,
        0,
        ProviderStatus.ACTIVE,
        null,
        null);
  }

  private static void assertEqualsBruteForce(
      CoverageModel model, Map<String, Provider> live, int res) {
    com.uber.h3core.H3Core h3 = H3.get();
    for (org.linli.core.coverage.Hex h : model.hexes(res, null, BOX)) {
      com.uber.h3core.util.LatLng c = h3.cellToLatLng(h.cell());
      long supply =
          live.values().stream()
              .filter(
                  p ->
                      p.status() == ProviderStatus.ACTIVE
                          && p.activeCases() < p.capacity()
                          && Eligibility.covers(p, new GeoPoint(c.lat, c.lng)))
              .count();
      assertThat(h.supply()).as("supply of %x", h.cell()).isEqualTo((int) supply);
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(
      value = 5,
      unit = TimeUnit.MINUTES) // a guard against a hang, not a speed target
  void aContinentSizedServiceArea_costsOnlyTheRequestedTiles_andTheSearchShrinksWhenItLeaves() {
    CoverageModel model = model();
    Map<String, Provider> live = new HashMap<>();
    Random random = new Random(7);
    for (int i = 0; i < 200; i++) {
      Provider p = CoverageModelTest.provider(random, i);
      model.upsertProvider(p);
      live.put(p.id(), p);
    }
    double before = model.searchReachMeters();
    model.upsertProvider(continent("huge"));
    live.put("huge", continent("huge"));
    assertEqualsBruteForce(
        model, live, 9); // rasterising the whole continent at resolution 9 took hours
    assertThat(model.searchReachMeters())
        .as("a far-reaching provider does not widen every search")
        .isLessThanOrEqualTo(HexSupply.SEARCH_REACH_METERS);
    model.removeProvider("huge");
    live.remove("huge");
    assertThat(model.searchReachMeters()).isEqualTo(before);
    assertEqualsBruteForce(model, live, 9);
    // The largest reach leaves too: the search shrinks to the next one.
    Provider widest =
        live.values().stream()
            .max((a, b) -> Double.compare(HexSupply.reachMeters(a), HexSupply.reachMeters(b)))
            .orElseThrow();
    model.removeProvider(widest.id());
    live.remove(widest.id());
    assertThat(model.searchReachMeters()).isLessThanOrEqualTo(before);
    assertThat(model.searchReachMeters())
        .isEqualTo(live.values().stream().mapToDouble(HexSupply::reachMeters).max().orElse(0));
  }

  @Test
  void aComputationPastItsDeadline_stops() {
    CoverageModel model = model();
    Random random = new Random(11);
    for (int i = 0; i < 300; i++) {
      model.upsertProvider(CoverageModelTest.provider(random, i));
    }
    assertThatThrownBy(() -> model.hexes(9, null, BOX, System.nanoTime() - 1))
        .isInstanceOf(org.linli.core.coverage.CoverageSource.TimedOut.class)
        .hasMessageContaining("smaller box");
    assertThat(model.hexes(9, null, BOX, System.nanoTime() + TimeUnit.MINUTES.toNanos(1)))
        .isNotEmpty();
  }

  @Test
  void changesWhileHexesAreComputed_leaveNoStaleSupplyInTheCache() throws Exception {
    CoverageModel model = model();
    Map<String, Provider> live = new java.util.concurrent.ConcurrentHashMap<>();
    Random random = new Random(3);
    for (int i = 0; i < 300; i++) {
      Provider p = CoverageModelTest.provider(random, i);
      model.upsertProvider(p);
      live.put(p.id(), p);
    }
    ExecutorService readers = Executors.newFixedThreadPool(2);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      List<Future<Integer>> reads = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        int res = 8 + r;
        reads.add(
            readers.submit(
                () -> {
                  int rounds = 0;
                  while (writing.get()) {
                    model.hexes(res, null, BOX);
                    rounds++;
                  }
                  return rounds;
                }));
      }
      for (int i = 0; i < 400; i++) {
        String id = "p" + random.nextInt(300);
        if (random.nextInt(4) == 0) {
          model.removeProvider(id);
          live.remove(id);
        } else {
          Provider p = CoverageModelTest.provider(random, Integer.parseInt(id.substring(1)));
          model.upsertProvider(p);
          live.put(id, p);
        }
        if (i % 50 == 0) {
          Thread.sleep(5);
        }
      }
      writing.set(false);
      for (Future<Integer> f : reads) {
        assertThat(f.get(2, TimeUnit.MINUTES)).isPositive();
      }
    } finally {
      readers.shutdownNow();
    }
    assertEqualsBruteForce(model, live, 8);
    assertEqualsBruteForce(model, live, 9);
  }
}
