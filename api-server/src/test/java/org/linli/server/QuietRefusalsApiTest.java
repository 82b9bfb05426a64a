package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;
import org.slf4j.LoggerFactory;

/**
 * A caller's mistake refused where the data lives (an entry processor on the owning partition) is
 * answered as the contract says and logs nothing at ERROR: the log's errors stay for the server's
 * own failures.
 */
class QuietRefusalsApiTest {
  static TestServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void refusalsInEntryProcessors_areAnsweredAndNotLoggedAsErrors() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ListAppender<ILoggingEvent> log = new ListAppender<>();
    log.start();
    root.addAppender(log);
    try {
      String doc =
          Documents.worker("quiet", 22.61, 113.9)
              .replace("\"activeCases\": 3", "\"activeCases\": 0");
      assertThat(s.put("/api/v1/providers/quiet", doc).status()).isEqualTo(201);
      // Another agency may neither replace nor delete it (refused inside ProviderUpsert and
      // ProviderDelete).
      assertThat(
              CasesApiTest.as(
                      s,
                      s.token("other", Role.AGENCY, "a8", null),
                      "PUT",
                      "/api/v1/providers/quiet",
                      doc.replace("\"a7\"", "\"a8\""))
                  .status())
          .isEqualTo(403);
      assertThat(
              CasesApiTest.as(
                      s,
                      s.token("other", Role.AGENCY, "a8", null),
                      "DELETE",
                      "/api/v1/providers/quiet",
                      null)
                  .status())
          .isEqualTo(403);
      // A case completed twice, and cancelled by someone else (refused inside CaseChange).
      String resident = s.token("rq-" + UUID.randomUUID(), Role.RESIDENT, null, null);
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(2))
          .until(
              () ->
                  s.post("/api/v1/match", "{\"location\": {\"lat\": 22.61, \"lon\": 113.9}}")
                      .body()
                      .contains("quiet"));
      String id =
          CasesApiTest.as(
                  s,
                  resident,
                  "POST",
                  "/api/v1/needs",
                  "{\"location\": {\"lat\": 22.61, \"lon\": 113.9}, \"skills\": [\"ELDER_CARE\"]}")
              .json()
              .get("caseId")
              .asText();
      String worker = s.token("wq", Role.WORKER, "a7", "quiet");
      assertThat(
              CasesApiTest.as(s, worker, "POST", "/api/v1/cases/" + id + "/accept", null).status())
          .isEqualTo(200);
      assertThat(
              CasesApiTest.as(s, worker, "POST", "/api/v1/cases/" + id + "/cancel", null).status())
          .isEqualTo(403);
      assertThat(
              CasesApiTest.as(
                      s,
                      worker,
                      "POST",
                      "/api/v1/cases/" + id + "/complete",
                      "{\"outcome\": \"GOT_HELP\"}")
                  .status())
          .isEqualTo(200);
      TestServer.Answer again =
          CasesApiTest.as(
              s,
              worker,
              "POST",
              "/api/v1/cases/" + id + "/complete",
              "{\"outcome\": \"GOT_HELP\"}");
      assertThat(again.status()).isEqualTo(409);
      assertThat(again.contentType()).isEqualTo("application/problem+json");
      assertThat(again.json().get("detail").asText()).contains("COMPLETED");
    } finally {
      root.detachAppender(log);
    }
    assertThat(log.list)
        .as("ERROR lines")
        .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
  }
}
