package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.cases.CapacityReconciliation;
import org.linli.server.cluster.CapacityChange;

/**
 * Capacity stays true to the cases: a unit reserved by an acceptance that never finished (its
 * member died) is given back after the grace period; an accepted case's unit survives provider
 * rewrites, and is held again after an import replaced the provider. Each test has its own
 * provider, far from the others'.
 */
class CapacityReconciliationApiTest {
  static TestServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  /** A worker at its own spot (the i-th of a row of spots 20 km apart) with {@code capacity}. */
  static String put(String id, int spot, int capacity) {
    String doc =
        Documents.worker(id, 22.60, 113.80 + 0.2 * spot)
            .replace("\"a7\"", "\"ag-" + id + "\"")
            .replace(
                "\"capacity\": 12, \"activeCases\": 3",
                "\"capacity\": " + capacity + ", \"activeCases\": 0");
    assertThat(s.put("/api/v1/providers/" + id, doc).status()).isIn(200, 201);
    // Matching sees a write within a second (the contract); wait for it, so the next need finds
    // this provider.
    long deadline = System.nanoTime() + 2_000_000_000L;
    String match =
        "{\"location\": {\"lat\": 22.60, \"lon\": "
            + (113.80 + 0.2 * spot)
            + "}, \"skills\":"
            + " [\"ELDER_CARE\"], \"radiusMeters\": 3000}";
    while (!s.post("/api/v1/match", match).body().contains("\"" + id + "\"")
        && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    return doc;
  }

  static String need(int spot) {
    return """
        {"location": {"lat": 22.60, "lon": %s}, "skills": ["ELDER_CARE"], "radiusMeters": 3000,
         "sort": "distance", "description": "助老", "contactPhone": "13812345678"}"""
        .formatted(113.80 + 0.2 * spot);
  }

  static String token(String sub, Role role, String agency, String provider) {
    return s.server
        .tokens()
        .mint(new Principal(sub, Set.of(role), agency, provider), Duration.ofMinutes(10));
  }

  static TestServer.Answer as(String token, String method, String path, String body) {
    return CasesApiTest.as(s, token, method, path, body);
  }

  static JsonNode provider(String id) {
    return s.get("/api/v1/providers/" + id).json();
  }

  static IMap<String, HazelcastJsonValue> providers() {
    return s.server.cluster().hazelcast().getMap("providers");
  }

  static CapacityReconciliation reconciler() {
    return s.server.capacityReconciler();
  }

  /** Posts a need at {@code spot} and has {@code providerId} accept it; answers the case id. */
  static String acceptedCase(int spot, String providerId) {
    String resident = token("r-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    TestServer.Answer created = as(resident, "POST", "/api/v1/needs", need(spot));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().get("offer").get("providerId").asText()).isEqualTo(providerId);
    String id = created.json().get("caseId").asText();
    TestServer.Answer accepted =
        as(
            token("w-" + providerId, Role.WORKER, "ag-" + providerId, providerId),
            "POST",
            "/api/v1/cases/" + id + "/accept",
            null);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    return id;
  }

  static TestServer.Answer complete(String caseId, String providerId) {
    return as(
        token("w-" + providerId, Role.WORKER, "ag-" + providerId, providerId),
        "POST",
        "/api/v1/cases/" + caseId + "/complete",
        "{\"outcome\": \"GOT_HELP\"}");
  }

  @Test
  void aReservationWhoseAcceptanceNeverHappened_isGivenBackAfterTheGracePeriod() {
    put("leak", 0, 1);
    long now = System.currentTimeMillis();
    // What a member that died between reserving and accepting leaves behind: a hold for a case
    // never accepted.
    assertThat(
            providers()
                .executeOnKey("leak", CapacityChange.reserve("c-ghost", "t-1", now - 600_000)))
        .isTrue();
    assertThat(provider("leak").get("activeCases").asInt()).isEqualTo(1);
    assertThat(provider("leak").has("holds")).as("holds are internal").isFalse();
    String resident = token("r-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    assertThat(as(resident, "POST", "/api/v1/needs", need(0)).json().get("status").asText())
        .as("a full provider is no candidate")
        .isEqualTo("UNMATCHED");

    // A hold younger than the cutoff stays: its acceptance may still be on its way.
    assertThat(reconciler().settleStale(now - 3_600_000)).isZero();
    assertThat(provider("leak").get("activeCases").asInt()).isEqualTo(1);
    assertThat(reconciler().settleStale(now - 300_000)).isEqualTo(1);
    assertThat(provider("leak").get("activeCases").asInt()).isZero();
    // Matching sees the freed unit within a second.
    long deadline = System.nanoTime() + 1_000_000_000L;
    String status = "UNMATCHED";
    while (!status.equals("OFFERED") && System.nanoTime() < deadline) {
      status = as(resident, "POST", "/api/v1/needs", need(0)).json().get("status").asText();
    }
    assertThat(status).isEqualTo("OFFERED");
  }

  @Test
  void anAcceptedCasesUnit_survivesSettlingAndRewrites_andIsFreedOnceOnCompletion() {
    String doc = put("keep", 1, 2);
    String caseId = acceptedCase(1, "keep");
    assertThat(provider("keep").get("activeCases").asInt()).isEqualTo(1);
    // Settling with every hold considered stale keeps the accepted case's unit.
    assertThat(reconciler().settleStale(System.currentTimeMillis() + 3_600_000)).isZero();
    assertThat(provider("keep").get("activeCases").asInt()).isEqualTo(1);
    // The agency rewrites its provider: the unit (and its hold) stays.
    TestServer.Answer rewritten = s.put("/api/v1/providers/keep", doc.replace("助老", "助老 陪诊"));
    assertThat(rewritten.status()).isEqualTo(200);
    assertThat(rewritten.json().get("activeCases").asInt()).isEqualTo(1);
    assertThat(rewritten.json().has("holds")).isFalse();
    assertThat(complete(caseId, "keep").status()).isEqualTo(200);
    assertThat(provider("keep").get("activeCases").asInt()).isZero();
    // A second completion is refused and frees nothing twice.
    assertThat(complete(caseId, "keep").status()).isEqualTo(409);
    assertThat(provider("keep").get("activeCases").asInt()).isZero();
  }

  @Test
  void anImport_keepsTheUnitsOfAcceptedCases_soCapacityIsNeverExceeded() {
    String doc = put("adopt", 2, 1);
    String caseId = acceptedCase(2, "adopt");
    // The import states activeCases 0 and knows nothing of Linli's case: the provider exists, so
    // its count stays.
    String line = doc.replace("\n", " ").trim();
    assertThat(
            s.post("/api/v1/providers/bulk", "application/x-ndjson", line)
                .json()
                .get("accepted")
                .asInt())
        .isEqualTo(1);
    assertThat(provider("adopt").get("activeCases").asInt()).isEqualTo(1);
    assertThat(reconciler().adoptAccepted()).as("nothing to adopt: the unit was kept").isZero();
    // Full: a further need finds nobody there, rather than a third acceptance past the capacity.
    String resident = token("r-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    assertThat(as(resident, "POST", "/api/v1/needs", need(2)).json().get("status").asText())
        .isEqualTo("UNMATCHED");
    assertThat(complete(caseId, "adopt").status()).isEqualTo(200);
    assertThat(provider("adopt").get("activeCases").asInt()).isZero();
  }

  @Test
  void aProviderWhoseUnitWentMissing_getsItsAcceptedCaseHeldAgain() {
    put("lost", 3, 3);
    String caseId = acceptedCase(3, "lost");
    // The stored document lost the unit (say, a restore of an older copy of the provider).
    IMap<String, HazelcastJsonValue> providers = s.server.cluster().providers();
    com.fasterxml.jackson.databind.node.ObjectNode doc =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            org.linli.server.json.Json.parse(providers.get("lost").getValue());
    doc.put("activeCases", 0).remove(CapacityChange.HOLDS);
    providers.set("lost", new HazelcastJsonValue(org.linli.server.json.Json.write(doc)));
    assertThat(provider("lost").get("activeCases").asInt()).isZero();
    assertThat(reconciler().adoptAccepted()).isEqualTo(1);
    assertThat(provider("lost").get("activeCases").asInt()).isEqualTo(1);
    assertThat(reconciler().adoptAccepted()).as("adopted once").isZero();
    assertThat(complete(caseId, "lost").status()).isEqualTo(200);
    assertThat(provider("lost").get("activeCases").asInt()).isZero();
  }

  @Test
  void anImport_ofANewProvider_takesTheFilesActiveCases() {
    String line =
        Documents.worker("fresh-import", 22.60, 113.80 + 0.2 * 4)
            .replace("\n", " ")
            .trim()
            .replace("\"a7\"", "\"ag-fresh\"");
    assertThat(
            s.post("/api/v1/providers/bulk", "application/x-ndjson", line)
                .json()
                .get("accepted")
                .asInt())
        .isEqualTo(1);
    assertThat(provider("fresh-import").get("activeCases").asInt()).isEqualTo(3);
  }
}
