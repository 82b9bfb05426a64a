package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.server.config.ServerConfig;
import org.linli.server.json.Json;

/**
 * Feedback over HTTP: only the case's resident, only once, only after completion; ratings (with the
 * agency's) and the ranking move; the provider's feedback page hides residents; the ledger
 * verifies, and an export is re-verified by code that shares nothing with Linli's (Jackson's
 * canonical JSON here, a Python script too).
 */
class FeedbackApiTest {
  static TestServer s;
  static final String GOOD =
      """
      {"rating": 5, "dimensions": {"timeliness": 5, "professionalism": 4, "attitude": 5, "outcome": 4},
       "comment": "<script>alert('x')</script> 很好，准时 \\"专业\\"\\n谢谢"}""";

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    // An agency (a provider itself) with two workers; another worker of another agency, elsewhere.
    put("fag", "fag", 22.6000, 113.9000, "AGENCY");
    put("fw1", "fag", 22.6010, 113.9000, "WORKER");
    put("fw2", "fag", 22.6015, 113.9000, "WORKER");
    s.awaitIndexed("fag", "fw1", "fw2");
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  static void put(String id, String agency, double lat, double lon, String kind) {
    String doc =
        Documents.worker(id, lat, lon)
            .replace("\"a7\"", "\"" + agency + "\"")
            .replace("\"WORKER\"", "\"" + kind + "\"")
            .replace(
                "\"capacity\": 12, \"activeCases\": 3", "\"capacity\": 50, \"activeCases\": 0");
    assertThat(s.put("/api/v1/providers/" + id, doc).status()).isIn(200, 201);
  }

  static String token(String sub, Role role, String agency, String provider) {
    return s.server
        .tokens()
        .mint(new Principal(sub, Set.of(role), agency, provider), Duration.ofMinutes(10));
  }

  static TestServer.Answer as(String token, String method, String path, String body) {
    return CasesApiTest.as(s, token, method, path, body);
  }

  static String worker(String providerId) {
    return token("w-" + providerId, Role.WORKER, "fag", providerId);
  }

  /**
   * A case of {@code resident} served by {@code providerId} (earlier candidates decline), left
   * ACCEPTED.
   */
  static String acceptedBy(String resident, String providerId) {
    TestServer.Answer created =
        as(
            resident,
            "POST",
            "/api/v1/needs",
            """
        {"location": {"lat": 22.6000, "lon": 113.9000}, "skills": ["ELDER_CARE"], "radiusMeters": 3000,
         "kinds": ["WORKER"], "sort": "distance", "description": "助老"}""");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().get("caseId").asText();
    String offered = created.json().get("offer").get("providerId").asText();
    while (!offered.equals(providerId)) {
      JsonNode declined =
          as(worker(offered), "POST", "/api/v1/cases/" + id + "/decline", null).json();
      offered = declined.get("offer").get("providerId").asText();
    }
    assertThat(as(worker(providerId), "POST", "/api/v1/cases/" + id + "/accept", null).status())
        .isEqualTo(200);
    return id;
  }

  static String completedBy(String resident, String providerId) {
    String id = acceptedBy(resident, providerId);
    assertThat(
            as(
                    worker(providerId),
                    "POST",
                    "/api/v1/cases/" + id + "/complete",
                    "{\"outcome\": \"GOT_HELP\"}")
                .status())
        .isEqualTo(200);
    return id;
  }

  static String stars(int n) {
    return "{\"rating\": %d, \"dimensions\": {\"timeliness\": %d, \"professionalism\": %d, \"attitude\": %d,"
            .formatted(n, n, n, n)
        + " \"outcome\": "
        + n
        + "}}";
  }

  @Test
  void onlyTheResident_onlyOnce_onlyWhenCompleted_andBadInputIs400() {
    String resident = token("rf-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    String id = acceptedBy(resident, "fw1");
    String path = "/api/v1/cases/" + id + "/feedback";
    assertThat(as(resident, "POST", path, GOOD).status()).as("not completed yet").isEqualTo(409);
    assertThat(
            as(
                    worker("fw1"),
                    "POST",
                    "/api/v1/cases/" + id + "/complete",
                    "{\"outcome\": \"GOT_HELP\"}")
                .status())
        .isEqualTo(200);

    assertThat(
            s.send(
                    HttpRequest.newBuilder(s.uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(GOOD)))
                .status())
        .as("anonymous")
        .isEqualTo(401);
    assertThat(as(token("someone-else", Role.RESIDENT, null, null), "POST", path, GOOD).status())
        .as("another resident: as for an unknown case")
        .isEqualTo(404);
    assertThat(as(worker("fw1"), "POST", path, GOOD).status())
        .as("the provider sees it, may not rate it")
        .isEqualTo(403);
    assertThat(as(resident, "POST", "/api/v1/cases/c-unknown/feedback", GOOD).status())
        .isEqualTo(404);

    TestServer.Answer bad =
        as(
            resident,
            "POST",
            path,
            """
        {"rating": 6, "dimensions": {"timeliness": 5, "attitude": 0, "speed": 3}, "extra": 1}""");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body())
        .contains("rating")
        .contains("dimensions.professionalism")
        .contains("dimensions.speed")
        .contains("extra");
    assertThat(
            as(
                    resident,
                    "POST",
                    path,
                    stars(3).replace("}}", "}, \"comment\": \"" + "长".repeat(2_001) + "\"}"))
                .status())
        .isEqualTo(400);
    assertThat(as(resident, "POST", path, "{\"rating\": 4.5}").status()).isEqualTo(400);

    TestServer.Answer first = as(resident, "POST", path, GOOD);
    assertThat(first.status()).as(first.body()).isEqualTo(201);
    assertThat(first.json().get("feedbackId").asText()).startsWith("f");
    assertThat(first.json().get("hash").asText()).matches("[0-9a-f]{64}");
    TestServer.Answer second = as(resident, "POST", path, stars(1));
    assertThat(second.status()).isEqualTo(409);

    // The comment is stored as given, JSON-escaped in the answer, and no resident or case is shown.
    JsonNode page = s.get("/api/v1/providers/fw1/feedback").json();
    JsonNode mine = null;
    for (JsonNode item : page.get("items")) {
      if (item.get("feedbackId").equals(first.json().get("feedbackId"))) {
        mine = item;
      }
    }
    assertThat(mine).isNotNull();
    assertThat(mine.get("comment").asText())
        .isEqualTo("<script>alert('x')</script> 很好，准时 \"专业\"\n谢谢");
    assertThat(mine.get("dimensions").get("professionalism").asInt()).isEqualTo(4);
    assertThat(page.toString())
        .doesNotContain(id)
        .doesNotContain("rf-")
        .doesNotContain("residentId");
    assertThat(s.get("/api/v1/providers/nobody/feedback").status()).isEqualTo(404);
  }

  @Test
  void ratings_ofTheWorkerAndItsAgency_andTheRankingMove_withinASecond() throws Exception {
    put("rk1", "rka", 22.7000, 113.9000, "WORKER");
    put("rk2", "rka", 22.7004, 113.9000, "WORKER");
    s.awaitIndexed("rk1", "rk2");
    String query =
        """
        {"location": {"lat": 22.7000, "lon": 113.9000}, "skills": ["ELDER_CARE"], "radiusMeters": 3000,
         "kinds": ["WORKER"], "sort": "score", "explain": true}""";
    assertThat(order(query)).as("nearer first while unrated").containsSubsequence("rk1", "rk2");
    String resident = token("rk-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    // Cases of rk1 and rk2 (the need is posted where they are; the other worker declines when
    // offered).
    List<String> cases = new ArrayList<>();
    for (String p : List.of("rk1", "rk2", "rk2")) {
      TestServer.Answer created =
          as(
              resident,
              "POST",
              "/api/v1/needs",
              """
          {"location": {"lat": 22.7000, "lon": 113.9000}, "skills": ["ELDER_CARE"], "radiusMeters": 3000,
           "kinds": ["WORKER"], "sort": "distance"}""");
      String id = created.json().get("caseId").asText();
      String offered = created.json().get("offer").get("providerId").asText();
      while (!offered.equals(p)) {
        offered =
            as(
                    token("w-" + offered, Role.WORKER, "rka", offered),
                    "POST",
                    "/api/v1/cases/" + id + "/decline",
                    null)
                .json()
                .get("offer")
                .get("providerId")
                .asText();
      }
      String w = token("w-" + p, Role.WORKER, "rka", p);
      assertThat(as(w, "POST", "/api/v1/cases/" + id + "/accept", null).status()).isEqualTo(200);
      assertThat(
              as(w, "POST", "/api/v1/cases/" + id + "/complete", "{\"outcome\": \"GOT_HELP\"}")
                  .status())
          .isEqualTo(200);
      cases.add(id);
    }
    assertThat(
            as(resident, "POST", "/api/v1/cases/" + cases.get(0) + "/feedback", stars(1)).status())
        .isEqualTo(201);
    assertThat(
            as(resident, "POST", "/api/v1/cases/" + cases.get(1) + "/feedback", stars(5)).status())
        .isEqualTo(201);
    assertThat(
            as(resident, "POST", "/api/v1/cases/" + cases.get(2) + "/feedback", stars(4)).status())
        .isEqualTo(201);
    long t0 = System.nanoTime();
    List<String> after = order(query);
    while (after.indexOf("rk2") > after.indexOf("rk1")
        && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1)) {
      after = order(query);
    }
    assertThat(after)
        .as("rated better, ranked higher within a second")
        .containsSubsequence("rk2", "rk1");

    JsonNode rk2 = s.get("/api/v1/providers/rk2").json().get("rating");
    assertThat(rk2.get("count").asInt()).isEqualTo(2);
    assertThat(rk2.get("average").asDouble()).isEqualTo(4.5);
    assertThat(rk2.get("dimensions").get("outcome").asDouble()).isEqualTo(4.5);
    // Bayesian: (5 * 4.0 + 9) / (5 + 2), with the default prior (mean 4, weight 5).
    assertThat(rk2.get("score").asDouble())
        .isCloseTo(29.0 / 7, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(s.get("/api/v1/providers/rk1").json().get("rating").get("average").asDouble())
        .isEqualTo(1.0);
    // The match result shows the same rating.
    JsonNode match = s.post("/api/v1/match", query).json();
    for (JsonNode m : match.get("matches")) {
      if (m.get("providerId").asText().equals("rk2")) {
        assertThat(m.get("rating").get("count").asInt()).isEqualTo(2);
      }
    }
    // The agency rka is no provider here; the agency fag is: its rating covers its workers'.
    completedAndRated("fw2", 2);
    JsonNode fag = s.get("/api/v1/providers/fag").json().get("rating");
    JsonNode fw1 = s.get("/api/v1/providers/fw1").json().get("rating");
    JsonNode fw2 = s.get("/api/v1/providers/fw2").json().get("rating");
    assertThat(fag.get("count").asInt())
        .isEqualTo(fw1.get("count").asInt() + fw2.get("count").asInt());
    JsonNode agencyPage = s.get("/api/v1/providers/fag/feedback?limit=200").json();
    assertThat(agencyPage.get("items")).hasSize(fag.get("count").asInt());
  }

  @Test
  void theConfiguredPrior_scoresUnratedAndRatedProviders() throws Exception {
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-prior"))
            .clusterName("prior-" + UUID.randomUUID())
            .db(TestServer.testDatabase())
            .build()
            .withRatingPrior(new org.linli.core.rating.BayesianPrior(3.0, 2));
    try (TestServer other = new TestServer(config)) {
      String doc =
          Documents.worker("pr1", 22.5, 114.0)
              .replace(
                  "\"capacity\": 12, \"activeCases\": 3", "\"capacity\": 5, \"activeCases\": 0");
      TestServer.Answer put = other.put("/api/v1/providers/pr1", doc);
      assertThat(put.json().get("rating").get("score").asDouble()).isEqualTo(3.0);
      assertThat(other.get("/api/v1/providers/pr1").json().get("rating").get("score").asDouble())
          .isEqualTo(3.0);
      other.awaitIndexed("pr1");
      JsonNode m =
          other
              .post("/api/v1/match", "{\"location\": {\"lat\": 22.5, \"lon\": 114.0}}")
              .json()
              .get("matches")
              .get(0);
      assertThat(m.get("rating").get("score").asDouble()).isEqualTo(3.0);
    }
  }

  @Test
  void anyoneChecksThatEveryEntryIsInTheLedger_andThatItOnlyGrows() {
    completedAndRated("fw1", 4);
    JsonNode first = s.get("/api/v1/public/ledger").json();
    int before = first.get("size").asInt();
    assertThat(before).isPositive();
    completedAndRated("fw2", 5);
    JsonNode head = s.get("/api/v1/public/ledger").json();
    int size = head.get("size").asInt();
    assertThat(size).isGreaterThan(before);
    java.util.HexFormat hex = java.util.HexFormat.of();
    for (int seq = 1; seq <= size; seq++) {
      JsonNode p = s.get("/api/v1/public/ledger/proof?seq=" + seq).json();
      List<byte[]> path = new ArrayList<>();
      p.get("path").forEach(x -> path.add(hex.parseHex(x.asText())));
      assertThat(
              org.linli.core.ledger.MerkleLog.verifyInclusion(
                  hex.parseHex(p.get("leafHash").asText()),
                  seq - 1,
                  size,
                  path,
                  hex.parseHex(head.get("root").asText())))
          .as("entry %d", seq)
          .isTrue();
    }
    JsonNode c = s.get("/api/v1/public/ledger/consistency?from=" + before + "&to=" + size).json();
    List<byte[]> proof = new ArrayList<>();
    c.get("proof").forEach(x -> proof.add(hex.parseHex(x.asText())));
    assertThat(
            org.linli.core.ledger.MerkleLog.verifyConsistency(
                before,
                size,
                hex.parseHex(first.get("root").asText()),
                hex.parseHex(head.get("root").asText()),
                proof))
        .isTrue();
    assertThat(s.get("/api/v1/public/ledger/proof?seq=" + (size + 1)).status()).isEqualTo(400);
    assertThat(s.get("/api/v1/public/ledger/proof").status()).isEqualTo(400);
    assertThat(s.get("/api/v1/public/ledger/consistency?from=0").status()).isEqualTo(400);
  }

  static void completedAndRated(String providerId, int n) {
    String resident = token("rc-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    String id = completedBy(resident, providerId);
    assertThat(as(resident, "POST", "/api/v1/cases/" + id + "/feedback", stars(n)).status())
        .isEqualTo(201);
  }

  static List<String> order(String query) {
    List<String> ids = new ArrayList<>();
    s.post("/api/v1/match", query)
        .json()
        .get("matches")
        .forEach(m -> ids.add(m.get("providerId").asText()));
    return ids;
  }

  @Test
  void ledger_verifiesForStaff_andItsExportIsReverifiedIndependently() throws Exception {
    for (int i = 0; i < 3; i++) {
      completedAndRated(i % 2 == 0 ? "fw1" : "fw2", 1 + i);
    }
    String staff = token("staff-1", Role.STAFF, null, null);
    TestServer.Answer verdict = as(staff, "GET", "/api/v1/feedback/ledger/verify", null);
    assertThat(verdict.status()).isEqualTo(200);
    assertThat(verdict.json().get("valid").asBoolean()).isTrue();
    assertThat(
            as(token("r", Role.RESIDENT, null, null), "GET", "/api/v1/feedback/ledger/verify", null)
                .status())
        .isEqualTo(403);
    assertThat(
            s.send(HttpRequest.newBuilder(s.uri("/api/v1/feedback/ledger/export")).GET()).status())
        .isEqualTo(401);
    assertThat(as(worker("fw1"), "GET", "/api/v1/feedback/ledger/export", null).status())
        .isEqualTo(403);

    TestServer.Answer export = as(staff, "GET", "/api/v1/feedback/ledger/export", null);
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.contentType()).startsWith("application/x-ndjson");
    String[] lines = export.body().split("\n");
    long entries = verdict.json().get("entries").asLong();
    assertThat(lines.length).isGreaterThanOrEqualTo((int) entries).isGreaterThanOrEqualTo(3);

    // An independent recomputation: Jackson's sorted, compact JSON of each line without its hashes.
    ObjectMapper sorted =
        new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    String head = "0".repeat(64);
    for (String line : lines) {
      ObjectNode entry = (ObjectNode) sorted.readTree(line);
      assertThat(entry.remove("prevHash").asText()).isEqualTo(head);
      String claimed = entry.remove("hash").asText();
      String canonical = sorted.writeValueAsString(sorted.convertValue(entry, TreeMap.class));
      String recomputed =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest((head + canonical).getBytes(StandardCharsets.UTF_8)));
      assertThat(recomputed).as("entry %s", entry.get("seq")).isEqualTo(claimed);
      head = claimed;
    }
    TestServer.Answer again = as(staff, "GET", "/api/v1/feedback/ledger/verify", null);
    assertThat(again.json().get("entries").asLong()).isEqualTo(lines.length);
    assertThat(again.json().get("head").asText()).isEqualTo(head);

    // The documented script, run by python3, agrees.
    Path file = Files.createTempFile("ledger", ".ndjson");
    Files.writeString(file, export.body());
    Process py =
        new ProcessBuilder(
                "python3",
                Path.of("src/main/scripts/verify_ledger.py").toAbsolutePath().toString(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(py.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(py.exitValue()).as(out).isZero();
    JsonNode report = Json.parse(out.getBytes(StandardCharsets.UTF_8));
    assertThat(report.get("head").asText()).isEqualTo(head);
    assertThat(report.get("entries").asInt()).isEqualTo(lines.length);
    // And its Merkle root is the public head's for as many entries.
    JsonNode consistency = s.get("/api/v1/public/ledger/consistency?from=" + lines.length).json();
    assertThat(report.get("merkleRoot").asText()).isEqualTo(consistency.get("fromRoot").asText());

    // A changed line makes the script name it.
    java.util.regex.Matcher first =
        java.util.regex.Pattern.compile("\"rating\":(\\d)").matcher(export.body());
    assertThat(first.find()).isTrue();
    int changed = Integer.parseInt(first.group(1)) % 5 + 1;
    Files.writeString(
        file,
        export.body().substring(0, first.start(1))
            + changed
            + export.body().substring(first.end(1)));
    Process tampered =
        new ProcessBuilder(
                "python3",
                Path.of("src/main/scripts/verify_ledger.py").toAbsolutePath().toString(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    String bad = new String(tampered.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(tampered.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tampered.exitValue()).as(bad).isEqualTo(1);
    assertThat(bad).contains("entry 1");
  }
}
