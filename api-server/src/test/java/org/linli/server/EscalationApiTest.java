package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;
import org.linli.server.config.ServerConfig;

/**
 * URGENT needs move fast and reach staff: each offer lasts the urgent timeout, and a need nobody
 * accepted in time is escalated (in the case, its history, and a text to the resident and to the
 * duty staff of its region), as is every UNMATCHED one.
 */
class EscalationApiTest {
  static List<JsonNode> messages(Path dataDir, String template) throws Exception {
    return SignInApiTest.notifications(dataDir).stream()
        .filter(m -> m.get("template").asText().equals(template))
        .toList();
  }

  @Test
  void anUrgentNeedNotTakenInTime_andAnUnmatchedOne_goToTheDutyStaff() throws Exception {
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-escalation"))
            .clusterName("escalation-" + UUID.randomUUID())
            .db(TestServer.testDatabase())
            .escalation(new ServerConfig.Escalation(Duration.ofSeconds(30), Duration.ofSeconds(2)))
            .build();
    try (TestServer s = new TestServer(config)) {
      ClusterCasesApiTest.putWorker(s, "es-p1", "es-a1", 22.5432, 114.0580);
      s.awaitIndexed("es-p1");
      TestServer.Answer staff =
          CasesApiTest.as(
              s,
              s.adminToken,
              "POST",
              "/api/v1/users",
              "{\"username\": \"duty.staff\", \"password\": \"a duty password 2026\","
                  + " \"roles\": [\"STAFF\"], \"phone\": \"13600000077\"}");
      assertThat(staff.status()).as(staff.body()).isEqualTo(201);
      String resident = s.token("es-r1", Role.RESIDENT, null, null);
      String urgent =
          CasesApiTest.NEED
              .formatted("false")
              .replace("\"ROUTINE\"", "\"URGENT\"")
              .replace("13812345678", "13800000066");
      TestServer.Answer posted = CasesApiTest.as(s, resident, "POST", "/api/v1/needs", urgent);
      assertThat(posted.status()).as(posted.body()).isEqualTo(201);
      String id = posted.json().get("caseId").asText();
      JsonNode offer = posted.json().get("offer");
      assertThat(
              Duration.between(
                  java.time.Instant.now(),
                  java.time.Instant.parse(offer.get("expiresAt").asText())))
          .as("the urgent offer timeout")
          .isBetween(Duration.ofSeconds(20), Duration.ofSeconds(31));

      Awaitility.await("escalated")
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + id, null)
                      .json()
                      .path("escalated")
                      .asBoolean());
      JsonNode c = CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + id, null).json();
      assertThat(c.get("status").asText()).as("still offered").isEqualTo("OFFERED");
      assertThat(c.get("escalatedAt").asText()).isNotBlank();
      assertThat(
              CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + id + "/history", null).body())
          .contains("ESCALATED");
      Awaitility.await("texts to the resident and the duty staff")
          .atMost(Duration.ofSeconds(10))
          .until(() -> messages(s.dataDir, "escalated").size() >= 2);
      assertThat(messages(s.dataDir, "escalated"))
          .extracting(m -> m.get("to").asText())
          .containsExactlyInAnyOrder("13800000066", "13600000077");

      String far = CasesApiTest.NEED.formatted("false").replace("22.5431", "23.9");
      TestServer.Answer unmatched = CasesApiTest.as(s, resident, "POST", "/api/v1/needs", far);
      assertThat(unmatched.json().get("status").asText()).isEqualTo("UNMATCHED");
      String farId = unmatched.json().get("caseId").asText();
      assertThat(
              CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + farId, null)
                  .json()
                  .get("escalated")
                  .asBoolean())
          .isTrue();
      Awaitility.await("the unmatched need reaches the duty staff")
          .atMost(Duration.ofSeconds(10))
          .until(() -> messages(s.dataDir, "escalated").size() >= 3);
      assertThat(messages(s.dataDir, "escalated").get(2).get("text").asText())
          .contains(farId, "暂无服务者接单");

      // The duty queue: escalated cases still waiting, oldest first.
      String staffToken = s.token("duty-1", Role.STAFF, null, null);
      TestServer.Answer queue =
          CasesApiTest.as(s, staffToken, "GET", "/api/v1/cases?status=ESCALATED", null);
      assertThat(queue.status()).as(queue.body()).isEqualTo(200);
      List<String> ids = new ArrayList<>();
      queue.json().get("cases").forEach(x -> ids.add(x.get("caseId").asText()));
      assertThat(ids).containsExactly(id, farId);
      assertThat(
              CasesApiTest.as(
                      s, staffToken, "GET", "/api/v1/cases?status=ESCALATED&olderThan=PT1H", null)
                  .json()
                  .get("cases"))
          .isEmpty();
      assertThat(
              CasesApiTest.as(s, staffToken, "GET", "/api/v1/cases?status=UNMATCHED", null).body())
          .contains(farId)
          .doesNotContain(id);
      String elsewhere =
          s.server
              .tokens()
              .mint(
                  new org.linli.core.access.Principal(
                      "duty-2", java.util.Set.of(Role.STAFF), null, null, List.of("440304")),
                  Duration.ofMinutes(5));
      assertThat(
              CasesApiTest.as(s, elsewhere, "GET", "/api/v1/cases?status=ESCALATED", null)
                  .json()
                  .get("cases"))
          .as("another region's staff")
          .isEmpty();
      for (String bad : List.of("", "?status=LOST", "?status=ESCALATED&olderThan=soon")) {
        assertThat(CasesApiTest.as(s, staffToken, "GET", "/api/v1/cases" + bad, null).status())
            .as(bad)
            .isEqualTo(400);
      }
      assertThat(
              CasesApiTest.as(s, resident, "GET", "/api/v1/cases?status=ESCALATED", null).status())
          .isEqualTo(403);
    }
  }
}
