package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.linli.core.provider.Provider;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.server.config.ServerConfig;

/**
 * Two real Hazelcast members on one durable store: one that joins later builds its own full index,
 * writes reach both, and every write is in the store whichever member owns its partition.
 */
class ClusterApiTest {
  static String ids(JsonNode answer) {
    return java.util.stream.StreamSupport.stream(answer.get("matches").spliterator(), false)
        .map(m -> m.get("providerId").asText())
        .collect(Collectors.joining(","));
  }

  @Test
  void memberJoiningLater_matchesLikeTheFirst_andSeesWritesMadeOnTheFirst() throws Exception {
    String cluster = "cluster-" + UUID.randomUUID();
    Path dataDir = Files.createTempDirectory("linli-cluster");
    TestCluster members = TestCluster.of(2);
    try (TestServer a =
        new TestServer(
            members.member(0, ServerConfig.loopback(dataDir)).clusterName(cluster).build())) {
      List<Provider> providers = new SyntheticCity(41, 0.02).providers(1_500, "c");
      String ndjson = providers.stream().map(Documents::line).collect(Collectors.joining("\n"));
      assertThat(
              a.post("/api/v1/providers/bulk", "application/x-ndjson", ndjson)
                  .json()
                  .get("accepted")
                  .asInt())
          .isEqualTo(1_500);
      a.awaitIndexed(providers.stream().map(Provider::id).toArray(String[]::new));
      try (TestServer b =
          new TestServer(
              members
                  .member(1, ServerConfig.loopback(Files.createTempDirectory("linli-cluster-b")))
                  .clusterName(cluster)
                  .build())) {
        assertThat(b.server.cluster().hazelcast().getCluster().getMembers()).hasSize(2);
        String query =
            "{\"location\": {\"lat\": 22.5431, \"lon\": 114.0579}, \"radiusMeters\": 8000, "
                + "\"limit\": 50, \"sort\": \"distance\"}";
        JsonNode onA = a.post("/api/v1/match", query).json();
        JsonNode onB = b.post("/api/v1/match", query).json();
        assertThat(onA.get("total").asInt()).isPositive();
        assertThat(onB.get("total")).isEqualTo(onA.get("total"));
        assertThat(ids(onB)).isEqualTo(ids(onA));

        // A write on A is matchable on B within a second.
        assertThat(
                a.put("/api/v1/providers/late", Documents.worker("late", 22.5432, 114.0580))
                    .status())
            .isEqualTo(201);
        long deadline = System.nanoTime() + 1_000_000_000L;
        boolean seen = false;
        while (!seen && System.nanoTime() < deadline) {
          seen = ids(b.post("/api/v1/match", query).json()).contains("late");
        }
        assertThat(seen).as("write on A visible on B within 1 s").isTrue();
        assertThat(b.get("/api/v1/providers/late").status()).isEqualTo(200);
        // Each member wrote through the partitions it owns: together, everything is in the one
        // store.
        assertThat(a.server.providerStore().count()).isEqualTo(1_501);
        assertThat(b.server.providerStore().count()).isEqualTo(1_501);
      }
    }
  }
}
