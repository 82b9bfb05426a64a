package org.linli.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.linli.core.geo.GeoPoint;
import org.linli.core.provider.Provider;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.server.LinliServer;
import org.linli.server.config.ServerConfig;

/**
 * Update-to-visible lag over real HTTP: a server with {@code n} providers; each round moves one
 * provider to a fresh spot with a PUT and, from the moment the 2xx arrives, polls {@code POST
 * /api/v1/match} at that spot until the provider is listed. Reports p50/p99/max of that lag (it
 * includes the polling requests' own latency).
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar
 * org.linli.benchmarks.VisibilityLag 100000 500}
 */
public final class VisibilityLag {
  private VisibilityLag() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-lag"))
            .clusterName("lag-" + UUID.randomUUID())
            // Embedded H2 unless LINLI_DB_URL (with LINLI_DB_USER, LINLI_DB_PASSWORD) names another
            // store.
            .db(
                new ServerConfig.DbSettings(
                    System.getenv("LINLI_DB_URL"),
                    System.getenv("LINLI_DB_USER"),
                    System.getenv("LINLI_DB_PASSWORD"),
                    10))
            .build();
    try (LinliServer server = new LinliServer(config).start()) {
      server.awaitReady(60, TimeUnit.SECONDS);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + server.port();
      // Provider writes need ADMIN (or the owning AGENCY).
      String admin =
          server
              .tokens()
              .mint(
                  new org.linli.core.access.Principal(
                      "bench", java.util.Set.of(org.linli.core.access.Role.ADMIN), null, null),
                  java.time.Duration.ofHours(4));
      SyntheticCity city = SyntheticCity.nationwide(3);
      StringBuilder ndjson = new StringBuilder();
      for (Provider p : city.providers(n, "v")) {
        ndjson.append(line(p.id(), p.location())).append('\n');
      }
      long t0 = System.nanoTime();
      HttpResponse<String> imported =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/providers/bulk"))
                  .header("Content-Type", "application/x-ndjson")
                  .header("Authorization", "Bearer " + admin)
                  .POST(HttpRequest.BodyPublishers.ofString(ndjson.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      System.out.printf(
          "bulk import of %d over HTTP: %d in %.1f s%n",
          n, imported.statusCode(), (System.nanoTime() - t0) / 1e9);
      if (imported.statusCode() != 200) {
        throw new IllegalStateException("bulk import failed: " + imported.body());
      }
      long[] lags = new long[rounds];
      long[] puts = new long[rounds];
      for (int i = 0; i < rounds; i++) {
        // A spot in the South China Sea, far from everyone, different each round.
        GeoPoint spot = new GeoPoint(15 + (i % 50) * 0.05, 112 + (i / 50) * 0.05);
        String id = "v" + (1 + i);
        long sent = System.nanoTime();
        HttpResponse<String> put =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/providers/" + id))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + admin)
                    .PUT(HttpRequest.BodyPublishers.ofString(line(id, spot)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() / 100 != 2) {
          throw new IllegalStateException("PUT failed: " + put.body());
        }
        long acked = System.nanoTime();
        puts[i] = acked - sent;
        String query =
            "{\"location\": {\"lat\": "
                + spot.lat()
                + ", \"lon\": "
                + spot.lon()
                + "}, \"radiusMeters\": 100, \"sort\": \"distance\"}";
        while (true) {
          String body =
              http.send(
                      HttpRequest.newBuilder(URI.create(base + "/api/v1/match"))
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofString(query))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body();
          if (body.contains("\"" + id + "\"")) {
            break;
          }
          if (System.nanoTime() - acked > 5_000_000_000L) {
            throw new IllegalStateException(id + " not visible after 5 s");
          }
        }
        lags[i] = System.nanoTime() - acked;
      }
      Arrays.sort(lags);
      Arrays.sort(puts);
      System.out.printf(
          "PUT round trip (parse, upsert on the owning partition, commit, answer) over %d PUTs:"
              + " p50=%.2f ms p99=%.2f ms%n",
          rounds, puts[rounds / 2] / 1e6, puts[(int) (rounds * 0.99)] / 1e6);
      System.out.printf(
          "update-to-visible lag over %d PUTs: p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
          rounds,
          lags[rounds / 2] / 1e6,
          lags[(int) (rounds * 0.99)] / 1e6,
          lags[rounds - 1] / 1e6);
    }
  }

  private static String line(String id, GeoPoint at) {
    return "{\"id\": \""
        + id
        + "\", \"kind\": \"WORKER\", \"name\": \"w\", \"location\": {\"lat\": "
        + at.lat()
        + ", \"lon\": "
        + at.lon()
        + "}, \"serviceRadiusMeters\": 3000, \"skills\": [\"ELDER_CARE\"], "
        + "\"languages\": [\"zh\"], \"capacity\": 10}";
  }
}
