package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.server.config.ServerConfig;

/**
 * The referral loop across two real Hazelcast members: events reach a stream on the other member
 * within a second, actions work on either member, and when a member leaves, the offers its
 * partitions held still lapse on the member that stays.
 */
class ClusterCasesApiTest {
  static final String SECRET = "cluster-cases-test-secret-0123456789abcdef";

  /** Member {@code i} of {@code members}, in cluster {@code cluster}. */
  static ServerConfig config(
      String cluster, TestCluster members, int i, Path dataDir, Duration offerTimeout) {
    return members
        .member(i, ServerConfig.loopback(dataDir))
        .clusterName(cluster)
        .security(
            new ServerConfig.Security(SECRET, null, "linli", 600).withDataKey(TestCluster.DATA_KEY))
        .offerTimeout(offerTimeout)
        .build();
  }

  static String token(TestServer s, String sub, Role role, String agency, String provider) {
    return s.server
        .tokens()
        .mint(new Principal(sub, Set.of(role), agency, provider), Duration.ofMinutes(10));
  }

  static void putWorker(TestServer s, String id, String agency, double lat, double lon) {
    String doc =
        Documents.worker(id, lat, lon)
            .replace("\"a7\"", "\"" + agency + "\"")
            .replace("\"activeCases\": 3", "\"activeCases\": 0");
    assertThat(s.put("/api/v1/providers/" + id, doc).status()).isIn(200, 201);
  }

  @Test
  void eventsAndActions_crossMembers_andOffersStillLapseAfterAMemberLeaves() throws Exception {
    String cluster = "cases-" + UUID.randomUUID();
    Path dataDir = Files.createTempDirectory("linli-cluster-cases");
    TestCluster members = TestCluster.of(2);
    Duration timeout = Duration.ofSeconds(3);
    try (TestServer b = new TestServer(config(cluster, members, 0, dataDir, timeout))) {
      TestServer a =
          new TestServer(
              config(
                  cluster,
                  members,
                  1,
                  Files.createTempDirectory("linli-cluster-cases-a"),
                  timeout));
      try {
        assertThat(b.server.cluster().hazelcast().getCluster().getMembers()).hasSize(2);
        putWorker(a, "x1", "xa1", 22.5432, 114.0580);
        putWorker(a, "x2", "xa2", 22.5450, 114.0600);
        a.awaitIndexed("x1", "x2");
        b.awaitIndexed("x1", "x2");
        String resident = token(a, "rx-" + UUID.randomUUID(), Role.RESIDENT, null, null);
        String worker1 = token(b, "wx1", Role.WORKER, "xa1", "x1");
        String agency2 = token(b, "agx2", Role.AGENCY, "xa2", null);
        String need = CasesApiTest.NEED.formatted("false");

        // Posted on A, offered live to a worker connected to B, within a second.
        String caseId;
        try (CaseEventsApiTest.Stream onB = new CaseEventsApiTest.Stream(b, worker1, null);
            CaseEventsApiTest.Stream residentOnA =
                new CaseEventsApiTest.Stream(a, resident, null)) {
          TestServer.Answer created = CasesApiTest.as(a, resident, "POST", "/api/v1/needs", need);
          assertThat(created.status()).as(created.body()).isEqualTo(201);
          caseId = created.json().get("caseId").asText();
          String[] offer = onB.next(1_000);
          assertThat(offer).as("offer on the other member within 1 s").isNotNull();
          assertThat(offer[1]).isEqualTo("offered");
          assertThat(offer[0]).contains(caseId);
          assertThat(residentOnA.next(1_000)[1]).isEqualTo("offered");

          // Declined on B; the resident's stream on A sees the decline and the next offer.
          assertThat(
                  CasesApiTest.as(b, worker1, "POST", "/api/v1/cases/" + caseId + "/decline", null)
                      .status())
              .isEqualTo(200);
          assertThat(residentOnA.next(1_000)[1]).isEqualTo("declined");
          assertThat(residentOnA.next(1_000)[1]).isEqualTo("offered");
        }
        // Accepted on B, completed on A: capacity is taken and given back across members.
        assertThat(
                CasesApiTest.as(b, agency2, "POST", "/api/v1/cases/" + caseId + "/accept", null)
                    .status())
            .isEqualTo(200);
        assertThat(a.get("/api/v1/providers/x2").json().get("activeCases").asInt()).isEqualTo(1);
        assertThat(
                CasesApiTest.as(
                        a,
                        agency2,
                        "POST",
                        "/api/v1/cases/" + caseId + "/complete",
                        "{\"outcome\": \"GOT_HELP\"}")
                    .status())
            .isEqualTo(200);
        assertThat(b.get("/api/v1/providers/x2").json().get("activeCases").asInt()).isZero();

        // Offers held by either member's partitions; then A leaves before they lapse.
        List<String> open = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
          open.add(
              CasesApiTest.as(i % 2 == 0 ? a : b, resident, "POST", "/api/v1/needs", need)
                  .json()
                  .get("caseId")
                  .asText());
        }
        a.close();
        a = null;
        TestServer survivor = b;
        org.awaitility.Awaitility.await("every offer lapsed and moved on, on the survivor")
            .atMost(timeout.plusSeconds(10))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(
                () -> {
                  for (String id : open) {
                    JsonNode history =
                        CasesApiTest.as(
                                survivor, resident, "GET", "/api/v1/cases/" + id + "/history", null)
                            .json();
                    List<String> events = new java.util.ArrayList<>();
                    history.get("transitions").forEach(t -> events.add(t.get("event").asText()));
                    assertThat(events).as("case " + id).startsWith("OFFERED", "EXPIRED", "OFFERED");
                  }
                });
      } finally {
        if (a != null) {
          a.close();
        }
      }
    }
  }
}
