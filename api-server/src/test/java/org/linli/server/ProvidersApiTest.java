package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProvidersApiTest {
  static TestServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  static boolean matchable(String id, double lat, double lon) {
    JsonNode r =
        s.post(
                "/api/v1/match",
                """
        {"location": {"lat": %s, "lon": %s}, "skills": ["ELDER_CARE"], "radiusMeters": 2000, "limit": 100,
         "sort": "distance"}"""
                    .formatted(lat, lon))
            .json();
    for (JsonNode m : r.get("matches")) {
      if (m.get("providerId").asText().equals(id)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code condition} holds within the contract's visibility bound (1 s). */
  static boolean eventually(java.util.function.BooleanSupplier condition) {
    try {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(1))
          .pollInterval(java.time.Duration.ofMillis(10))
          .until(condition::getAsBoolean);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  @Test
  void put_newProvider_is201AndReadableAndMatchableWithinOneSecond() throws Exception {
    TestServer.Answer created =
        s.put("/api/v1/providers/p-new", Documents.worker("p-new", 22.5431, 114.0579));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.contentType()).startsWith("application/json");
    JsonNode doc = created.json();
    assertThat(doc.get("id").asText()).isEqualTo("p-new");
    assertThat(doc.get("rating").get("count").asLong()).isZero();
    assertThat(doc.get("updatedAt").asText()).isNotBlank();

    TestServer.Answer read = s.get("/api/v1/providers/p-new");
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().get("skills")).hasSize(2);
    assertThat(eventually(() -> matchable("p-new", 22.5431, 114.0579))).isTrue();
  }

  @Test
  void put_existingProvider_is200_andKeepsTheActiveCasesTheCaseLifecycleOwns() {
    assertThat(
            s.put("/api/v1/providers/p-keep", Documents.worker("p-keep", 22.55, 114.06)).status())
        .isEqualTo(201);
    String replaced =
        Documents.worker("p-keep", 22.55, 114.06)
            .replace("\"activeCases\": 3", "\"activeCases\": 9")
            .replace("王芳", "王芳芳");
    TestServer.Answer r = s.put("/api/v1/providers/p-keep", replaced);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().get("name").asText()).isEqualTo("王芳芳");
    assertThat(r.json().get("activeCases").asInt()).isEqualTo(3);
  }

  @Test
  void put_movedProvider_leavesOldPlaceWithinOneSecond() throws Exception {
    s.put("/api/v1/providers/p-move", Documents.worker("p-move", 22.60, 114.10));
    assertThat(eventually(() -> matchable("p-move", 22.60, 114.10))).isTrue();
    s.put("/api/v1/providers/p-move", Documents.worker("p-move", 22.70, 114.30));
    assertThat(
            eventually(
                () -> !matchable("p-move", 22.60, 114.10) && matchable("p-move", 22.70, 114.30)))
        .isTrue();
  }

  @Test
  void delete_thenGet_is404ProblemAndNotMatchable() throws Exception {
    s.put("/api/v1/providers/p-del", Documents.worker("p-del", 22.52, 114.02));
    assertThat(eventually(() -> matchable("p-del", 22.52, 114.02))).isTrue();
    assertThat(s.delete("/api/v1/providers/p-del").status()).isEqualTo(204);
    TestServer.Answer gone = s.get("/api/v1/providers/p-del");
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.contentType()).startsWith("application/problem+json");
    assertThat(gone.json().get("type").asText()).endsWith("/not-found");
    assertThat(eventually(() -> !matchable("p-del", 22.52, 114.02))).isTrue();
    assertThat(s.delete("/api/v1/providers/p-del").status()).isEqualTo(404);
  }

  @Test
  void put_gcj02Location_isStoredInWgs84() {
    String doc =
        Documents.worker("p-gcj", 22.540796131694766, 113.9171764808363)
            .replace("\"location\"", "\"crs\": \"GCJ02\", \"location\"");
    JsonNode stored = s.put("/api/v1/providers/p-gcj", doc).json();
    // The public test vector: GCJ-02 (22.540796…, 113.917176…) is WGS84 (22.543847, 113.912316).
    assertThat(stored.get("location").get("lat").asDouble())
        .isCloseTo(22.543847, org.assertj.core.api.Assertions.within(1e-5));
    assertThat(stored.get("location").get("lon").asDouble())
        .isCloseTo(113.912316, org.assertj.core.api.Assertions.within(1e-5));
  }

  @Test
  void bulk_mixedFile_keepsValidLinesAndReportsBadOnesByLine() {
    String ndjson =
        String.join(
            "\n",
            Documents.worker("b1", 22.54, 114.05).replace("\n", " "),
            "{not json",
            Documents.worker("b2", 22.55, 114.06).replace("\n", " "),
            Documents.worker("b1", 22.56, 114.07).replace("\n", " "),
            Documents.worker("b3", 122.5, 114.0).replace("\n", " "),
            "");
    TestServer.Answer r = s.post("/api/v1/providers/bulk", "application/x-ndjson", ndjson);
    assertThat(r.status()).isEqualTo(200);
    JsonNode report = r.json();
    assertThat(report.get("accepted").asInt()).isEqualTo(2);
    assertThat(report.get("rejected"))
        .extracting(n -> n.get("line").asInt())
        .containsExactly(2, 4, 5);
    assertThat(report.get("rejected").get(1).get("errors").get(0).get("message").asText())
        .contains("duplicate id \"b1\"")
        .contains("line 1");
    assertThat(report.get("rejected").get(2).get("errors").get(0).get("field").asText())
        .isEqualTo("location.lat");
    assertThat(s.get("/api/v1/providers/b2").status()).isEqualTo(200);
    assertThat(s.get("/api/v1/providers/b1").json().get("location").get("lat").asDouble())
        .isEqualTo(22.54);
    assertThat(s.get("/api/v1/providers/b3").status()).isEqualTo(404);
  }

  @Test
  void bulk_allLinesBad_is400ProblemNamingEachLine() {
    TestServer.Answer r =
        s.post("/api/v1/providers/bulk", "application/x-ndjson", "{\"id\": \"x\"}\n[1,2]\n");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.json().get("errors"))
        .extracting(e -> e.get("field").asText())
        .anyMatch(f -> f.startsWith("lines[1]"))
        .anyMatch(f -> f.startsWith("lines[2]"));
  }

  @Test
  void bulk_acrossBatchBoundaries_countsEveryLineAndNumbersRejectsExactly() {
    java.util.List<org.linli.core.provider.Provider> ps =
        new org.linli.core.synthetic.SyntheticCity(3).providers(4_500, "x");
    java.util.Set<Integer> bad = java.util.Set.of(1_999, 2_000, 2_001, 4_000, 4_500);
    StringBuilder ndjson = new StringBuilder();
    for (int i = 1; i <= ps.size(); i++) {
      ndjson.append(bad.contains(i) ? "{broken" : Documents.line(ps.get(i - 1))).append('\n');
    }
    TestServer.Answer r =
        s.post("/api/v1/providers/bulk", "application/x-ndjson", ndjson.toString());
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("accepted").asInt()).isEqualTo(4_495);
    assertThat(r.json().get("rejected"))
        .extracting(n -> n.get("line").asInt())
        .containsExactly(1_999, 2_000, 2_001, 4_000, 4_500);
    assertThat(s.get("/api/v1/providers/x4499").status()).isEqualTo(200);
    assertThat(s.get("/api/v1/providers/x4500").status()).isEqualTo(404);
  }
}
