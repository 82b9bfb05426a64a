package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;

/**
 * 200 feedback posts at once, through two members on one database: one valid chain, and ratings
 * that add up.
 */
class FeedbackClusterApiTest {
  static String token(TestServer s, String sub, Role role, String agency, String provider) {
    return s.server
        .tokens()
        .mint(new Principal(sub, Set.of(role), agency, provider), Duration.ofMinutes(10));
  }

  @Test
  void twoHundredConcurrentPosts_onTwoMembers_formOneValidChain() throws Exception {
    String cluster = "feedback-" + UUID.randomUUID();
    Path dataDir = Files.createTempDirectory("linli-feedback-cluster");
    TestCluster members = TestCluster.of(2);
    Duration timeout = Duration.ofMinutes(15);
    try (TestServer b =
            new TestServer(ClusterCasesApiTest.config(cluster, members, 0, dataDir, timeout));
        TestServer a =
            new TestServer(
                ClusterCasesApiTest.config(
                    cluster, members, 1, Files.createTempDirectory("linli-feedback-a"), timeout))) {
      String doc =
          Documents.worker("fc1", 22.65, 114.0)
              .replace("\"a7\"", "\"fca\"")
              .replace(
                  "\"capacity\": 12, \"activeCases\": 3", "\"capacity\": 1000, \"activeCases\": 0");
      assertThat(a.put("/api/v1/providers/fc1", doc).status()).isEqualTo(201);
      a.awaitIndexed("fc1");
      b.awaitIndexed("fc1");
      String worker = token(a, "w-fc1", Role.WORKER, "fca", "fc1");
      List<String[]> rated = new ArrayList<>(); // {resident token, case id}
      for (int i = 0; i < 200; i++) {
        TestServer s = i % 2 == 0 ? a : b;
        String resident = token(s, "rfc-" + i, Role.RESIDENT, null, null);
        TestServer.Answer created =
            CasesApiTest.as(
                s,
                resident,
                "POST",
                "/api/v1/needs",
                """
            {"location": {"lat": 22.65, "lon": 114.0}, "skills": ["ELDER_CARE"], "radiusMeters": 2000}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("caseId").asText();
        assertThat(
                CasesApiTest.as(s, worker, "POST", "/api/v1/cases/" + id + "/accept", null)
                    .status())
            .isEqualTo(200);
        assertThat(
                CasesApiTest.as(
                        s,
                        worker,
                        "POST",
                        "/api/v1/cases/" + id + "/complete",
                        "{\"outcome\": \"GOT_HELP\"}")
                    .status())
            .isEqualTo(200);
        rated.add(new String[] {resident, id});
      }
      ExecutorService pool = Executors.newFixedThreadPool(32);
      List<Future<TestServer.Answer>> answers = new ArrayList<>();
      int starsSum = 0;
      for (int i = 0; i < rated.size(); i++) {
        TestServer s = i % 2 == 0 ? b : a;
        String[] r = rated.get(i);
        int n = 1 + i % 5;
        starsSum += n;
        String body = FeedbackApiTest.stars(n);
        answers.add(
            pool.submit(
                () ->
                    CasesApiTest.as(s, r[0], "POST", "/api/v1/cases/" + r[1] + "/feedback", body)));
      }
      Set<String> ids = new HashSet<>();
      for (Future<TestServer.Answer> f : answers) {
        TestServer.Answer answer = f.get();
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        ids.add(answer.json().get("feedbackId").asText());
      }
      pool.shutdown();
      assertThat(ids).hasSize(200);
      String staff = token(a, "staff", Role.STAFF, null, null);
      for (TestServer s : List.of(a, b)) {
        JsonNode v =
            CasesApiTest.as(s, staff, "GET", "/api/v1/feedback/ledger/verify", null).json();
        assertThat(v.get("valid").asBoolean()).as(v.toString()).isTrue();
        assertThat(v.get("entries").asInt()).isEqualTo(200);
        JsonNode rating = s.get("/api/v1/providers/fc1").json().get("rating");
        assertThat(rating.get("count").asInt()).as("rating on each member").isEqualTo(200);
        assertThat(rating.get("average").asDouble()).isEqualTo(starsSum / 200.0);
      }
    }
  }
}
