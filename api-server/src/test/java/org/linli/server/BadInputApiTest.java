package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad input of the contract gets a 4xx problem naming the field, and nothing stored is lost.
 */
class BadInputApiTest {
  static TestServer s;
  static String keeperBefore;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    assertThat(
            s.put("/api/v1/providers/keeper", Documents.worker("keeper", 22.54, 114.05)).status())
        .isEqualTo(201);
    keeperBefore = s.get("/api/v1/providers/keeper").body();
  }

  @AfterAll
  static void stopAndCheckNothingWasLost() {
    try {
      assertThat(s.get("/api/v1/providers/keeper").body()).isEqualTo(keeperBefore);
      assertThat(s.server.cluster().providers().size()).isEqualTo(1);
    } finally {
      s.close();
    }
  }

  static String match(String fields) {
    return "{\"location\": {\"lat\": 22.54, \"lon\": 114.05}"
        + (fields.isEmpty() ? "" : ", " + fields)
        + "}";
  }

  static String nested(int depth) {
    return "{\"location\": {\"lat\": 22.54, \"lon\": 114.05}, \"text\": "
        + "[".repeat(depth)
        + "]".repeat(depth)
        + "}";
  }

  static String polygonProvider(String coordinates) {
    return Documents.worker("keeper", 22.54, 114.05)
        .replace(
            "\"serviceRadiusMeters\": 5000",
            "\"serviceArea\": {\"type\": \"Polygon\", \"coordinates\": " + coordinates + "}");
  }

  static String bigPolygon(int vertices) {
    StringBuilder sb = new StringBuilder("[[");
    for (int i = 0; i < vertices - 1; i++) {
      double a = 2 * Math.PI * i / (vertices - 1);
      sb.append('[')
          .append(114.05 + 0.01 * Math.cos(a))
          .append(',')
          .append(22.54 + 0.01 * Math.sin(a))
          .append("],");
    }
    sb.append("[114.06,22.54]]]");
    return sb.toString();
  }

  static Stream<Arguments> badMatches() {
    return Stream.of(
        Arguments.of(
            "NaN latitude",
            "{\"location\": {\"lat\": \"NaN\", \"lon\": 114.05}}",
            400,
            "location.lat"),
        Arguments.of(
            "infinite latitude",
            "{\"location\": {\"lat\": 1e999, \"lon\": 114.05}}",
            400,
            "location.lat"),
        Arguments.of(
            "latitude out of range",
            "{\"location\": {\"lat\": 90.0000001, \"lon\": 114.05}}",
            400,
            "location.lat"),
        Arguments.of(
            "swapped lat/lon",
            "{\"location\": {\"lat\": 114.05, \"lon\": 22.54}}",
            400,
            "location.lat"),
        Arguments.of(
            "longitude out of range",
            "{\"location\": {\"lat\": 22.5, \"lon\": -180.5}}",
            400,
            "location.lon"),
        Arguments.of("missing location", "{\"skills\": [\"ELDER_CARE\"]}", 400, "location"),
        Arguments.of(
            "unknown skill", match("\"skills\": [\"ELDER_CARE\", \"ALCHEMY\"]"), 400, "skills[1]"),
        Arguments.of("unknown kind", match("\"kinds\": [\"ROBOT\"]"), 400, "kinds[0]"),
        Arguments.of("radius zero", match("\"radiusMeters\": 0"), 400, "radiusMeters"),
        Arguments.of("radius negative", match("\"radiusMeters\": -5"), 400, "radiusMeters"),
        Arguments.of("radius too large", match("\"radiusMeters\": 100001"), 400, "radiusMeters"),
        Arguments.of("limit zero", match("\"limit\": 0"), 400, "limit"),
        Arguments.of("limit too large", match("\"limit\": 101"), 400, "limit"),
        Arguments.of("limit not whole", match("\"limit\": 2.5"), 400, "limit"),
        Arguments.of("unknown sort", match("\"sort\": \"random\""), 400, "sort"),
        Arguments.of("misspelt field", match("\"radiusMeter\": 500"), 400, "radiusMeter"),
        Arguments.of("unknown crs", match("\"crs\": \"EPSG:3857\""), 400, "crs"),
        Arguments.of("malformed JSON", "{\"location\": {\"lat\": 22.5,", 400, ""),
        Arguments.of("trailing garbage", match("") + " xyz", 400, ""),
        Arguments.of(
            "duplicate key",
            "{\"location\": {\"lat\": 22.5, \"lat\": 22.6, \"lon\": 114}}",
            400,
            ""),
        Arguments.of("not an object", "[1, 2, 3]", 400, ""),
        Arguments.of("nested deeper than 64", nested(70), 400, ""),
        Arguments.of("empty body", "", 400, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badMatches")
  void match_badInput_isProblemNamingTheField(String name, String body, int status, String field) {
    assertProblem(s.post("/api/v1/match", body), status, field);
  }

  static Stream<Arguments> badProviders() {
    return Stream.of(
        Arguments.of(
            "bow-tie polygon",
            polygonProvider("[[[114.0,22.5],[114.1,22.6],[114.1,22.5],[114.0,22.6],[114.0,22.5]]]"),
            "serviceArea"),
        Arguments.of(
            "unclosed polygon",
            polygonProvider("[[[114.0,22.5],[114.1,22.5],[114.1,22.6],[114.0,22.6]]]"),
            "serviceArea.coordinates[0]"),
        Arguments.of(
            "polygon over 10 000 vertices",
            polygonProvider(bigPolygon(10_002)),
            "serviceArea.coordinates[0]"),
        Arguments.of(
            "polygon position not numbers",
            polygonProvider("[[[\"a\",22.5],[114.1,22.5],[114.1,22.6],[114.0,22.5]]]"),
            "serviceArea.coordinates[0][0]"),
        Arguments.of(
            "point as service area",
            Documents.worker("keeper", 22.54, 114.05)
                .replace(
                    "\"serviceRadiusMeters\": 5000",
                    "\"serviceArea\": {\"type\": \"Point\", \"coordinates\": [1, 2]}"),
            "serviceArea.type"),
        Arguments.of("id differs from URL", Documents.worker("other", 22.54, 114.05), "id"),
        Arguments.of(
            "negative capacity",
            Documents.worker("keeper", 22.54, 114.05)
                .replace("\"capacity\": 12", "\"capacity\": -1"),
            "capacity"),
        Arguments.of(
            "no service area",
            Documents.worker("keeper", 22.54, 114.05).replace("\"serviceRadiusMeters\": 5000,", ""),
            "serviceRadiusMeters"),
        Arguments.of(
            "bad language code",
            Documents.worker("keeper", 22.54, 114.05).replace("\"yue\"", "\"Cantonese!\""),
            "languages[1]"),
        Arguments.of(
            "unknown status",
            Documents.worker("keeper", 22.54, 114.05)
                .replace("\"capacity\": 12", "\"capacity\": 12, \"status\": \"ASLEEP\""),
            "status"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badProviders")
  void putProvider_badInput_isProblemNamingTheField_andKeepsTheStoredOne(
      String name, String body, String field) {
    assertProblem(s.put("/api/v1/providers/keeper", body), 400, field);
  }

  @org.junit.jupiter.api.Test
  void match_bodyOverLimit_is413() {
    String big = match("\"text\": \"" + "x".repeat(70_000) + "\"");
    assertProblem(s.post("/api/v1/match", big), 413, null);
  }

  @org.junit.jupiter.api.Test
  void match_wrongContentType_is415() {
    assertProblem(s.post("/api/v1/match", "text/plain", match("")), 415, null);
  }

  @org.junit.jupiter.api.Test
  void bulk_wrongContentType_is415() {
    assertProblem(s.post("/api/v1/providers/bulk", "application/json", "{}"), 415, null);
  }

  @org.junit.jupiter.api.Test
  void bulk_onlyBrokenLines_is400NamingEachLineAndField() {
    TestServer.Answer r =
        s.post("/api/v1/providers/bulk", "application/x-ndjson", "{\"id\":\"k\"}\n{oops\n");
    assertProblem(r, 400, "lines[1].location");
    assertProblem(r, 400, "lines[2]");
  }

  @org.junit.jupiter.api.Test
  void convert_badParameters_areProblems() {
    assertProblem(s.get("/api/v1/geo/convert?lat=abc&lon=114&from=GCJ02&to=WGS84"), 400, "lat");
    assertProblem(s.get("/api/v1/geo/convert?lat=22.5&lon=114&from=MARS&to=WGS84"), 400, "from");
    assertProblem(s.get("/api/v1/geo/convert?lat=95&lon=114"), 400, "lat");
  }

  @org.junit.jupiter.api.Test
  void unknownRoute_is404Problem_andWrongMethodIs405Problem() {
    assertProblem(s.get("/api/v1/nothing-here"), 404, null);
    assertProblem(
        s.send(java.net.http.HttpRequest.newBuilder(s.uri("/api/v1/match")).GET()), 405, null);
  }

  static void assertProblem(TestServer.Answer r, int status, String field) {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    JsonNode p = r.json();
    assertThat(p.get("status").asInt()).isEqualTo(status);
    assertThat(p.get("type").asText()).startsWith("https://linli.org/problems/");
    assertThat(p.get("title").asText()).isNotBlank();
    assertThat(p.get("detail").asText())
        .isNotBlank()
        .doesNotContain("Exception")
        .doesNotContain("org.linli");
    if (field != null) {
      assertThat(p.get("errors"))
          .as(r.body())
          .extracting(e -> e.get("field").asText())
          .contains(field);
    }
  }
}
