package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.linli.server.ChildServer.send;
import static org.linli.server.ChildServer.trySend;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.server.auth.Tokens;
import org.linli.server.config.ServerConfig;
import org.linli.server.json.Json;
import org.linli.server.store.TestPostgres;

/**
 * Kill -9 while residents post needs and providers accept and complete them, restart on the same
 * data: every acknowledged case and transition is there, each provider's {@code activeCases} equals
 * its accepted cases once the reconciler has settled what the kill interrupted, and offers that
 * lapsed while the server was down move on.
 */
class CaseCrashRecoveryTest {
  @AfterEach
  void killChildren() {
    ChildServer.killAll();
  }

  private static final int DRIVERS = 4;
  private static final int PROVIDERS = 30;
  private static final int CAPACITY = 3;
  private static final Duration OFFER_TIMEOUT = Duration.ofSeconds(4);

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("h2"), Arguments.of("postgresql"));
  }

  /** What one case must look like after the restart. */
  private static final class Expectation {
    volatile String acked; // OFFERED, ACCEPTED or COMPLETED: the last acknowledged status
    volatile String provider; // the accepting provider, once accepted
    volatile String
        pending; // the action in flight when the server died (accept or complete), if any
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void kill9_duringTheReferralLoop_losesNoAcknowledgedTransition_andCapacityMatchesTheCases(
      String kind) throws Exception {
    Path dataDir = Files.createTempDirectory("linli-case-crash");
    ServerConfig.DbSettings db =
        kind.equals("h2") ? ServerConfig.DbSettings.EMBEDDED : TestPostgres.shared().newDatabase();
    Path log = Files.createTempFile("linli-case-crash-child", ".log");
    String cluster = "case-crash-" + UUID.randomUUID();
    Map<String, String> env =
        Map.of(
            "LINLI_OFFER_TIMEOUT",
            OFFER_TIMEOUT.toString(),
            "LINLI_CAPACITY_GRACE",
            "PT2S",
            "LINLI_RATE_LIMIT",
            "0");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ChildServer first = ChildServer.start(dataDir, db, cluster, log, env);
    Tokens tokens = TestTokens.forDataDir(dataDir);
    String ndjson =
        IntStream.range(0, PROVIDERS)
            .mapToObj(
                i ->
                    Documents.worker("cw" + i, 22.54 + 0.001 * i, 114.05)
                        .replace("\"a7\"", "\"ca" + i + "\"")
                        .replace(
                            "\"capacity\": 12, \"activeCases\": 3",
                            "\"capacity\": " + CAPACITY + ", \"activeCases\": 0")
                        .replace("\n", " ")
                        .trim())
            .collect(Collectors.joining("\n"));
    HttpResponse<String> imported =
        send(
            http,
            HttpRequest.newBuilder(URI.create(first.base() + "/api/v1/providers/bulk"))
                .header("Authorization", "Bearer " + first.adminToken)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)));
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
    first.awaitIndexed(http, first.adminToken, PROVIDERS);

    Map<String, Expectation> expected = new ConcurrentHashMap<>();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger acknowledged = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(DRIVERS);
    CountDownLatch finished = new CountDownLatch(DRIVERS);
    for (int d = 0; d < DRIVERS; d++) {
      int driver = d;
      pool.execute(
          () -> {
            try {
              drive(http, first, tokens, driver, expected, running, acknowledged);
            } finally {
              finished.countDown();
            }
          });
    }
    org.awaitility.Awaitility.await("300 transitions acknowledged")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> acknowledged.get() >= 300);
    first.kill();
    running.set(false);
    assertThat(finished.await(60, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();
    assertThat(acknowledged.get())
        .as("transitions acknowledged before the kill")
        .isGreaterThanOrEqualTo(300);
    assertThat(expected.values().stream().filter(x -> "ACCEPTED".equals(x.acked)).count())
        .as("cases left accepted")
        .isPositive();

    ChildServer second = ChildServer.start(dataDir, db, cluster, log, env);
    // Every offer made before the kill lapses and moves on, and the capacity rounds settle.
    org.awaitility.Awaitility.await("the restarted server settled every case and provider")
        .atMost(OFFER_TIMEOUT.plusSeconds(30))
        .pollInterval(Duration.ofSeconds(1))
        .untilAsserted(() -> assertSettled(http, second, expected));
  }

  /**
   * After the restart: every case is where its acknowledged transitions left it (an offer made
   * before the kill has lapsed and moved on), and every provider's capacity counts exactly the
   * cases accepted for it.
   */
  private static void assertSettled(
      HttpClient http, ChildServer second, Map<String, Expectation> expected) throws Exception {
    String admin = second.adminToken;
    Map<String, Integer> acceptedPerProvider = new HashMap<>();
    Instant now = Instant.now();
    for (Map.Entry<String, Expectation> e : expected.entrySet()) {
      HttpResponse<String> r =
          send(
              http,
              HttpRequest.newBuilder(URI.create(second.base() + "/api/v1/cases/" + e.getKey()))
                  .header("Authorization", "Bearer " + admin)
                  .GET());
      assertThat(r.statusCode()).as("case %s after the restart", e.getKey()).isEqualTo(200);
      JsonNode c = Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
      String status = c.get("status").asText();
      Expectation x = e.getValue();
      String what = "case " + e.getKey() + " (acked " + x.acked + ", in flight " + x.pending + ")";
      switch (x.acked) {
        case "COMPLETED" -> assertThat(status).as(what).isEqualTo("COMPLETED");
        case "ACCEPTED" ->
            assertThat(status)
                .as(what)
                .isIn(
                    "complete".equals(x.pending)
                        ? List.of("ACCEPTED", "COMPLETED")
                        : List.of("ACCEPTED"));
        default ->
            assertThat(status)
                .as(what)
                .isIn("OFFERED", "UNMATCHED", "accept".equals(x.pending) ? "ACCEPTED" : "OFFERED");
      }
      if (x.provider != null) {
        assertThat(c.get("assignedProviderId").asText()).as(what).isEqualTo(x.provider);
      }
      if (status.equals(
          "OFFERED")) { // an offer made before the kill lapsed, and the timer moved it on
        assertThat(Instant.parse(c.get("offer").get("expiresAt").asText()))
            .as(what)
            .isAfter(now.minusSeconds(1));
      }
      if (status.equals("ACCEPTED")) {
        acceptedPerProvider.merge(c.get("assignedProviderId").asText(), 1, Integer::sum);
      }
    }
    // Only our drivers accepted cases, and they know every case they acted on: capacity must match
    // them.
    for (int i = 0; i < PROVIDERS; i++) {
      HttpResponse<String> r =
          send(
              http,
              HttpRequest.newBuilder(URI.create(second.base() + "/api/v1/providers/cw" + i)).GET());
      int active = Json.parse(r.body().getBytes(StandardCharsets.UTF_8)).get("activeCases").asInt();
      assertThat(active)
          .as("activeCases of cw%d", i)
          .isEqualTo(acceptedPerProvider.getOrDefault("cw" + i, 0))
          .isLessThanOrEqualTo(CAPACITY);
    }
  }

  /**
   * One driver's loop: needs of its own resident, accepted and completed by the offered provider's
   * worker.
   */
  private static void drive(
      HttpClient http,
      ChildServer server,
      Tokens tokens,
      int driver,
      Map<String, Expectation> expected,
      AtomicBoolean running,
      AtomicInteger acknowledged) {
    Random random = new Random(driver);
    String resident =
        tokens.mint(
            new Principal("crash-resident-" + driver, Set.of(Role.RESIDENT), null, null),
            Duration.ofHours(1));
    while (running.get()) {
      String need =
          """
          {"location": {"lat": %s, "lon": 114.05}, "skills": ["ELDER_CARE"], "radiusMeters": 5000,
           "sort": "distance", "description": "助老", "contactPhone": "13812345678"}"""
              .formatted(22.54 + random.nextDouble() * 0.03);
      HttpResponse<String> created =
          trySend(http, server.request(resident, "POST", "/api/v1/needs", need));
      if (created == null || created.statusCode() != 201) {
        continue;
      }
      JsonNode c = Json.parse(created.body().getBytes(StandardCharsets.UTF_8));
      String caseId = c.get("caseId").asText();
      Expectation x = new Expectation();
      x.acked = c.get("status").asText();
      expected.put(caseId, x);
      acknowledged.incrementAndGet();
      if (!x.acked.equals("OFFERED") || random.nextInt(10) < 3) {
        continue; // left to lapse
      }
      String provider = c.get("offer").get("providerId").asText();
      String agency = "ca" + provider.substring(2);
      String worker =
          tokens.mint(
              new Principal("crash-worker-" + provider, Set.of(Role.WORKER), agency, provider),
              Duration.ofHours(1));
      x.pending = "accept";
      HttpResponse<String> accepted =
          trySend(
              http, server.request(worker, "POST", "/api/v1/cases/" + caseId + "/accept", null));
      if (accepted == null) {
        return; // the server died with the acceptance in flight
      }
      x.pending = null;
      if (accepted.statusCode() != 200) {
        continue; // full, or the offer lapsed: nothing changed
      }
      x.provider = provider;
      x.acked = "ACCEPTED";
      acknowledged.incrementAndGet();
      if (random.nextBoolean()) {
        x.pending = "complete";
        HttpResponse<String> completed =
            trySend(
                http,
                server.request(
                    worker,
                    "POST",
                    "/api/v1/cases/" + caseId + "/complete",
                    "{\"outcome\": \"GOT_HELP\"}"));
        if (completed == null) {
          return;
        }
        x.pending = null;
        if (completed.statusCode() == 200) {
          x.acked = "COMPLETED";
          acknowledged.incrementAndGet();
        }
      }
    }
  }
}
