package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.linli.server.config.ServerConfig;
import org.linli.server.json.Json;

/**
 * Residents sign in with a phone and a code read from the message they get; the account, its cases,
 * the limits, and what is kept: no phone or code in clear in the database or the log.
 */
class SignInApiTest {
  static final String PHONE = "13712345670";

  static TestServer.Answer anonymous(TestServer s, String path, String json) {
    return s.send(
        HttpRequest.newBuilder(s.uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  static TestServer.Answer bearer(TestServer s, String token, String path) {
    return s.send(HttpRequest.newBuilder(s.uri(path)).header("Authorization", "Bearer " + token));
  }

  /**
   * The messages written to {@code dataDir}'s notifications.log so far (no gateway configured),
   * oldest first.
   */
  static List<JsonNode> notifications(Path dataDir) throws java.io.IOException {
    Path log = dataDir.resolve("notifications.log");
    List<JsonNode> out = new ArrayList<>();
    if (Files.exists(log)) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        out.add(Json.parse(line));
      }
    }
    return out;
  }

  /** The code of the last message to {@code phone} in the data directory's notifications.log. */
  static String codeFor(TestServer s, String phone, int messages) throws Exception {
    List<JsonNode> mine = new ArrayList<>();
    Awaitility.await("message " + messages + " to the phone")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              mine.clear();
              for (JsonNode m : notifications(s.dataDir)) {
                if (m.get("to").asText().equals(phone)) {
                  mine.add(m);
                }
              }
              return mine.size() >= messages;
            });
    JsonNode m = mine.get(messages - 1);
    assertThat(m.get("template").asText()).isEqualTo("otp");
    assertThat(m.get("channel").asText()).isEqualTo("sms");
    assertThat(m.get("messageId").asText()).startsWith("m-");
    assertThat(m.get("text").asText()).startsWith("【邻里】");
    return m.get("params").get("code").asText();
  }

  @Test
  void aResident_signsInWithACode_postsANeed_andFindsItInMyCases_andNothingIsKeptInClear()
      throws Exception {
    List<String> logged;
    try (LogCapture log = new LogCapture();
        TestServer s = new TestServer(false)) {
      TestServer.Answer sent =
          anonymous(s, "/api/v1/auth/otp", "{\"phone\": \"+86 137-1234-5670\"}");
      assertThat(sent.status()).as(sent.body()).isEqualTo(202);
      assertThat(sent.json().get("expiresInSeconds").asInt()).isEqualTo(300);
      String code = codeFor(s, PHONE, 1);
      assertThat(code).matches("[0-9]{6}");

      TestServer.Answer again = anonymous(s, "/api/v1/auth/otp", "{\"phone\": \"" + PHONE + "\"}");
      assertThat(again.status()).as("a second code within the minute").isEqualTo(429);

      TestServer.Answer in =
          anonymous(
              s,
              "/api/v1/auth/login",
              "{\"phone\": \"" + PHONE + "\", \"code\": \"" + code + "\"}");
      assertThat(in.status()).as(in.body()).isEqualTo(200);
      String token = in.json().get("token").asText();
      String id = in.json().get("user").get("id").asText();
      assertThat(id).startsWith("u-");
      assertThat(in.json().get("user").get("roles").toString()).isEqualTo("[\"RESIDENT\"]");
      assertThat(
              anonymous(
                      s,
                      "/api/v1/auth/login",
                      "{\"phone\": \"" + PHONE + "\", \"code\": \"" + code + "\"}")
                  .status())
          .as("a code works once")
          .isEqualTo(401);

      JsonNode me = bearer(s, token, "/api/v1/me").json();
      assertThat(me.get("id").asText()).isEqualTo(id);
      assertThat(me.get("phoneMasked").asText()).isEqualTo("137****5670");

      assertThat(
              s.put("/api/v1/providers/si-1", Documents.worker("si-1", 22.5435, 114.058)).status())
          .isEqualTo(201);
      s.awaitIndexed("si-1");
      String caseId =
          CasesApiTest.as(s, token, "POST", "/api/v1/needs", CasesApiTest.NEED.formatted("false"))
              .json()
              .get("caseId")
              .asText();
      JsonNode mine = bearer(s, token, "/api/v1/me/cases").json();
      assertThat(mine.get("cases")).hasSize(1);
      assertThat(mine.get("cases").get(0).get("caseId").asText()).isEqualTo(caseId);
      assertThat(bearer(s, "not-a-token", "/api/v1/me").status()).isEqualTo(401);

      try (Connection c = s.server.database().connection();
          Statement st = c.createStatement()) {
        for (String table : List.of("accounts", "otp_codes", "otp_issued", "outbox")) {
          try (ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              for (int i = 1; i <= columns; i++) {
                assertThat(String.valueOf(rs.getObject(i)))
                    .as(table + "." + rs.getMetaData().getColumnName(i))
                    .doesNotContain(PHONE, "1234567", code);
              }
            }
          }
        }
      }
      logged = log.messages();
    }
    assertThat(logged).isNotEmpty();
    assertThat(logged).allSatisfy(m -> assertThat(m).doesNotContain(PHONE, "1234567"));
  }

  @Test
  void fiveWrongCodes_voidTheCode_andAMalformedPhoneIs400() throws Exception {
    try (TestServer s = new TestServer(false)) {
      assertThat(anonymous(s, "/api/v1/auth/otp", "{\"phone\": \"12345\"}").status())
          .isEqualTo(400);
      assertThat(anonymous(s, "/api/v1/auth/otp", "{}").status()).isEqualTo(400);
      String phone = "13612345678";
      assertThat(anonymous(s, "/api/v1/auth/otp", "{\"phone\": \"" + phone + "\"}").status())
          .isEqualTo(202);
      String code = codeFor(s, phone, 1);
      String wrong = code.equals("000000") ? "000001" : "000000";
      for (int i = 0; i < 5; i++) {
        TestServer.Answer a =
            anonymous(
                s,
                "/api/v1/auth/login",
                "{\"phone\": \"" + phone + "\", \"code\": \"" + wrong + "\"}");
        assertThat(a.status()).isEqualTo(401);
        assertThat(a.json().get("detail").asText()).contains("ask for a new code");
      }
      assertThat(
              anonymous(
                      s,
                      "/api/v1/auth/login",
                      "{\"phone\": \"" + phone + "\", \"code\": \"" + code + "\"}")
                  .status())
          .as("the right code after five wrong tries")
          .isEqualTo(401);
    }
  }

  @Test
  void throughAGateway_messagesAreSigned_retriedWhileItFails_andKeepTheirId() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    List<String> signatures = new CopyOnWriteArrayList<>();
    AtomicInteger failuresLeft = new AtomicInteger(2);
    HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/sms",
        ex -> {
          bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          signatures.add(ex.getRequestHeaders().getFirst("X-Linli-Signature"));
          int status = failuresLeft.getAndDecrement() > 0 ? 503 : 200;
          ex.sendResponseHeaders(status, -1);
          ex.close();
        });
    gateway.start();
    String secret = "gateway-secret-" + UUID.randomUUID();
    try (TestServer s =
        new TestServer(
            ServerConfig.loopback(Files.createTempDirectory("linli-gateway"))
                .clusterName("gateway-" + UUID.randomUUID())
                .db(TestServer.testDatabase())
                .notifications(
                    new ServerConfig.Notify(
                        URI.create("http://127.0.0.1:" + gateway.getAddress().getPort() + "/sms"),
                        secret,
                        Duration.ofHours(1)))
                .build())) {
      assertThat(anonymous(s, "/api/v1/auth/otp", "{\"phone\": \"13512345678\"}").status())
          .isEqualTo(202);
      Awaitility.await("delivered on the third attempt")
          .atMost(Duration.ofSeconds(20))
          .until(() -> bodies.size() >= 3);
      assertThat(Files.exists(s.dataDir.resolve("notifications.log"))).isFalse();
    } finally {
      gateway.stop(0);
    }
    JsonNode first = Json.parse(bodies.get(0));
    assertThat(first.get("to").asText()).isEqualTo("13512345678");
    assertThat(first.get("template").asText()).isEqualTo("otp");
    assertThat(bodies)
        .allSatisfy(
            b -> assertThat(Json.parse(b).get("messageId")).isEqualTo(first.get("messageId")));
    for (int i = 0; i < bodies.size(); i++) {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(
          new javax.crypto.spec.SecretKeySpec(
              secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      assertThat(signatures.get(i))
          .isEqualTo(
              "sha256="
                  + java.util.HexFormat.of()
                      .formatHex(mac.doFinal(bodies.get(i).getBytes(StandardCharsets.UTF_8))));
    }
  }
}
