package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.linli.core.provider.Provider;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.server.config.ServerConfig;
import org.linli.server.json.Json;
import org.linli.server.store.Database;
import org.linli.server.store.DocumentStore;
import org.linli.server.store.TestPostgres;

/**
 * Kill -9 in the middle of concurrent writes, restart on the same data: every write that got a 2xx
 * is there (creates, updates and deletes), nothing is there twice, and matching answers as before
 * the crash.
 */
class CrashRecoveryTest {
  @AfterEach
  void killChildren() {
    ChildServer.killAll();
  }

  private static final int WRITERS = 4;
  private static final String DELETED = "<deleted>";

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("h2"), Arguments.of("postgresql"));
  }

  /**
   * What one id must look like after the restart: its last acknowledged state, or an unacknowledged
   * later one.
   */
  private static final class Expectation {
    volatile String acked; // a version name, DELETED, or null if never acknowledged
    volatile String pending; // the write in flight when the server died, if any
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void kill9_duringConcurrentWrites_losesNoAcknowledgedWrite(String kind) throws Exception {
    Path dataDir = Files.createTempDirectory("linli-crash");
    ServerConfig.DbSettings db =
        kind.equals("h2") ? ServerConfig.DbSettings.EMBEDDED : TestPostgres.shared().newDatabase();
    Path log = Files.createTempFile("linli-crash-child", ".log");
    String cluster = "crash-" + UUID.randomUUID();
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ChildServer first = ChildServer.start(dataDir, db, cluster, log);
    // Phase 1: a city of providers in Shenzhen, and the answers to random needs there.
    List<Provider> city = new SyntheticCity(77, 0.03).providers(1_500, "sz");
    String ndjson = city.stream().map(Documents::line).collect(Collectors.joining("\n"));
    HttpResponse<String> imported =
        send(
            http,
            HttpRequest.newBuilder(URI.create(first.base() + "/api/v1/providers/bulk"))
                .header("Authorization", "Bearer " + first.adminToken)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)));
    assertThat(imported.statusCode()).isEqualTo(200);
    first.awaitIndexed(http, first.adminToken, city.size());
    List<String> queries = queries(new Random(5));
    Map<String, String> before = answers(http, first.base(), queries);

    // Phase 2: writers create, update and delete providers in Beijing (far from every query) until
    // the kill.
    Map<String, Expectation> expected = new ConcurrentHashMap<>();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger acknowledged = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    CountDownLatch finished = new CountDownLatch(WRITERS);
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      pool.execute(
          () -> {
            try {
              write(http, first, writer, expected, running, acknowledged);
            } finally {
              finished.countDown();
            }
          });
    }
    org.awaitility.Awaitility.await("400 writes acknowledged")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> acknowledged.get() >= 400);
    first.kill();
    running.set(false);
    assertThat(finished.await(60, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();
    assertThat(acknowledged.get())
        .as("writes acknowledged before the kill")
        .isGreaterThanOrEqualTo(400);

    // Restart on the same data: every acknowledged write is there, and matching answers as before.
    ChildServer second = ChildServer.start(dataDir, db, cluster, log);
    int present = 0;
    for (Map.Entry<String, Expectation> e : expected.entrySet()) {
      HttpResponse<String> r =
          send(
              http,
              HttpRequest.newBuilder(URI.create(second.base() + "/api/v1/providers/" + e.getKey()))
                  .GET());
      String state =
          r.statusCode() == 404
              ? DELETED
              : Json.parse(r.body().getBytes(StandardCharsets.UTF_8)).get("name").asText();
      if (r.statusCode() == 200) {
        present++;
      }
      Expectation x = e.getValue();
      List<String> allowed = new ArrayList<>();
      allowed.add(x.acked == null ? DELETED : x.acked); // never acknowledged: absent is right
      if (x.pending != null) {
        allowed.add(x.pending);
      }
      assertThat(state)
          .as("state of %s (acked %s, in flight %s)", e.getKey(), x.acked, x.pending)
          .isIn(allowed);
    }
    Map<String, String> after = answers(http, second.base(), queries);
    for (String q : queries) {
      assertThat(after.get(q))
          .as("answer to %s after the restart; %s", q, firstDifference(before.get(q), after.get(q)))
          .isEqualTo(before.get(q));
    }

    // A graceful stop, then the rows themselves: one per present provider, no duplicates, nothing
    // extra.
    second.stop();
    assertThat(Files.readString(log))
        .as("a graceful stop closes the store after the member")
        .containsSubsequence("Durable store closed", "Linli stopped");
    ServerConfig config = ServerConfig.loopback(dataDir).clusterName(cluster).db(db).build();
    try (Database d = Database.open(config, new SimpleMeterRegistry())) {
      DocumentStore rows =
          new DocumentStore(
              d, "providers", java.time.Clock.systemUTC(), () -> true, new SimpleMeterRegistry());
      assertThat(rows.count()).isEqualTo(1_500 + present);
    }
  }

  /**
   * One writer's loop: its own ids, so each id's writes are sequential; records what was
   * acknowledged.
   */
  private static void write(
      HttpClient http,
      ChildServer server,
      int writer,
      Map<String, Expectation> expected,
      AtomicBoolean running,
      AtomicInteger acknowledged) {
    Random random = new Random(writer);
    List<String> mine = new ArrayList<>();
    int version = 0;
    while (running.get()) {
      String id;
      boolean delete = false;
      int roll = random.nextInt(10);
      if (mine.isEmpty() || roll < 6) {
        id = "bj-" + writer + "-" + mine.size();
        mine.add(id);
      } else {
        id = mine.get(random.nextInt(mine.size()));
        delete = roll == 9;
      }
      Expectation x = expected.computeIfAbsent(id, k -> new Expectation());
      String target = delete ? DELETED : "v" + (++version);
      x.pending = target;
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(server.base() + "/api/v1/providers/" + id))
              .header("Authorization", "Bearer " + server.adminToken)
              .timeout(Duration.ofSeconds(30));
      if (delete) {
        request.DELETE();
      } else {
        double lat = 39.9 + random.nextDouble() * 0.1;
        double lon = 116.3 + random.nextDouble() * 0.1;
        request
            .header("Content-Type", "application/json")
            .PUT(
                HttpRequest.BodyPublishers.ofString(
                    Documents.worker(id, lat, lon).replace("\"王芳\"", "\"" + target + "\"")));
      }
      int status;
      try {
        status = http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
      } catch (Exception e) {
        return; // the server is gone: this write stays pending (it may or may not have landed)
      }
      if (status / 100 == 2 || (delete && status == 404)) {
        x.acked = target;
        x.pending = null;
        acknowledged.incrementAndGet();
      } else {
        throw new AssertionError("unexpected status " + status + " for " + id);
      }
    }
  }

  private static List<String> queries(Random random) {
    List<String> out = new ArrayList<>();
    String[] skills = {"ELDER_CARE", "DISABILITY_SUPPORT", "CHILD_WELFARE", "MENTAL_HEALTH"};
    for (int i = 0; i < 25; i++) {
      double lat = 22.50 + random.nextDouble() * 0.1;
      double lon = 113.98 + random.nextDouble() * 0.15;
      out.add(
          "{\"location\": {\"lat\": "
              + lat
              + ", \"lon\": "
              + lon
              + "}, \"skills\": [\""
              + skills[i % 4]
              + "\"], \"radiusMeters\": 5000, \"limit\": 20, \"sort\": \""
              + (i % 2 == 0 ? "distance" : "score")
              + "\", \"explain\": true}");
    }
    return out;
  }

  private static Map<String, String> answers(HttpClient http, String base, List<String> queries) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String q : queries) {
      HttpResponse<String> r =
          send(
              http,
              HttpRequest.newBuilder(URI.create(base + "/api/v1/match"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(q)));
      assertThat(r.statusCode()).isEqualTo(200);
      JsonNode answer = Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
      out.put(q, Json.write(answer));
    }
    assertThat(out.values()).anyMatch(a -> !a.contains("\"total\":0"));
    return out;
  }

  /** Where two match answers first differ, for a readable failure. */
  private static String firstDifference(String expected, String actual) {
    JsonNode e = Json.parse(expected.getBytes(StandardCharsets.UTF_8));
    JsonNode a = Json.parse(actual.getBytes(StandardCharsets.UTF_8));
    if (!e.get("total").equals(a.get("total"))) {
      return "total " + e.get("total") + " became " + a.get("total");
    }
    for (int i = 0; i < Math.max(e.get("matches").size(), a.get("matches").size()); i++) {
      if (!e.get("matches").path(i).equals(a.get("matches").path(i))) {
        return "match "
            + i
            + ": "
            + e.get("matches").path(i)
            + " became "
            + a.get("matches").path(i);
      }
    }
    return "no difference";
  }

  private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
    try {
      return http.send(
          request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
