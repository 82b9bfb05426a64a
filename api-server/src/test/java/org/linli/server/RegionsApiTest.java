package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.server.config.ServerConfig;

/**
 * Region import and lookup over HTTP on the real Shenzhen layers; population; durability across a
 * restart.
 */
class RegionsApiTest {
  static TestServer s;

  /**
   * A data file, vendored or from {@code ../shared/data}; the test is skipped when it has neither.
   */
  static String file(String relative) {
    return org.linli.geo.SharedData.read(relative);
  }

  static TestServer.Answer importAs(TestServer server, String token, String query, String body) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(server.uri("/api/v1/regions/import?" + query))
            .header("Content-Type", "application/geo+json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return server.send(r);
  }

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    TestServer.Answer d =
        importAs(
            s,
            s.adminToken,
            "level=district&nameProperty=qh",
            file("boundaries/shenzhen_districts_transbigdata.json"));
    assertThat(d.status()).as(d.body()).isEqualTo(200);
    assertThat(d.json().get("imported").asInt()).isEqualTo(10);
    TestServer.Answer st =
        importAs(
            s,
            s.adminToken,
            "level=street&nameProperty=name_zh",
            file("boundaries/shenzhen_streets_handtraced_aedmap.geojson"));
    assertThat(st.status()).as(st.body()).isEqualTo(200);
    assertThat(st.json().get("imported").asInt()).isEqualTo(78);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void lookup_givesTheChain_inWgs84OrGcj02_and404Outside() {
    JsonNode chain = s.get("/api/v1/regions/lookup?lat=22.5431&lon=114.0579").json();
    assertThat(chain.get(0).get("name").asText()).isEqualTo("福田");
    assertThat(chain.get(0).get("level").asText()).isEqualTo("district");
    assertThat(chain.get(1).get("level").asText()).isEqualTo("street");
    assertThat(chain.get(1).get("name").asText()).endsWith("街道");
    // A real site given in GCJ-02 (罗湖网球俱乐部, 罗湖区).
    JsonNode gcj = s.get("/api/v1/regions/lookup?lat=22.556084&lon=114.151476&crs=GCJ02").json();
    assertThat(gcj.get(0).get("name").asText()).isEqualTo("罗湖");
    TestServer.Answer outside = s.get("/api/v1/regions/lookup?lat=31.23&lon=121.47");
    assertThat(outside.status()).isEqualTo(404);
    assertThat(outside.contentType()).startsWith("application/problem+json");
    assertThat(s.get("/api/v1/regions/lookup?lat=22.5").status()).isEqualTo(400);
    assertThat(s.get("/api/v1/regions/lookup?lat=22.5&lon=114&crs=MARS").status()).isEqualTo(400);
  }

  @Test
  void everyStreet_hasItsDistrictAsParent() {
    JsonNode streets = s.get("/api/v1/regions?level=street").json();
    assertThat(streets).hasSize(78);
    for (JsonNode st : streets) {
      assertThat(st.get("parentId").asText()).as(st.toString()).startsWith("district:");
    }
  }

  @Test
  void onlyAdminImports_andBadFeaturesAreRepairedOrReportedByIndex() {
    String collection =
        """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"n": "甲"}, "geometry": {"type": "Polygon",
            "coordinates": [[[113.0, 23.0], [113.01, 23.0], [113.01, 23.01], [113.0, 23.0]]]}},
          {"type": "Feature", "properties": {"n": "乙"}, "geometry": {"type": "LineString",
            "coordinates": [[113.0, 23.0], [113.01, 23.01]]}},
          {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
            "coordinates": [[[113.0, 23.0], [113.01, 23.0], [113.01, 23.01], [113.0, 23.0]]]}},
          {"type": "Feature", "properties": {"n": "丁"}, "geometry": {"type": "Polygon",
            "coordinates": [[[113.0, 23.1], [113.1, 23.2], [113.1, 23.1], [113.0, 23.2], [113.0, 23.1]]]}}
        ]}""";
    String resident =
        s.server
            .tokens()
            .mint(new Principal("r", Set.of(Role.RESIDENT), null, null), Duration.ofMinutes(5));
    assertThat(importAs(s, null, "level=city&nameProperty=n", collection).status()).isEqualTo(401);
    assertThat(importAs(s, resident, "level=city&nameProperty=n", collection).status())
        .isEqualTo(403);
    assertThat(importAs(s, s.adminToken, "level=country&nameProperty=n", collection).status())
        .isEqualTo(400);
    assertThat(importAs(s, s.adminToken, "level=city", collection).status()).isEqualTo(400);
    assertThat(
            importAs(s, s.adminToken, "level=city&nameProperty=n", "{\"type\": \"Feature\"}")
                .status())
        .isEqualTo(400);

    TestServer.Answer report = importAs(s, s.adminToken, "level=city&nameProperty=n", collection);
    assertThat(report.status()).as(report.body()).isEqualTo(200);
    assertThat(report.json().get("imported").asInt()).isEqualTo(2);
    assertThat(report.json().get("repaired").get(0).get("index").asInt()).isEqualTo(3);
    assertThat(report.json().get("repaired").get(0).get("note").asText())
        .contains("self-intersection");
    JsonNode rejected = report.json().get("rejected");
    assertThat(rejected).hasSize(2);
    assertThat(rejected.get(0).get("index").asInt()).isEqualTo(1);
    assertThat(rejected.get(0).toString()).contains("LineString");
    assertThat(rejected.get(1).get("index").asInt()).isEqualTo(2);
    assertThat(rejected.get(1).toString()).contains("name property");
    // The repaired bow-tie is a region now.
    assertThat(
            s.get("/api/v1/regions/lookup?lat=23.15&lon=113.02").json().get(0).get("name").asText())
        .isEqualTo("丁");
  }

  @Test
  void census_population_isJoinedByName_andOtherCitiesAreReportedUnmatched() throws Exception {
    long census = 0; // Shenzhen's rows of the file, summed here
    for (String line : file("population/census2020_district_population_sz_sh_bj.csv").split("\n")) {
      if (line.startsWith("Shenzhen,")) {
        census += Long.parseLong(line.split(",")[3].trim());
      }
    }
    TestServer.Answer r =
        s.send(
            s.asAdmin(
                HttpRequest.newBuilder(
                        s.uri(
                            "/api/v1/regions/population?level=district"
                                + "&nameColumn=district_zh&populationColumn=population_census_2020"))
                    .header("Content-Type", "text/csv")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            file("population/census2020_district_population_sz_sh_bj.csv")))));
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().get("matched").asInt()).isEqualTo(10);
    assertThat(r.json().get("unmatched")).hasSize(32);
    long total = 0;
    for (JsonNode d : s.get("/api/v1/regions?level=district").json()) {
      total += d.get("population").asLong();
      if (d.get("name").asText().equals("福田")) {
        assertThat(d.get("population").asLong()).isEqualTo(1_553_225);
      }
    }
    assertThat(total)
        .as("Shenzhen's districts in the 2020 census")
        .isEqualTo(census)
        .isGreaterThan(17_000_000);
  }

  @Test
  void importRegionsSubcommand_sendsAFileToTheRunningServer() throws Exception {
    Path geojson = Files.createTempFile("region", ".geojson");
    Files.writeString(
        geojson,
        """
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "戊", "code": "999001"},
          "geometry": {"type": "Polygon", "coordinates": [[[112.0, 24.0], [112.1, 24.0], [112.1, 24.1],
          [112.0, 24.0]]]}}]}""");
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "org.linli.server.Main",
                "import-regions",
                "--level",
                "city",
                "--name-property",
                "name",
                "--code-property",
                "code",
                "--url",
                "http://127.0.0.1:" + s.server.port(),
                "--data-dir",
                s.dataDir.toString(),
                geojson.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("\"imported\":1");
    JsonNode chain = s.get("/api/v1/regions/lookup?lat=24.02&lon=112.05").json();
    assertThat(chain.get(0).get("adcode").asText()).isEqualTo("999001");
    assertThat(chain.get(0).get("id").asText()).isEqualTo("999001");
  }

  @Test
  void regions_surviveARestart() throws Exception {
    Path dataDir = Files.createTempDirectory("linli-regions");
    ServerConfig config =
        ServerConfig.loopback(dataDir)
            .clusterName("regions-" + UUID.randomUUID())
            .db(TestServer.testDatabase())
            .build();
    try (TestServer first = new TestServer(config)) {
      assertThat(
              importAs(
                      first,
                      first.adminToken,
                      "level=district&nameProperty=qh",
                      file("boundaries/shenzhen_districts_transbigdata.json"))
                  .json()
                  .get("imported")
                  .asInt())
          .isEqualTo(10);
    }
    try (TestServer second = new TestServer(config)) {
      assertThat(
              second
                  .get("/api/v1/regions/lookup?lat=22.5431&lon=114.0579")
                  .json()
                  .get(0)
                  .get("name")
                  .asText())
          .isEqualTo("福田");
    }
  }
}
