package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.map.LocalMapStats;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.server.cluster.ClusterNode;

/**
 * Every query the server runs on its maps goes through an index: the periodic sweeps (offer timer,
 * capacity reconciler), the agency roster, the inboxes and the event-stream replay. A query on an
 * unindexed attribute scans every document, which at a million providers takes seconds on both
 * cores; Hazelcast's statistics tell the two apart.
 */
class MapIndexApiTest {
  static TestServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
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

  static LocalMapStats stats(String map) {
    return s.server.cluster().hazelcast().getMap(map).getLocalMapStats();
  }

  @Test
  void everyQueryPathUsesAnIndex() throws Exception {
    // Loading reads each map whole once (the coverage model's start): counted from here on, after
    // it.
    long[] before = {
      stats(ClusterNode.PROVIDERS).getQueryCount(),
      stats(ClusterNode.PROVIDERS).getIndexedQueryCount(),
      stats(ClusterNode.CASES).getQueryCount(),
      stats(ClusterNode.CASES).getIndexedQueryCount()
    };
    for (String id : new String[] {"ix1", "ix2"}) {
      String doc =
          Documents.worker(id, 22.5431, 114.0579)
              .replace("\"a7\"", "\"ixa\"")
              .replace("\"activeCases\": 3", "\"activeCases\": 0");
      assertThat(s.put("/api/v1/providers/" + id, doc).status()).isEqualTo(201);
    }
    s.awaitIndexed("ix1", "ix2");
    String resident = token("rix-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    String agency = token("agix", Role.AGENCY, "ixa", null);
    String worker = token("wix", Role.WORKER, "ixa", "ix1");

    // The roster: the agency's providers by the agencyId index.
    TestServer.Answer roster =
        CasesApiTest.as(s, agency, "GET", "/api/v1/providers?agencyId=ixa", null);
    assertThat(roster.status()).as(roster.body()).isEqualTo(200);
    assertThat(roster.json().get("providers"))
        .extracting(p -> p.get("id").asText())
        .containsExactly("ix1", "ix2");

    // A case offered, its events replayed to the resident and the agency, the inboxes read, the
    // offer accepted;
    // then the sweeps run.
    String[] firstEvent = new String[2];
    String caseId;
    try (CaseEventsApiTest.Stream mine = new CaseEventsApiTest.Stream(s, resident, null);
        CaseEventsApiTest.Stream theirs = new CaseEventsApiTest.Stream(s, agency, null)) {
      TestServer.Answer created =
          CasesApiTest.as(
              s, resident, "POST", "/api/v1/needs", CasesApiTest.NEED.formatted("false"));
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      caseId = created.json().get("caseId").asText();
      CaseEventsApiTest.Stream[] streams = {mine, theirs};
      for (int i = 0; i < 2; i++) {
        String[] e = streams[i].next(2_000);
        assertThat(e).as("the offer event").isNotNull();
        firstEvent[i] = e[0];
      }
    }
    assertThat(
            CasesApiTest.as(s, agency, "GET", "/api/v1/cases?status=OFFERED", null)
                .json()
                .get("cases"))
        .extracting(c -> c.get("caseId").asText())
        .contains(caseId);
    assertThat(CasesApiTest.as(s, worker, "GET", "/api/v1/cases", null).status()).isEqualTo(200);
    TestServer.Answer accepted =
        CasesApiTest.as(s, agency, "POST", "/api/v1/cases/" + caseId + "/accept", null);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    String[] who = {resident, agency};
    for (int i = 0; i < 2; i++) {
      try (CaseEventsApiTest.Stream back = new CaseEventsApiTest.Stream(s, who[i], firstEvent[i])) {
        assertThat(back.next(2_000)).as("the replayed acceptance").isNotNull();
      }
    }
    s.server.capacityReconciler().settleStale(System.currentTimeMillis());
    s.server.capacityReconciler().adoptAccepted();
    long casesQueried = stats(ClusterNode.CASES).getQueryCount();
    org.awaitility.Awaitility.await("two rounds of the offer timer")
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> stats(ClusterNode.CASES).getQueryCount() >= casesQueried + 2);

    String[] maps = {ClusterNode.PROVIDERS, ClusterNode.CASES};
    for (int i = 0; i < maps.length; i++) {
      LocalMapStats st = stats(maps[i]);
      long queries = st.getQueryCount() - before[2 * i];
      assertThat(queries).as(maps[i] + ": queries run").isGreaterThanOrEqualTo(2);
      assertThat(st.getIndexedQueryCount() - before[2 * i + 1])
          .as(maps[i] + ": queries that used an index, of " + queries)
          .isEqualTo(queries);
    }
  }
}
