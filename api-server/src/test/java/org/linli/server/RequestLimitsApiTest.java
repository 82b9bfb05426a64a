package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;

/**
 * Requests that could exhaust or crash the server are answered with a clear 4xx (or a 503 that says
 * when to come back) before they cost it anything: uploads from callers who may not make them are
 * refused before their body is read, large uploads go to disk a few at a time, and malformed
 * requests of every kind get a problem document.
 */
class RequestLimitsApiTest {
  static TestServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  /**
   * Sends a request head announcing {@code contentLength} bytes and {@code sent} of them; answers
   * the status line.
   */
  private static String announce(String head, long contentLength, int sent) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", s.server.port())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          (head + "Host: x\r\nContent-Length: " + contentLength + "\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      try {
        out.write(new byte[sent]);
        out.flush();
      } catch (IOException refusedMidway) {
        // the server answered and closed before the body: what we want; read its answer
      }
      return statusLine(socket.getInputStream());
    }
  }

  private static String statusLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0 && c != '\n') {
      b.append((char) c);
    }
    return b.toString().trim();
  }

  @Test
  void anonymousAndUnprivilegedUploads_areRefusedBeforeTheirBodyIsRead() throws Exception {
    long body = 250L * 1024 * 1024;
    for (int i = 0; i < 4; i++) { // four at once once took a 1 GB server down for good
      assertThat(
              announce(
                  "POST /api/v1/regions/import?level=street&nameProperty=n HTTP/1.1\r\n"
                      + "Content-Type: application/geo+json\r\n",
                  body,
                  64 * 1024))
          .isEqualTo("HTTP/1.1 401 Unauthorized");
    }
    assertThat(
            announce(
                "POST /api/v1/regions/import?level=street&nameProperty=n HTTP/1.1\r\n"
                    + "Content-Type: application/geo+json\r\nAuthorization: Bearer "
                    + s.token("limits-staff", Role.STAFF, null, null)
                    + "\r\n",
                body,
                64 * 1024))
        .isEqualTo("HTTP/1.1 403 Forbidden");
    assertThat(
            announce(
                "PUT /api/v1/providers/big HTTP/1.1\r\nContent-Type: application/json\r\n",
                4_000_000,
                64 * 1024))
        .isEqualTo("HTTP/1.1 401 Unauthorized");
    assertThat(
            announce(
                "POST /api/v1/needs HTTP/1.1\r\nContent-Type: application/json\r\n", 60_000, 1_000))
        .isEqualTo("HTTP/1.1 401 Unauthorized");
    // An ADMIN's upload past the limit is refused on its announced length, before it is received.
    assertThat(
            announce(
                "POST /api/v1/regions/import?level=street&nameProperty=n HTTP/1.1\r\n"
                    + "Content-Type: application/geo+json\r\nAuthorization: Bearer "
                    + s.adminToken
                    + "\r\n",
                300L * 1024 * 1024,
                1_000))
        .isEqualTo("HTTP/1.1 413 Request Entity Too Large");
    assertThat(s.get("/health/ready").status()).isEqualTo(200);
  }

  @Test
  void largeUploads_areReceivedAFewAtATime_andTheRestAreToldWhenToComeBack() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) { // two uploads under way, their bodies arriving slowly
        Socket socket = new Socket("127.0.0.1", s.server.port());
        slow.add(socket);
        socket
            .getOutputStream()
            .write(
                ("POST /api/v1/regions/import?level=street&nameProperty=n HTTP/1.1\r\n"
                        + "Host: x\r\nContent-Type: application/geo+json\r\nAuthorization: Bearer "
                        + s.adminToken
                        + "\r\n"
                        + "Content-Length: 100000\r\n\r\n{\"type\": ")
                    .getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
      }
      // Once both are accepted and receiving, a third is told to come back.
      TestServer.Answer[] answer = new TestServer.Answer[1];
      org.awaitility.Awaitility.await("a third upload refused while two are received")
          .atMost(java.time.Duration.ofSeconds(10))
          .until(
              () -> {
                answer[0] =
                    importAs(s.adminToken, "{\"type\": \"FeatureCollection\", \"features\": []}");
                return answer[0].status() == 503;
              });
      TestServer.Answer third = answer[0];
      assertThat(third.contentType()).isEqualTo("application/problem+json");
      assertThat(third.json().get("type").asText()).endsWith("/uploads-busy");
    } finally {
      for (Socket socket : slow) {
        socket.close();
      }
    }
    // Their permits come back when they go away.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(
                        importAs(
                                s.adminToken, "{\"type\": \"FeatureCollection\", \"features\": []}")
                            .status())
                    .isEqualTo(200));
  }

  private static TestServer.Answer importAs(String token, String body) {
    return RegionsApiTest.importAs(s, token, "level=street&nameProperty=name", body);
  }

  @Test
  void regionImports_thatAreNotAFeatureCollection_are400s() {
    for (String body :
        List.of(
            "",
            "   ",
            "[]",
            "{\"type\": \"Feature\"}",
            "{\"type\": \"FeatureCollection\"}",
            "{\"type\": \"FeatureCollection\", \"features\": [] } trailing",
            "{\"features\": " + "[".repeat(100_000))) {
      TestServer.Answer a = importAs(s.adminToken, body);
      assertThat(a.status()).as("body %.40s", body).isEqualTo(400);
      assertThat(a.contentType()).isEqualTo("application/problem+json");
    }
    TestServer.Answer nul =
        importAs(
            s.adminToken,
            """
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "a\\u0000b"},
         "geometry": {"type": "Polygon", "coordinates": [[[151, -30], [151.01, -30], [151.01, -29.99], [151, -29.99],
         [151, -30]]]}}]}""");
    assertThat(nul.status()).isEqualTo(200);
    assertThat(nul.json().get("imported").asInt()).isZero();
    assertThat(nul.json().get("rejected").get(0).toString()).contains("U+0000");
  }

  @Test
  void overlongRequestLinesAndHeaders_getProblemDocuments() throws Exception {
    TestServer.Answer longUri = s.get("/api/v1/providers/" + "x".repeat(5_000));
    assertThat(longUri.status()).isEqualTo(414);
    assertThat(longUri.contentType()).isEqualTo("application/problem+json");
    assertThat(longUri.json().get("status").asInt()).isEqualTo(414);
    TestServer.Answer bigHeader =
        s.send(
            HttpRequest.newBuilder(s.uri("/health/live"))
                .header("Authorization", "Bearer " + "x".repeat(9_000))
                .GET());
    assertThat(bigHeader.status()).isEqualTo(431);
    assertThat(bigHeader.contentType()).isEqualTo("application/problem+json");
    assertThat(bigHeader.json().get("title").asText()).isNotBlank();
  }

  @Test
  void textWithControlCharactersOrHalfSurrogates_isRefused_andNothingIsStored() {
    for (String name : List.of("a\\u0000b", "a\\u0007b", "\\ud800x", "x\\udc00")) {
      String doc = Documents.worker("ctl", 22.54, 114.05).replace("\"王芳\"", "\"" + name + "\"");
      TestServer.Answer a = s.put("/api/v1/providers/ctl", doc);
      assertThat(a.status()).as(name).isEqualTo(400);
      assertThat(a.json().get("errors").get(0).get("field").asText()).isEqualTo("name");
    }
    assertThat(s.get("/api/v1/providers/ctl").status()).isEqualTo(404);
    String multiline =
        Documents.worker("ctl", 22.54, 114.05)
            .replace("\"居家养老 心理疏导\"", "\"居家养老\\n心理疏导\\t\\ud83d\\ude00\"");
    assertThat(s.put("/api/v1/providers/ctl", multiline).status())
        .as("line breaks, tabs and emoji are text")
        .isEqualTo(201);
  }

  @Test
  void aServiceAreaReachingPastTheLargestMatchRadius_isRefused() {
    String doc =
        Documents.worker("huge", 31, 101)
            .replace(
                "\"serviceRadiusMeters\": 5000",
                "\"serviceRadiusMeters\":"
                    + " 5000, \"serviceArea\": {\"type\": \"Polygon\", \"coordinates\": [[[70, 10], [140, 10], [140, 55], [70, 55],"
                    + " [70, 10]]]}");
    TestServer.Answer a = s.put("/api/v1/providers/huge", doc);
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("errors").get(0).get("field").asText()).isEqualTo("serviceArea");
    assertThat(a.json().get("errors").get(0).get("message").asText()).contains("100 km");
    String fine =
        Documents.worker("near", 22.54, 114.05)
            .replace(
                "\"serviceRadiusMeters\": 5000",
                "\"serviceArea\": {\"type\": \"Polygon\", \"coordinates\": [[[113.7, 22.3], [114.4, 22.3], [114.4, 22.9],"
                    + " [113.7, 22.9], [113.7, 22.3]]]}");
    assertThat(s.put("/api/v1/providers/near", fine).status())
        .as("a city-sized area")
        .isEqualTo(201);
  }

  @Test
  void feedbackFromAnAnonymousCaller_is401_beforeItsBodyIsChecked() {
    TestServer.Answer a =
        s.send(
            HttpRequest.newBuilder(s.uri("/api/v1/cases/c-x/feedback"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"rating\": 9}")));
    assertThat(a.status()).isEqualTo(401);
  }

  @Test
  void apiAnswers_tellBrowsersNotToSniffTheirType() {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    try {
      var r =
          client.send(
              HttpRequest.newBuilder(s.uri("/api/v1/taxonomy")).build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
      assertThat(r.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
