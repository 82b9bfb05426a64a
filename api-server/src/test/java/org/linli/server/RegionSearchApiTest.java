package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A place search over the loaded regions' names, for the pages' "find my place". */
class RegionSearchApiTest {
  static final String DISTRICTS =
      """
      {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"n": "福田", "c": "440304"}, "geometry": {"type": "Polygon",
          "coordinates": [[[114.00, 22.50], [114.10, 22.50], [114.10, 22.60], [114.00, 22.60], [114.00, 22.50]]]}},
        {"type": "Feature", "properties": {"n": "罗湖", "c": "440303"}, "geometry": {"type": "Polygon",
          "coordinates": [[[114.10, 22.50], [114.20, 22.50], [114.20, 22.60], [114.10, 22.60], [114.10, 22.50]]]}}
      ]}""";
  static final String STREETS =
      """
      {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"n": "福田街道"}, "geometry": {"type": "Polygon",
          "coordinates": [[[114.00, 22.50], [114.05, 22.50], [114.05, 22.55], [114.00, 22.55], [114.00, 22.50]]]}},
        {"type": "Feature", "properties": {"n": "华强北街道"}, "geometry": {"type": "Polygon",
          "coordinates": [[[114.05, 22.50], [114.10, 22.50], [114.10, 22.55], [114.05, 22.55], [114.05, 22.50]]]}}
      ]}""";

  /** Loads {@link #DISTRICTS} (福田 440304, 罗湖 440303) into {@code s} as districts. */
  static void importDistricts(TestServer s) {
    assertThat(
            RegionsApiTest.importAs(
                    s, s.adminToken, "level=district&nameProperty=n&codeProperty=c", DISTRICTS)
                .status())
        .isEqualTo(200);
  }

  static List<String> names(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.get("regions").forEach(r -> out.add(r.get("name").asText()));
    return out;
  }

  @Test
  void placesAreFoundByName_bestFirst_withAPointInsideAndTheirBox() throws Exception {
    try (TestServer s = new TestServer(false)) {
      assertThat(
              RegionsApiTest.importAs(
                      s, s.adminToken, "level=district&nameProperty=n&codeProperty=c", DISTRICTS)
                  .status())
          .isEqualTo(200);
      assertThat(
              RegionsApiTest.importAs(s, s.adminToken, "level=street&nameProperty=n", STREETS)
                  .status())
          .isEqualTo(200);
      JsonNode futian = s.get("/api/v1/regions/search?q=%E7%A6%8F%E7%94%B0%E5%8C%BA").json();
      assertThat(names(futian))
          .as("福田区: the district, then its street")
          .containsExactly("福田", "福田街道");
      JsonNode first = futian.get("regions").get(0);
      assertThat(first.get("level").asText()).isEqualTo("district");
      assertThat(first.get("adcode").asText()).isEqualTo("440304");
      double lat = first.get("centre").get("lat").asDouble();
      double lon = first.get("centre").get("lon").asDouble();
      assertThat(lat).isBetween(22.50, 22.60);
      assertThat(lon).isBetween(114.00, 114.10);
      assertThat(first.get("bbox").toString()).isEqualTo("[114.0,22.5,114.1,22.6]");
      assertThat(names(s.get("/api/v1/regions/search?q=%E5%8D%8E%E5%BC%BA").json()))
          .as("华强: a street's name starting with it")
          .containsExactly("华强北街道");
      assertThat(names(s.get("/api/v1/regions/search?q=%E4%B8%8A%E6%B5%B7").json())).isEmpty();
      assertThat(s.get("/api/v1/regions/search?q=%20").status()).isEqualTo(400);
      assertThat(s.get("/api/v1/regions/search").status()).isEqualTo(400);
    }
  }
}
