package org.linli.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The load generator against the JDK's own HTTP server: what it sends, what it counts, and when.
 */
class HttpLoadTest {
  static {
    // The JDK server writes a response's headers and body apart; with Nagle on, the body waits for
    // the client's
    // delayed ACK (40 ms). Read once, when the server's configuration class loads.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private HttpServer server;
  private final ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
  private final AtomicInteger served = new AtomicInteger();
  private volatile long delayMillis;
  private volatile int status = 200;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/api/v1/match",
        exchange -> {
          byte[] body = exchange.getRequestBody().readAllBytes();
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + " "
                  + new String(body, StandardCharsets.UTF_8));
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] answer = "{\"matches\":[],\"total\":0}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
          served.incrementAndGet();
        });
    server.createContext(
        "/health/live",
        exchange -> {
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestBody().readAllBytes().length);
          byte[] answer = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
          served.incrementAndGet();
        });
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private HttpLoad load(int connections) throws IOException {
    return new HttpLoad(
        server.getAddress().getPort(), List.of("{\"q\":\"一\"}", "{\"q\":2}"), connections);
  }

  /** One open-loop step on fresh connections: its output line's fields. */
  private String[] openLoop(int connections, double rate, double seconds) throws Exception {
    HttpLoad load = load(connections);
    try {
      return load.run(rate, seconds).split(" ");
    } finally {
      load.close();
    }
  }

  @Test
  void anOpenLoopSendsTheScheduleInOrderAndCountsEveryAnswer() throws Exception {
    String[] f = openLoop(4, 200, 1.0);
    assertThat(Double.parseDouble(f[0])).isEqualTo(200.0);
    assertThat(Long.parseLong(f[6])).as("answers counted").isEqualTo(200);
    assertThat(Long.parseLong(f[7])).as("errors").isZero();
    assertThat(f[8]).isEqualTo("false");
    assertThat(Double.parseDouble(f[1])).as("achieved rate").isBetween(150.0, 230.0);
    assertThat(served.get()).isEqualTo(200);
    assertThat(received).hasSize(200).allMatch(r -> r.startsWith("POST application/json {\"q\":"));
    assertThat(received.stream().filter(r -> r.endsWith("{\"q\":\"一\"}"))).hasSize(100);
  }

  @Test
  void latencyCountsTheWaitForAFreeConnection() throws Exception {
    // One connection and a server that takes 20 ms: 100 requests due over half a second queue
    // behind each other, so
    // the last waits about 100 x 20 ms - 0.5 s = 1.5 s from when it was due; a generator that timed
    // from the send
    // would report about 20 ms.
    delayMillis = 20;
    String[] f = openLoop(1, 200, 0.5);
    assertThat(Long.parseLong(f[6])).isEqualTo(100);
    assertThat(Double.parseDouble(f[2])).as("p50, ms").isGreaterThan(400.0);
    assertThat(Double.parseDouble(f[5])).as("max, ms").isGreaterThan(1_200.0);
  }

  @Test
  void anAnswerOtherThan200IsAnError() throws Exception {
    status = 503;
    String[] f = openLoop(2, 100, 0.3);
    assertThat(Long.parseLong(f[6])).as("answers counted").isZero();
    assertThat(Long.parseLong(f[7])).as("errors").isEqualTo(30);
  }

  @Test
  void aClosedLoopKeepsEveryConnectionBusy() throws Exception {
    delayMillis = 10;
    HttpLoad load = load(4);
    String[] f = load.peak(0.5).split(" ");
    load.close();
    // Four connections, 10 ms each: about 400 answers/s (fewer with the JDK server's own overhead).
    assertThat(f[0]).isEqualTo("peak");
    assertThat(Double.parseDouble(f[1])).isBetween(150.0, 420.0);
    assertThat(f[2]).isEqualTo("0");
  }

  @Test
  void aResponseIsCompleteOnlyWithAllOfItsBody() throws Exception {
    byte[] r =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nCONTENT-LENGTH: 5\r\n\r\nhello"
            .getBytes(StandardCharsets.US_ASCII);
    assertThat(HttpLoad.Connection.complete(r, r.length)).isEqualTo(200);
    assertThat(HttpLoad.Connection.complete(r, r.length - 1)).isZero();
    assertThat(HttpLoad.Connection.complete(r, 20)).isZero();
    byte[] chunked =
        "HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> HttpLoad.Connection.complete(chunked, chunked.length))
        .hasMessageContaining("without Content-Length");
  }

  @Test
  void withAGetPath_everyRequestIsThatGet_andTheServersCpuAndTheMachinesShareAreReported()
      throws Exception {
    // The server is the JDK's, in this JVM: its CPU time is this process's.
    HttpLoad load =
        new HttpLoad(
            server.getAddress().getPort(),
            List.of("{\"q\":1}"),
            4,
            "/health/live",
            ProcessHandle.current().pid());
    String[] f;
    try {
      f = load.run(300, 1.0).split(" ");
    } finally {
      load.close();
    }
    assertThat(Long.parseLong(f[6])).as("answers counted").isEqualTo(300);
    assertThat(received).hasSize(300).containsOnly("GET /health/live 0");
    assertThat(Double.parseDouble(f[11]))
        .as("server CPU us per answer")
        .isGreaterThan(0)
        .isLessThan(1e6);
    assertThat(Double.parseDouble(f[12]))
        .as("machine busy %")
        .isGreaterThan(0)
        .isLessThanOrEqualTo(100);
  }

  @Test
  void withoutAServerProcess_theCpuFieldIsNaN() throws Exception {
    String[] f = openLoop(2, 100, 0.5);
    assertThat(f).hasSize(15);
    assertThat(f[11]).isEqualTo("NaN");
  }

  @Test
  void aStep_printsWhenItsScheduleBeganAndEnded_inWallClockMillis() throws Exception {
    long before = System.currentTimeMillis();
    String[] f = openLoop(2, 200, 1.0);
    long after = System.currentTimeMillis();
    long from = Long.parseLong(f[13]);
    long to = Long.parseLong(f[14]);
    assertThat(from).isBetween(before, after);
    assertThat(to).isBetween(from + 900, after);
  }
}
