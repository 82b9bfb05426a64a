package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;

/**
 * Providers say why they decline and how a case ended: the reason and outcome are in the history
 * for everyone who sees it, the notes and minutes only for staff and the provider, and the notes
 * are sealed at rest. A completion without an outcome is refused, saying what to give.
 */
class CaseOutcomesApiTest {
  @Test
  void declineReasons_andOutcomes_areKept_shownByWhoMaySee_andSealed() throws Exception {
    try (TestServer s = new TestServer(false)) {
      ClusterCasesApiTest.putWorker(s, "oc-p1", "oc-a1", 22.5432, 114.0580);
      ClusterCasesApiTest.putWorker(s, "oc-p2", "oc-a2", 22.5450, 114.0600);
      s.awaitIndexed("oc-p1", "oc-p2");
      String resident = s.token("oc-r1", Role.RESIDENT, null, null);
      String id =
          CasesApiTest.as(
                  s, resident, "POST", "/api/v1/needs", CasesApiTest.NEED.formatted("false"))
              .json()
              .get("caseId")
              .asText();
      String worker1 = s.token("oc-w1", Role.WORKER, "oc-a1", "oc-p1");
      assertThat(
              CasesApiTest.as(
                      s,
                      worker1,
                      "POST",
                      "/api/v1/cases/" + id + "/decline",
                      "{\"reason\": \"LATER\"}")
                  .status())
          .as("an unknown reason")
          .isEqualTo(400);
      assertThat(
              CasesApiTest.as(
                      s,
                      worker1,
                      "POST",
                      "/api/v1/cases/" + id + "/decline",
                      "{\"reason\": \"NO_CAPACITY\", \"note\": \"本周排满了\"}")
                  .status())
          .isEqualTo(200);
      String agency2 = s.token("oc-ag2", Role.AGENCY, "oc-a2", null);
      assertThat(
              CasesApiTest.as(s, agency2, "POST", "/api/v1/cases/" + id + "/accept", null).status())
          .isEqualTo(200);
      TestServer.Answer noOutcome =
          CasesApiTest.as(s, agency2, "POST", "/api/v1/cases/" + id + "/complete", null);
      assertThat(noOutcome.status()).isEqualTo(400);
      assertThat(noOutcome.json().get("errors").get(0).get("field").asText()).isEqualTo("outcome");
      assertThat(
              CasesApiTest.as(
                      s,
                      agency2,
                      "POST",
                      "/api/v1/cases/" + id + "/complete",
                      "{\"outcome\": \"PARTLY_HELPED\", \"serviceMinutes\": -5}")
                  .status())
          .isEqualTo(400);
      TestServer.Answer done =
          CasesApiTest.as(
              s,
              agency2,
              "POST",
              "/api/v1/cases/" + id + "/complete",
              "{\"outcome\": \"PARTLY_HELPED\", \"note\": \"陪同复诊一次，下周再约\","
                  + " \"serviceMinutes\": 90}");
      assertThat(done.status()).as(done.body()).isEqualTo(200);

      JsonNode forResident =
          CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + id + "/history", null).json();
      JsonNode declined = step(forResident, "DECLINED");
      assertThat(declined.get("reason").asText()).isEqualTo("NO_CAPACITY");
      assertThat(declined.has("note")).as("a provider's note is the service's own").isFalse();
      JsonNode completed = step(forResident, "COMPLETED");
      assertThat(completed.get("outcome").asText()).isEqualTo("PARTLY_HELPED");
      assertThat(completed.has("note")).isFalse();

      String staff = s.token("oc-staff", Role.STAFF, null, null);
      JsonNode forStaff =
          CasesApiTest.as(s, staff, "GET", "/api/v1/cases/" + id + "/history", null).json();
      assertThat(step(forStaff, "DECLINED").get("note").asText()).isEqualTo("本周排满了");
      assertThat(step(forStaff, "COMPLETED").get("serviceMinutes").asInt()).isEqualTo(90);
      JsonNode forAgency =
          CasesApiTest.as(s, agency2, "GET", "/api/v1/cases/" + id + "/history", null).json();
      assertThat(step(forAgency, "COMPLETED").get("note").asText()).contains("陪同复诊");

      try (Connection c = s.server.database().connection();
          PreparedStatement ps = c.prepareStatement("SELECT doc FROM cases WHERE id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString(1)).contains("PARTLY_HELPED").doesNotContain("本周排满了", "陪同复诊");
        }
      }
    }
  }

  static JsonNode step(JsonNode history, String event) {
    for (JsonNode t : history.get("transitions")) {
      if (t.get("event").asText().equals(event)) {
        return t;
      }
    }
    throw new AssertionError("no " + event + " in " + history);
  }
}
