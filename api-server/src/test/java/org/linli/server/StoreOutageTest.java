package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.linli.server.store.TestPostgres;

/**
 * The database goes away under a stream of writes and comes back: readiness says DOWN, writes get a
 * 503 problem and change nothing, reads and matching keep working from memory, and once the
 * database is back the server takes writes again without a restart. Every write acknowledged along
 * the way is in the database.
 */
class StoreOutageTest {
  private static final String QUERY =
      "{\"location\": {\"lat\": 22.5431, \"lon\": 114.0579}, \"radiusMeters\": 3000,"
          + " \"sort\": \"distance\"}";

  @Test
  void databaseDown_refusesWritesWith503_servesReads_andRecoversWithoutRestart() throws Exception {
    try (TestPostgres pg = TestPostgres.start();
        TestServer s =
            new TestServer(
                false,
                "outage-" + UUID.randomUUID(),
                List.of(),
                Files.createTempDirectory("linli-outage"),
                pg.newDatabase())) {
      assertThat(s.put("/api/v1/providers/p1", Documents.worker("p1", 22.5431, 114.0579)).status())
          .isEqualTo(201);

      // Writers keep going through the outage; each remembers what was acknowledged and what was
      // refused.
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      Set<String> refused = ConcurrentHashMap.newKeySet();
      AtomicBoolean running = new AtomicBoolean(true);
      Thread[] writers = new Thread[2];
      for (int w = 0; w < writers.length; w++) {
        int writer = w;
        writers[w] =
            new Thread(
                () -> {
                  for (int n = 0; running.get(); n++) {
                    String id = "load-" + writer + "-" + n;
                    int status =
                        s.put("/api/v1/providers/" + id, Documents.worker(id, 22.60, 114.10))
                            .status();
                    (status == 201 ? acknowledged : refused).add(id + ":" + status);
                  }
                });
        writers[w].start();
      }
      awaitTrue(() -> acknowledged.size() >= 20, Duration.ofSeconds(15)); // writing before

      pg.kill();
      awaitTrue(() -> s.get("/health/ready").status() == 503, Duration.ofSeconds(15));
      TestServer.Answer ready = s.get("/health/ready");
      assertThat(ready.json().get("status").asText()).isEqualTo("DOWN");
      assertThat(ready.json().get("checks").get("store").asText()).isEqualTo("DOWN");

      TestServer.Answer refusedPut =
          s.put("/api/v1/providers/p1", Documents.worker("p1", 22.6, 114.2));
      assertThat(refusedPut.status()).isEqualTo(503);
      assertThat(refusedPut.contentType()).isEqualTo("application/problem+json");
      assertThat(refusedPut.json().get("type").asText())
          .isEqualTo("https://linli.org/problems/store-unavailable");
      assertThat(s.delete("/api/v1/providers/p1").status()).isEqualTo(503);
      // Reads and matching go on from memory, and the refused write changed nothing.
      JsonNode p1 = s.get("/api/v1/providers/p1").json();
      assertThat(p1.get("location").get("lat").asDouble()).isEqualTo(22.5431);
      TestServer.Answer match = s.post("/api/v1/match", QUERY);
      assertThat(match.status()).isEqualTo(200);
      assertThat(match.body()).contains("\"p1\"");
      assertThat(s.get("/health/live").status()).isEqualTo(200);

      pg.resume();
      awaitTrue(() -> s.get("/health/ready").status() == 200, Duration.ofSeconds(20));
      assertThat(s.put("/api/v1/providers/p1", Documents.worker("p1", 22.6, 114.2)).status())
          .isEqualTo(200);
      assertThat(s.get("/api/v1/providers/p1").json().get("location").get("lat").asDouble())
          .isEqualTo(22.6);
      int beforeRecovery = acknowledged.size();
      awaitTrue(() -> acknowledged.size() >= beforeRecovery + 20, Duration.ofSeconds(15));
      running.set(false);
      for (Thread t : writers) {
        t.join(60_000);
      }

      assertThat(refused)
          .as("writes refused during the outage")
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r).endsWith(":503"));
      // Every acknowledged write is in the database; every refused one is absent from memory.
      List<String> ackedIds =
          acknowledged.stream().map(r -> r.substring(0, r.indexOf(':'))).toList();
      assertThat(s.server.providerStore().loadAll(ackedIds)).hasSize(ackedIds.size());
      for (String r : refused) {
        assertThat(s.get("/api/v1/providers/" + r.substring(0, r.indexOf(':'))).status())
            .isEqualTo(404);
      }
    }
  }

  private static void awaitTrue(BooleanSupplier condition, Duration timeout) {
    org.awaitility.Awaitility.await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(condition::getAsBoolean);
  }
}
