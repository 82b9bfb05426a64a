package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.server.config.ServerConfig;

/** Bearer tokens and who may change providers, over HTTP with real tokens. */
class AuthApiTest {
  static TestServer s;
  static String secret;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    secret = Files.readString(s.dataDir.resolve("jwt-secret")).trim();
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  private static String token(Role role, String agencyId) {
    return s.server
        .tokens()
        .mint(
            new Principal("u-" + UUID.randomUUID(), Set.of(role), agencyId, null),
            Duration.ofMinutes(10));
  }

  private static TestServer.Answer putAs(String token, String id, String json) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(s.uri("/api/v1/providers/" + id))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      r.header(
          "Authorization",
          token.startsWith("Basic ") || token.startsWith("Bearer") ? token : "Bearer " + token);
    }
    return s.send(r);
  }

  private static TestServer.Answer deleteAs(String token, String id) {
    return s.send(
        HttpRequest.newBuilder(s.uri("/api/v1/providers/" + id))
            .header("Authorization", "Bearer " + token)
            .DELETE());
  }

  /** A JWT signed (or not) by hand, for the tokens the server must refuse. */
  private static String craft(String header, String payload, String key) throws Exception {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput =
        b64.encodeToString(header.getBytes(StandardCharsets.UTF_8))
            + "."
            + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
    if (key == null) {
      return signingInput + ".";
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return signingInput
        + "."
        + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private static void assertUnauthenticated(TestServer.Answer a) {
    assertThat(a.status()).as(a.body()).isEqualTo(401);
    assertThat(a.contentType()).isEqualTo("application/problem+json");
    assertThat(a.json().get("type").asText())
        .isEqualTo("https://linli.org/problems/unauthenticated");
  }

  @Test
  void handMadeToken_withTheRightSecretAndClaims_isAccepted() throws Exception {
    // The crafting below is right: the same construction with good claims passes.
    String good =
        craft(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
            "{\"sub\":\"admin1\",\"roles\":[\"ADMIN\"],\"iss\":\"linli\","
                + "\"exp\":"
                + (now() + 600)
                + "}",
            secret);
    assertThat(putAs(good, "crafted", Documents.worker("crafted", 22.54, 114.05)).status())
        .isEqualTo(201);
  }

  @Test
  void tokens_fromAClockAFewSecondsAhead_areAccepted() throws Exception {
    // Minted on a host whose clock runs 30 s ahead of this one: issued and valid "in the future"
    // here.
    String ahead =
        craft(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
            "{\"sub\":\"admin1\",\"roles\":[\"ADMIN\"],"
                + "\"iss\":\"linli\",\"iat\":"
                + (now() + 30)
                + ",\"nbf\":"
                + (now() + 30)
                + ",\"exp\":"
                + (now() + 630)
                + "}",
            secret);
    assertThat(putAs(ahead, "skewed", Documents.worker("skewed", 22.54, 114.05)).status())
        .isEqualTo(201);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "expired",
        "alg-none",
        "wrong-signature",
        "wrong-issuer",
        "no-exp",
        "unknown-role",
        "no-roles",
        "garbage",
        "basic-scheme",
        "empty-bearer",
        "exp-string",
        "exp-null",
        "exp-boolean",
        "iat-string",
        "nbf-string",
        "sub-object",
        "sub-number",
        "expired-past-leeway",
        "not-yet-valid"
      })
  void badToken_is401_evenForAnAdminClaim(String kind) throws Exception {
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    String claims = "\"sub\":\"mallory\",\"roles\":[\"ADMIN\"],\"iss\":\"linli\"";
    String token =
        switch (kind) {
          case "expired" -> craft(header, "{" + claims + ",\"exp\":" + (now() - 60) + "}", secret);
          case "alg-none" ->
              craft(
                  "{\"alg\":\"none\",\"typ\":\"JWT\"}",
                  "{" + claims + ",\"exp\":" + (now() + 600) + "}",
                  null);
          case "wrong-signature" ->
              craft(
                  header,
                  "{" + claims + ",\"exp\":" + (now() + 600) + "}",
                  "another-secret-of-at-least-32-bytes!!");
          case "wrong-issuer" ->
              craft(
                  header,
                  "{\"sub\":\"mallory\",\"roles\":[\"ADMIN\"],\"iss\":\"evil\",\"exp\":"
                      + (now() + 600)
                      + "}",
                  secret);
          case "no-exp" -> craft(header, "{" + claims + "}", secret);
          case "unknown-role" ->
              craft(
                  header,
                  "{\"sub\":\"m\",\"roles\":[\"ROOT\"],\"iss\":\"linli\",\"exp\":"
                      + (now() + 600)
                      + "}",
                  secret);
          case "no-roles" ->
              craft(
                  header,
                  "{\"sub\":\"m\",\"iss\":\"linli\",\"exp\":" + (now() + 600) + "}",
                  secret);
          case "exp-string" ->
              craft(header, "{" + claims + ",\"exp\":\"" + (now() + 600) + "\"}", secret);
          case "exp-null" -> craft(header, "{" + claims + ",\"exp\":null}", secret);
          case "exp-boolean" -> craft(header, "{" + claims + ",\"exp\":true}", secret);
          case "iat-string" ->
              craft(header, "{" + claims + ",\"exp\":" + (now() + 600) + ",\"iat\":\"x\"}", secret);
          case "nbf-string" ->
              craft(header, "{" + claims + ",\"exp\":" + (now() + 600) + ",\"nbf\":\"x\"}", secret);
          case "sub-object" ->
              craft(
                  header,
                  "{\"sub\":{\"a\":1},\"roles\":[\"ADMIN\"],\"iss\":\"linli\",\"exp\":"
                      + (now() + 600)
                      + "}",
                  secret);
          case "sub-number" ->
              craft(
                  header,
                  "{\"sub\":7,\"roles\":[\"ADMIN\"],\"iss\":\"linli\",\"exp\":"
                      + (now() + 600)
                      + "}",
                  secret);
          case "expired-past-leeway" ->
              craft(header, "{" + claims + ",\"exp\":" + (now() - 120) + "}", secret);
          case "not-yet-valid" ->
              craft(
                  header,
                  "{" + claims + ",\"exp\":" + (now() + 600) + ",\"nbf\":" + (now() + 300) + "}",
                  secret);
          case "garbage" -> "not.a.token";
          case "basic-scheme" -> "Basic YWRtaW46YWRtaW4=";
          case "empty-bearer" -> "Bearer ";
          default -> throw new IllegalArgumentException(kind);
        };
    TestServer.Answer a =
        putAs(token, "bad-" + kind, Documents.worker("bad-" + kind, 22.54, 114.05));
    assertUnauthenticated(a);
    assertThat(s.get("/api/v1/providers/bad-" + kind).status()).as("nothing stored").isEqualTo(404);
    // A bad token is refused on public routes too, rather than silently treated as anonymous.
    HttpRequest.Builder match =
        HttpRequest.newBuilder(s.uri("/api/v1/match"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"location\": {\"lat\": 22.54, \"lon\": 114.05}}"));
    match.header(
        "Authorization",
        token.startsWith("Basic ") || token.startsWith("Bearer") ? token : "Bearer " + token);
    assertThat(s.send(match).status()).isEqualTo(401);
  }

  @Test
  void providerWrites_needAdminOrTheOwningAgency() {
    String doc = Documents.worker("owned", 22.54, 114.05); // agencyId a7
    assertUnauthenticated(putAs(null, "owned", doc));
    assertThat(putAs(token(Role.RESIDENT, null), "owned", doc).status()).isEqualTo(403);
    assertThat(putAs(token(Role.STAFF, null), "owned", doc).status()).isEqualTo(403);
    assertThat(putAs(token(Role.AGENCY, "a8"), "owned", doc).status())
        .as("not its agencyId")
        .isEqualTo(403);
    assertThat(putAs(token(Role.AGENCY, "a7"), "owned", doc).status()).isEqualTo(201);
    assertThat(putAs(token(Role.AGENCY, "a7"), "owned", doc).status()).isEqualTo(200);
    // Another agency can neither replace nor delete it; the owner cannot hand it over.
    assertThat(putAs(token(Role.AGENCY, "a8"), "owned", doc.replace("\"a7\"", "\"a8\"")).status())
        .isEqualTo(403);
    assertThat(deleteAs(token(Role.AGENCY, "a8"), "owned").status()).isEqualTo(403);
    assertThat(putAs(token(Role.AGENCY, "a7"), "owned", doc.replace("\"a7\"", "\"a8\"")).status())
        .isEqualTo(403);
    assertThat(deleteAs(token(Role.WORKER, "a7"), "owned").status()).isEqualTo(403);
    assertThat(s.get("/api/v1/providers/owned").json().get("agencyId").asText()).isEqualTo("a7");
    // Reads are public; the owner and an admin may delete.
    assertThat(deleteAs(token(Role.AGENCY, "a7"), "owned").status()).isEqualTo(204);
    assertThat(putAs(token(Role.ADMIN, null), "owned", doc.replace("\"a7\"", "\"a9\"")).status())
        .isEqualTo(201);
    assertThat(deleteAs(token(Role.ADMIN, null), "owned").status()).isEqualTo(204);
  }

  @Test
  void bulkImport_byAnAgency_keepsItsOwnLinesAndRejectsTheRest() {
    assertThat(
            putAs(
                    token(Role.ADMIN, null),
                    "theirs",
                    Documents.worker("theirs", 22.54, 114.05).replace("\"a7\"", "\"a8\""))
                .status())
        .isEqualTo(201);
    String ndjson =
        String.join(
            "\n",
            Documents.worker("mine1", 22.54, 114.05).replace("\n", " "),
            Documents.worker("other", 22.54, 114.05).replace("\n", " ").replace("\"a7\"", "\"a8\""),
            Documents.worker("theirs", 22.54, 114.05).replace("\n", " "));
    TestServer.Answer a =
        s.send(
            HttpRequest.newBuilder(s.uri("/api/v1/providers/bulk"))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", "Bearer " + token(Role.AGENCY, "a7"))
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)));
    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(a.json().get("accepted").asInt()).isEqualTo(1);
    List<Integer> lines = new ArrayList<>();
    a.json().get("rejected").forEach(r -> lines.add(r.get("line").asInt()));
    assertThat(lines).containsExactlyInAnyOrder(2, 3);
    assertThat(s.get("/api/v1/providers/theirs").json().get("agencyId").asText()).isEqualTo("a8");
    TestServer.Answer resident =
        s.send(
            HttpRequest.newBuilder(s.uri("/api/v1/providers/bulk"))
                .header("Content-Type", "application/x-ndjson")
                .header("Authorization", "Bearer " + token(Role.RESIDENT, null))
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)));
    assertThat(resident.status()).isEqualTo(403);
  }

  @Test
  void tokenCommand_printsATokenThisServerAccepts() throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.linli.server.Main",
                "token",
                "--sub",
                "ops",
                "--role",
                "ADMIN",
                "--ttl",
                "5m",
                "--data-dir",
                s.dataDir.toString())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String token = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(token.split("\\.")).hasSize(3);
    assertThat(putAs(token, "by-cli", Documents.worker("by-cli", 22.54, 114.05)).status())
        .isEqualTo(201);
  }

  @Test
  void rateLimit_perClient_is429WithRetryAfter_andOthersAreUnaffected() throws Exception {
    try (TestServer limited =
        new TestServer(
            false,
            "rl-" + UUID.randomUUID(),
            List.of(),
            Files.createTempDirectory("linli-rl"),
            TestServer.testDatabase(),
            new ServerConfig.Security(null, null, "linli", 5))) {
      String query = "{\"location\": {\"lat\": 22.54, \"lon\": 114.05}}";
      List<Integer> statuses = new ArrayList<>();
      TestServer.Answer last = null;
      for (int i = 0; i < 7; i++) {
        last =
            limited.send(
                HttpRequest.newBuilder(limited.uri("/api/v1/match"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(query)));
        statuses.add(last.status());
      }
      assertThat(statuses.subList(0, 5)).containsOnly(200);
      assertThat(statuses.subList(5, 7)).containsOnly(429);
      assertThat(last.json().get("type").asText())
          .isEqualTo("https://linli.org/problems/rate-limited");
      // Another client (a token's subject) has its own budget.
      TestServer.Answer other =
          limited.send(
              limited.asAdmin(
                  HttpRequest.newBuilder(limited.uri("/api/v1/match"))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(query))));
      assertThat(other.status()).isEqualTo(200);
    }
  }

  @Test
  void rateLimit_perIpAddress_boundsManyPrincipalsFromOneAddress() throws Exception {
    try (TestServer limited =
        new TestServer(
            false,
            "rl-" + UUID.randomUUID(),
            List.of(),
            Files.createTempDirectory("linli-rl"),
            TestServer.testDatabase(),
            new ServerConfig.Security(null, null, "linli", 100, 4))) {
      String query = "{\"location\": {\"lat\": 22.54, \"lon\": 114.05}}";
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0;
          i < 6;
          i++) { // a fresh principal each time: each is well inside its own budget
        String token =
            limited
                .server
                .tokens()
                .mint(
                    new org.linli.core.access.Principal(
                        "user-" + i,
                        java.util.Set.of(org.linli.core.access.Role.RESIDENT),
                        null,
                        null),
                    java.time.Duration.ofMinutes(5));
        statuses.add(
            limited
                .send(
                    HttpRequest.newBuilder(limited.uri("/api/v1/match"))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(query)))
                .status());
      }
      assertThat(statuses).containsExactly(200, 200, 200, 200, 429, 429);
    }
  }
}
