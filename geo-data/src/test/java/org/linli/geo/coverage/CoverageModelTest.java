package org.linli.geo.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.rating.Rating;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.core.taxonomy.Skill;
import org.linli.geo.region.RegionIndex;
import org.linli.geo.region.SyntheticRegions;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * The incremental model against a brute-force recount, and the covered share against a plain JTS
 * union.
 */
class CoverageModelTest {
  static final double[][] CENTRES = {{22.54, 114.06, 10}, {22.55, 114.13, 8}, {22.53, 113.93, 9}};
  static final double[] BOX = {22.45, 113.85, 0.20, 0.35};
  static final List<Skill> SKILLS =
      List.of(Skill.ELDER_CARE, Skill.CHILD_WELFARE, Skill.MENTAL_HEALTH);

  static Provider provider(Random random, int i) {
    double lat = BOX[0] - 0.02 + random.nextDouble() * (BOX[2] + 0.04);
    double lon = BOX[1] - 0.02 + random.nextDouble() * (BOX[3] + 0.04);
    Set<Skill> skills = EnumSet.noneOf(Skill.class);
    skills.add(SKILLS.get(random.nextInt(3)));
    if (random.nextBoolean()) {
      skills.add(SKILLS.get(random.nextInt(3)));
    }
    GeoPolygon area = null;
    Double radius = 500.0 + random.nextDouble() * 3_500;
    if (random.nextInt(8) == 0) {
      double d = 0.01 + random.nextDouble() * 0.02;
      area =
          GeoPolygon.of(
              List.of(
                  List.of(
                      List.of(
                          new double[] {lon - d, lat - d},
                          new double[] {lon + d, lat - d},
                          new double[] {lon, lat + d},
                          new double[] {lon - d, lat - d}))));
      radius = null;
    }
    int capacity = 1 + random.nextInt(5);
    long count = random.nextInt(4);
    Rating rating = count == 0 ? null : new Rating(1.0 + random.nextInt(5), count, 3.0);
    return new Provider(
        "p" + i,
        ProviderKind.values()[random.nextInt(3)],
        "p" + i,
        null,
        new GeoPoint(lat, lon),
        radius,
        area,
        skills,
        "",
        List.of("zh"),
        null,
        capacity,
        random.nextInt(capacity + 1),
        random.nextInt(6) == 0 ? ProviderStatus.INACTIVE : ProviderStatus.ACTIVE,
        rating,
        null);
  }

  @Test
  void incrementalFigures_equalABruteForceRecount_andCoveredSharesEqualAPlainUnion() {
    List<RegionIndex.Bounded> bounded = SyntheticRegions.of(3, CENTRES, BOX);
    RegionIndex index = new RegionIndex(bounded);
    CoverageModel model = new CoverageModel(index);
    Random random = new Random(42);
    Map<String, Provider> live = new HashMap<>();
    Map<String, CoverageModel.Need> liveNeeds = new HashMap<>();
    for (int i = 0; i < 300; i++) {
      Provider p = provider(random, i);
      model.upsertProvider(p);
      live.put(p.id(), p);
    }
    for (int i = 0; i < 200; i++) {
      CoverageModel.Need n =
          new CoverageModel.Need(
              new GeoPoint(
                  BOX[0] + random.nextDouble() * BOX[2], BOX[1] + random.nextDouble() * BOX[3]),
              Set.of(SKILLS.get(random.nextInt(3))),
              random.nextInt(3) == 0);
      model.upsertNeed("n" + i, n);
      liveNeeds.put("n" + i, n);
    }
    model.figures(
        RegionLevel.DISTRICT, null); // computes shares, so that later changes must mark them stale
    model.figures(RegionLevel.STREET, Skill.ELDER_CARE);
    Envelope box = new Envelope(113.95, 114.10, 22.48, 22.60);
    model.hexes(
        8, null, box); // fills the tile caches, so that later changes must drop what they touch
    model.hexes(9, Skill.CHILD_WELFARE, box);
    // Changes after the first computation: moves, removals, status flips, needs met.
    for (int i = 0; i < 120; i++) {
      String id = "p" + random.nextInt(300);
      if (random.nextInt(4) == 0) {
        model.removeProvider(id);
        live.remove(id);
      } else {
        Provider p = provider(random, Integer.parseInt(id.substring(1)));
        model.upsertProvider(p);
        live.put(id, p);
      }
    }
    for (int i = 0; i < 60; i++) {
      String id = "n" + random.nextInt(200);
      model.removeNeed(id);
      liveNeeds.remove(id);
    }
    while (model.hasStaleAreas()) {
      model.refreshAreas(1_000);
    }

    // Hexes against a brute-force count over every provider and need.
    com.uber.h3core.H3Core h3 = H3.get();
    for (int res : new int[] {8, 9}) {
      for (Skill skill : new Skill[] {null, Skill.CHILD_WELFARE}) {
        List<org.linli.core.coverage.Hex> hexes = model.hexes(res, skill, box);
        assertThat(hexes).hasSizeGreaterThan(100);
        int withSupply = 0;
        for (org.linli.core.coverage.Hex h : hexes) {
          com.uber.h3core.util.LatLng c = h3.cellToLatLng(h.cell());
          GeoPoint centre = new GeoPoint(c.lat, c.lng);
          int supply = 0;
          long spare = 0;
          for (Provider p : live.values()) {
            if (p.status() == ProviderStatus.ACTIVE
                && p.activeCases() < p.capacity()
                && (skill == null || p.skills().contains(skill))
                && org.linli.core.match.Eligibility.covers(p, centre)) {
              supply++;
              spare += p.capacity() - p.activeCases();
            }
          }
          int demand = 0;
          for (CoverageModel.Need n : liveNeeds.values()) {
            if ((skill == null || n.skills().contains(skill))
                && h3.latLngToCell(n.location().lat(), n.location().lon(), res) == h.cell()) {
              demand++;
            }
          }
          assertThat(h.supply()).as("supply of %x", h.cell()).isEqualTo(supply);
          assertThat(h.spare()).isEqualTo(spare);
          assertThat(h.demand()).as("demand of %x", h.cell()).isEqualTo(demand);
          assertThat(h.gap()).isEqualTo((int) Math.max(0, demand - spare));
          withSupply += supply > 0 ? 1 : 0;
        }
        assertThat(withSupply).isPositive();
      }
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> model.hexes(9, null, new Envelope(110, 120, 20, 30)))
        .isInstanceOf(org.linli.core.coverage.CoverageSource.TooManyCells.class);

    for (RegionLevel level : List.of(RegionLevel.CITY, RegionLevel.DISTRICT, RegionLevel.STREET)) {
      for (Skill skill : new Skill[] {null, Skill.ELDER_CARE, Skill.MENTAL_HEALTH}) {
        for (org.linli.core.coverage.Figures f : model.figures(level, skill)) {
          check(f, skill, index, live, liveNeeds);
        }
      }
    }
  }

  static void check(
      org.linli.core.coverage.Figures f,
      Skill skill,
      RegionIndex index,
      Map<String, Provider> live,
      Map<String, CoverageModel.Need> needs) {
    Region r = f.region();
    Map<ProviderKind, Integer> kinds = new HashMap<>();
    long capacity = 0;
    long spare = 0;
    long ratings = 0;
    double ratingSum = 0;
    for (Provider p : live.values()) {
      boolean here =
          index.lookup(p.location()).stream().anyMatch(h -> h.region().id().equals(r.id()));
      if (here
          && p.status() == ProviderStatus.ACTIVE
          && (skill == null || p.skills().contains(skill))) {
        kinds.merge(p.kind(), 1, Integer::sum);
        capacity += p.capacity();
        spare += p.capacity() - p.activeCases();
        if (p.rating() != null) {
          ratings += p.rating().count();
          ratingSum += p.rating().average() * p.rating().count();
        }
      }
    }
    int n = 0;
    int unmet = 0;
    for (CoverageModel.Need x : needs.values()) {
      boolean here =
          index.lookup(x.location()).stream().anyMatch(h -> h.region().id().equals(r.id()));
      if (here && (skill == null || x.skills().contains(skill))) {
        n++;
        unmet += x.unmet() ? 1 : 0;
      }
    }
    String what = r.id() + " / " + skill;
    for (ProviderKind k : ProviderKind.values()) {
      assertThat(f.providers().get(k)).as(what + " " + k).isEqualTo(kinds.getOrDefault(k, 0));
    }
    assertThat(f.capacity()).as(what).isEqualTo(capacity);
    assertThat(f.spareCapacity()).as(what).isEqualTo(spare);
    assertThat(f.needs()).as(what).isEqualTo(n);
    assertThat(f.unmetNeeds()).as(what).isEqualTo(unmet);
    if (ratings == 0) {
      assertThat(f.avgRating()).as(what).isNull();
    } else {
      assertThat(f.avgRating()).as(what).isCloseTo(ratingSum / ratings, within(1e-9));
    }
    // The covered share, independently: every eligible provider's area, unioned one by one, cut by
    // the region.
    Geometry boundary = index.geometry(r.id());
    Envelope env = boundary.getEnvelopeInternal();
    ServiceAreaShapes shapes = new ServiceAreaShapes(new GeoPoint(env.centre().y, env.centre().x));
    Geometry region = shapes.project(boundary);
    Geometry union = null;
    for (Provider p : live.values()) {
      if (p.status() == ProviderStatus.ACTIVE
          && p.activeCases() < p.capacity()
          && (skill == null || p.skills().contains(skill))) {
        Geometry a = shapes.serviceArea(p);
        union = union == null ? a : union.union(a);
      }
    }
    double expected = union == null ? 0 : union.intersection(region).getArea() / region.getArea();
    assertThat(f.coveredAreaRatio()).as(what + " covered").isCloseTo(expected, within(1e-6));
  }
}
