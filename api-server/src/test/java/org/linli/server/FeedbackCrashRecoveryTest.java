package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.linli.server.ChildServer.send;
import static org.linli.server.ChildServer.trySend;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Kill -9 while residents post feedback, restart on the same data: every acknowledged entry is in
 * the ledger with the hash it was acknowledged with, the chain verifies, and the provider's rating
 * counts exactly the ledger.
 */
class FeedbackCrashRecoveryTest {
  @AfterEach
  void killChildren() {
    ChildServer.killAll();
  }

  private static final int CASES = 150;
  private static final int POSTERS = 4;

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("h2"), Arguments.of("postgresql"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void kill9_duringFeedbackPosts_losesNoAcknowledgedEntry_andTheChainStaysValid(String kind)
      throws Exception {
    Path dataDir = Files.createTempDirectory("linli-feedback-crash");
    ServerConfig.DbSettings db =
        kind.equals("h2") ? ServerConfig.DbSettings.EMBEDDED : TestPostgres.shared().newDatabase();
    Path log = Files.createTempFile("linli-feedback-crash-child", ".log");
    String cluster = "feedback-crash-" + UUID.randomUUID();
    Map<String, String> env = Map.of("LINLI_RATE_LIMIT", "0");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    ChildServer first = ChildServer.start(dataDir, db, cluster, log, env);
    Tokens tokens = TestTokens.forDataDir(dataDir);

    String doc =
        Documents.worker("fk1", 22.66, 114.0)
            .replace("\"a7\"", "\"fka\"")
            .replace(
                "\"capacity\": 12, \"activeCases\": 3", "\"capacity\": 1000, \"activeCases\": 0");
    assertThat(
            send(http, first.request(first.adminToken, "PUT", "/api/v1/providers/fk1", doc))
                .statusCode())
        .isEqualTo(201);
    first.awaitIndexed(http, first.adminToken, 1);
    String worker =
        tokens.mint(new Principal("w-fk1", Set.of(Role.WORKER), "fka", "fk1"), Duration.ofHours(1));
    List<String[]> completed = new ArrayList<>(); // {resident token, case id}
    for (int i = 0; i < CASES; i++) {
      String resident =
          tokens.mint(
              new Principal("rk-" + i, Set.of(Role.RESIDENT), null, null), Duration.ofHours(1));
      HttpResponse<String> created =
          send(
              http,
              first.request(
                  resident,
                  "POST",
                  "/api/v1/needs",
                  """
          {"location": {"lat": 22.66, "lon": 114.0}, "skills": ["ELDER_CARE"], "radiusMeters": 2000}"""));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id =
          Json.parse(created.body().getBytes(StandardCharsets.UTF_8)).get("caseId").asText();
      assertThat(
              send(http, first.request(worker, "POST", "/api/v1/cases/" + id + "/accept", null))
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              send(
                      http,
                      first.request(
                          worker,
                          "POST",
                          "/api/v1/cases/" + id + "/complete",
                          "{\"outcome\": \"GOT_HELP\"}"))
                  .statusCode())
          .isEqualTo(200);
      completed.add(new String[] {resident, id});
    }

    Map<String, String[]> acked = new ConcurrentHashMap<>(); // case id -> {feedback id, hash}
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(POSTERS);
    CountDownLatch finished = new CountDownLatch(POSTERS);
    for (int t = 0; t < POSTERS; t++) {
      pool.execute(
          () -> {
            try {
              int i;
              while ((i = next.getAndIncrement()) < completed.size()) {
                String[] c = completed.get(i);
                HttpResponse<String> r =
                    trySend(
                        http,
                        first.request(
                            c[0],
                            "POST",
                            "/api/v1/cases/" + c[1] + "/feedback",
                            FeedbackApiTest.stars(1 + i % 5)));
                if (r == null) {
                  return; // killed
                }
                if (r.statusCode() == 201) {
                  JsonNode j = Json.parse(r.body().getBytes(StandardCharsets.UTF_8));
                  acked.put(
                      c[1], new String[] {j.get("feedbackId").asText(), j.get("hash").asText()});
                }
              }
            } finally {
              finished.countDown();
            }
          });
    }
    org.awaitility.Awaitility.await("60 feedback posts acknowledged")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> acked.size() >= 60);
    first.kill();
    assertThat(finished.await(60, TimeUnit.SECONDS)).isTrue();
    pool.shutdown();
    assertThat(acked.size()).as("feedback acknowledged before the kill").isGreaterThanOrEqualTo(60);

    ChildServer second = ChildServer.start(dataDir, db, cluster, log, env);
    String admin = second.adminToken;
    JsonNode verdict =
        Json.parse(
            send(http, second.request(admin, "GET", "/api/v1/feedback/ledger/verify", null))
                .body()
                .getBytes(StandardCharsets.UTF_8));
    assertThat(verdict.get("valid").asBoolean()).as(verdict.toString()).isTrue();
    HttpResponse<String> export =
        send(http, second.request(admin, "GET", "/api/v1/feedback/ledger/export", null));
    Map<String, String[]> stored = new HashMap<>();
    for (String line : export.body().split("\n")) {
      JsonNode e = Json.parse(line.getBytes(StandardCharsets.UTF_8));
      assertThat(
              stored.put(
                  e.get("caseId").asText(),
                  new String[] {e.get("feedbackId").asText(), e.get("hash").asText()}))
          .as("one entry per case")
          .isNull();
    }
    assertThat(stored).hasSize(verdict.get("entries").asInt());
    for (Map.Entry<String, String[]> a : acked.entrySet()) {
      assertThat(stored.get(a.getKey()))
          .as("acknowledged feedback on %s", a.getKey())
          .containsExactly(a.getValue());
    }
    JsonNode rating =
        Json.parse(
                send(http, second.request(null, "GET", "/api/v1/providers/fk1", null))
                    .body()
                    .getBytes(StandardCharsets.UTF_8))
            .get("rating");
    assertThat(rating.get("count").asInt())
        .as("the rating counts the ledger")
        .isEqualTo(stored.size());
    // Rating again: refused for what is stored, accepted for what is not.
    for (String[] c : completed.subList(0, 20)) {
      int status =
          send(
                  http,
                  second.request(
                      c[0],
                      "POST",
                      "/api/v1/cases/" + c[1] + "/feedback",
                      FeedbackApiTest.stars(3)))
              .statusCode();
      assertThat(status).as("case %s", c[1]).isEqualTo(stored.containsKey(c[1]) ? 409 : 201);
    }
  }
}
