package org.linli.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.match.MatchRequest;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.server.LinliServer;
import org.linli.server.config.ServerConfig;

/**
 * Coverage maps at scale, over real HTTP: the real Shenzhen districts and streets, {@code n}
 * providers spread over Shenzhen like the synthetic city, {@code needs} residents' needs; then how
 * long the model takes to settle (every covered share of every region and skill computed), and the
 * latency of whole-city coverage requests.
 *
 * <p>Run from the repository root (it reads {@code ../shared/data/boundaries}): {@code java -Xmx8g
 * -cp benchmarks/target/benchmarks.jar org.linli.benchmarks.CoverageLoad 100000 5000}
 */
public final class CoverageLoad {
  private CoverageLoad() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int needCount = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    Path boundaries = Path.of(args.length > 2 ? args[2] : "../shared/data/boundaries");
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-coverage"))
            .clusterName("coverage-" + UUID.randomUUID())
            .security(new ServerConfig.Security(null, null, "linli", 0))
            .build();
    HttpClient http = HttpClient.newHttpClient();
    try (LinliServer server = new LinliServer(config).start()) {
      server.awaitReady(10, TimeUnit.MINUTES);
      String base = "http://127.0.0.1:" + server.port();
      String admin =
          server
              .tokens()
              .mint(new Principal("bench", Set.of(Role.ADMIN), null, null), Duration.ofHours(4));
      post(
          http,
          base + "/api/v1/regions/import?level=district&nameProperty=qh",
          admin,
          "application/geo+json",
          Files.readString(boundaries.resolve("shenzhen_districts_transbigdata.json")));
      post(
          http,
          base + "/api/v1/regions/import?level=street&nameProperty=name_zh",
          admin,
          "application/geo+json",
          Files.readString(boundaries.resolve("shenzhen_streets_handtraced_aedmap.geojson")));
      SyntheticCity city = new SyntheticCity(11);
      long t0 = System.nanoTime();
      for (int done = 0; done < n; done += 100_000) {
        int count = Math.min(100_000, n - done);
        String ndjson = Ndjson.providers(city, count, "s" + done + "-");
        post(http, base + "/api/v1/providers/bulk", admin, "application/x-ndjson", ndjson);
      }
      SyntheticCity residents = new SyntheticCity(12);
      for (int i = 0; i < needCount; i++) {
        MatchRequest m = residents.need(3_000, 1, org.linli.core.match.SortOrder.DISTANCE, "");
        String resident =
            server
                .tokens()
                .mint(
                    new Principal("r" + i, Set.of(Role.RESIDENT), null, null), Duration.ofHours(1));
        post(
            http,
            base + "/api/v1/needs",
            resident,
            "application/json",
            "{\"location\": {\"lat\": "
                + m.location().lat()
                + ", \"lon\": "
                + m.location().lon()
                + "}, \"skills\": [\""
                + m.skills().iterator().next().code()
                + "\"], \"radiusMeters\": 3000}");
      }
      double writes = (System.nanoTime() - t0) / 1e9;
      long s0 = System.nanoTime();
      while (!server.coverage().settled()) {
        Thread.sleep(100);
      }
      System.out.printf(
          "coverage: %,d providers and %,d needs written in %.1f s; model settled %.1f s later"
              + " (every covered share of 88 regions x 21 skill keys)%n",
          n, needCount, writes, (System.nanoTime() - s0) / 1e9);
      String staff =
          server
              .tokens()
              .mint(new Principal("staff", Set.of(Role.STAFF), null, null), Duration.ofHours(1));
      for (String q :
          List.of(
              "/api/v1/coverage/regions?level=district",
              "/api/v1/coverage/regions?level=street",
              "/api/v1/coverage/regions?level=street&skill=ELDER_CARE",
              "/api/v1/coverage/deserts?level=street",
              "/api/v1/coverage/hexes?resolution=8",
              "/api/v1/coverage/hexes?resolution=9&bbox=113.98,22.50,114.12,22.60")) {
        long[] nanos = new long[60];
        int bytes = 0;
        for (int i = 0; i < nanos.length + 10; i++) {
          long a = System.nanoTime();
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create(base + q))
                      .header("Authorization", "Bearer " + staff)
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() != 200) {
            throw new IllegalStateException(q + ": " + r.body());
          }
          if (i >= 10) {
            nanos[i - 10] = System.nanoTime() - a;
          }
          bytes = r.body().length();
        }
        Arrays.sort(nanos);
        System.out.printf(
            "%-70s p50=%7.2f ms p99=%7.2f ms  %,d bytes%n",
            q, nanos[30] / 1e6, nanos[59] / 1e6, bytes);
      }
    }
    System.exit(0);
  }

  private static void post(HttpClient http, String url, String token, String type, String body)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", type)
                .timeout(Duration.ofMinutes(10))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(url + ": " + r.statusCode() + " " + r.body());
    }
  }
}
