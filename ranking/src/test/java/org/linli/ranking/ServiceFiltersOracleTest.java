package org.linli.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.match.Eligibility;
import org.linli.core.match.Match;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.core.service.ServiceFilters;
import org.linli.core.service.ServiceRules;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.core.synthetic.SyntheticServices;

/**
 * The index against the brute-force oracle with service rules: random hours (evenings past
 * midnight, validity edges, closures, other zones), costs, access, criteria and residents.
 */
class ServiceFiltersOracleTest {
  static final Map<String, Provider> PROVIDERS = new LinkedHashMap<>();
  static final ProviderSearchIndex INDEX = new ProviderSearchIndex();

  @BeforeAll
  static void build() {
    SyntheticCity city = new SyntheticCity(7, 0.02);
    SyntheticServices services = new SyntheticServices(21);
    Random random = new Random(5);
    List<Provider> all = new ArrayList<>();
    for (Provider p : city.providers(6_000, "p")) {
      // One in five says nothing more, as many real records will.
      all.add(random.nextInt(5) == 0 ? p : p.withDetails(services.details()));
    }
    // Half in one bulk load, the rest as later writes: both paths build entries.
    try (ProviderSearchIndex.BulkLoad load = INDEX.bulkLoad()) {
      load.add(all.subList(0, 3_000));
    }
    INDEX.upsertAll(all.subList(3_000, all.size()));
    all.forEach(p -> PROVIDERS.put(p.id(), p));
  }

  @Test
  void sortByDistance_equalsBruteForce_withServiceRules() {
    Random random = new Random(11);
    SyntheticCity city = new SyntheticCity(99, 0.02);
    SyntheticServices services = new SyntheticServices(31);
    int filteredOut = 0;
    int nonEmpty = 0;
    for (int q = 0; q < 500; q++) {
      ServiceFilters filters = services.filters();
      MatchRequest r =
          ProviderSearchIndexOracleTest.randomRequest(random, city, SortOrder.DISTANCE)
              .withService(filters);
      MatchResult expected = Eligibility.bruteForce(PROVIDERS.values(), r);
      MatchResult actual = INDEX.match(r);
      assertThat(actual.matches())
          .extracting(Match::providerId)
          .as("query %d %s", q, r)
          .containsExactlyElementsOf(expected.matches().stream().map(Match::providerId).toList());
      assertThat(actual.total()).as("total of query %d", q).isEqualTo(expected.total());
      nonEmpty += expected.matches().isEmpty() ? 0 : 1;
      MatchResult unfiltered =
          Eligibility.bruteForce(PROVIDERS.values(), r.withService(ServiceFilters.NONE));
      filteredOut += unfiltered.total() > expected.total() ? 1 : 0;
    }
    assertThat(nonEmpty).as("real answers").isGreaterThan(150);
    assertThat(filteredOut).as("the rules must remove providers").isGreaterThan(150);
  }

  @Test
  void sortByScore_listsOnlyProvidersThatPassTheRules() {
    Random random = new Random(12);
    SyntheticCity city = new SyntheticCity(98, 0.02);
    SyntheticServices services = new SyntheticServices(32);
    for (int q = 0; q < 300; q++) {
      MatchRequest r =
          ProviderSearchIndexOracleTest.randomRequest(random, city, SortOrder.SCORE)
              .withService(services.filters());
      MatchResult actual = INDEX.match(r);
      for (Match m : actual.matches()) {
        Provider p = PROVIDERS.get(m.providerId());
        assertThat(ServiceRules.admits(p.details(), r.service())).as("%s for %s", p, r).isTrue();
        assertThat(m.skills()).isEqualTo(p.skills());
      }
      assertThat(actual.total()).isEqualTo(Eligibility.bruteForce(PROVIDERS.values(), r).total());
    }
  }
}
