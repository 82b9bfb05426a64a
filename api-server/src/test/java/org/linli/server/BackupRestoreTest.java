package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.linli.server.config.ServerConfig;

/**
 * The README's recipe for the embedded store, as separate processes: {@code backup} while the
 * server runs, {@code restore} refused while it runs and done once it is stopped, and the restarted
 * server serves the backup.
 */
class BackupRestoreTest {
  @AfterEach
  void killChildren() {
    ChildServer.killAll();
  }

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void backupWhileServing_thenRestoreAfterStop_bringsBackExactlyTheBackedUpProviders()
      throws Exception {
    Path dataDir = Files.createTempDirectory("linli-backup");
    Path zip = Files.createTempDirectory("linli-backups").resolve("linli.zip");
    Path log = Files.createTempFile("linli-backup-child", ".log");
    String cluster = "backup-" + UUID.randomUUID();
    ChildServer server = ChildServer.start(dataDir, ServerConfig.DbSettings.EMBEDDED, cluster, log);
    assertThat(put(server, "p1")).isEqualTo(201);
    assertThat(put(server, "p2")).isEqualTo(201);

    Result backup = command("backup", "--to", zip.toString(), "--data-dir", dataDir.toString());
    assertThat(backup.exit()).as(backup.output()).isZero();
    assertThat(zip).isRegularFile();
    assertThat(put(server, "p3")).isEqualTo(201); // after the backup: must not come back

    Result refused = command("restore", "--from", zip.toString(), "--data-dir", dataDir.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.output()).contains("in use");
    assertThat(get(server, "p3")).as("a refused restore changes nothing").isEqualTo(200);

    server.stop();
    Result restore = command("restore", "--from", zip.toString(), "--data-dir", dataDir.toString());
    assertThat(restore.exit()).as(restore.output()).isZero();

    ChildServer restarted =
        ChildServer.start(dataDir, ServerConfig.DbSettings.EMBEDDED, cluster, log);
    try {
      assertThat(get(restarted, "p1")).isEqualTo(200);
      assertThat(get(restarted, "p2")).isEqualTo(200);
      assertThat(get(restarted, "p3")).isEqualTo(404);
    } finally {
      restarted.stop();
    }
  }

  private record Result(int exit, String output) {}

  private static Result command(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "org.linli.server.Main"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private int put(ChildServer s, String id) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(s.base() + "/api/v1/providers/" + id))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + s.adminToken)
                .PUT(HttpRequest.BodyPublishers.ofString(Documents.worker(id, 22.54, 114.05)))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  private int get(ChildServer s, String id) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create(s.base() + "/api/v1/providers/" + id)).build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }
}
