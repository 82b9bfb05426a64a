package org.linli.core.match;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.taxonomy.Skill;

class EligibilityTest {
  static final GeoPoint NEED = new GeoPoint(22.54, 114.05);

  static Provider provider(String id, GeoPoint at, double radius) {
    return new Provider(
        id,
        ProviderKind.WORKER,
        "王芳",
        null,
        at,
        radius,
        null,
        Set.of(Skill.ELDER_CARE, Skill.MENTAL_HEALTH),
        "",
        List.of("zh", "yue"),
        null,
        10,
        3,
        ProviderStatus.ACTIVE,
        null,
        null);
  }

  static MatchRequest request(
      Set<Skill> skills, Set<ProviderKind> kinds, List<String> languages, double radius) {
    return new MatchRequest(
        NEED, skills, "", kinds, languages, radius, 10, SortOrder.DISTANCE, false);
  }

  static final Provider NEAR = provider("p1", new GeoPoint(22.545, 114.05), 5_000);

  @Test
  void isEligible_nearbyActiveMatchingProvider_isTrue() {
    assertThat(Eligibility.isEligible(NEAR, request(Set.of(Skill.ELDER_CARE), null, null, 5_000)))
        .isTrue();
  }

  @Test
  void isEligible_missingOneRequestedSkill_isFalse() {
    assertThat(
            Eligibility.isEligible(
                NEAR, request(EnumSet.of(Skill.ELDER_CARE, Skill.LEGAL_AID), null, null, 5_000)))
        .isFalse();
  }

  @Test
  void isEligible_inactive_isFalse() {
    Provider inactive =
        new Provider(
            "p1",
            ProviderKind.WORKER,
            "x",
            null,
            NEAR.location(),
            5_000.0,
            null,
            NEAR.skills(),
            "",
            List.of(),
            null,
            10,
            0,
            ProviderStatus.INACTIVE,
            null,
            null);
    assertThat(Eligibility.isEligible(inactive, request(Set.of(), null, null, 5_000))).isFalse();
  }

  @Test
  void isEligible_kindNotRequested_isFalse() {
    assertThat(
            Eligibility.isEligible(
                NEAR, request(Set.of(), Set.of(ProviderKind.AGENCY), null, 5_000)))
        .isFalse();
  }

  @Test
  void isEligible_noSharedLanguage_isFalse() {
    assertThat(Eligibility.isEligible(NEAR, request(Set.of(), null, List.of("en"), 5_000)))
        .isFalse();
    assertThat(Eligibility.isEligible(NEAR, request(Set.of(), null, List.of("en", "yue"), 5_000)))
        .isTrue();
  }

  @Test
  void isEligible_full_isFalse() {
    assertThat(
            Eligibility.isEligible(NEAR.withActiveCases(10), request(Set.of(), null, null, 5_000)))
        .isFalse();
  }

  @Test
  void isEligible_beyondRequestRadius_isFalse() {
    // NEAR is about 556 m north of the need.
    assertThat(Eligibility.isEligible(NEAR, request(Set.of(), null, null, 500))).isFalse();
    assertThat(Eligibility.isEligible(NEAR, request(Set.of(), null, null, 600))).isTrue();
  }

  @Test
  void isEligible_needOutsideProviderCircle_isFalse() {
    Provider small = provider("p2", NEAR.location(), 500);
    assertThat(Eligibility.isEligible(small, request(Set.of(), null, null, 5_000))).isFalse();
  }

  @Test
  void isEligible_polygonReplacesCircle() {
    GeoPolygon elsewhere =
        GeoPolygon.of(
            List.of(
                List.of(
                    List.of(
                        new double[] {114.2, 22.6},
                        new double[] {114.3, 22.6},
                        new double[] {114.3, 22.7},
                        new double[] {114.2, 22.6}))));
    Provider p =
        new Provider(
            "p3",
            ProviderKind.PROJECT,
            "x",
            null,
            NEAR.location(),
            50_000.0,
            elsewhere,
            NEAR.skills(),
            "",
            List.of(),
            null,
            10,
            0,
            ProviderStatus.ACTIVE,
            null,
            null);
    assertThat(Eligibility.isEligible(p, request(Set.of(), null, null, 5_000))).isFalse();
  }

  @Test
  void bruteForce_ordersByDistanceThenId() {
    Provider a = provider("b", new GeoPoint(22.541, 114.05), 5_000);
    Provider b = provider("a", new GeoPoint(22.541, 114.05), 5_000);
    Provider c = provider("c", new GeoPoint(22.5405, 114.05), 5_000);
    MatchResult r = Eligibility.bruteForce(List.of(a, b, c), request(Set.of(), null, null, 5_000));
    assertThat(r.matches()).extracting(Match::providerId).containsExactly("c", "a", "b");
    assertThat(r.total()).isEqualTo(3);
  }
}
