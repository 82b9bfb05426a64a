package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.server.auth.Tokens;
import org.linli.server.config.ServerConfig;
import org.linli.server.json.Json;

/**
 * Three members, each in its own JVM, on one PostgreSQL store. One is killed with SIGKILL while all
 * three take writes: every acknowledged write is then found through each member that stays, they
 * answer matches alike, and of two acceptances of one case sent to two members at once exactly one
 * wins.
 */
class ClusterCrashApiTest {
  private static final String SECRET = "cluster-crash-test-secret-0123456789abcdef";

  @AfterEach
  void killChildren() {
    ChildServer.killAll();
  }

  @Test
  void threeMembers_oneKilledUnderWrites_loseNoAcknowledgedWrite_andAgreeAfterwards()
      throws Exception {
    TestCluster cluster = TestCluster.of(3);
    String name = "crash-" + UUID.randomUUID();
    Path logs = Files.createTempDirectory("linli-cluster-crash");
    List<ChildServer> members = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      members.add(
          ChildServer.start(
              Files.createTempDirectory("linli-crash-" + i),
              cluster.db,
              name,
              logs.resolve("member-" + i + ".log"),
              Map.of(
                  "LINLI_CLUSTER_MEMBERS",
                  String.join(",", cluster.members),
                  "LINLI_CLUSTER_PORT",
                  Integer.toString(cluster.ports.get(i)),
                  "LINLI_DATA_KEY",
                  TestCluster.DATA_KEY,
                  "LINLI_JWT_SECRET",
                  SECRET)));
    }
    Tokens tokens =
        TestTokens.forSecurity(logs, new ServerConfig.Security(SECRET, null, "linli", 0));
    String admin =
        tokens.mint(
            new Principal("crash-admin", Set.of(Role.ADMIN), null, null), Duration.ofHours(1));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    // Three writers, each sending its providers to the members in turn; the third member dies
    // meanwhile.
    Map<String, String> acknowledged =
        new ConcurrentHashMap<>(); // id → the name it was acknowledged with
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService writers = Executors.newFixedThreadPool(3);
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      int writer = w;
      running.add(
          writers.submit(
              () -> {
                for (int n = 0; writing.get(); n++) {
                  String id = "cw-" + writer + "-" + n;
                  String doc =
                      Documents.worker(id, 22.50 + 0.0001 * n, 114.00 + 0.01 * writer)
                          .replace("\"王芳\"", "\"v" + n + "\"")
                          .replace("\"activeCases\": 3", "\"activeCases\": 0");
                  HttpResponse<String> r =
                      ChildServer.trySend(
                          http,
                          members.get(n % 3).request(admin, "PUT", "/api/v1/providers/" + id, doc));
                  if (r != null && (r.statusCode() == 200 || r.statusCode() == 201)) {
                    acknowledged.put(id, "v" + n);
                  }
                }
              }));
    }
    // Some writes through every member before the kill, and more after it, with the cluster one
    // member short.
    org.awaitility.Awaitility.await("writes acknowledged before the kill")
        .atMost(Duration.ofSeconds(60))
        .until(() -> acknowledged.size() >= 30);
    members.get(2).kill();
    int beforeKill = acknowledged.size();
    org.awaitility.Awaitility.await("writes acknowledged after the kill")
        .atMost(Duration.ofSeconds(60))
        .until(() -> acknowledged.size() >= beforeKill + 30);
    writing.set(false);
    for (Future<?> f : running) {
      f.get(2, TimeUnit.MINUTES);
    }
    writers.shutdown();
    assertThat(acknowledged).hasSizeGreaterThan(30);

    List<ChildServer> survivors = members.subList(0, 2);
    for (ChildServer s : survivors) {
      for (Map.Entry<String, String> e : acknowledged.entrySet()) {
        HttpResponse<String> r =
            ChildServer.send(http, s.request(null, "GET", "/api/v1/providers/" + e.getKey(), null));
        assertThat(r.statusCode()).as(e.getKey() + " through " + s.base()).isEqualTo(200);
        assertThat(Json.parse(r.body()).get("name").asText()).isEqualTo(e.getValue());
      }
    }

    // Both answer a match alike once each has indexed the last writes.
    String query =
        "{\"location\": {\"lat\": 22.5030, \"lon\": 114.01}, \"radiusMeters\": 3000, \"limit\": 50,"
            + " \"sort\": \"distance\"}";
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              JsonNode a =
                  Json.parse(
                      ChildServer.send(
                              http, survivors.get(0).request(null, "POST", "/api/v1/match", query))
                          .body());
              JsonNode b =
                  Json.parse(
                      ChildServer.send(
                              http, survivors.get(1).request(null, "POST", "/api/v1/match", query))
                          .body());
              assertThat(a.get("total").asInt()).isPositive();
              assertThat(b.get("matches")).isEqualTo(a.get("matches"));
              assertThat(b.get("total")).isEqualTo(a.get("total"));
            });

    // Two acceptances of one case through two members at once: exactly one wins, every time.
    String provider =
        Documents.worker("race", 22.70, 114.30)
            .replace("\"a7\"", "\"race-ag\"")
            .replace(
                "\"capacity\": 12, \"activeCases\": 3", "\"capacity\": 50, \"activeCases\": 0");
    int[] indexed = {
      survivors.get(0).indexedProviders(http, admin), survivors.get(1).indexedProviders(http, admin)
    };
    assertThat(
            ChildServer.send(
                    http,
                    survivors.get(0).request(admin, "PUT", "/api/v1/providers/race", provider))
                .statusCode())
        .isEqualTo(201);
    survivors.get(0).awaitIndexed(http, admin, indexed[0] + 1);
    survivors.get(1).awaitIndexed(http, admin, indexed[1] + 1);
    String worker =
        tokens.mint(
            new Principal("w-race", Set.of(Role.WORKER), "race-ag", "race"), Duration.ofHours(1));
    String agency =
        tokens.mint(
            new Principal("ag-race", Set.of(Role.AGENCY), "race-ag", null), Duration.ofHours(1));
    ExecutorService racers = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 8; round++) {
        String resident =
            tokens.mint(
                new Principal("r-race-" + round, Set.of(Role.RESIDENT), null, null),
                Duration.ofHours(1));
        HttpResponse<String> created =
            ChildServer.send(
                http,
                survivors
                    .get(round % 2)
                    .request(
                        resident,
                        "POST",
                        "/api/v1/needs",
                        "{\"location\": {\"lat\": 22.70, \"lon\": 114.30}, \"skills\": [\"ELDER_CARE\"],"
                            + " \"radiusMeters\": 2000}"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = Json.parse(created.body()).get("caseId").asText();
        Future<HttpResponse<String>> onA =
            racers.submit(
                () ->
                    ChildServer.send(
                        http,
                        survivors
                            .get(0)
                            .request(worker, "POST", "/api/v1/cases/" + id + "/accept", null)));
        Future<HttpResponse<String>> onB =
            racers.submit(
                () ->
                    ChildServer.send(
                        http,
                        survivors
                            .get(1)
                            .request(agency, "POST", "/api/v1/cases/" + id + "/accept", null)));
        Map<Integer, Integer> statuses = new HashMap<>();
        statuses.merge(onA.get(1, TimeUnit.MINUTES).statusCode(), 1, Integer::sum);
        statuses.merge(onB.get(1, TimeUnit.MINUTES).statusCode(), 1, Integer::sum);
        assertThat(statuses).as("round " + round).isEqualTo(Map.of(200, 1, 409, 1));
      }
    } finally {
      racers.shutdownNow();
    }
    JsonNode race =
        Json.parse(
            ChildServer.send(
                    http, survivors.get(1).request(null, "GET", "/api/v1/providers/race", null))
                .body());
    assertThat(race.get("activeCases").asInt()).isEqualTo(8);
  }
}
