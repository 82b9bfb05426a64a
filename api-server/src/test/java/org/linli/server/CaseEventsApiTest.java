package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;

/**
 * The live stream: an offer reaches the provider within a second; a reconnect with Last-Event-ID
 * misses nothing.
 */
class CaseEventsApiTest {
  static TestServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new TestServer(false);
    for (String[] p :
        new String[][] {
          {"e1", "ea1", "22.5432", "114.0580"}, {"e2", "ea2", "22.5450", "114.0600"}
        }) {
      String doc =
          Documents.worker(p[0], Double.parseDouble(p[2]), Double.parseDouble(p[3]))
              .replace("\"a7\"", "\"" + p[1] + "\"")
              .replace("\"activeCases\": 3", "\"activeCases\": 0");
      assertThat(s.put("/api/v1/providers/" + p[0], doc).status()).isEqualTo(201);
    }
    s.awaitIndexed("e1", "e2");
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  /** An SSE client: collects (id, event) pairs on a thread. */
  static final class Stream implements AutoCloseable {
    final BlockingQueue<String[]> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile java.io.InputStream body;

    Stream(String token, String lastEventId) throws Exception {
      this(s, token, lastEventId);
    }

    /** A stream from {@code server}. */
    Stream(TestServer server, String token, String lastEventId) throws Exception {
      HttpRequest.Builder r =
          HttpRequest.newBuilder(server.uri("/api/v1/events"))
              .header("Authorization", "Bearer " + token);
      if (lastEventId != null) {
        r.header("Last-Event-ID", lastEventId);
      }
      HttpResponse<java.io.InputStream> response =
          HttpClient.newHttpClient().send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      body = response.body();
      reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                  String id = null;
                  String line;
                  while ((line = in.readLine()) != null) {
                    if (line.startsWith("id: ")) {
                      id = line.substring(4);
                    } else if (line.startsWith("event: ")) {
                      events.add(new String[] {id, line.substring(7)});
                    }
                  }
                } catch (Exception closed) {
                  // the test closed the stream
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    String[] next(long millis) throws InterruptedException {
      return events.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws Exception {
      body.close();
    }
  }

  static TestServer.Answer as(String token, String method, String path, String body) {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(s.uri(path)).header("Authorization", "Bearer " + token);
    r.header("Content-Type", "application/json")
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
    return s.send(r);
  }

  static String token(String sub, Role role, String agency, String provider) {
    return s.server
        .tokens()
        .mint(new Principal(sub, Set.of(role), agency, provider), Duration.ofMinutes(10));
  }

  @Test
  void offerReachesTheProviderWithinASecond_andAReconnectReplaysWhatWasMissed() throws Exception {
    String resident = token("re-" + UUID.randomUUID(), Role.RESIDENT, null, null);
    String worker1 = token("we1", Role.WORKER, "ea1", "e1");
    String need = CasesApiTest.NEED.formatted("false");
    String firstId;
    String caseId;
    try (Stream provider = new Stream(worker1, null);
        Stream mine = new Stream(resident, null)) {
      long t0 = System.nanoTime();
      caseId = as(resident, "POST", "/api/v1/needs", need).json().get("caseId").asText();
      String[] offer = provider.next(1_000);
      assertThat(offer).as("offer within 1 s").isNotNull();
      assertThat(offer[1]).isEqualTo("offered");
      assertThat(offer[0]).contains(caseId);
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(2));
      String[] first = mine.next(1_000);
      assertThat(first[1]).isEqualTo("offered");
      firstId = first[0];
    }
    // While the resident is away: the provider declines (DECLINED, then OFFERED to the next), the
    // next accepts.
    assertThat(as(worker1, "POST", "/api/v1/cases/" + caseId + "/decline", null).status())
        .isEqualTo(200);
    assertThat(
            as(
                    token("ag-e2", Role.AGENCY, "ea2", null),
                    "POST",
                    "/api/v1/cases/" + caseId + "/accept",
                    null)
                .status())
        .isEqualTo(200);
    try (Stream back = new Stream(resident, firstId)) {
      List<String> replayed = new ArrayList<>();
      String[] e;
      while ((e = back.next(1_000)) != null) {
        if (e[0].contains(caseId)) {
          replayed.add(e[1]);
        }
      }
      assertThat(replayed).containsExactly("declined", "offered", "accepted");
    }
    as(
        token("ag-e2", Role.AGENCY, "ea2", null),
        "POST",
        "/api/v1/cases/" + caseId + "/complete",
        "{\"outcome\": \"GOT_HELP\"}");
  }

  @Test
  void anonymousStream_is401() {
    assertThat(s.get("/api/v1/events").status()).isEqualTo(401);
  }
}
