package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.Eligibility;
import org.linli.core.match.Match;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.core.taxonomy.Skill;
import org.linli.geo.crs.Crs;

/** Matching over real HTTP equals the brute-force answer over the providers that were imported. */
class MatchApiTest {
  static TestServer s;
  static List<Provider> providers;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    providers = new SyntheticCity(31, 0.02).providers(2_000, "m");
    String ndjson = providers.stream().map(Documents::line).collect(Collectors.joining("\n"));
    TestServer.Answer answer = s.post("/api/v1/providers/bulk", "application/x-ndjson", ndjson);
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.json().get("accepted").asInt()).as(answer.body()).isEqualTo(providers.size());
    s.awaitIndexed(providers.stream().map(Provider::id).toArray(String[]::new));
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  static String body(MatchRequest r, String crs, GeoPoint at) {
    String skills =
        r.skills().stream().map(sk -> "\"" + sk.code() + "\"").collect(Collectors.joining(","));
    String kinds =
        r.kinds().stream().map(k -> "\"" + k.name() + "\"").collect(Collectors.joining(","));
    String langs =
        r.languages().stream().map(l -> "\"" + l + "\"").collect(Collectors.joining(","));
    return """
        {"location": {"lat": %s, "lon": %s}, "crs": "%s", "skills": [%s], "kinds": [%s], "languages": [%s],
         "text": "%s", "radiusMeters": %s, "limit": %d, "sort": "%s", "explain": true}"""
        .formatted(
            at.lat(),
            at.lon(),
            crs,
            skills,
            kinds,
            langs,
            r.text(),
            r.radiusMeters(),
            r.limit(),
            r.sort().name().toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void sortByDistance_overHttp_equalsBruteForce() {
    Random random = new Random(5);
    SyntheticCity city = new SyntheticCity(77, 0.02);
    int nonEmpty = 0;
    for (int q = 0; q < 60; q++) {
      MatchRequest r =
          new MatchRequest(
              city.location(),
              random.nextBoolean() ? city.skills(1) : java.util.Set.of(),
              "",
              null,
              random.nextInt(3) == 0 ? List.of("yue") : null,
              1_000 + random.nextInt(20_000),
              1 + random.nextInt(30),
              SortOrder.DISTANCE,
              false);
      MatchResult expected = Eligibility.bruteForce(providers, r);
      JsonNode actual = s.post("/api/v1/match", body(r, "WGS84", r.location())).json();
      List<String> ids = new ArrayList<>();
      actual.get("matches").forEach(m -> ids.add(m.get("providerId").asText()));
      assertThat(ids)
          .as("query %d", q)
          .containsExactlyElementsOf(expected.matches().stream().map(Match::providerId).toList());
      assertThat(actual.get("total").asInt()).isEqualTo(expected.total());
      nonEmpty += ids.isEmpty() ? 0 : 1;
    }
    assertThat(nonEmpty).isGreaterThan(30);
  }

  @Test
  void sortByScore_overHttp_isEligibleAndExplanationsAddUp() {
    MatchRequest r =
        new MatchRequest(
            new GeoPoint(22.5431, 114.0579),
            java.util.Set.of(Skill.ELDER_CARE),
            "需要陪同老人去医院复诊",
            null,
            null,
            5_000,
            20,
            SortOrder.SCORE,
            true);
    JsonNode actual = s.post("/api/v1/match", body(r, "WGS84", r.location())).json();
    assertThat(actual.get("matches")).isNotEmpty();
    double previous = Double.MAX_VALUE;
    for (JsonNode m : actual.get("matches")) {
      Provider p =
          providers.stream()
              .filter(x -> x.id().equals(m.get("providerId").asText()))
              .findFirst()
              .orElseThrow();
      assertThat(Eligibility.isEligible(p, r)).isTrue();
      JsonNode e = m.get("explanation");
      double sum =
          e.get("distance").asDouble()
              + e.get("text").asDouble()
              + e.get("rating").asDouble()
              + e.get("capacity").asDouble();
      assertThat(sum).isCloseTo(m.get("score").asDouble(), within(1e-12));
      assertThat(m.get("score").asDouble()).isLessThanOrEqualTo(previous);
      previous = m.get("score").asDouble();
    }
    assertThat(actual.get("total").asInt()).isEqualTo(Eligibility.bruteForce(providers, r).total());
  }

  @Test
  void gcj02Request_answersAsTheSameWgs84Request() {
    GeoPoint wgs = new GeoPoint(22.5431, 114.0579);
    GeoPoint gcj = Crs.GCJ02.fromWgs84(wgs);
    MatchRequest r =
        new MatchRequest(
            wgs, java.util.Set.of(), "", null, null, 3_000, 10, SortOrder.DISTANCE, false);
    JsonNode a = s.post("/api/v1/match", body(r, "WGS84", wgs)).json();
    JsonNode b = s.post("/api/v1/match", body(r, "GCJ02", gcj)).json();
    assertThat(b.get("total")).isEqualTo(a.get("total"));
    for (int i = 0; i < a.get("matches").size(); i++) {
      assertThat(b.get("matches").get(i).get("distanceMeters").asDouble())
          .isCloseTo(a.get("matches").get(i).get("distanceMeters").asDouble(), within(0.5));
    }
  }
}
