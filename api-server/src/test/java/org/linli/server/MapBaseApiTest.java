package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.linli.server.config.ServerConfig;
import org.linli.server.config.ServerConfig.ConfigException;

/**
 * The pages' base map: the configured tile server (and only its host in the pages' CSP), and the
 * loaded regions as a plain base that needs no network.
 */
class MapBaseApiTest {
  static final String AMAP =
      "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}";

  @Test
  void withoutTiles_theRegionsAreTheBase_andThePagesLoadNothingElse() throws Exception {
    try (TestServer s = new TestServer(false)) {
      JsonNode config = s.get("/api/v1/map/config").json();
      assertThat(config.get("tiles").isNull()).isTrue();
      assertThat(s.get("/api/v1/map/base").json().get("features")).isEmpty();
      RegionSearchApiTest.importDistricts(s);
      TestServer.Answer base = s.get("/api/v1/map/base?level=district");
      assertThat(base.status()).isEqualTo(200);
      List<String> names = new ArrayList<>();
      for (JsonNode f : base.json().get("features")) {
        names.add(f.get("properties").get("name").asText());
        JsonNode label = f.get("properties").get("label");
        assertThat(label.get("lat").asDouble()).isBetween(22.50, 22.60);
        assertThat(f.get("geometry").get("type").asText()).isIn("Polygon", "MultiPolygon");
      }
      assertThat(names).containsExactlyInAnyOrder("福田", "罗湖");
      assertThat(s.get("/api/v1/map/base?level=street").json().get("features")).isEmpty();
      // The base is drawn once per change of the regions: an import shows in the next answer.
      assertThat(
              RegionsApiTest.importAs(
                      s, s.adminToken, "level=street&nameProperty=n", RegionSearchApiTest.STREETS)
                  .status())
          .isEqualTo(200);
      assertThat(s.get("/api/v1/map/base?level=street").json().get("features")).hasSize(2);
      assertThat(s.get("/api/v1/map/base?level=planet").status()).isEqualTo(400);
      String csp = s.get("/resident/").headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(csp).contains("img-src 'self' data:;");
    }
  }

  @Test
  void aTileServer_isOfferedToThePages_andOnlyItsHostIsAllowed() throws Exception {
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-tiles"))
            .demo(false)
            .db(TestServer.testDatabase())
            .tiles(new ServerConfig.Tiles(AMAP, "GCJ02", "© 高德地图", null))
            .build();
    try (TestServer s = new TestServer(config)) {
      JsonNode tiles = s.get("/api/v1/map/config").json().get("tiles");
      assertThat(tiles.get("url").asText()).isEqualTo(AMAP);
      assertThat(tiles.get("crs").asText()).isEqualTo("GCJ02");
      assertThat(tiles.get("attribution").asText()).isEqualTo("© 高德地图");
      String csp = s.get("/resident/").headers().firstValue("Content-Security-Policy").orElse("");
      assertThat(csp).contains("img-src 'self' data: https://*.is.autonavi.com;");
      assertThat(csp).contains("connect-src 'self';").contains("script-src 'self';");
    }
  }

  @Test
  void tileSettings_areChecked_withMessagesThatSayWhatToSet() {
    ServerConfig ok =
        ServerConfig.load(
            List.of(),
            Map.of(
                "LINLI_TILE_URL",
                "https://t{s}.tianditu.gov.cn/vec_w/wmts?SERVICE=WMTS&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk={key}",
                "LINLI_TILE_KEY",
                "k123",
                "LINLI_TILE_ATTRIBUTION",
                "天地图"));
    assertThat(ok.tiles().template()).endsWith("&tk=k123");
    assertThat(ok.tiles().crs()).isEqualTo("WGS84");
    assertThat(ok.tiles().cspSource()).isEqualTo("https://*.tianditu.gov.cn");
    assertThatThrownBy(
            () -> ServerConfig.load(List.of(), Map.of("LINLI_TILE_URL", "ftp://x/{z}/{x}/{y}")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("LINLI_TILE_URL");
    assertThatThrownBy(
            () ->
                ServerConfig.load(List.of(), Map.of("LINLI_TILE_URL", "https://tiles.example/{z}")))
        .hasMessageContaining("{z}, {x} and {y}");
    assertThatThrownBy(
            () ->
                ServerConfig.load(
                    List.of(), Map.of("LINLI_TILE_URL", "https://t.example/{z}/{x}/{y}?k={key}")))
        .hasMessageContaining("LINLI_TILE_KEY");
    assertThatThrownBy(
            () ->
                ServerConfig.load(
                    List.of(),
                    Map.of(
                        "LINLI_TILE_URL",
                        "https://t.example/{z}/{x}/{y}",
                        "LINLI_TILE_CRS",
                        "BD09")))
        .hasMessageContaining("WGS84 or GCJ02");
    assertThatThrownBy(
            () ->
                ServerConfig.load(
                    List.of(),
                    Map.of("LINLI_TILE_URL", "https://t.example/{z}/{x}/{y}\"; script-src *")))
        .as("nothing that would break out of the CSP")
        .isInstanceOf(ConfigException.class);
  }
}
