package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import java.nio.file.Files;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.linli.server.config.ServerConfig;

/**
 * A member whose start fails touches no running cluster: one that cannot bind its HTTP port (taken
 * by the running member) stops before it joins, and the running member neither sees it come nor
 * loses partitions to it.
 */
class ClusterStartApiTest {
  @Test
  void aMemberThatCannotListen_joinsNothing_andTheRunningMemberCarriesOn() throws Exception {
    TestCluster cluster = TestCluster.of(2);
    String name = "start-" + UUID.randomUUID();
    try (TestServer a =
        new TestServer(
            cluster
                .member(0, ServerConfig.loopback(Files.createTempDirectory("linli-a")))
                .clusterName(name)
                .build())) {
      assertThat(
              a.put("/api/v1/providers/stays", Documents.worker("stays", 22.54, 114.05)).status())
          .isEqualTo(201);
      AtomicInteger joined = new AtomicInteger();
      a.server
          .cluster()
          .hazelcast()
          .getCluster()
          .addMembershipListener(
              new MembershipListener() {
                @Override
                public void memberAdded(MembershipEvent event) {
                  joined.incrementAndGet();
                }

                @Override
                public void memberRemoved(MembershipEvent event) {
                  joined.incrementAndGet();
                }
              });
      ServerConfig taken =
          cluster
              .member(1, ServerConfig.loopback(Files.createTempDirectory("linli-b")))
              .clusterName(name)
              .httpPort(a.server.port())
              .build();
      assertThatThrownBy(() -> new LinliServer(taken).start()).hasStackTraceContaining("in use");
      org.awaitility.Awaitility.await("no membership change seen by the running member")
          .during(java.time.Duration.ofSeconds(1))
          .atMost(java.time.Duration.ofSeconds(3))
          .until(() -> joined.get() == 0);
      assertThat(a.server.cluster().hazelcast().getCluster().getMembers()).hasSize(1);
      assertThat(a.get("/health/ready").status()).isEqualTo(200);
      assertThat(a.get("/api/v1/providers/stays").status()).isEqualTo(200);
    }
  }
}
