package org.linli.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.linli.core.provider.Provider;
import org.linli.core.synthetic.SyntheticCity;

/**
 * A bucket's layout after writes of every size: each quarter's run holds exactly the entries that
 * lie in that quarter, farthest-reaching first, with records that match their entries, and the
 * quarter's farthest reach. The match's bounds rely on this (an entry in the wrong quarter, or out
 * of order, could be skipped).
 */
class BucketQuarterTest {
  @Test
  void quarterOf_pointLiesInThatQuartersBox() {
    Random random = new Random(3);
    for (int i = 0; i < 100_000; i++) {
      // Some points exactly on the grid's lines, where rounding decides, the poles and 180°
      // included.
      double lat =
          random.nextBoolean()
              ? -90 + random.nextDouble() * 180
              : -90 + random.nextInt(9_001) * Grid.QUARTER_DEGREES;
      double lon =
          random.nextBoolean()
              ? -180 + random.nextDouble() * 360
              : -180 + random.nextInt(18_001) * Grid.QUARTER_DEGREES;
      Grid.Cell cell = Grid.Cell.of(lat, lon);
      int q = Grid.quarter(lat, lon, cell.latIndex(), cell.lonIndex());
      double south = cell.south() + ((q & 1) != 0 ? Grid.QUARTER_DEGREES : 0);
      double west = cell.west() + ((q & 2) != 0 ? Grid.QUARTER_DEGREES : 0);
      double x =
          lon - west > 180 ? lon - 360 : lon; // 180° is -180°, the west edge of the first column
      assertThat(lat)
          .as("lat %s lon %s quarter %d", lat, lon, q)
          .isBetween(south - 1e-9, south + Grid.QUARTER_DEGREES + 1e-9);
      assertThat(x)
          .as("lat %s lon %s quarter %d", lat, lon, q)
          .isBetween(west - 1e-9, west + Grid.QUARTER_DEGREES + 1e-9);
    }
  }

  @Test
  void writesOfEverySize_keepEachQuarterExactAndFarthestReachingFirst() {
    SyntheticCity city = new SyntheticCity(8, 0.03);
    ProviderSearchIndex index = new ProviderSearchIndex();
    // The busiest cell of a small city, and a pool of its providers to add, replace and remove.
    Map<Grid.Cell, List<Provider>> byCell = new HashMap<>();
    for (int i = 0; i < 20_000; i++) {
      Provider p = city.provider("p" + i);
      byCell
          .computeIfAbsent(
              Grid.Cell.of(p.location().lat(), p.location().lon()), c -> new ArrayList<>())
          .add(p);
    }
    Map.Entry<Grid.Cell, List<Provider>> busiest =
        byCell.entrySet().stream()
            .max(Comparator.comparingInt(e -> e.getValue().size()))
            .orElseThrow();
    Grid.Cell cell = busiest.getKey();
    List<Provider> pool = busiest.getValue();
    assertThat(pool.size()).isGreaterThan(500);

    Random random = new Random(11);
    Map<String, Entry> live = new LinkedHashMap<>();
    Bucket bucket = null;
    int polygons = 0;
    for (int round = 0; round < 80; round++) {
      List<Entry> removed = new ArrayList<>();
      List<Entry> added = new ArrayList<>();
      int size = 1 + random.nextInt(random.nextBoolean() ? 5 : 200);
      for (int k = 0; k < size; k++) {
        Provider p = pool.get(random.nextInt(pool.size()));
        Entry old = live.get(p.id());
        if (old != null && !removed.contains(old)) {
          removed.add(old);
        }
        if (old == null || random.nextBoolean()) {
          Entry e = entry(index, p);
          added.removeIf(a -> a.id.equals(e.id));
          added.add(e);
        }
      }
      bucket = Bucket.after(bucket, removed, added, cell.latIndex(), cell.lonIndex());
      removed.forEach(e -> live.remove(e.id));
      added.forEach(e -> live.put(e.id, e));
      if (bucket == null) {
        assertThat(live).isEmpty();
        continue;
      }
      polygons += checkLayout(bucket, cell, live);
    }
    assertThat(polygons).as("polygon entries checked").isPositive();
  }

  /**
   * Checks the layout of {@code b} against the live entries; returns how many polygon records it
   * checked.
   */
  private static int checkLayout(Bucket b, Grid.Cell cell, Map<String, Entry> live) {
    assertThat(b.size()).isEqualTo(live.size());
    assertThat(java.util.Arrays.stream(b.entries).map(Entry::id).collect(Collectors.toSet()))
        .isEqualTo(live.keySet());
    int polygons = 0;
    for (int i = 0; i < b.size(); i++) {
      Entry e = b.entries[i];
      int q = b.quarterOf(i);
      assertThat(q)
          .as("entry %d's quarter", i)
          .isEqualTo(Grid.quarter(e.lat, e.lon, cell.latIndex(), cell.lonIndex()));
      int h = i * Bucket.HOT;
      float reach = Float.intBitsToFloat(b.hot[h + Bucket.REACH2]);
      assertThat(reach).isEqualTo((float) e.reachChord2);
      if (i > b.quarterStart(q)) {
        assertThat(reach)
            .as("farthest-reaching first in quarter %d", q)
            .isLessThanOrEqualTo(Float.intBitsToFloat(b.hot[h - Bucket.HOT + Bucket.REACH2]));
      }
      assertThat(b.hot[h + Bucket.ID_HASH]).isEqualTo(e.idHash);
      assertThat(b.data[i * Bucket.COLD + Bucket.LAT]).isEqualTo(e.lat);
      assertThat(b.data[i * Bucket.COLD + Bucket.LON]).isEqualTo(e.lon);
      if (e.polygon != null) {
        int record = b.polygonStart + b.hot[h + Bucket.POLYGON];
        assertThat(b.data[record]).isEqualTo(e.polygon.minLat());
        assertThat(b.data[record + 3]).isEqualTo(e.polygon.maxLon());
        polygons++;
      }
    }
    for (int q = 0; q < 4; q++) {
      float first =
          b.quarterStart(q + 1) == b.quarterStart(q)
              ? Float.NEGATIVE_INFINITY
              : Float.intBitsToFloat(b.hot[b.quarterStart(q) * Bucket.HOT + Bucket.REACH2]);
      assertThat(b.quarterReach(q)).as("quarter %d's farthest reach", q).isEqualTo(first);
    }
    return polygons;
  }

  private static Entry entry(ProviderSearchIndex index, Provider p) {
    return new Entry(
        p, new TextDoc(new int[0], new int[0], (byte) 1, 0), 0L, index.ratingOf(p), false);
  }
}
