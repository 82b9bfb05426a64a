package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;

/**
 * Every case endpoint against every kind of caller, on the caller's own case, someone else's case
 * and an unknown id: nobody gets a 2xx they are not entitled to, and strangers cannot tell a case
 * from a missing one.
 */
class CaseAccessMatrixApiTest {
  static TestServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    String doc =
        Documents.worker("m1", 22.5432, 114.0580)
            .replace("\"a7\"", "\"ma1\"")
            .replace("\"activeCases\": 3", "\"activeCases\": 0");
    assertThat(s.put("/api/v1/providers/m1", doc).status()).isEqualTo(201);
    s.awaitIndexed("m1");
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  static String token(String sub, Role role, String agency, String provider) {
    return s.server
        .tokens()
        .mint(new Principal(sub, Set.of(role), agency, provider), Duration.ofMinutes(10));
  }

  static int call(String token, String method, String path) {
    // A completion says how the case ended; with it, the answer is about who may act.
    boolean complete = path.endsWith("/complete");
    HttpRequest.Builder r =
        HttpRequest.newBuilder(s.uri(path))
            .method(
                method,
                complete
                    ? HttpRequest.BodyPublishers.ofString("{\"outcome\": \"GOT_HELP\"}")
                    : HttpRequest.BodyPublishers.noBody());
    if (complete) {
      r.header("Content-Type", "application/json");
    }
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return s.send(r).status();
  }

  @Test
  void noUnauthorised2xx_andStrangersSeeTheSame404AsForUnknownIds() {
    String owner = token("mo-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    TestServer.Answer created =
        s.send(
            HttpRequest.newBuilder(s.uri("/api/v1/needs"))
                .header("Authorization", "Bearer " + owner)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CasesApiTest.NEED.formatted("false"))));
    String caseId = created.json().get("caseId").asText();
    assertThat(created.json().get("offer").get("providerId").asText()).isEqualTo("m1");

    Map<String, String> callers = new LinkedHashMap<>();
    callers.put("anonymous", null);
    callers.put("owner", owner);
    callers.put("other resident", token("mx", Role.RESIDENT, null, null));
    callers.put("offered worker", token("mw1", Role.WORKER, "ma1", "m1"));
    callers.put("offered agency", token("mag1", Role.AGENCY, "ma1", null));
    callers.put("other worker", token("mw2", Role.WORKER, "ma2", "m2"));
    callers.put("other agency", token("mag2", Role.AGENCY, "ma2", null));
    callers.put("staff", token("mst", Role.STAFF, null, null));
    callers.put("admin", token("mad", Role.ADMIN, null, null));

    Set<String> see = Set.of("owner", "offered worker", "offered agency", "staff", "admin");
    for (Map.Entry<String, String> c : callers.entrySet()) {
      String who = c.getKey();
      // Reading: the parties of the case see it; everyone else gets 404, exactly as for an unknown
      // id.
      for (String view : List.of("", "/history")) {
        int own = call(c.getValue(), "GET", "/api/v1/cases/" + caseId + view);
        int unknown = call(c.getValue(), "GET", "/api/v1/cases/c-unknown" + view);
        assertThat(own).as(who + " reads " + view).isEqualTo(see.contains(who) ? 200 : 404);
        assertThat(unknown).as(who + " reads an unknown case").isEqualTo(404);
      }
      // Acting: nobody but the entitled party gets a 2xx; on unknown ids nobody does.
      for (String action : List.of("accept", "decline", "complete", "cancel")) {
        int unknown = call(c.getValue(), "POST", "/api/v1/cases/c-unknown/" + action);
        assertThat(unknown).as(who + " " + action + "s an unknown case").isIn(401, 404);
        boolean entitled =
            (action.equals("accept") || action.equals("decline")) && who.startsWith("offered")
                || action.equals("cancel") && who.equals("owner");
        if (entitled) {
          continue; // exercised (and state-changing) in CasesApiTest
        }
        int status = call(c.getValue(), "POST", "/api/v1/cases/" + caseId + "/" + action);
        assertThat(status).as(who + " " + action + "s the case").isIn(401, 403, 404, 409);
        if (!see.contains(who)) {
          assertThat(status).as(who + " cannot tell the case exists").isIn(401, 404);
        }
      }
    }
    // The case is still as it was: offered to m1.
    assertThat(
            s.send(
                    HttpRequest.newBuilder(s.uri("/api/v1/cases/" + caseId))
                        .header("Authorization", "Bearer " + owner))
                .json()
                .get("status")
                .asText())
        .isEqualTo("OFFERED");
    // The inbox is for providers; staff get queues, which name what they list.
    assertThat(call(owner, "GET", "/api/v1/cases")).isEqualTo(403);
    assertThat(call(callers.get("staff"), "GET", "/api/v1/cases")).isEqualTo(400);
    assertThat(call(callers.get("staff"), "GET", "/api/v1/cases?status=OFFERED")).isEqualTo(200);
    assertThat(call(null, "GET", "/api/v1/cases")).isEqualTo(401);
  }
}
