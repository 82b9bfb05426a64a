package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;

/**
 * An event stream outlives the request timeout (30 s; 2 s here) and the idle-connection timeout (it
 * used to be cut, and a 503 tried to follow its head).
 */
class EventStreamTimeoutTest {
  static final Duration TIMEOUT = Duration.ofSeconds(2);
  static TestServer s;

  @BeforeAll
  static void start() throws Exception {
    s =
        new TestServer(
            org.linli.server.config.ServerConfig.loopback(
                    java.nio.file.Files.createTempDirectory("linli-stream"))
                .demo(false)
                .db(TestServer.testDatabase())
                .clusterName("test-" + UUID.randomUUID())
                .requestTimeout(TIMEOUT)
                .build());
    String doc =
        Documents.worker("et1", 22.5432, 114.0580)
            .replace("\"a7\"", "\"eta\"")
            .replace("\"activeCases\": 3", "\"activeCases\": 0");
    assertThat(s.put("/api/v1/providers/et1", doc).status()).isEqualTo(201);
    s.awaitIndexed("et1");
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void aStreamOpenForLongerThanTheRequestTimeout_stillDeliversLiveEvents() throws Exception {
    String resident =
        s.server
            .tokens()
            .mint(
                new Principal("r-" + UUID.randomUUID(), Set.of(Role.RESIDENT), null, null),
                Duration.ofMinutes(5));
    String worker =
        s.server
            .tokens()
            .mint(new Principal("w-et1", Set.of(Role.WORKER), "eta", "et1"), Duration.ofMinutes(5));
    try (CaseEventsApiTest.Stream stream = new CaseEventsApiTest.Stream(s, worker, null)) {
      Thread.sleep(
          TIMEOUT.toMillis() * 2
              + 500); // past the request and idle-connection timeouts: no condition
      String caseId =
          CasesApiTest.as(
                  s, resident, "POST", "/api/v1/needs", CasesApiTest.NEED.formatted("false"))
              .json()
              .get("caseId")
              .asText();
      String[] offer = stream.next(2_000);
      assertThat(offer)
          .as("an offer after 4.5 s, twice the timeout, on the same stream")
          .isNotNull();
      assertThat(offer[0]).contains(caseId);
    }
  }
}
