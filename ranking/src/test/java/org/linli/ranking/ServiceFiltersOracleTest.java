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

  /** Registered agencies: a REVOKED one's providers are never matched, a NORMAL one's verified. */
  @Test
  void agencyStandings_equalBruteForce_evenAfterTheyChange() {
    Map<String, org.linli.core.agency.Agency> registry = new java.util.HashMap<>();
    java.util.Set<String> agencyIds = new java.util.TreeSet<>();
    PROVIDERS
        .values()
        .forEach(
            p -> {
              if (p.agencyId() != null) {
                agencyIds.add(p.agencyId());
              }
            });
    Random random = new Random(40);
    org.linli.core.agency.Agency.AgencyStatus[] statuses =
        org.linli.core.agency.Agency.AgencyStatus.values();
    for (String id : agencyIds) {
      if (random.nextInt(4) > 0) {
        registry.put(
            id,
            new org.linli.core.agency.Agency(
                id,
                "机构" + id,
                "91350100M000100Y43",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                statuses[random.nextInt(3)],
                null));
      }
    }
    ProviderSearchIndex index = new ProviderSearchIndex();
    org.linli.core.match.AgencyStandings standings =
        org.linli.core.match.AgencyStandings.of(registry);
    index.useAgencies(standings);
    index.upsertAll(PROVIDERS.values());
    SyntheticCity city = new SyntheticCity(97, 0.02);
    for (int round = 0; round < 2; round++) {
      int verified = 0;
      for (int q = 0; q < 200; q++) {
        MatchRequest r =
            ProviderSearchIndexOracleTest.randomRequest(random, city, SortOrder.DISTANCE);
        MatchResult expected = Eligibility.bruteForce(PROVIDERS.values(), r, standings);
        MatchResult actual = index.match(r);
        assertThat(actual.matches())
            .extracting(Match::providerId)
            .as("round %d query %d", round, q)
            .containsExactlyElementsOf(expected.matches().stream().map(Match::providerId).toList());
        assertThat(actual.matches())
            .extracting(Match::verified)
            .containsExactlyElementsOf(expected.matches().stream().map(Match::verified).toList());
        assertThat(actual.total()).isEqualTo(expected.total());
        verified += (int) actual.matches().stream().filter(Match::verified).count();
      }
      assertThat(verified).as("some matches verified").isPositive();
      // Standings change: every registered agency is revoked or restored, and its providers are
      // entered again.
      for (String id : List.copyOf(registry.keySet())) {
        org.linli.core.agency.Agency a = registry.get(id);
        registry.put(
            id,
            new org.linli.core.agency.Agency(
                id,
                a.name(),
                a.creditCode(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                a.status() == org.linli.core.agency.Agency.AgencyStatus.REVOKED
                    ? org.linli.core.agency.Agency.AgencyStatus.NORMAL
                    : org.linli.core.agency.Agency.AgencyStatus.REVOKED,
                null));
      }
      index.upsertAll(
          PROVIDERS.values().stream()
              .filter(p -> p.agencyId() != null && registry.containsKey(p.agencyId()))
              .toList());
    }
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
