package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A body that stops arriving is the client's fault: after the request's time (30 s; 2 s here) the
 * answer is 408 with a problem document (it was 503, as if the server were the slow one), and the
 * server goes on serving.
 */
class SlowBodyTest {
  @Test
  void aBodyThatStopsArriving_isAnswered408() throws Exception {
    org.linli.server.config.ServerConfig config =
        org.linli.server.config.ServerConfig.loopback(
                java.nio.file.Files.createTempDirectory("linli-slow"))
            .demo(false)
            .db(TestServer.testDatabase())
            .requestTimeout(java.time.Duration.ofSeconds(2))
            .build();
    try (TestServer s = new TestServer(config);
        Socket socket = new Socket("127.0.0.1", s.server.port())) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("PUT /api/v1/providers/slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  + "Authorization: Bearer "
                  + s.adminToken
                  + "\r\nContent-Length: 1000\r\n\r\n{\"id\": ")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      int c;
      while (!answer.toString().endsWith("}") && (c = in.read()) >= 0) {
        answer.append((char) c);
      }
      assertThat(answer.toString())
          .startsWith("HTTP/1.1 408")
          .contains("application/problem+json")
          .contains("request-timeout");
      assertThat(s.get("/health/ready").status()).isEqualTo(200);
      assertThat(s.get("/api/v1/providers/slow").status()).isEqualTo(404);
    }
  }
}
