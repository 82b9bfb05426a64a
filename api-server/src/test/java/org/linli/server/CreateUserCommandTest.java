package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.linli.server.config.ServerConfig;

/** {@code create-user} makes the first ADMIN on the server's own store, its password from stdin. */
class CreateUserCommandTest {
  record Run(int exit, String output) {}

  static Run createUser(Path dataDir, ServerConfig.DbSettings db, String stdin, String... args)
      throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.linli.server.Main");
    command.add("create-user");
    command.addAll(List.of(args));
    command.add("--data-dir");
    command.add(dataDir.toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (db.url() != null) {
      pb.environment().put("LINLI_DB_URL", db.url());
      pb.environment().put("LINLI_DB_USER", db.user());
      pb.environment().put("LINLI_DB_PASSWORD", db.password());
    }
    Process p = pb.start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("create-user finished").isTrue();
    return new Run(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void theFirstAdmin_isCreatedFromTheCommandLine_andSignsIn() throws Exception {
    Path dir = Files.createTempDirectory("linli-create-user");
    ServerConfig.DbSettings db = TestServer.testDatabase();
    String password = "a long first password, 2026";
    Run made = createUser(dir, db, password + "\n", "--username", "Admin", "--role", "admin");
    assertThat(made.exit()).as(made.output()).isZero();
    assertThat(made.output()).contains("created admin").doesNotContain(password);

    Run again = createUser(dir, db, password + "\n", "--username", "admin", "--role", "ADMIN");
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.output()).contains("taken");
    Run weak = createUser(dir, db, "short\n", "--username", "staff1", "--role", "STAFF");
    assertThat(weak.exit()).isEqualTo(2);
    assertThat(weak.output()).contains("at least 12 characters");
    Run worker = createUser(dir, db, password + "\n", "--username", "w.one", "--role", "WORKER");
    assertThat(worker.exit()).isEqualTo(2);
    assertThat(worker.output()).contains("POST /api/v1/users");

    ServerConfig config =
        ServerConfig.loopback(dir).clusterName("create-user-" + UUID.randomUUID()).db(db).build();
    try (TestServer s = new TestServer(config)) {
      TestServer.Answer in =
          SignInApiTest.anonymous(
              s,
              "/api/v1/auth/password",
              "{\"username\": \"admin\", \"password\": \"" + password + "\"}");
      assertThat(in.status()).as(in.body()).isEqualTo(200);
      assertThat(in.json().get("user").get("roles").toString()).isEqualTo("[\"ADMIN\"]");
      if (db.url() == null) {
        Run whileServing =
            createUser(dir, db, password + "\n", "--username", "staff2", "--role", "STAFF");
        assertThat(whileServing.exit()).as(whileServing.output()).isEqualTo(2);
      }
    }
  }
}
