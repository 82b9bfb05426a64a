package org.linli.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Slow and greedy clients against a real Vert.x server guarded with a one-second head timeout and
 * three connections per address: idle and slowloris connections are closed, a connection whose
 * answer is under way is not, and a fourth connection from one address is refused.
 */
class ConnectionGuardTest {
  private Vertx vertx;
  private HttpServer server;
  private final List<Socket> sockets = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    ConnectionGuard guard = new ConnectionGuard(vertx, 3, Duration.ofSeconds(1));
    server =
        guard
            .install(
                vertx.createHttpServer(
                    new io.vertx.core.http.HttpServerOptions().setHttp2ClearTextEnabled(false)),
                request -> {
                  if (request
                      .path()
                      .equals("/slow")) { // an answer that takes 3 s, written a piece a second
                    request.response().setChunked(true).write("a");
                    vertx.setTimer(1_500, t -> request.response().write("b"));
                    vertx.setTimer(3_000, t -> request.response().end("c"));
                  } else {
                    request.response().end("ok");
                  }
                })
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", server.actualPort());
    s.setSoTimeout(10_000);
    sockets.add(s);
    return s;
  }

  /**
   * Whether the server closed {@code s}: a read answers end of stream (or the connection was
   * reset).
   */
  private static boolean closedByServer(Socket s) {
    try {
      InputStream in = s.getInputStream();
      while (true) {
        if (in.read() < 0) {
          return true;
        }
      }
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true;
    }
  }

  @Test
  void anIdleConnection_isClosed() throws Exception {
    Socket idle = connect();
    long t0 = System.nanoTime();
    assertThat(closedByServer(idle)).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
  }

  @Test
  void headersSentAByteAtATime_areCutOff() throws Exception {
    Socket slow = connect();
    OutputStream out = slow.getOutputStream();
    out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
    boolean cut = false;
    for (int i = 0;
        i < 40 && !cut;
        i++) { // a header line every 200 ms, never the blank line: 8 s if allowed
      Thread.sleep(200);
      try {
        out.write(("X-" + i + ": y\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException closed) {
        cut = true;
      }
    }
    assertThat(cut || closedByServer(slow))
        .as("closed before the client finished its headers")
        .isTrue();
  }

  @Test
  void aConnectionWhoseAnswerIsUnderWay_staysOpen_andKeepAliveStillWorks() throws Exception {
    Socket s = connect();
    s.getOutputStream()
        .write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    String answer = readUntil(s, "\r\n0\r\n\r\n");
    assertThat(answer).startsWith("HTTP/1.1 200").contains("a").contains("b").contains("c");
    s.getOutputStream()
        .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(readUntil(s, "ok")).contains("HTTP/1.1 200");
  }

  @Test
  void connectionsBeyondTheCapPerAddress_areRefused() throws Exception {
    for (int i = 0; i < 3; i++) {
      Socket s = connect();
      s.getOutputStream()
          .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readUntil(s, "ok")).startsWith("HTTP/1.1 200");
    }
    Socket fourth = connect();
    assertThat(closedByServer(fourth)).isTrue();
    sockets.get(0).close();
    await()
        .atMost(5, TimeUnit.SECONDS)
        .untilAsserted(
            () -> {
              Socket again = connect();
              again
                  .getOutputStream()
                  .write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
              assertThat(readUntil(again, "ok")).startsWith("HTTP/1.1 200");
            });
  }

  private static String readUntil(Socket s, String end) throws IOException {
    StringBuilder b = new StringBuilder();
    InputStream in = s.getInputStream();
    int c;
    while (!b.toString().endsWith(end) && (c = in.read()) >= 0) {
      b.append((char) c);
    }
    return b.toString();
  }
}
