package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.server.config.ServerConfig;

/**
 * The referral loop over HTTP with real tokens: offer, decline, accept, complete; who sees what;
 * races.
 */
class CasesApiTest {
  static TestServer s;
  static final String NEED =
      """
      {"location": {"lat": 22.5431, "lon": 114.0579}, "skills": ["ELDER_CARE"], "radiusMeters": 5000,
       "sort": "distance", "description": "陪同老人去医院复诊", "urgency": "ROUTINE",
       "contactPhone": "13812345678", "sensitive": %s}""";

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    // Three providers at growing distances, of three agencies; p1 can take exactly one case.
    put("p1", "a1", 22.5432, 114.0580, 1);
    put("p2", "a2", 22.5450, 114.0600, 5);
    put("p3", "a3", 22.5500, 114.0650, 5);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  static void put(String id, String agency, double lat, double lon, int capacity) {
    String doc =
        Documents.worker(id, lat, lon)
            .replace("\"a7\"", "\"" + agency + "\"")
            .replace(
                "\"capacity\": 12, \"activeCases\": 3",
                "\"capacity\": " + capacity + ", \"activeCases\": 0");
    assertThat(s.put("/api/v1/providers/" + id, doc).status()).isIn(200, 201);
  }

  static String token(String sub, Role role, String agency, String provider) {
    return s.server
        .tokens()
        .mint(new Principal(sub, Set.of(role), agency, provider), Duration.ofMinutes(10));
  }

  static TestServer.Answer as(String token, String method, String path, String body) {
    return as(s, token, method, path, body);
  }

  /**
   * A request to {@code server} with {@code token}, and a JSON body when {@code body} is not null.
   */
  static TestServer.Answer as(
      TestServer server, String token, String method, String path, String body) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(server.uri(path)).header("Authorization", "Bearer " + token);
    if (body != null) {
      r.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      r.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return server.send(r);
  }

  static int activeCases(String providerId) {
    return s.get("/api/v1/providers/" + providerId).json().get("activeCases").asInt();
  }

  @Test
  void fullLoop_offerDeclineNextAcceptComplete_withCapacityAndHistory() {
    String resident = token("r-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    TestServer.Answer created = as(resident, "POST", "/api/v1/needs", NEED.formatted("false"));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonNode c = created.json();
    String id = c.get("caseId").asText();
    assertThat(c.get("status").asText()).isEqualTo("OFFERED");
    assertThat(c.get("offer").get("providerId").asText()).isEqualTo("p1");
    assertThat(c.get("candidates").asInt()).isEqualTo(3);

    assertThat(
            as(
                    token("w1", Role.WORKER, "a1", "p1"),
                    "POST",
                    "/api/v1/cases/" + id + "/decline",
                    null)
                .status())
        .isEqualTo(200);
    String agency2 = token("ag2", Role.AGENCY, "a2", null);
    JsonNode offered = as(agency2, "GET", "/api/v1/cases/" + id, null).json();
    assertThat(offered.get("offer").get("providerId").asText()).isEqualTo("p2");
    assertThat(offered.get("need").get("contactPhone").asText()).isEqualTo("138****5678");

    int before = activeCases("p2");
    TestServer.Answer accepted = as(agency2, "POST", "/api/v1/cases/" + id + "/accept", null);
    assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    assertThat(accepted.json().get("status").asText()).isEqualTo("ACCEPTED");
    assertThat(accepted.json().get("need").get("contactPhone").asText()).isEqualTo("13812345678");
    assertThat(activeCases("p2")).isEqualTo(before + 1);
    assertThat(
            as(resident, "GET", "/api/v1/cases/" + id, null)
                .json()
                .get("need")
                .get("contactPhone")
                .asText())
        .isEqualTo("138****5678");

    assertThat(
            as(agency2, "POST", "/api/v1/cases/" + id + "/complete", "{\"outcome\": \"GOT_HELP\"}")
                .json()
                .get("status")
                .asText())
        .isEqualTo("COMPLETED");
    assertThat(activeCases("p2")).isEqualTo(before);
    JsonNode history = as(resident, "GET", "/api/v1/cases/" + id + "/history", null).json();
    List<String> events = new ArrayList<>();
    history.get("transitions").forEach(t -> events.add(t.get("event").asText()));
    assertThat(events).containsExactly("OFFERED", "DECLINED", "OFFERED", "ACCEPTED", "COMPLETED");
    assertThat(history.get("decision").get("candidates")).hasSize(3);
    assertThat(as(resident, "POST", "/api/v1/cases/" + id + "/cancel", null).status())
        .as("completed")
        .isEqualTo(409);
  }

  @Test
  void strangers_getTheSame404AsForAnUnknownId_andSensitiveLocationsAreCoarse() {
    String resident = token("r-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    String id =
        as(resident, "POST", "/api/v1/needs", NEED.formatted("true")).json().get("caseId").asText();
    TestServer.Answer unknown = as(resident, "GET", "/api/v1/cases/c-nope", null);
    assertThat(unknown.status()).isEqualTo(404);
    for (String stranger :
        List.of(
            token("r-other", Role.RESIDENT, null, null),
            token("w2", Role.WORKER, "a2", "p2"),
            token("ag3", Role.AGENCY, "a3", null))) {
      TestServer.Answer a = as(stranger, "GET", "/api/v1/cases/" + id, null);
      assertThat(a.status()).isEqualTo(404);
      assertThat(a.json().get("type")).isEqualTo(unknown.json().get("type"));
      assertThat(as(stranger, "POST", "/api/v1/cases/" + id + "/accept", null).status())
          .isEqualTo(404);
    }
    assertThat(s.get("/api/v1/cases/" + id).status()).as("anonymous").isEqualTo(404);
    JsonNode seenByOffered =
        as(token("w1", Role.WORKER, "a1", "p1"), "GET", "/api/v1/cases/" + id, null).json();
    assertThat(seenByOffered.get("need").get("location").get("lat").asDouble())
        .isNotEqualTo(22.5431);
    assertThat(seenByOffered.get("need").get("locationPrecisionMeters").asInt()).isEqualTo(1_000);
    JsonNode seenByStaff =
        as(token("st", Role.STAFF, null, null), "GET", "/api/v1/cases/" + id, null).json();
    assertThat(seenByStaff.get("need").get("location").get("lat").asDouble()).isEqualTo(22.5431);
    assertThat(
            as(resident, "POST", "/api/v1/cases/" + id + "/cancel", null)
                .json()
                .get("status")
                .asText())
        .isEqualTo("CANCELLED");
  }

  @Test
  void fiftyConcurrentAccepts_exactlyOneWins_andCapacityIsNeverExceeded() throws Exception {
    String resident = token("r-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    String id =
        as(resident, "POST", "/api/v1/needs", NEED.formatted("false"))
            .json()
            .get("caseId")
            .asText();
    String worker = token("w1", Role.WORKER, "a1", "p1");
    String agency = token("ag1", Role.AGENCY, "a1", null);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<Integer>> answers = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String t = i % 2 == 0 ? worker : agency;
      answers.add(
          pool.submit(() -> as(t, "POST", "/api/v1/cases/" + id + "/accept", null).status()));
    }
    List<Integer> statuses = new ArrayList<>();
    for (Future<Integer> f : answers) {
      statuses.add(f.get());
    }
    pool.shutdown();
    assertThat(statuses.stream().filter(x -> x == 200).count()).isEqualTo(1);
    assertThat(statuses).containsOnly(200, 409);
    assertThat(activeCases("p1")).isEqualTo(1);
    // p1 is now full (capacity 1): a second case offered to it cannot be accepted by it.
    String second =
        as(resident, "POST", "/api/v1/needs", NEED.formatted("false"))
            .json()
            .get("caseId")
            .asText();
    JsonNode offer = as(resident, "GET", "/api/v1/cases/" + second, null).json().get("offer");
    assertThat(offer.get("providerId").asText())
        .as("a full provider is not matched")
        .isNotEqualTo("p1");
    as(worker, "POST", "/api/v1/cases/" + id + "/complete", "{\"outcome\": \"GOT_HELP\"}");
    assertThat(activeCases("p1")).isZero();
  }

  @Test
  void lapsedOffers_moveOnByThemselves_untilUnmatched() throws Exception {
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-timeout"))
            .clusterName("timeout-" + UUID.randomUUID())
            .db(TestServer.testDatabase())
            .offerTimeout(Duration.ofMillis(700))
            .build();
    try (TestServer t = new TestServer(config)) {
      for (String id : List.of("t1", "t2")) {
        assertThat(
                t.put("/api/v1/providers/" + id, Documents.worker(id, 22.5431, 114.0579)).status())
            .isEqualTo(201);
      }
      String resident =
          t.server
              .tokens()
              .mint(new Principal("rt", Set.of(Role.RESIDENT), null, null), Duration.ofMinutes(5));
      t.awaitIndexed("t1", "t2");
      String id =
          t.send(
                  HttpRequest.newBuilder(t.uri("/api/v1/needs"))
                      .header("Authorization", "Bearer " + resident)
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              NEED.formatted("false")
                                  .replace("\"ELDER_CARE\"", "\"MENTAL_HEALTH\""))))
              .json()
              .get("caseId")
              .asText();
      org.awaitility.Awaitility.await("both offers lapsed: UNMATCHED")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () ->
                  t.send(
                          HttpRequest.newBuilder(t.uri("/api/v1/cases/" + id))
                              .header("Authorization", "Bearer " + resident))
                      .json()
                      .get("status")
                      .asText()
                      .equals("UNMATCHED"));
      JsonNode history =
          t.send(
                  HttpRequest.newBuilder(t.uri("/api/v1/cases/" + id + "/history"))
                      .header("Authorization", "Bearer " + resident))
              .json();
      List<String> events = new ArrayList<>();
      history.get("transitions").forEach(x -> events.add(x.get("event").asText()));
      assertThat(events)
          .containsExactly("OFFERED", "EXPIRED", "OFFERED", "EXPIRED", "UNMATCHED", "ESCALATED");
    }
  }

  @Test
  void inbox_showsAWorkerItsOwnAndAnAgencyItsProviders_andOnlyThem() {
    String resident = token("r-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    String id =
        as(resident, "POST", "/api/v1/needs", NEED.formatted("false"))
            .json()
            .get("caseId")
            .asText();
    String offeredTo =
        as(resident, "GET", "/api/v1/cases/" + id, null)
            .json()
            .get("offer")
            .get("providerId")
            .asText();
    String agency =
        switch (offeredTo) {
          case "p1" -> "a1";
          case "p2" -> "a2";
          default -> "a3";
        };
    List<String> workerInbox = new ArrayList<>();
    as(token("w", Role.WORKER, agency, offeredTo), "GET", "/api/v1/cases?status=OFFERED", null)
        .json()
        .get("cases")
        .forEach(c -> workerInbox.add(c.get("caseId").asText()));
    assertThat(workerInbox).contains(id);
    List<String> agencyInbox = new ArrayList<>();
    as(token("ag", Role.AGENCY, agency, null), "GET", "/api/v1/cases?providerId=" + offeredTo, null)
        .json()
        .get("cases")
        .forEach(c -> agencyInbox.add(c.get("caseId").asText()));
    assertThat(agencyInbox).contains(id);
    List<String> otherAgency = new ArrayList<>();
    as(token("agx", Role.AGENCY, "a-none", null), "GET", "/api/v1/cases", null)
        .json()
        .get("cases")
        .forEach(c -> otherAgency.add(c.get("caseId").asText()));
    assertThat(otherAgency).isEmpty();
    assertThat(as(resident, "GET", "/api/v1/cases", null).status()).isEqualTo(403);
    assertThat(s.get("/api/v1/cases").status()).isEqualTo(401);
    assertThat(
            as(token("w", Role.WORKER, agency, offeredTo), "GET", "/api/v1/cases?status=NOPE", null)
                .status())
        .isEqualTo(400);
    as(resident, "POST", "/api/v1/cases/" + id + "/cancel", null);
  }

  @Test
  void staffReads_areRecordedDurably_othersAreNot() {
    String resident = token("r-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    String id =
        as(resident, "POST", "/api/v1/needs", NEED.formatted("true")).json().get("caseId").asText();
    as(resident, "GET", "/api/v1/cases/" + id, null);
    String staff = token("staff-7", Role.STAFF, null, null);
    assertThat(as(staff, "GET", "/api/v1/cases/" + id, null).status()).isEqualTo(200);
    assertThat(as(staff, "GET", "/api/v1/cases/" + id + "/history", null).status()).isEqualTo(200);
    assertThat(s.server.readAudit().readsOf(id))
        .extracting(r -> r.reader() + ":" + r.what())
        .containsExactly("staff-7:case", "staff-7:history");
    as(resident, "POST", "/api/v1/cases/" + id + "/cancel", null);
  }

  @Test
  void anOfferThatLapsedWhileTheServerWasDown_movesOnAfterTheRestart() throws Exception {
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-restart"))
            .clusterName("restart-" + UUID.randomUUID())
            .db(TestServer.testDatabase())
            .offerTimeout(Duration.ofSeconds(2))
            .build();
    String id;
    String resident;
    Instant expiresAt;
    try (TestServer a = new TestServer(config)) {
      for (String p : List.of("u1", "u2")) {
        assertThat(a.put("/api/v1/providers/" + p, Documents.worker(p, 22.5431, 114.0579)).status())
            .isEqualTo(201);
      }
      resident =
          a.server
              .tokens()
              .mint(new Principal("ru", Set.of(Role.RESIDENT), null, null), Duration.ofMinutes(5));
      a.awaitIndexed("u1", "u2");
      JsonNode created =
          a.send(
                  HttpRequest.newBuilder(a.uri("/api/v1/needs"))
                      .header("Authorization", "Bearer " + resident)
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              NEED.formatted("false")
                                  .replace("\"ELDER_CARE\"", "\"MENTAL_HEALTH\""))))
              .json();
      id = created.get("caseId").asText();
      expiresAt = Instant.parse(created.get("offer").get("expiresAt").asText());
    }
    org.awaitility.Awaitility.await("the offer lapses while no server runs")
        .atMost(Duration.ofSeconds(10))
        .until(() -> Instant.now().isAfter(expiresAt.plusMillis(300)));
    try (TestServer b = new TestServer(config)) {
      List<String> events = new ArrayList<>();
      org.awaitility.Awaitility.await("the lapsed offer moved on")
          .atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                events.clear();
                b.send(
                        HttpRequest.newBuilder(b.uri("/api/v1/cases/" + id + "/history"))
                            .header("Authorization", "Bearer " + resident))
                    .json()
                    .get("transitions")
                    .forEach(x -> events.add(x.get("event").asText()));
                return events.contains("EXPIRED");
              });
      assertThat(events).startsWith("OFFERED", "EXPIRED", "OFFERED");
    }
  }

  @Test
  void logs_neverCarryPhonesTokensOrResidentsCoordinates() {
    ch.qos.logback.classic.Logger root =
        (ch.qos.logback.classic.Logger)
            org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Level level = root.getLevel();
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captured =
        new ch.qos.logback.core.read.ListAppender<>();
    captured.start();
    root.addAppender(captured);
    root.setLevel(ch.qos.logback.classic.Level.DEBUG); // the most that an operator could turn on
    try {
      String resident = token("r-" + UUID.randomUUID(), Role.RESIDENT, null, null);
      String id =
          as(
                  resident,
                  "POST",
                  "/api/v1/needs",
                  NEED.formatted("true").replace("22.5431", "22.54317"))
              .json()
              .get("caseId")
              .asText();
      as(token("w1", Role.WORKER, "a1", "p1"), "GET", "/api/v1/cases/" + id, null);
      as(token("st", Role.STAFF, null, null), "GET", "/api/v1/cases/" + id, null);
      as("not-a-valid-token-but-secret-looking", "GET", "/api/v1/cases/" + id, null);
      as(resident, "POST", "/api/v1/cases/" + id + "/cancel", null);
      java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> logged;
      synchronized (
          captured) { // background threads go on logging; the appender appends under this lock
        logged = new java.util.ArrayList<>(captured.list);
      }
      assertThat(logged).as("the server logged while serving these requests").isNotEmpty();
      for (ch.qos.logback.classic.spi.ILoggingEvent e : logged) {
        String text =
            e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage());
        assertThat(text).doesNotContain("13812345678", resident, "not-a-valid-token", "22.54317");
      }
    } finally {
      root.setLevel(level);
      root.detachAppender(captured);
    }
  }
}
