package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;
import org.linli.server.config.ServerConfig;
import org.linli.server.json.Json;

/**
 * A case's steps reach people by text message: the outbox is written with the case, delivered to
 * the gateway at least once per message id, retried while the gateway fails, and after a kill -9.
 */
class CaseNotificationsApiTest {
  /** A gateway that records every POST and answers {@code status} (503 while it is failing). */
  static final class Gateway implements AutoCloseable {
    final HttpServer server;
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final Map<String, Integer> delivered = new ConcurrentHashMap<>();
    final AtomicInteger failuresLeft;

    Gateway(int failures) throws Exception {
      failuresLeft = new AtomicInteger(failures);
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext(
          "/sms",
          ex -> {
            JsonNode m =
                Json.parse(
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                        .getBytes(StandardCharsets.UTF_8));
            received.add(m);
            boolean fail = failuresLeft.getAndDecrement() > 0;
            if (!fail) {
              delivered.merge(m.get("messageId").asText(), 1, Integer::sum);
            }
            ex.sendResponseHeaders(fail ? 503 : 200, -1);
            ex.close();
          });
      server.start();
    }

    URI uri() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/sms");
    }

    /** The delivered messages of {@code template}, one per id. */
    List<JsonNode> deliveredOf(String template) {
      Map<String, JsonNode> byId = new java.util.LinkedHashMap<>();
      for (JsonNode m : received) {
        if (m.get("template").asText().equals(template)
            && delivered.containsKey(m.get("messageId").asText())) {
          byId.putIfAbsent(m.get("messageId").asText(), m);
        }
      }
      return new ArrayList<>(byId.values());
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  static final String PASSWORD = "a long worker password";

  @AfterEach
  void killChildren() {
    ChildServer.killAll();
  }

  static void account(TestServer s, String name, String roles, String extra) {
    TestServer.Answer a =
        CasesApiTest.as(
            s,
            s.adminToken,
            "POST",
            "/api/v1/users",
            "{\"username\": \""
                + name
                + "\", \"password\": \""
                + PASSWORD
                + "\", \"roles\": "
                + roles
                + extra
                + "}");
    assertThat(a.status()).as(a.body()).isEqualTo(201);
  }

  @Test
  void offerDeclineAcceptanceCompletionAndUnmatched_reachTheRightPhones_onceEachDespiteFailures()
      throws Exception {
    try (Gateway gateway = new Gateway(3);
        TestServer s =
            new TestServer(
                ServerConfig.loopback(Files.createTempDirectory("linli-case-sms"))
                    .clusterName("case-sms-" + UUID.randomUUID())
                    .db(TestServer.testDatabase())
                    .notifications(
                        new ServerConfig.Notify(gateway.uri(), null, Duration.ofHours(1)))
                    .build())) {
      ClusterCasesApiTest.putWorker(s, "cn-p1", "cn-a1", 22.5432, 114.0580);
      ClusterCasesApiTest.putWorker(s, "cn-p2", "cn-a2", 22.5450, 114.0600);
      s.awaitIndexed("cn-p1");
      s.awaitIndexed("cn-p2");
      account(
          s,
          "cn.worker1",
          "[\"WORKER\"]",
          ", \"agencyId\": \"cn-a1\", \"providerId\": \"cn-p1\", \"phone\": \"13900000011\"");
      account(
          s, "cn.duty2", "[\"AGENCY\"]", ", \"agencyId\": \"cn-a2\", \"phone\": \"13900000022\"");
      String resident = s.token("cn-r1", Role.RESIDENT, null, null);
      String need = CasesApiTest.NEED.formatted("false").replace("13812345678", "13800000033");
      TestServer.Answer posted = CasesApiTest.as(s, resident, "POST", "/api/v1/needs", need);
      assertThat(posted.status()).as(posted.body()).isEqualTo(201);
      String caseId = posted.json().get("caseId").asText();
      String worker =
          SignInApiTest.anonymous(
                  s,
                  "/api/v1/auth/password",
                  "{\"username\": \"cn.worker1\", \"password\": \"" + PASSWORD + "\"}")
              .json()
              .get("token")
              .asText();
      assertThat(
              CasesApiTest.as(s, worker, "POST", "/api/v1/cases/" + caseId + "/decline", null)
                  .status())
          .isEqualTo(200);
      String agency = s.token("cn-boss", Role.AGENCY, "cn-a2", null);
      assertThat(
              CasesApiTest.as(s, agency, "POST", "/api/v1/cases/" + caseId + "/accept", null)
                  .status())
          .isEqualTo(200);
      assertThat(
              CasesApiTest.as(
                      s,
                      agency,
                      "POST",
                      "/api/v1/cases/" + caseId + "/complete",
                      "{\"outcome\": \"GOT_HELP\"}")
                  .status())
          .isEqualTo(200);
      String far =
          CasesApiTest.NEED
              .formatted("false")
              .replace("13812345678", "13800000033")
              .replace("22.5431", "23.9");
      assertThat(CasesApiTest.as(s, resident, "POST", "/api/v1/needs", far).status())
          .isEqualTo(201);

      Awaitility.await("five messages delivered")
          .atMost(Duration.ofSeconds(30))
          .until(() -> gateway.delivered.size() >= 5);
      Thread.sleep(1_500); // a duplicate would arrive within the outbox's next rounds
      List<JsonNode> offers = gateway.deliveredOf("offer");
      assertThat(offers)
          .extracting(m -> m.get("to").asText())
          .containsExactlyInAnyOrder("13900000011", "13900000022");
      assertThat(offers)
          .allSatisfy(m -> assertThat(m.get("text").asText()).doesNotContain("13800000033", "陪同"));
      JsonNode accepted = gateway.deliveredOf("accepted").get(0);
      assertThat(accepted.get("to").asText()).isEqualTo("13800000033");
      assertThat(accepted.get("text").asText()).contains("王芳", "13900000022");
      assertThat(accepted.get("params").get("caseId").asText()).isEqualTo(caseId);
      assertThat(gateway.deliveredOf("completed")).hasSize(1);
      assertThat(gateway.deliveredOf("unmatched"))
          .singleElement()
          .satisfies(m -> assertThat(m.get("to").asText()).isEqualTo("13800000033"));
      assertThat(gateway.delivered.values()).as("each id delivered once").containsOnly(1);
      Set<String> ids =
          gateway.received.stream()
              .map(m -> m.get("messageId").asText())
              .collect(Collectors.toSet());
      assertThat(ids).as("retries keep their id").hasSize(5);
    }
  }

  @Test
  void aMessageCommittedWithItsCase_isDeliveredAfterAKill9_underTheSameId() throws Exception {
    Path dir = Files.createTempDirectory("linli-case-sms-kill");
    ServerConfig.DbSettings db = TestServer.testDatabase();
    String cluster = "case-sms-kill-" + UUID.randomUUID();
    HttpClient http = HttpClient.newHttpClient();
    try (Gateway gateway = new Gateway(Integer.MAX_VALUE)) {
      Map<String, String> env = Map.of("LINLI_NOTIFY_URL", gateway.uri().toString());
      Path log = Files.createTempFile("linli-case-sms-kill", ".log");
      ChildServer child = ChildServer.start(dir, db, cluster, log, env);
      String admin = child.adminToken;
      HttpResponse<String> put =
          ChildServer.send(
              http,
              child.request(
                  admin,
                  "PUT",
                  "/api/v1/providers/k-p1",
                  Documents.worker("k-p1", 22.5432, 114.0580).replace("\"a7\"", "\"k-a1\"")));
      assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
      child.awaitIndexed(http, admin, 1);
      HttpResponse<String> user =
          ChildServer.send(
              http,
              child.request(
                  admin,
                  "POST",
                  "/api/v1/users",
                  "{\"username\": \"k.worker\", \"password\": \""
                      + PASSWORD
                      + "\", \"roles\": [\"WORKER\"], \"agencyId\": \"k-a1\","
                      + " \"providerId\": \"k-p1\", \"phone\": \"13900000044\"}"));
      assertThat(user.statusCode()).as(user.body()).isEqualTo(201);
      String resident =
          TestTokens.forDataDir(dir)
              .mint(
                  new org.linli.core.access.Principal("k-r1", Set.of(Role.RESIDENT), null, null),
                  Duration.ofMinutes(10));
      HttpResponse<String> posted =
          ChildServer.send(
              http,
              child.request(
                  resident, "POST", "/api/v1/needs", CasesApiTest.NEED.formatted("false")));
      assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);
      Awaitility.await("the offer tried at the failing gateway")
          .atMost(Duration.ofSeconds(20))
          .until(() -> !gateway.received.isEmpty());
      String id = gateway.received.get(0).get("messageId").asText();
      assertThat(gateway.received.get(0).get("to").asText()).isEqualTo("13900000044");
      // Past the attempt's bookkeeping (milliseconds), before the retry (a second later): a kill
      // inside an attempt would leave its 60 s lease for the next server to wait out.
      Thread.sleep(300);
      child.process.destroyForcibly().waitFor();
      gateway.failuresLeft.set(0);
      ChildServer again = ChildServer.start(dir, db, cluster, log, env);
      Awaitility.await("delivered by the restarted server")
          .atMost(Duration.ofSeconds(30))
          .until(() -> gateway.delivered.containsKey(id));
      assertThat(gateway.received.stream().map(m -> m.get("messageId").asText()).distinct())
          .as("no message under another id")
          .containsExactly(id);
      again.process.destroyForcibly();
    }
  }
}
