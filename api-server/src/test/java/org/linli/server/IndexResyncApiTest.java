package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.linli.core.provider.Provider;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.ranking.ProviderSearchIndex;

/**
 * A member that dies may take the entry events of its last acknowledged writes with it; the members
 * that stay then re-read the providers map, so their indexes end equal to it again.
 */
class IndexResyncApiTest {
  @Test
  void aLostAddAndALostRemove_areMended_whenAMemberLeaves() throws Exception {
    try (TestServer s = new TestServer(false)) {
      for (String id : List.of("rs-1", "rs-2")) {
        assertThat(s.put("/api/v1/providers/" + id, Documents.worker(id, 22.61, 114.01)).status())
            .isEqualTo(201);
      }
      s.awaitIndexed("rs-1", "rs-2");
      // What a lost event leaves behind: an acknowledged provider the index lacks, and one the map
      // no longer has that the index still matches.
      ProviderSearchIndex index = (ProviderSearchIndex) s.server.index();
      index.removeAll(List.of("rs-1"));
      Provider ghost = new SyntheticCity(3, 0.02).providers(1, "rs-ghost").get(0);
      index.upsert(ghost);
      assertThat(index.contains("rs-1")).isFalse();
      long before = s.server.indexFeeder().resyncCount();

      s.server.indexFeeder().memberLeft();

      Awaitility.await("the index re-read the map")
          .atMost(Duration.ofSeconds(10))
          .until(() -> s.server.indexFeeder().resyncCount() > before);
      assertThat(index.contains("rs-1")).isTrue();
      assertThat(index.contains("rs-2")).isTrue();
      assertThat(index.contains(ghost.id())).isFalse();
      assertThat(index.size()).isEqualTo(s.server.cluster().providers().size());
    }
  }

  @Test
  void aMemberLeaving_makesTheOtherReReadTheMap() throws Exception {
    String cluster = "resync-" + UUID.randomUUID();
    TestCluster members = TestCluster.of(2);
    Path dir = Files.createTempDirectory("linli-resync");
    try (TestServer a =
        new TestServer(
            ClusterCasesApiTest.config(cluster, members, 0, dir, Duration.ofMinutes(15)))) {
      TestServer b =
          new TestServer(
              ClusterCasesApiTest.config(
                  cluster,
                  members,
                  1,
                  Files.createTempDirectory("linli-resync-b"),
                  Duration.ofMinutes(15)));
      long before = a.server.indexFeeder().resyncCount();
      b.close();
      Awaitility.await("a re-read the map after b left")
          .atMost(Duration.ofSeconds(30))
          .until(() -> a.server.indexFeeder().resyncCount() > before);
    }
  }
}
