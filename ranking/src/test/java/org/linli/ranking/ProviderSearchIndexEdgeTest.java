package org.linli.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.linli.core.match.Eligibility;
import org.linli.core.match.Match;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.taxonomy.Skill;

class ProviderSearchIndexEdgeTest {
  static Provider at(String id, double lat, double lon, double radius) {
    return new Provider(
        id,
        ProviderKind.WORKER,
        "w",
        null,
        new GeoPoint(lat, lon),
        radius,
        null,
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

  static MatchRequest near(double lat, double lon, double radius) {
    return new MatchRequest(
        new GeoPoint(lat, lon),
        Set.of(Skill.ELDER_CARE),
        "",
        null,
        null,
        radius,
        100,
        SortOrder.DISTANCE,
        false);
  }

  static void assertSameAsOracle(List<Provider> providers, MatchRequest r) {
    ProviderSearchIndex index = new ProviderSearchIndex();
    index.upsertAll(providers);
    MatchResult expected = Eligibility.bruteForce(providers, r);
    MatchResult actual = index.match(r);
    assertThat(actual.matches())
        .extracting(Match::providerId)
        .containsExactlyElementsOf(expected.matches().stream().map(Match::providerId).toList());
    assertThat(actual.total()).isEqualTo(expected.total());
  }

  /**
   * Providers scattered within a few radii of a point, including across the antimeridian or over a
   * pole.
   */
  static List<Provider> scatter(double lat, double lon, double spreadDegrees, int n, long seed) {
    Random random = new Random(seed);
    List<Provider> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double la = Math.max(-90, Math.min(90, lat + (random.nextDouble() - 0.5) * spreadDegrees));
      double lo = lon + (random.nextDouble() - 0.5) * spreadDegrees * 4;
      lo = ((lo + 540) % 360) - 180;
      out.add(at("e" + i, la, lo, 2_000 + random.nextInt(60_000)));
    }
    return out;
  }

  @Test
  void match_acrossTheAntimeridian_findsProvidersOnBothSides() {
    List<Provider> ps = scatter(0, 180, 0.5, 500, 1);
    MatchRequest r = near(0.01, 179.999, 20_000);
    assertThat(Eligibility.bruteForce(ps, r).matches())
        .anyMatch(
            m ->
                m.providerId() != null
                    && ps.stream()
                        .anyMatch(p -> p.id().equals(m.providerId()) && p.location().lon() < 0));
    assertSameAsOracle(ps, r);
  }

  @Test
  void match_atTheNorthPole_equalsOracle() {
    List<Provider> ps = scatter(89.9, 0, 0.4, 400, 2);
    assertSameAsOracle(ps, near(90, 0, 30_000));
    assertSameAsOracle(ps, near(89.95, -170, 15_000));
  }

  @Test
  void match_atTheSouthPole_equalsOracle() {
    assertSameAsOracle(scatter(-89.9, 45, 0.4, 400, 3), near(-90, 45, 50_000));
  }

  @Test
  void match_providerExactlyAtTheRadius_agreesWithOracle() {
    // Providers at distances straddling the radius by a few micrometres.
    List<Provider> ps = new ArrayList<>();
    GeoPoint need = new GeoPoint(22.54, 114.05);
    double radius = 5_000;
    double dLat = Math.toDegrees(radius / 6_371_008.8);
    for (int i = -20; i <= 20; i++) {
      ps.add(at("b" + (i + 20), 22.54 + dLat + i * 1e-11, 114.05, 10_000));
    }
    assertSameAsOracle(
        ps,
        new MatchRequest(need, Set.of(), "", null, null, radius, 100, SortOrder.DISTANCE, false));
  }

  @Test
  void match_needExactlyOnProviderServiceCircle_agreesWithOracle() {
    List<Provider> ps = new ArrayList<>();
    double r = 3_000;
    double dLat = Math.toDegrees(r / 6_371_008.8);
    for (int i = -20; i <= 20; i++) {
      ps.add(at("c" + (i + 20), 22.54 - dLat + i * 1e-11, 114.05, r));
    }
    assertSameAsOracle(ps, near(22.54, 114.05, 10_000));
  }

  @Test
  void upsert_moveStatusAndRemove_areVisibleImmediately() {
    ProviderSearchIndex index = new ProviderSearchIndex();
    index.upsert(at("m", 22.54, 114.05, 5_000));
    MatchRequest r = near(22.54, 114.05, 1_000);
    assertThat(index.match(r).matches()).extracting(Match::providerId).containsExactly("m");

    index.upsert(at("m", 22.70, 114.30, 5_000)); // moved 30 km away
    assertThat(index.match(r).matches()).isEmpty();
    assertThat(index.match(near(22.70, 114.30, 1_000)).matches()).hasSize(1);

    Provider full = at("m", 22.54, 114.05, 5_000).withActiveCases(5);
    index.upsert(full);
    assertThat(index.match(r).matches()).isEmpty();
    assertThat(index.size()).isEqualTo(1);

    index.upsert(at("m", 22.54, 114.05, 5_000));
    index.remove("m");
    assertThat(index.match(r).matches()).isEmpty();
    assertThat(index.size()).isZero();
    assertThat(index.cellCount()).isZero();
  }

  @Test
  void match_polygonProvider_needInsidePolygonButOutsideAnyCircle_isFound() {
    GeoPolygon area =
        GeoPolygon.of(
            List.of(
                List.of(
                    List.of(
                        new double[] {114.0, 22.5},
                        new double[] {114.2, 22.5},
                        new double[] {114.2, 22.6},
                        new double[] {114.0, 22.6},
                        new double[] {114.0, 22.5}))));
    Provider project =
        new Provider(
            "poly",
            ProviderKind.PROJECT,
            "项目",
            null,
            new GeoPoint(22.51, 114.01),
            null,
            area,
            Set.of(Skill.ELDER_CARE),
            "",
            List.of(),
            null,
            5,
            0,
            ProviderStatus.ACTIVE,
            null,
            null);
    ProviderSearchIndex index = new ProviderSearchIndex();
    index.upsert(project);
    assertThat(index.match(near(22.59, 114.19, 50_000)).matches()).hasSize(1);
    assertThat(index.match(near(22.61, 114.19, 50_000)).matches()).isEmpty();
  }

  /**
   * Ties: providers stacked on one point and on points mirrored around the need have equal
   * distances, which the scan's float keys cannot order; the exact distances and then the ids must
   * decide, as in the oracle.
   */
  @Test
  void match_tiedDistances_areOrderedByIdAsTheOracleOrdersThem() {
    List<Provider> providers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      providers.add(
          at("stack" + (29 - i), 22.5431, 114.0579, 3_000)); // one point, ids inserted in reverse
      double d = 0.0004 * (1 + i % 5);
      providers.add(at("n" + i, 22.54 + d, 114.05, 3_000));
      providers.add(at("s" + i, 22.54 - d, 114.05, 3_000));
      providers.add(
          at("m" + i, 22.54 + d * (1 + 1e-9), 114.05, 3_000)); // a hair farther: a near tie
    }
    for (int limit : new int[] {1, 7, 25, 100}) {
      MatchRequest r =
          new MatchRequest(
              new GeoPoint(22.54, 114.05),
              Set.of(Skill.ELDER_CARE),
              "",
              null,
              null,
              5_000,
              limit,
              SortOrder.DISTANCE,
              false);
      assertSameAsOracle(providers, r);
    }
  }

  /**
   * A need deep inside a polygon is counted without walking its rings; near the edge the walk still
   * decides.
   */
  @Test
  void match_polygonProvider_insideItsInnerDiskAndNearItsEdge_agreeWithOracle() {
    GeoPolygon area =
        GeoPolygon.of(
            List.of(
                List.of(
                    List.of(
                        new double[] {114.0, 22.5},
                        new double[] {114.2, 22.5},
                        new double[] {114.1, 22.6},
                        new double[] {114.0, 22.5}))));
    Provider project =
        new Provider(
            "tri",
            ProviderKind.PROJECT,
            "项目",
            null,
            new GeoPoint(22.53, 114.1),
            null,
            area,
            Set.of(Skill.ELDER_CARE),
            "",
            List.of(),
            null,
            5,
            0,
            ProviderStatus.ACTIVE,
            null,
            null);
    Random random = new Random(3);
    for (int q = 0; q < 2_000; q++) {
      double lat = 22.49 + 0.12 * random.nextDouble();
      double lon = 113.99 + 0.22 * random.nextDouble();
      assertSameAsOracle(List.of(project), near(lat, lon, 30_000));
    }
  }

  @Test
  void match_moreLanguagesThanMaskBits_filtersExactlyAsTheOracle() {
    // 100 language codes: the 64th and later share one bit, which only an exact check can resolve.
    List<String> codes = new ArrayList<>();
    for (char a = 'a'; codes.size() < 100; a++) {
      for (char b = 'a'; b <= 'z' && codes.size() < 100; b++) {
        codes.add("" + a + b);
      }
    }
    Random random = new Random(7);
    List<Provider> ps = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      List<String> spoken = new ArrayList<>();
      for (int k = 1 + random.nextInt(3); k > 0; k--) {
        String code = codes.get(random.nextInt(codes.size()));
        if (!spoken.contains(code)) {
          spoken.add(code);
        }
      }
      ps.add(
          new Provider(
              "l" + i,
              ProviderKind.WORKER,
              "w",
              null,
              new GeoPoint(22.5 + random.nextDouble() * 0.1, 114.0 + random.nextDouble() * 0.1),
              30_000.0,
              null,
              Set.of(Skill.ELDER_CARE),
              "",
              spoken,
              null,
              5,
              0,
              ProviderStatus.ACTIVE,
              null,
              null));
    }
    ProviderSearchIndex index = new ProviderSearchIndex();
    index.upsertAll(ps);
    int overflowMatches = 0;
    for (int q = 0; q < 300; q++) {
      List<String> wanted =
          List.of(codes.get(random.nextInt(codes.size())), codes.get(random.nextInt(codes.size())));
      MatchRequest r =
          new MatchRequest(
              new GeoPoint(22.55, 114.05),
              Set.of(Skill.ELDER_CARE),
              "",
              null,
              wanted,
              20_000,
              100,
              SortOrder.DISTANCE,
              false);
      MatchResult expected = Eligibility.bruteForce(ps, r);
      MatchResult actual = index.match(r);
      assertThat(actual.matches())
          .extracting(Match::providerId)
          .containsExactlyElementsOf(expected.matches().stream().map(Match::providerId).toList());
      assertThat(actual.total()).isEqualTo(expected.total());
      if (index.languageMask(wanted, false) == 1L << MatchRun.OVERFLOW_LANGUAGE_BIT) {
        overflowMatches += expected.total();
      }
    }
    assertThat(overflowMatches).as("matches found only through the shared bit").isPositive();
  }
}
