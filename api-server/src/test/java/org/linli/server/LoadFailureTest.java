package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.linli.server.config.ServerConfig;
import org.linli.server.store.TestPostgres;

/**
 * A start whose load from the durable store fails even after its retries (here the providers table
 * is gone) must not serve a partial map: readiness stays DOWN with the index FAILED, and writes are
 * refused, since a write to a provider missing from memory would overwrite its stored state.
 */
class LoadFailureTest {
  @Test
  void loadThatFailsAfterItsRetries_leavesTheMemberFailed_notReady_andTakingNoWrites()
      throws Exception {
    assumeFalse(
        TestServer.usePostgres(),
        "the same test in both runs: it makes its own PostgreSQL database");
    ServerConfig.DbSettings db = TestPostgres.shared().newDatabase();
    Path dataDir = Files.createTempDirectory("linli-load-failure");
    String cluster = "load-failure-" + UUID.randomUUID();
    try (TestServer first = new TestServer(false, cluster, List.of(), dataDir, db)) {
      assertThat(
              first.put("/api/v1/providers/p1", Documents.worker("p1", 22.5431, 114.0579)).status())
          .isEqualTo(201);
    }
    sql(db, "ALTER TABLE providers RENAME TO providers_away");
    ServerConfig config = ServerConfig.loopback(dataDir).clusterName(cluster).db(db).build();
    try (TestServer s = TestServer.starting(config)) {
      // The listing is tried 8 times with pauses of 17.75 s in all before the load counts as
      // failed.
      org.awaitility.Awaitility.await("the index reported FAILED")
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () -> {
                TestServer.Answer r = s.get("/health/ready");
                assertThat(r.status()).as("never ready: " + r.body()).isEqualTo(503);
                assertThat(r.json().path("checks").path("index").asText())
                    .as(r.body())
                    .isEqualTo("FAILED");
              });
      TestServer.Answer ready = s.get("/health/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.json().get("status").asText()).isEqualTo("DOWN");
      assertThat(s.server.isReady()).isFalse();

      TestServer.Answer put =
          s.put("/api/v1/providers/p2", Documents.worker("p2", 22.5431, 114.0579));
      assertThat(put.status()).isEqualTo(503);
      assertThat(put.json().get("type").asText()).isEqualTo("https://linli.org/problems/loading");
    } finally {
      sql(db, "ALTER TABLE providers_away RENAME TO providers");
    }
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM providers ORDER BY id")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getString(1)).isEqualTo("p1");
      assertThat(rs.next()).as("the refused write stored nothing").isFalse();
    }
  }

  private static void sql(ServerConfig.DbSettings db, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
