package org.linli.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.linli.server.config.ServerConfig;
import org.linli.server.store.TestPostgres;

/**
 * Members of one test cluster on loopback: each listens on a port of its own, found free
 * beforehand, and every one lists them all (a cluster is configured, never discovered). A cluster
 * needs a shared PostgreSQL store, so these tests run in the build's PostgreSQL pass and are
 * skipped, saying so, in the embedded one.
 */
final class TestCluster {
  final List<Integer> ports;
  final List<String> members;
  final ServerConfig.DbSettings db;

  private TestCluster(List<Integer> ports, ServerConfig.DbSettings db) {
    this.ports = List.copyOf(ports);
    this.members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    this.db = db;
  }

  /**
   * A cluster of {@code size} members on a fresh PostgreSQL database; skips the test on the
   * embedded pass.
   */
  static TestCluster of(int size) {
    Assumptions.assumeTrue(
        TestServer.usePostgres(),
        "a cluster needs a shared PostgreSQL store: this test runs in"
            + " the PostgreSQL pass of the build (-Dlinli.test.db=postgres)");
    return new TestCluster(freePorts(size), TestPostgres.shared().newDatabase());
  }

  /** Member {@code i}'s configuration: its own port, every member listed, on {@code base}. */
  ServerConfig.Builder member(int i, ServerConfig.Builder base) {
    return base.clusterPort(ports.get(i))
        .clusterMembers(members)
        .db(db)
        .security(ServerConfig.Security.DEFAULTS.withDataKey(DATA_KEY));
  }

  /** The data key every member of a test cluster shares (32 bytes in base64). */
  static final String DATA_KEY = "3q2+7w0XoQm5bV9c1Lk8Zr4Ty6Hn2Pj0Sd7Fg1Aw5Es=";

  static List<Integer> freePorts(int n) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        held.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return held.stream().map(ServerSocket::getLocalPort).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      held.forEach(
          s -> {
            try {
              s.close();
            } catch (IOException ignored) {
              // closing a probe socket
            }
          });
    }
  }
}
