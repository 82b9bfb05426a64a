package org.linli.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.server.LinliServer;
import org.linli.server.config.ServerConfig;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/**
 * The durable store under load, over real HTTP: a durable NDJSON bulk import of {@code n}
 * nationwide providers (full documents, polygons included) in requests of 100 000 lines, then a
 * graceful stop, the database's size per provider, and the cold start of a new server on the same
 * store until {@code /health/ready} is UP.
 *
 * <p>Embedded H2 by default; PostgreSQL when {@code LINLI_DB_URL} (with {@code LINLI_DB_USER},
 * {@code LINLI_DB_PASSWORD}) is set to an empty database. Run: {@code java -Xmx10g -cp
 * benchmarks/target/benchmarks.jar org.linli.benchmarks.StoreLoad 100000}
 */
public final class StoreLoad {
  private static final int LINES_PER_REQUEST = 100_000;

  private StoreLoad() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path dataDir = Files.createTempDirectory("linli-storeload");
    ServerConfig.DbSettings db =
        new ServerConfig.DbSettings(
            System.getenv("LINLI_DB_URL"),
            System.getenv("LINLI_DB_USER"),
            System.getenv("LINLI_DB_PASSWORD"),
            10);
    ServerConfig config =
        ServerConfig.loopback(dataDir).clusterName("storeload-" + UUID.randomUUID()).db(db).build();
    String store = db.url() == null ? "embedded H2" : "PostgreSQL";
    HttpClient http = HttpClient.newHttpClient();
    SyntheticCity city = SyntheticCity.nationwide(11);

    long importNanos = 0;
    try (LinliServer server = new LinliServer(config).start()) {
      server.awaitReady(10, TimeUnit.MINUTES);
      String bulk = "http://127.0.0.1:" + server.port() + "/api/v1/providers/bulk";
      String admin =
          server
              .tokens()
              .mint(
                  new org.linli.core.access.Principal(
                      "storeload", java.util.Set.of(org.linli.core.access.Role.ADMIN), null, null),
                  java.time.Duration.ofHours(2));
      // With a second argument "reimport", the same ids are imported again (other documents):
      // replacing existing
      // providers, which keep their capacity holds and ratings, rather than creating them.
      int passes = args.length > 1 && args[1].equals("reimport") ? 2 : 1;
      for (int pass = 0; pass < passes; pass++) {
        if (pass == 1) {
          System.out.printf(
              "%s: durable bulk import of %,d providers in %.1f s = %,.0f providers/s%n",
              store, n, importNanos / 1e9, n / (importNanos / 1e9));
          importNanos = 0;
        }
        for (int done = 0; done < n; done += LINES_PER_REQUEST) {
          int count = Math.min(LINES_PER_REQUEST, n - done);
          StringBuilder ndjson = new StringBuilder(count * 700);
          int first = done;
          List<Provider> batch = city.providers(count, "s" + first + "-");
          for (Provider p : batch) {
            var o = ProviderJson.write(p, BayesianPrior.DEFAULT);
            o.remove("rating");
            ndjson.append(Json.write(o)).append('\n');
          }
          long t0 = System.nanoTime();
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create(bulk))
                      .header("Authorization", "Bearer " + admin)
                      .header("Content-Type", "application/x-ndjson")
                      .POST(HttpRequest.BodyPublishers.ofString(ndjson.toString()))
                      .timeout(java.time.Duration.ofMinutes(10))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          importNanos += System.nanoTime() - t0;
          if (r.statusCode() != 200 || !r.body().contains("\"accepted\":" + count)) {
            throw new IllegalStateException("import failed: " + r.statusCode() + " " + r.body());
          }
        }
      }
      System.out.printf(
          "%s: durable bulk %s of %,d providers in %.1f s = %,.0f providers/s%n",
          store,
          passes == 2 ? "re-import (existing ids)" : "import",
          n,
          importNanos / 1e9,
          n / (importNanos / 1e9));
      String metrics =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
                      .header(
                          "Authorization",
                          "Bearer "
                              + server
                                  .tokens()
                                  .mint(
                                      new org.linli.core.access.Principal(
                                          "storeload",
                                          java.util.Set.of(org.linli.core.access.Role.ADMIN),
                                          null,
                                          null),
                                      java.time.Duration.ofMinutes(5)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      metrics
          .lines()
          .filter(
              l ->
                  l.startsWith("linli_store_writes_seconds_sum")
                      || l.startsWith("linli_store_writes_seconds_count"))
          .forEach(l -> System.out.println(store + ": " + l));
      long rows = server.providerStore().count();
      System.out.printf("%s: %,d rows%n", store, rows);
    }

    long bytes;
    if (db.url() == null) {
      try (Stream<Path> files = Files.walk(dataDir.resolve("db"))) {
        bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      }
    } else {
      try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_total_relation_size('providers')")) {
        rs.next();
        bytes = rs.getLong(1);
      }
    }
    System.out.printf(
        "%s: database size %,d bytes = %,.0f bytes per provider%n",
        store, bytes, (double) bytes / n);

    long t0 = System.nanoTime();
    try (LinliServer server = new LinliServer(config).start()) {
      if (!server.awaitReady(30, TimeUnit.MINUTES)) {
        throw new IllegalStateException("not ready");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      int loaded = server.cluster().providers().size();
      if (loaded != n) { // a start that lost documents must not be timed as a start
        throw new IllegalStateException(
            "ready with " + loaded + " providers in memory, " + n + " stored");
      }
      System.out.printf("%s: cold start to ready with %,d providers: %.1f s%n", store, n, seconds);
    }
  }
}
