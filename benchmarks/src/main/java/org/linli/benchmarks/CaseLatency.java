package org.linli.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
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
 * Case creation over real HTTP at scale: {@code n} nationwide providers imported durably, then
 * {@code needs} residents' needs posted one after another (5 km, one skill, free text, drawn like
 * the providers); each answer (need in → case stored durably with its ranked candidates → offer
 * out) is timed. Reports p50/p99/max. Embedded H2 unless {@code LINLI_DB_URL} is set.
 *
 * <p>Run: {@code java -Xmx14g -cp benchmarks/target/benchmarks.jar org.linli.benchmarks.CaseLatency
 * 1000000 2000}
 */
public final class CaseLatency {
  private CaseLatency() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int needs = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
    ServerConfig.DbSettings db =
        new ServerConfig.DbSettings(
            System.getenv("LINLI_DB_URL"),
            System.getenv("LINLI_DB_USER"),
            System.getenv("LINLI_DB_PASSWORD"),
            10);
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-caselat"))
            .clusterName("caselat-" + UUID.randomUUID())
            .db(db)
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
      String resident =
          server
              .tokens()
              .mint(new Principal("r", Set.of(Role.RESIDENT), null, null), Duration.ofHours(4));
      SyntheticCity city = SyntheticCity.nationwide(11);
      for (int done = 0; done < n; done += 100_000) {
        int count = Math.min(100_000, n - done);
        String ndjson = Ndjson.providers(city, count, "s" + done + "-");
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/providers/bulk"))
                    .header("Authorization", "Bearer " + admin)
                    .header("Content-Type", "application/x-ndjson")
                    .timeout(Duration.ofMinutes(10))
                    .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
          throw new IllegalStateException(r.body());
        }
      }
      Thread.sleep(5_000); // let the index take in the last batch
      SyntheticCity residents = SyntheticCity.nationwide(12);
      long[] nanos = new long[needs];
      int offered = 0;
      for (int i = 0; i < needs + 200; i++) {
        MatchRequest m =
            residents.need(5_000, 1, org.linli.core.match.SortOrder.SCORE, "需要陪同老人去医院复诊");
        String body =
            "{\"location\": {\"lat\": "
                + m.location().lat()
                + ", \"lon\": "
                + m.location().lon()
                + "}, \"skills\": [\""
                + m.skills().iterator().next().code()
                + "\"], \"text\": \""
                + m.text()
                + "\", \"radiusMeters\": 5000, \"description\": \""
                + m.text()
                + "\", \"urgency\": \"ROUTINE\","
                + " \"contactPhone\": \"13812345678\"}";
        long t0 = System.nanoTime();
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/needs"))
                    .header("Authorization", "Bearer " + resident)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        long t = System.nanoTime() - t0;
        if (r.statusCode() != 201) {
          throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        if (i >= 200) { // the first 200 warm up
          nanos[i - 200] = t;
          offered += r.body().contains("\"OFFERED\"") ? 1 : 0;
        }
      }
      Arrays.sort(nanos);
      System.out.printf(
          "case creation over HTTP, %,d providers, %,d needs (%d offered, the rest UNMATCHED):"
              + " p50=%.2f ms p99=%.2f ms max=%.2f ms%n",
          n,
          needs,
          offered,
          nanos[needs / 2] / 1e6,
          nanos[(int) (needs * 0.99)] / 1e6,
          nanos[needs - 1] / 1e6);
    }
  }
}
