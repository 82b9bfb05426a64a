package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.taxonomy.Skill;
import org.linli.server.demo.DemoData;

/**
 * Health, metrics, the OpenAPI document, taxonomy, conversion and the demo data, on a demo-mode
 * server.
 */
class OperationsApiTest {
  static TestServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(true);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void health_liveAndReady_areUp() {
    assertThat(s.get("/health/live").json().get("status").asText()).isEqualTo("UP");
    TestServer.Answer ready = s.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asText()).isEqualTo("UP");
  }

  @Test
  void demo_emptyStoreGetsTheSyntheticCity_andMatchesWork() {
    assertThat(s.server.cluster().providers().size()).isEqualTo(DemoData.PROVIDERS);
    JsonNode r =
        s.post(
                "/api/v1/match",
                "{\"location\": {\"lat\": 22.5431, \"lon\": 114.0579}, "
                    + "\"skills\": [\"ELDER_CARE\"], \"radiusMeters\": 5000}")
            .json();
    assertThat(r.get("total").asInt()).isPositive();
    // The demo city's made-up regions: a full chain for a point in it.
    JsonNode chain = s.get("/api/v1/regions/lookup?lat=22.5431&lon=114.0579").json();
    assertThat(chain).hasSize(3);
    assertThat(chain.get(0).get("name").asText()).isEqualTo("示范市");
    assertThat(chain.get(2).get("level").asText()).isEqualTo("street");
  }

  @Test
  void metrics_arePrometheusTextWithMatchTimerAndIndexSize() {
    s.post("/api/v1/match", "{\"location\": {\"lat\": 22.5431, \"lon\": 114.0579}}");
    assertThat(s.get("/metrics").status()).as("not for anonymous callers").isEqualTo(401);
    TestServer.Answer m =
        s.send(s.asAdmin(java.net.http.HttpRequest.newBuilder(s.uri("/metrics")).GET()));
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.contentType()).startsWith("text/plain");
    assertThat(m.body())
        .contains("linli_match_requests_seconds_count")
        .contains("linli_index_providers")
        .contains("vertx_http_server_requests");
  }

  @Test
  void taxonomy_listsEverySkillWithLabels() {
    JsonNode t = s.get("/api/v1/taxonomy").json();
    assertThat(t.get("skills")).hasSize(Skill.values().length);
    assertThat(t.get("skills").get(0).get("labelZh").asText()).isEqualTo("养老服务");
  }

  @Test
  void convert_gcj02ToWgs84_matchesThePublicVector() {
    JsonNode p =
        s.get(
                "/api/v1/geo/convert?lat=22.540796131694766&lon=113.9171764808363&from=GCJ02&to=WGS84")
            .json();
    assertThat(p.get("lat").asDouble()).isCloseTo(22.543847, within(1e-6));
    assertThat(p.get("lon").asDouble()).isCloseTo(113.912316, within(1e-6));
  }

  @Test
  void openApi_documentsEveryRoute() {
    JsonNode doc = s.get("/openapi.json").json();
    assertThat(doc.get("openapi").asText()).startsWith("3.1");
    Set<String> documented = new HashSet<>();
    doc.get("paths").fieldNames().forEachRemaining(documented::add);
    Vertx vertx = Vertx.vertx();
    try {
      var router =
          new org.linli.server.http.ApiRouter(
                  vertx,
                  null,
                  new org.linli.ranking.ProviderSearchIndex(),
                  null,
                  new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                      io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT),
                  s.server,
                  s.server.tokens(),
                  new org.linli.server.auth.RateLimiter(0, System::nanoTime),
                  new org.linli.server.auth.RateLimiter(0, System::nanoTime),
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  java.time.Duration.ofSeconds(30),
                  null,
                  null,
                  null)
              .router();
      for (Route route : router.getRoutes()) {
        // "/api/*" is the authentication step in front of every API route, not an endpoint.
        if (route.getPath() != null
            && !route.getPath().isEmpty()
            && !route.getPath().equals("/")
            && route.isExactPath()) {
          assertThat(documented).contains(route.getPath().replaceAll(":(\\w+)", "{$1}"));
        }
      }
    } finally {
      vertx.close();
    }
  }
}
