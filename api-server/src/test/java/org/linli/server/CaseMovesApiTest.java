package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;

/**
 * What happens to a case after acceptance: notes between the service and staff, a move to another
 * provider of the same agency (capacity moved exactly once, whatever the concurrency), an onward
 * referral as a linked case, and a need posted by staff for a resident who cannot use the service.
 * Every step is in the history.
 */
class CaseMovesApiTest {
  static void put(TestServer s, String id, String agency, String skill, double lat, int capacity) {
    String doc =
        """
        {"id": "%s", "kind": "WORKER", "name": "社工%s", "agencyId": "%s",
         "location": {"lat": %s, "lon": 114.0580}, "serviceRadiusMeters": 5000,
         "skills": ["%s"], "capacity": %d, "activeCases": 0}
        """
            .formatted(id, id, agency, lat, skill, capacity);
    assertThat(s.put("/api/v1/providers/" + id, doc).status()).isIn(200, 201);
  }

  static int active(TestServer s, String id) {
    return s.get("/api/v1/providers/" + id).json().get("activeCases").asInt();
  }

  static final String NEED =
      """
      {"location": {"lat": 22.5431, "lon": 114.0579}, "skills": ["ELDER_CARE"], "radiusMeters": 5000,
       "sort": "distance", "description": "陪老人复诊", "urgency": "ROUTINE", "contactPhone": "13812345678"}""";

  /** A case accepted by agency mv-a for its nearest provider mv-p1. */
  static String accepted(TestServer s, String resident, String agency) {
    TestServer.Answer posted = CasesApiTest.as(s, resident, "POST", "/api/v1/needs", NEED);
    assertThat(posted.status()).as(posted.body()).isEqualTo(201);
    String id = posted.json().get("caseId").asText();
    assertThat(posted.json().get("offer").get("providerId").asText()).isEqualTo("mv-p1");
    assertThat(CasesApiTest.as(s, agency, "POST", "/api/v1/cases/" + id + "/accept", null).status())
        .isEqualTo(200);
    return id;
  }

  static void setUp(TestServer s) {
    put(s, "mv-p1", "mv-a", "ELDER_CARE", 22.5432, 5);
    put(s, "mv-p2", "mv-a", "ELDER_CARE", 22.5460, 5);
    put(s, "mv-p3", "mv-a", "ELDER_CARE", 22.5470, 5);
    put(s, "mv-full", "mv-a", "ELDER_CARE", 22.5480, 1);
    put(s, "mv-o1", "mv-other", "ELDER_CARE", 22.5490, 5);
    put(s, "mv-legal", "mv-law", "LEGAL_AID", 22.5440, 5);
    s.awaitIndexed("mv-p1", "mv-p2", "mv-p3", "mv-full", "mv-o1", "mv-legal");
  }

  @Test
  void notes_areTheServicesAndStaffs_andNotTheResidents() throws Exception {
    try (TestServer s = new TestServer(false)) {
      setUp(s);
      String resident = s.token("mv-r1", Role.RESIDENT, null, null);
      String agency = s.token("mv-ag", Role.AGENCY, "mv-a", null);
      String id = accepted(s, resident, agency);
      String worker = s.token("mv-w1", Role.WORKER, "mv-a", "mv-p1");
      String staff = s.token("mv-s", Role.STAFF, null, null);
      String path = "/api/v1/cases/" + id + "/notes";

      TestServer.Answer added =
          CasesApiTest.as(s, worker, "POST", path, "{\"text\": \"已电话联系，老人周三上午在家\"}");
      assertThat(added.status()).as(added.body()).isEqualTo(201);
      assertThat(added.json().get("notes")).hasSize(1);
      assertThat(CasesApiTest.as(s, staff, "POST", path, "{\"text\": \"已核实低保身份\"}").status())
          .isEqualTo(201);
      JsonNode forAgency = CasesApiTest.as(s, agency, "GET", path, null).json();
      assertThat(forAgency.get("notes"))
          .extracting(n -> n.get("text").asText())
          .containsExactly("已电话联系，老人周三上午在家", "已核实低保身份");
      assertThat(forAgency.get("notes").get(0).get("author").asText()).isEqualTo("mv-w1");

      assertThat(CasesApiTest.as(s, resident, "GET", path, null).status()).isEqualTo(403);
      assertThat(CasesApiTest.as(s, resident, "POST", path, "{\"text\": \"x\"}").status())
          .isEqualTo(403);
      String stranger = s.token("mv-ag9", Role.AGENCY, "mv-other", null);
      assertThat(CasesApiTest.as(s, stranger, "GET", path, null).status()).isEqualTo(404);
      assertThat(CasesApiTest.as(s, worker, "POST", path, "{\"text\": \"  \"}").status())
          .isEqualTo(400);
      assertThat(CasesApiTest.as(s, worker, "POST", path, "{}").status()).isEqualTo(400);

      JsonNode residentHistory =
          CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + id + "/history", null).json();
      assertThat(residentHistory.toString()).doesNotContain("NOTED").doesNotContain("周三");
      JsonNode staffHistory =
          CasesApiTest.as(s, staff, "GET", "/api/v1/cases/" + id + "/history", null).json();
      assertThat(staffHistory.get("transitions"))
          .extracting(t -> t.get("event").asText())
          .containsExactly("OFFERED", "ACCEPTED", "NOTED", "NOTED");
    }
  }

  @Test
  void concurrentMoves_oneWins_andCapacityMovesExactlyOnce() throws Exception {
    try (TestServer s = new TestServer(false)) {
      setUp(s);
      String resident = s.token("mv-r2", Role.RESIDENT, null, null);
      String agency = s.token("mv-ag", Role.AGENCY, "mv-a", null);
      String id = accepted(s, resident, agency);
      assertThat(active(s, "mv-p1")).isEqualTo(1);
      String path = "/api/v1/cases/" + id + "/assign";

      // Refusals first: nothing moves.
      String worker = s.token("mv-w1", Role.WORKER, "mv-a", "mv-p1");
      assertThat(CasesApiTest.as(s, worker, "POST", path, "{\"providerId\": \"mv-p2\"}").status())
          .isEqualTo(403);
      assertThat(CasesApiTest.as(s, agency, "POST", path, "{\"providerId\": \"mv-o1\"}").status())
          .as("another agency's provider")
          .isEqualTo(403);
      assertThat(CasesApiTest.as(s, agency, "POST", path, "{\"providerId\": \"nobody\"}").status())
          .isEqualTo(404);
      assertThat(CasesApiTest.as(s, agency, "POST", path, "{\"providerId\": \"mv-p1\"}").status())
          .as("already its")
          .isEqualTo(409);
      assertThat(CasesApiTest.as(s, agency, "POST", path, "{}").status()).isEqualTo(400);
      put(s, "mv-full", "mv-a", "ELDER_CARE", 22.5480, 1);
      TestServer.Answer other = CasesApiTest.as(s, resident, "POST", "/api/v1/needs", NEED);
      String otherId = other.json().get("caseId").asText();
      // Fill mv-full through a case of its own: decline down the list to it, accept.
      String fullWorker = s.token("mv-wf", Role.WORKER, "mv-a", "mv-full");
      for (String p : List.of("mv-p1", "mv-p2", "mv-p3")) {
        String w = s.token("mv-w-" + p, Role.WORKER, "mv-a", p);
        assertThat(
                CasesApiTest.as(s, w, "POST", "/api/v1/cases/" + otherId + "/decline", null)
                    .status())
            .isEqualTo(200);
      }
      assertThat(
              CasesApiTest.as(s, fullWorker, "POST", "/api/v1/cases/" + otherId + "/accept", null)
                  .status())
          .isEqualTo(200);
      assertThat(active(s, "mv-full")).isEqualTo(1);
      TestServer.Answer noRoom =
          CasesApiTest.as(s, agency, "POST", path, "{\"providerId\": \"mv-full\"}");
      assertThat(noRoom.status()).as(noRoom.body()).isEqualTo(409);
      assertThat(noRoom.json().get("detail").asText()).contains("capacity");
      assertThat(active(s, "mv-full")).isEqualTo(1);
      assertThat(active(s, "mv-p1")).isEqualTo(1);

      // Sixteen concurrent moves to two providers: each answered 200 moved the case once (a move
      // that saw the case after another moved it moves it again), the rest 409; the capacity ends
      // on the provider that has the case, and only there.
      int n = 16;
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(n);
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String target = i % 2 == 0 ? "mv-p2" : "mv-p3";
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return CasesApiTest.as(
                          s,
                          agency,
                          "POST",
                          path,
                          "{\"providerId\": \"" + target + "\", \"note\": \"调整人手\"}")
                      .status();
                }));
      }
      go.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : answers) {
        statuses.add(f.get());
      }
      pool.shutdown();
      assertThat(statuses).containsOnly(200, 409).contains(200);
      long moves = statuses.stream().filter(x -> x == 200).count();
      JsonNode c = CasesApiTest.as(s, agency, "GET", "/api/v1/cases/" + id, null).json();
      String now = c.get("assignedProviderId").asText();
      assertThat(now).isIn("mv-p2", "mv-p3");
      assertThat(active(s, "mv-p1")).isZero();
      assertThat(active(s, now)).isEqualTo(1);
      assertThat(active(s, now.equals("mv-p2") ? "mv-p3" : "mv-p2")).isZero();

      // The new provider's worker now speaks for it: sees the phone, completes it.
      String newWorker = s.token("mv-wn", Role.WORKER, "mv-a", now);
      JsonNode seen = CasesApiTest.as(s, newWorker, "GET", "/api/v1/cases/" + id, null).json();
      assertThat(seen.get("need").get("contactPhone").asText()).isEqualTo("13812345678");
      JsonNode history =
          CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + id + "/history", null).json();
      List<String> events = new ArrayList<>();
      history.get("transitions").forEach(t -> events.add(t.get("event").asText()));
      assertThat(events.subList(0, 2)).containsExactly("OFFERED", "ACCEPTED");
      assertThat(events.subList(2, events.size())).hasSize((int) moves).containsOnly("REASSIGNED");
      assertThat(
              CasesApiTest.as(
                      s,
                      newWorker,
                      "POST",
                      "/api/v1/cases/" + id + "/complete",
                      "{\"outcome\": \"GOT_HELP\"}")
                  .status())
          .isEqualTo(200);
      assertThat(active(s, now)).isZero();
    }
  }

  @Test
  void aReferral_completesTheCase_andOpensALinkedOne() throws Exception {
    try (TestServer s = new TestServer(false)) {
      setUp(s);
      String resident = s.token("mv-r3", Role.RESIDENT, null, null);
      String agency = s.token("mv-ag", Role.AGENCY, "mv-a", null);
      String id = accepted(s, resident, agency);
      String path = "/api/v1/cases/" + id + "/refer";
      assertThat(
              CasesApiTest.as(s, resident, "POST", path, "{\"skills\": [\"LEGAL_AID\"]}").status())
          .as("only the assigned provider refers")
          .isEqualTo(403);
      assertThat(CasesApiTest.as(s, agency, "POST", path, "{\"skills\": [\"NOPE\"]}").status())
          .isEqualTo(400);
      assertThat(CasesApiTest.as(s, agency, "POST", path, "{\"providerId\": \"nobody\"}").status())
          .isEqualTo(404);

      TestServer.Answer referred =
          CasesApiTest.as(
              s, agency, "POST", path, "{\"skills\": [\"LEGAL_AID\"], \"note\": \"涉及赡养纠纷，转法律援助\"}");
      assertThat(referred.status()).as(referred.body()).isEqualTo(201);
      String linked = referred.json().get("caseId").asText();
      assertThat(linked).isNotEqualTo(id);
      assertThat(referred.json().get("referredFrom").asText()).isEqualTo(id);
      assertThat(active(s, "mv-p1")).as("the referring provider's unit is free").isZero();

      JsonNode old =
          CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + id + "/history", null).json();
      JsonNode last = old.get("transitions").get(old.get("transitions").size() - 1);
      assertThat(last.get("event").asText()).isEqualTo("COMPLETED");
      assertThat(last.get("outcome").asText()).isEqualTo("REFERRED_ELSEWHERE");
      JsonNode mine = CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + linked, null).json();
      assertThat(mine.get("referredFrom").asText()).isEqualTo(id);
      assertThat(mine.get("status").asText()).isEqualTo("OFFERED");
      assertThat(mine.get("offer").get("providerId").asText()).isEqualTo("mv-legal");
      assertThat(mine.get("need").get("skills").toString()).isEqualTo("[\"LEGAL_AID\"]");
      JsonNode linkedHistory =
          CasesApiTest.as(s, resident, "GET", "/api/v1/cases/" + linked + "/history", null).json();
      assertThat(linkedHistory.get("transitions").get(0).get("actor").asText())
          .as("the referrer opened it")
          .isEqualTo("mv-ag");
      assertThat(CasesApiTest.as(s, agency, "POST", path, "{}").status())
          .as("a completed case is not referred again")
          .isEqualTo(409);

      // Referred to a named provider: offered to it alone.
      String id2 = accepted(s, resident, agency);
      TestServer.Answer named =
          CasesApiTest.as(
              s, agency, "POST", "/api/v1/cases/" + id2 + "/refer", "{\"providerId\": \"mv-o1\"}");
      assertThat(named.status()).as(named.body()).isEqualTo(201);
      assertThat(named.json().get("offer").get("providerId").asText()).isEqualTo("mv-o1");
      assertThat(named.json().get("candidates").asInt()).isEqualTo(1);
    }
  }

  @Test
  void staffPostForAResident_whoCanFollowItWithTheirPhone() throws Exception {
    try (TestServer s = new TestServer(false)) {
      setUp(s);
      String staff = s.token("mv-duty", Role.STAFF, null, null);
      String body =
          NEED.replace(
              "\"contactPhone\": \"13812345678\"",
              "\"onBehalfOf\": {\"name\": \"张秀英\", \"phone\": \"13900001111\"}");
      TestServer.Answer posted = CasesApiTest.as(s, staff, "POST", "/api/v1/needs", body);
      assertThat(posted.status()).as(posted.body()).isEqualTo(201);
      String id = posted.json().get("caseId").asText();

      JsonNode history =
          CasesApiTest.as(s, staff, "GET", "/api/v1/cases/" + id + "/history", null).json();
      assertThat(history.get("transitions").get(0).get("actor").asText()).isEqualTo("mv-duty");
      JsonNode forStaff = CasesApiTest.as(s, staff, "GET", "/api/v1/cases/" + id, null).json();
      assertThat(forStaff.get("need").get("onBehalfOf").get("name").asText()).isEqualTo("张秀英");
      assertThat(forStaff.get("need").get("contactPhone").asText()).isEqualTo("139****1111");

      // The offered provider sees neither the name nor the phone in full until it accepts.
      String worker = s.token("mv-w1", Role.WORKER, "mv-a", "mv-p1");
      JsonNode offered = CasesApiTest.as(s, worker, "GET", "/api/v1/cases/" + id, null).json();
      assertThat(offered.get("need").get("onBehalfOf").get("name").asText()).isEqualTo("张**");

      // The person's own account (by that phone) is the case's resident.
      String residentId =
          s.server.phoneSignIn().residentIdFor("13900001111").toCompletableFuture().join();
      String resident = s.token(residentId, Role.RESIDENT, null, null);
      JsonNode theirs = CasesApiTest.as(s, resident, "GET", "/api/v1/me/cases", null).json();
      assertThat(theirs.get("cases")).extracting(c -> c.get("caseId").asText()).containsExactly(id);

      // Without a phone: posted all the same.
      String noPhone =
          NEED.replace("\"contactPhone\": \"13812345678\"", "\"onBehalfOf\": {\"name\": \"李伯\"}");
      assertThat(CasesApiTest.as(s, staff, "POST", "/api/v1/needs", noPhone).status())
          .isEqualTo(201);

      assertThat(CasesApiTest.as(s, staff, "POST", "/api/v1/needs", NEED).status())
          .as("staff name whom the need is for")
          .isEqualTo(400);
      String someone = s.token("mv-r9", Role.RESIDENT, null, null);
      assertThat(CasesApiTest.as(s, someone, "POST", "/api/v1/needs", noPhone).status())
          .as("onBehalfOf is staff's")
          .isEqualTo(403);
      assertThat(
              CasesApiTest.as(
                      s,
                      staff,
                      "POST",
                      "/api/v1/needs",
                      NEED.replace(
                          "\"contactPhone\": \"13812345678\"", "\"onBehalfOf\": {\"name\": \"\"}"))
                  .status())
          .isEqualTo(400);
      String scoped =
          s.server
              .tokens()
              .mint(
                  new org.linli.core.access.Principal(
                      "mv-scoped", java.util.Set.of(Role.STAFF), null, null, List.of("110101")),
                  java.time.Duration.ofMinutes(5));
      assertThat(CasesApiTest.as(s, scoped, "POST", "/api/v1/needs", noPhone).status())
          .as("outside a scoped staff's regions")
          .isEqualTo(403);
    }
  }
}
