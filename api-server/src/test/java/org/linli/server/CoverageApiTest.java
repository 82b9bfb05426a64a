package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;

/**
 * Coverage by region over HTTP on the real Shenzhen districts: counts by location equal a count
 * made with the lookup endpoint, small counts about needs are withheld, the skill filter applies,
 * population gives per-capita figures, and changes show without a restart.
 */
class CoverageApiTest {
  static TestServer s;
  static String staff;

  /** District name → ACTIVE workers placed in it, counted through /regions/lookup. */
  static final Map<String, Integer> workersByDistrict = new HashMap<>();

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    assertThat(
            RegionsApiTest.importAs(
                    s,
                    s.adminToken,
                    "level=district&nameProperty=qh",
                    RegionsApiTest.file("boundaries/shenzhen_districts_transbigdata.json"))
                .status())
        .isEqualTo(200);
    assertThat(
            s.send(
                    s.asAdmin(
                        HttpRequest.newBuilder(
                                s.uri(
                                    "/api/v1/regions/population?level=district"
                                        + "&nameColumn=district_zh&populationColumn=population_census_2020"))
                            .header("Content-Type", "text/csv")
                            .POST(
                                HttpRequest.BodyPublishers.ofString(
                                    RegionsApiTest.file(
                                        "population/census2020_district_population_sz_sh_bj.csv")))))
                .status())
        .isEqualTo(200);
    Random random = new Random(7);
    for (int i = 0; i < 40; i++) {
      double lat = 22.50 + random.nextDouble() * 0.12;
      double lon = 113.95 + random.nextDouble() * 0.20;
      boolean active = i % 5 != 0;
      String doc =
          Documents.worker("cv" + i, lat, lon)
              .replace("\"activeCases\": 3", "\"activeCases\": 0")
              .replace(
                  "\"capacity\": 12",
                  "\"capacity\": 12, \"status\": \"" + (active ? "ACTIVE" : "INACTIVE") + "\"");
      assertThat(s.put("/api/v1/providers/cv" + i, doc).status()).isEqualTo(201);
      TestServer.Answer where = s.get("/api/v1/regions/lookup?lat=" + lat + "&lon=" + lon);
      if (active && where.status() == 200) {
        workersByDistrict.merge(where.json().get(0).get("name").asText(), 1, Integer::sum);
      }
    }
    staff =
        s.server
            .tokens()
            .mint(
                new Principal("staff-cv", Set.of(Role.STAFF), null, null), Duration.ofMinutes(10));
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  static JsonNode coverage(String query) {
    TestServer.Answer a =
        CasesApiTest.as(s, staff, "GET", "/api/v1/coverage/regions?" + query, null);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    return a.json();
  }

  static JsonNode district(JsonNode fc, String name) {
    for (JsonNode f : fc.get("features")) {
      if (f.get("properties").get("name").asText().equals(name)) {
        return f;
      }
    }
    throw new AssertionError("no district " + name);
  }

  /**
   * Polls until {@code check} passes or two seconds have gone (changes are applied in the
   * background).
   */
  static void eventually(Runnable check) {
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(2))
        .pollInterval(java.time.Duration.ofMillis(50))
        .untilAsserted(check::run);
  }

  @Test
  void onlyStaffAndAdmin_andBadParametersAre400() {
    assertThat(s.get("/api/v1/coverage/regions?level=district").status()).isEqualTo(401);
    String resident =
        s.server
            .tokens()
            .mint(new Principal("r", Set.of(Role.RESIDENT), null, null), Duration.ofMinutes(5));
    assertThat(CasesApiTest.as(s, resident, "GET", "/api/v1/coverage/regions", null).status())
        .isEqualTo(403);
    assertThat(
            CasesApiTest.as(s, staff, "GET", "/api/v1/coverage/regions?skill=NOPE", null).status())
        .isEqualTo(400);
    assertThat(
            CasesApiTest.as(s, staff, "GET", "/api/v1/coverage/regions?level=country", null)
                .status())
        .isEqualTo(400);
  }

  @Test
  void providersAreCountedByLocation_withCapacityAndPerCapitaFigures_andSimplifiedBoundaries()
      throws Exception {
    eventually(
        () -> {
          JsonNode fc = coverage("level=district");
          assertThat(fc.get("features")).hasSize(10);
          int total = 0;
          for (JsonNode f : fc.get("features")) {
            JsonNode p = f.get("properties");
            String name = p.get("name").asText();
            int workers = p.get("providers").get("WORKER").asInt();
            assertThat(workers).as(name).isEqualTo(workersByDistrict.getOrDefault(name, 0));
            int all =
                workers
                    + p.get("providers").get("AGENCY").asInt()
                    + p.get("providers").get("PROJECT").asInt();
            assertThat(p.get("capacity").asLong()).as(name).isEqualTo(12L * all);
            assertThat(p.get("spareCapacity").asLong()).as(name).isEqualTo(12L * all);
            assertThat(p.get("coveredAreaRatio").asDouble()).as(name).isBetween(0.0, 1.0);
            if (all == 0) {
              assertThat(p.get("coveredAreaRatio").asDouble()).as(name).isLessThan(0.5);
            }
            assertThat(p.get("workersPer10k").asDouble())
                .as(name)
                .isCloseTo(workers * 10_000.0 / p.get("population").asLong(), within(1e-9));
            assertThat(f.get("geometry").get("type").asText()).isIn("Polygon", "MultiPolygon");
            total += workers;
          }
          assertThat(total).isPositive();
        });
    JsonNode futian = district(coverage("level=district"), "福田");
    assertThat(futian.get("properties").get("coveredAreaRatio").asDouble()).isGreaterThan(0.2);
    assertThat(futian.toString().length()).as("simplified").isLessThan(40_000);
  }

  @Test
  void needsAreCounted_smallCountsWithheld_andTheSkillFilterApplies() throws Exception {
    String resident =
        s.server
            .tokens()
            .mint(
                new Principal("r-" + UUID.randomUUID(), Set.of(Role.RESIDENT), null, null),
                Duration.ofMinutes(5));
    // Needs nobody offers (DOMESTIC_VIOLENCE): 6 in 福田, 2 in 罗湖, all unmatched.
    for (int i = 0; i < 8; i++) {
      String at =
          i < 6 ? "\"lat\": 22.5410, \"lon\": 114.0550" : "\"lat\": 22.5480, \"lon\": 114.1300";
      TestServer.Answer a =
          CasesApiTest.as(
              s,
              resident,
              "POST",
              "/api/v1/needs",
              "{\"location\": {"
                  + at
                  + "}, \"skills\": [\"DOMESTIC_VIOLENCE\"], \"radiusMeters\": 3000}");
      assertThat(a.json().get("status").asText()).isEqualTo("UNMATCHED");
    }
    eventually(
        () -> {
          JsonNode all = coverage("level=district");
          assertThat(district(all, "福田").get("properties").get("needs").asInt()).isEqualTo(6);
          assertThat(district(all, "福田").get("properties").get("unmetNeeds").asInt()).isEqualTo(6);
          assertThat(district(all, "罗湖").get("properties").get("needs").isNull())
              .as("2 < 5: withheld")
              .isTrue();
          assertThat(district(all, "罗湖").get("properties").get("unmetNeeds").isNull()).isTrue();
        });
    JsonNode dv = coverage("level=district&skill=DOMESTIC_VIOLENCE");
    assertThat(district(dv, "福田").get("properties").get("needs").asInt()).isEqualTo(6);
    for (JsonNode f : dv.get("features")) {
      assertThat(f.get("properties").get("providers").get("WORKER").asInt()).isZero();
      assertThat(f.get("properties").get("coveredAreaRatio").asDouble()).isZero();
    }
    // Nothing anywhere is below 5 and shown.
    for (JsonNode f : coverage("level=district").get("features")) {
      for (String field : new String[] {"needs", "unmetNeeds"}) {
        JsonNode v = f.get("properties").get(field);
        assertThat(v.isNull() || v.asInt() >= 5).as(f.get("properties").toString()).isTrue();
      }
    }
  }

  @Test
  void aNewProvider_showsWithoutARestart() throws Exception {
    int before =
        district(coverage("level=district"), "盐田")
            .get("properties")
            .get("providers")
            .get("AGENCY")
            .asInt();
    String doc =
        Documents.worker("cv-yt", 22.5860, 114.2700)
            .replace("\"WORKER\"", "\"AGENCY\"")
            .replace("\"activeCases\": 3", "\"activeCases\": 0");
    assertThat(
            s.get("/api/v1/regions/lookup?lat=22.5860&lon=114.2700")
                .json()
                .get(0)
                .get("name")
                .asText())
        .isEqualTo("盐田");
    assertThat(s.put("/api/v1/providers/cv-yt", doc).status()).isEqualTo(201);
    eventually(
        () ->
            assertThat(
                    district(coverage("level=district"), "盐田")
                        .get("properties")
                        .get("providers")
                        .get("AGENCY")
                        .asInt())
                .isEqualTo(before + 1));
  }

  @Test
  void aDeletedProvider_leavesWithoutARestart() throws Exception {
    String doc =
        Documents.worker("cv-gone", 22.5860, 114.2700)
            .replace("\"WORKER\"", "\"PROJECT\"")
            .replace("\"activeCases\": 3", "\"activeCases\": 0");
    int before =
        district(coverage("level=district"), "盐田")
            .get("properties")
            .get("providers")
            .get("PROJECT")
            .asInt();
    assertThat(s.put("/api/v1/providers/cv-gone", doc).status()).isEqualTo(201);
    eventually(
        () ->
            assertThat(
                    district(coverage("level=district"), "盐田")
                        .get("properties")
                        .get("providers")
                        .get("PROJECT")
                        .asInt())
                .isEqualTo(before + 1));
    assertThat(s.delete("/api/v1/providers/cv-gone").status()).isEqualTo(204);
    eventually(
        () ->
            assertThat(
                    district(coverage("level=district"), "盐田")
                        .get("properties")
                        .get("providers")
                        .get("PROJECT")
                        .asInt())
                .isEqualTo(before));
  }

  /**
   * After a restart the model is filled from the stored providers (the index feeder's snapshot):
   * same figures.
   */
  @Test
  void aRestartedServer_showsTheSameFigures() throws Exception {
    TestServer first = new TestServer(false);
    String figures;
    try {
      String adminToken = first.adminToken;
      assertThat(
              RegionsApiTest.importAs(
                      first,
                      adminToken,
                      "level=district&nameProperty=qh",
                      RegionsApiTest.file("boundaries/shenzhen_districts_transbigdata.json"))
                  .status())
          .isEqualTo(200);
      Random random = new Random(11);
      for (int i = 0; i < 30; i++) {
        String doc =
            Documents.worker(
                    "rs" + i,
                    22.50 + random.nextDouble() * 0.12,
                    113.95 + random.nextDouble() * 0.30)
                .replace("\"activeCases\": 3", "\"activeCases\": 0");
        assertThat(first.put("/api/v1/providers/rs" + i, doc).status()).isEqualTo(201);
      }
      assertThat(first.delete("/api/v1/providers/rs0").status()).isEqualTo(204);
      figures = settledFigures(first);
      assertThat(figures).contains("\"WORKER\":");
    } finally {
      first.close();
    }
    TestServer second =
        new TestServer(
            false, "test-" + UUID.randomUUID(), java.util.List.of(), first.dataDir, first.db);
    try {
      assertThat(settledFigures(second)).isEqualTo(figures);
    } finally {
      second.close();
    }
  }

  /** The district figures' providers counts, once every change is applied. */
  private static String settledFigures(TestServer server) {
    org.awaitility.Awaitility.await("coverage settled")
        .atMost(java.time.Duration.ofSeconds(10))
        .pollInterval(java.time.Duration.ofMillis(50))
        .until(server.server.coverage()::settled);
    String token =
        server
            .server
            .tokens()
            .mint(
                new Principal("staff-rs", Set.of(Role.STAFF), null, null), Duration.ofMinutes(10));
    TestServer.Answer a =
        CasesApiTest.as(server, token, "GET", "/api/v1/coverage/regions?level=district", null);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    StringBuilder sb = new StringBuilder();
    for (JsonNode f : a.json().get("features")) {
      sb.append(f.get("properties").get("name").asText())
          .append(' ')
          .append(f.get("properties").get("providers"))
          .append('\n');
    }
    return sb.toString();
  }

  @Test
  void hexes_carrySupplyAndDemand_withinLimits() {
    assertThat(s.get("/api/v1/coverage/hexes").status()).isEqualTo(401);
    assertThat(
            CasesApiTest.as(s, staff, "GET", "/api/v1/coverage/hexes?resolution=10", null).status())
        .isEqualTo(400);
    assertThat(CasesApiTest.as(s, staff, "GET", "/api/v1/coverage/hexes?bbox=1,2,3", null).status())
        .isEqualTo(400);
    TestServer.Answer tooMany =
        CasesApiTest.as(
            s, staff, "GET", "/api/v1/coverage/hexes?resolution=9&bbox=100,20,125,45", null);
    assertThat(tooMany.status()).isEqualTo(400);
    assertThat(tooMany.body()).contains("coarser resolution");
    TestServer.Answer a =
        CasesApiTest.as(s, staff, "GET", "/api/v1/coverage/hexes?resolution=7", null);
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    JsonNode features = a.json().get("features");
    assertThat(features.size()).isGreaterThan(100);
    int supplied = 0;
    for (JsonNode f : features) {
      JsonNode p = f.get("properties");
      assertThat(p.get("h3").asText()).matches("[0-9a-f]{15}");
      assertThat(f.get("geometry").get("coordinates").get(0).size()).isGreaterThanOrEqualTo(7);
      JsonNode demand = p.get("demand");
      assertThat(demand.isNull() || demand.asInt() >= 5).isTrue();
      supplied += p.get("supply").asInt() > 0 ? 1 : 0;
    }
    assertThat(supplied).as("cells covered by the 5 km workers").isPositive();
    TestServer.Answer small =
        CasesApiTest.as(
            s,
            staff,
            "GET",
            "/api/v1/coverage/hexes?resolution=9&skill=ELDER_CARE&bbox=114.0,22.52,114.1,22.58",
            null);
    assertThat(small.status()).isEqualTo(200);
    assertThat(small.json().get("features").size()).isGreaterThan(100);
  }

  @Test
  void deserts_rankRegionsByUnmetDemandAgainstSupply() throws Exception {
    String resident =
        s.server
            .tokens()
            .mint(
                new Principal("r-" + UUID.randomUUID(), Set.of(Role.RESIDENT), null, null),
                Duration.ofMinutes(5));
    for (int i = 0; i < 7; i++) { // 南山
      assertThat(
              CasesApiTest.as(
                      s,
                      resident,
                      "POST",
                      "/api/v1/needs",
                      "{\"location\": {\"lat\": 22.5330,"
                          + " \"lon\": 113.9300}, \"skills\": [\"DOMESTIC_VIOLENCE\"], \"radiusMeters\": 3000}")
                  .status())
          .isEqualTo(201);
    }
    eventually(
        () -> {
          TestServer.Answer a =
              CasesApiTest.as(
                  s,
                  staff,
                  "GET",
                  "/api/v1/coverage/deserts?level=district&skill=DOMESTIC_VIOLENCE",
                  null);
          assertThat(a.status()).as(a.body()).isEqualTo(200);
          JsonNode list = a.json().get("deserts");
          assertThat(list).hasSize(10);
          assertThat(list.get(0).get("rank").asInt()).isEqualTo(1);
          assertThat(list.get(0).get("name").asText()).isEqualTo("南山");
          assertThat(list.get(0).get("unmetNeeds").asInt()).isEqualTo(7);
          assertThat(list.get(0).get("uncoveredPopulation").asLong())
              .isEqualTo(list.get(0).get("population").asLong());
        });
    assertThat(CasesApiTest.as(s, staff, "GET", "/api/v1/coverage/deserts?limit=0", null).status())
        .isEqualTo(400);
  }
}
