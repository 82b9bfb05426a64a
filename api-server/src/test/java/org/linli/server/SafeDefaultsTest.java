package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.linli.server.config.ServerConfig;

/**
 * A fresh install exposes nothing beyond its HTTP port and joins nothing: a standalone member's
 * cluster port and the embedded database's server port listen on loopback alone, the member speaks
 * no client protocol, two installations on one host never share data, one data directory serves one
 * server, and what Linli keeps on disk is readable by its owner only. Standalone servers on
 * embedded H2 (the defaults).
 */
class SafeDefaultsTest {
  private static ServerConfig standalone(Path dataDir, String cluster) {
    return ServerConfig.loopback(dataDir).clusterName(cluster).build();
  }

  @Test
  void standaloneMember_listensOnLoopbackOnly_andRefusesHazelcastClients() throws Exception {
    String cluster = "exposure-" + UUID.randomUUID();
    try (TestServer s =
        new TestServer(standalone(Files.createTempDirectory("linli-exposure"), cluster))) {
      int port = s.server.cluster().port();
      if (ListeningSockets.available()) {
        assertThat(ListeningSockets.boundAddresses(port))
            .as("the cluster port's bound addresses")
            .isNotEmpty()
            .allMatch(ListeningSockets::loopback);
        int h2Port = autoServerPort(s.dataDir);
        assertThat(ListeningSockets.boundAddresses(h2Port))
            .as("the embedded database's server port")
            .isNotEmpty()
            .allMatch(ListeningSockets::loopback);
      }
      ClientConfig client = new ClientConfig();
      client.setClusterName(cluster);
      client.getNetworkConfig().addAddress("127.0.0.1:" + port);
      client
          .getConnectionStrategyConfig()
          .getConnectionRetryConfig()
          .setClusterConnectTimeoutMillis(3_000);
      client.setProperty("hazelcast.logging.type", "slf4j");
      assertThatThrownBy(() -> HazelcastClient.newHazelcastClient(client).shutdown())
          .as("a Hazelcast client knowing the cluster name and the port")
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Unable to connect");
      assertThat(s.get("/health/ready").status()).isEqualTo(200);
    }
  }

  @Test
  void metricsPort_servesScrapersWithoutAToken_onLoopbackOnly() throws Exception {
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-metrics"))
            .clusterName("metrics-" + UUID.randomUUID())
            .metricsPort(0)
            .build();
    try (TestServer s = new TestServer(config)) {
      int port = s.server.metricsPort();
      assertThat(port).isPositive();
      if (ListeningSockets.available()) {
        assertThat(ListeningSockets.boundAddresses(port))
            .isNotEmpty()
            .allMatch(ListeningSockets::loopback);
      }
      var scrape =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("linli_index_providers");
      assertThat(s.get("/metrics").status()).as("the HTTP port still wants a token").isEqualTo(401);
    }
  }

  @Test
  void twoStandaloneServers_onOneHost_shareNothing_beforeAndAfterRestarts() throws Exception {
    String cluster =
        "same-name-" + UUID.randomUUID(); // the same cluster name for both: the default case
    Path dirA = Files.createTempDirectory("linli-host-a");
    Path dirB = Files.createTempDirectory("linli-host-b");
    try (TestServer a = new TestServer(standalone(dirA, cluster));
        TestServer b = new TestServer(standalone(dirB, cluster))) {
      assertThat(a.server.cluster().hazelcast().getCluster().getMembers()).hasSize(1);
      assertThat(b.server.cluster().hazelcast().getCluster().getMembers()).hasSize(1);
      for (int i = 0; i < 20; i++) {
        assertThat(
                a.put("/api/v1/providers/own-" + i, Documents.worker("own-" + i, 22.54, 114.05))
                    .status())
            .isEqualTo(201);
      }
      assertThat(b.get("/api/v1/providers/own-0").status()).isEqualTo(404);
      assertThat(b.server.providerStore().count()).isZero();
    }
    try (TestServer b = new TestServer(standalone(dirB, cluster));
        TestServer a = new TestServer(standalone(dirA, cluster))) {
      for (int i = 0; i < 20; i++) {
        assertThat(a.get("/api/v1/providers/own-" + i).status())
            .as("own-" + i + " on A")
            .isEqualTo(200);
        assertThat(b.get("/api/v1/providers/own-" + i).status())
            .as("own-" + i + " on B")
            .isEqualTo(404);
      }
      assertThat(a.server.providerStore().count()).isEqualTo(20);
      assertThat(b.server.providerStore().count()).isZero();
    }
  }

  @Test
  void secondServer_onTheSameDataDirectory_isRefused_beforeItOpensAnything() throws Exception {
    Path dir = Files.createTempDirectory("linli-shared-dir");
    String cluster = "shared-dir-" + UUID.randomUUID();
    try (TestServer a = new TestServer(standalone(dir, cluster))) {
      assertThat(a.put("/api/v1/providers/kept", Documents.worker("kept", 22.54, 114.05)).status())
          .isEqualTo(201);
      assertThatThrownBy(() -> new LinliServer(standalone(dir, cluster)).start())
          .isInstanceOf(ServerConfig.ConfigException.class)
          .hasMessageContaining("in use by another Linli server")
          .hasMessageContaining("LINLI_DATA_DIR");
      assertThat(a.server.cluster().hazelcast().getCluster().getMembers()).hasSize(1);
      assertThat(a.get("/health/ready").status()).isEqualTo(200);
      assertThat(a.get("/api/v1/providers/kept").status()).isEqualTo(200);
      assertThat(
              a.put("/api/v1/providers/after", Documents.worker("after", 22.54, 114.05)).status())
          .isEqualTo(201);
    }
    // Released on close: the next server takes the directory and finds both writes.
    try (TestServer again = new TestServer(standalone(dir, cluster))) {
      assertThat(again.get("/api/v1/providers/kept").status()).isEqualTo(200);
      assertThat(again.get("/api/v1/providers/after").status()).isEqualTo(200);
    }
  }

  @Test
  void theDataDirectory_andEverythingInIt_areOwnerOnly() throws Exception {
    Path dir = Files.createTempDirectory("linli-perms").resolve("data"); // made by the server
    try (TestServer s = new TestServer(standalone(dir, "perms-" + UUID.randomUUID()))) {
      assertThat(s.put("/api/v1/providers/pp", Documents.worker("pp", 22.54, 114.05)).status())
          .isEqualTo(201);
      Assumptions.assumeTrue(
          dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
          "POSIX permissions only");
      assertThat(Files.getPosixFilePermissions(dir))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ,
              PosixFilePermission.OWNER_WRITE,
              PosixFilePermission.OWNER_EXECUTE);
      try (Stream<Path> all = Files.walk(dir)) {
        List<Path> paths = all.toList();
        assertThat(paths).anyMatch(p -> p.getFileName().toString().endsWith(".mv.db"));
        for (Path p : paths) {
          Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
          assertThat(perms)
              .as(p.toString())
              .noneMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"));
        }
      }
    }
  }

  /**
   * The port the embedded database's AUTO_SERVER listens on, from the lock file H2 keeps while it
   * is open.
   */
  private static int autoServerPort(Path dataDir) throws Exception {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(dataDir.resolve("db/linli.lock.db"))) {
      p.load(r);
    }
    String server = p.getProperty("server");
    return Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
  }
}
