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

  /**
   * {@code n} free ports below Linux's ephemeral range (32768 and up). Not from that range: once a
   * member is killed, another reconnecting to its port can be given that very port as its own
   * source port, and the kernel then connects the socket to itself (a TCP self-connection), which
   * Hazelcast takes for a connection to itself and never recovers from.
   */
  static List<Integer> freePorts(int n) {
    List<ServerSocket> held = new ArrayList<>();
    java.util.Random random = new java.util.Random();
    try {
      for (int tries = 0; held.size() < n; tries++) {
        if (tries > 2_000) {
          throw new IOException("no free port found in 20000..32000");
        }
        try {
          held.add(
              new ServerSocket(
                  20_000 + random.nextInt(12_000), 1, InetAddress.getLoopbackAddress()));
        } catch (java.net.BindException taken) {
          // in use: try another
        }
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
