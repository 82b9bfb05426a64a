package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.linli.server.config.ServerConfig;
import org.linli.server.json.Json;
import org.linli.server.store.TestPostgres;

/**
 * While the providers are still loading from the database, the server answers on its port but is
 * not ready: readiness DOWN with the index LOADING, writes and matches 503 {@code loading}; it
 * turns UP only once every stored provider is indexed and the match path has been warmed up. The
 * load is held back deterministically by a lock on the table.
 */
class StartupReadinessTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void whileLoading_notReady_writesAndMatchesAre503_thenUpWithEverythingIndexedAndWarm()
      throws Exception {
    ServerConfig.DbSettings db = TestPostgres.shared().newDatabase();
    Path dataDir = Files.createTempDirectory("linli-startup");
    String cluster = "startup-" + UUID.randomUUID();
    try (TestServer first = new TestServer(false, cluster, List.of(), dataDir, db)) {
      for (int i = 0; i < 50; i++) {
        assertThat(
                first
                    .put("/api/v1/providers/p" + i, Documents.worker("p" + i, 22.5431, 114.0579))
                    .status())
            .isEqualTo(201);
      }
    }

    // A short warm-up: both of its stages run, in process and over HTTP, each for at most a few
    // seconds.
    ServerConfig config =
        ServerConfig.loopback(dataDir)
            .clusterName(cluster)
            .db(db)
            .build()
            .withWarmup(java.time.Duration.ofSeconds(4));
    try (Connection lock = DriverManager.getConnection(db.url(), db.user(), db.password())) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute(
            "LOCK TABLE providers IN ACCESS EXCLUSIVE MODE"); // the start-up load waits for this
      }
      try (LinliServer server = new LinliServer(config).start()) {
        // Port 0 asked: one free port, shared by the HTTP server of every event loop.
        assertThat(server.httpPorts())
            .hasSize(Math.max(1, Runtime.getRuntime().availableProcessors()))
            .containsOnly(server.port());
        if (System.getProperty("os.name").equals("Linux")
            && System.getProperty("os.arch").equals("amd64")) {
          assertThat(server.nativeTransport())
              .as("epoll, from netty-transport-native-epoll")
              .isTrue();
        }
        String base = "http://127.0.0.1:" + server.port();
        HttpResponse<String> ready = get(base + "/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(Json.parse(ready.body().getBytes()).get("checks").get("index").asText())
            .isEqualTo("LOADING");
        assertThat(Json.parse(ready.body().getBytes()).get("checks").get("warmup").asText())
            .isEqualTo("PENDING");
        HttpResponse<String> put =
            send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/providers/x"))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + TestTokens.admin(server.tokens()))
                    .PUT(HttpRequest.BodyPublishers.ofString(Documents.worker("x", 22.5, 114.0))));
        assertThat(put.statusCode()).isEqualTo(503);
        assertThat(put.body()).contains("https://linli.org/problems/loading");
        HttpResponse<String> match =
            send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/match"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"location\": {\"lat\": 22.5431, \"lon\": 114.0579}, \"radiusMeters\": 1000}")));
        assertThat(match.statusCode()).isEqualTo(503);
        assertThat(get(base + "/health/live").statusCode()).isEqualTo(200);

        lock.rollback(); // release the table: the load proceeds
        assertThat(server.awaitReady(60, TimeUnit.SECONDS)).isTrue();
        HttpResponse<String> up = get(base + "/health/ready");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(Json.parse(up.body().getBytes()).get("checks").get("warmup").asText())
            .isEqualTo("UP");
        // Before it said so, the member warmed its match path on needs made from its own providers,
        // in process
        // and then through its routes over loopback HTTP, every answer a 200 (none rate-limited).
        String metrics =
            send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .header("Authorization", "Bearer " + TestTokens.admin(server.tokens())))
                .body();
        assertThat(gauge(metrics, "linli_warmup_matches{stage=\"in-process\"}")).isPositive();
        assertThat(gauge(metrics, "linli_warmup_matches{stage=\"http\"}")).isPositive();
        assertThat(gauge(metrics, "linli_warmup_errors{stage=\"in-process\"}")).isZero();
        assertThat(gauge(metrics, "linli_warmup_errors{stage=\"http\"}")).isZero();
        HttpResponse<String> after =
            send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/match"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"location\": {\"lat\": 22.5431, \"lon\": 114.0579}, \"radiusMeters\": 1000, \"limit\": 100}")));
        assertThat(Json.parse(after.body().getBytes()).get("total").asInt()).isEqualTo(50);
      }
    }
  }

  /** A sample's value from the Prometheus text, by its name and labels exactly as written. */
  private static double gauge(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(series + " not in /metrics"));
  }

  private HttpResponse<String> get(String uri) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(uri)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
