package org.linli.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.Eligibility;
import org.linli.core.match.Match;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.core.taxonomy.Skill;

/**
 * The index against the brute-force oracle, over random cities and random needs with every filter.
 */
class ProviderSearchIndexOracleTest {
  static final Map<String, Provider> PROVIDERS = new LinkedHashMap<>();
  static final ProviderSearchIndex INDEX = new ProviderSearchIndex();
  static final String[] TEXTS = {
    "", "需要陪同老人去医院复诊", "心理疏导 情绪支持", "elder care at home", "孩子 学校 学业辅导", "法律咨询 维权", "完全无关的词语 xyzzy"
  };

  @BeforeAll
  static void build() {
    SyntheticCity city = new SyntheticCity(7, 0.02);
    for (Provider p : city.providers(6_000, "p")) {
      PROVIDERS.put(p.id(), p);
    }
    INDEX.upsertAll(PROVIDERS.values());
  }

  static MatchRequest randomRequest(Random random, SyntheticCity city, SortOrder sort) {
    GeoPoint at = city.location();
    Set<Skill> skills = random.nextInt(4) == 0 ? Set.of() : city.skills(1 + random.nextInt(2));
    Set<ProviderKind> kinds =
        random.nextInt(3) == 0 ? EnumSet.of(ProviderKind.values()[random.nextInt(3)]) : null;
    List<String> languages =
        random.nextInt(4) == 0 ? List.of(random.nextBoolean() ? "yue" : "en") : null;
    double radius =
        new double[] {300, 1_000, 2_500, 5_000, 10_000, 30_000, 100_000}[random.nextInt(7)];
    int limit = new int[] {1, 5, 10, 37, 100}[random.nextInt(5)];
    String text = TEXTS[random.nextInt(TEXTS.length)];
    return new MatchRequest(
        at, skills, text, kinds, languages, radius, limit, sort, random.nextBoolean());
  }

  @Test
  void sortByDistance_equalsBruteForce_onRandomNeeds() {
    Random random = new Random(11);
    SyntheticCity city = new SyntheticCity(99, 0.02);
    int nonEmpty = 0;
    for (int q = 0; q < 400; q++) {
      MatchRequest r = randomRequest(random, city, SortOrder.DISTANCE);
      MatchResult expected = Eligibility.bruteForce(PROVIDERS.values(), r);
      MatchResult actual = INDEX.match(r);
      assertThat(actual.matches())
          .extracting(Match::providerId)
          .as("query %d %s", q, r)
          .containsExactlyElementsOf(expected.matches().stream().map(Match::providerId).toList());
      assertThat(actual.matches())
          .extracting(Match::distanceMeters)
          .containsExactlyElementsOf(
              expected.matches().stream().map(Match::distanceMeters).toList());
      assertThat(actual.total()).as("total of query %d", q).isEqualTo(expected.total());
      nonEmpty += expected.matches().isEmpty() ? 0 : 1;
    }
    assertThat(nonEmpty).as("the oracle test must exercise real answers").isGreaterThan(200);
  }

  @Test
  void sortByScore_equalsBruteForceRanking_andEveryMatchIsEligible() {
    Random random = new Random(12);
    SyntheticCity city = new SyntheticCity(98, 0.02);
    int withText = 0;
    for (int q = 0; q < 300; q++) {
      MatchRequest r = randomRequest(random, city, SortOrder.SCORE);
      TextQuery text = r.text().isBlank() ? TextQuery.EMPTY : INDEX.textQuery(r.text());
      List<BruteForceScores.Scored> expected =
          BruteForceScores.rank(PROVIDERS.values(), r, text, p -> INDEX.textDocOf(p.id()));
      MatchResult actual = INDEX.match(r);
      for (Match m : actual.matches()) {
        assertThat(Eligibility.isEligible(PROVIDERS.get(m.providerId()), r)).isTrue();
      }
      assertThat(actual.total()).isEqualTo(Math.min(expected.size(), MatchResult.TOTAL_CAP));
      assertThat(actual.matches())
          .extracting(Match::providerId)
          .as("query %d %s", q, r)
          .containsExactlyElementsOf(
              expected.stream().limit(r.limit()).map(s -> s.provider().id()).toList());
      for (int i = 0; i < actual.matches().size(); i++) {
        assertThat(actual.matches().get(i).score()).isEqualTo(expected.get(i).score());
        if (r.explain()) {
          assertThat(actual.matches().get(i).explanation().total())
              .isEqualTo(actual.matches().get(i).score());
        }
      }
      withText += !text.isEmpty() && !actual.matches().isEmpty() ? 1 : 0;
    }
    assertThat(withText).isGreaterThan(50);
  }

  @Test
  void textFit_decidesBetweenOtherwiseEqualProviders() {
    GeoPoint at = new GeoPoint(22.5431, 114.0579);
    Provider plain =
        new Provider(
            "a-plain",
            ProviderKind.WORKER,
            "甲",
            null,
            at,
            3_000.0,
            null,
            Set.of(Skill.MENTAL_HEALTH),
            "社区活动",
            List.of("zh"),
            null,
            10,
            2,
            ProviderStatus.ACTIVE,
            null,
            null);
    Provider crisis =
        new Provider(
            "b-crisis",
            ProviderKind.WORKER,
            "乙",
            null,
            at,
            3_000.0,
            null,
            Set.of(Skill.MENTAL_HEALTH),
            "危机干预 哀伤辅导",
            List.of("zh"),
            null,
            10,
            2,
            ProviderStatus.ACTIVE,
            null,
            null);
    ProviderSearchIndex index = new ProviderSearchIndex();
    index.upsertAll(List.of(plain, crisis));
    GeoPoint need = new GeoPoint(22.545, 114.058);
    MatchRequest without =
        new MatchRequest(need, Set.of(), "", null, null, 5_000, 10, SortOrder.SCORE, true);
    MatchRequest with =
        new MatchRequest(need, Set.of(), "需要危机干预", null, null, 5_000, 10, SortOrder.SCORE, true);

    assertThat(index.match(without).matches())
        .extracting(Match::providerId)
        .containsExactly("a-plain", "b-crisis");
    List<Match> ranked = index.match(with).matches();
    assertThat(ranked).extracting(Match::providerId).containsExactly("b-crisis", "a-plain");
    assertThat(ranked.get(0).explanation().text()).isGreaterThan(0);
    assertThat(ranked.get(1).explanation().text()).isZero();
  }

  @Test
  void manyEligible_totalIsCappedAndFlagged() {
    ProviderSearchIndex dense = new ProviderSearchIndex();
    List<Provider> many = new ArrayList<>();
    SyntheticCity city = new SyntheticCity(5, 0.002);
    for (Provider p : city.providers(40_000, "d")) {
      many.add(
          new Provider(
              p.id(),
              ProviderKind.WORKER,
              p.name(),
              null,
              p.location(),
              50_000.0,
              null,
              Set.of(Skill.ELDER_CARE),
              "",
              List.of(),
              null,
              10,
              0,
              ProviderStatus.ACTIVE,
              null,
              null));
    }
    dense.upsertAll(many);
    MatchRequest r =
        new MatchRequest(
            new GeoPoint(22.5431, 114.0579),
            Set.of(Skill.ELDER_CARE),
            "",
            null,
            null,
            50_000,
            10,
            SortOrder.DISTANCE,
            false);
    MatchResult result = dense.match(r);
    MatchResult expected = Eligibility.bruteForce(many, r);
    assertThat(expected.totalCapped()).isTrue();
    assertThat(result.total()).isEqualTo(MatchResult.TOTAL_CAP);
    assertThat(result.totalCapped()).isTrue();
    assertThat(result.matches())
        .extracting(Match::providerId)
        .containsExactlyElementsOf(expected.matches().stream().map(Match::providerId).toList());
  }
}
