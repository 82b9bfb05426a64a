package org.linli.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.core.HazelcastJsonValue;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.linli.core.error.UnavailableException;
import org.linli.server.config.ServerConfig;

/** The write-through store's contract, on embedded H2 and on a real PostgreSQL. */
class DocumentStoreTest {
  private final List<Database> opened = new ArrayList<>();
  private final AtomicBoolean reachable = new AtomicBoolean(true);

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("h2"), Arguments.of("postgresql"));
  }

  /** A store as the server makes it (its own pauses between a failed load's attempts). */
  private DocumentStore store(String kind) throws Exception {
    return new DocumentStore(
        open(kind), "providers", Clock.systemUTC(), reachable::get, new SimpleMeterRegistry());
  }

  /** A store whose pauses between a failed load's attempts go to {@code pauser} instead. */
  private DocumentStore store(String kind, LongConsumer pauser) throws Exception {
    return new DocumentStore(
        open(kind),
        "providers",
        Clock.systemUTC(),
        reachable::get,
        new SimpleMeterRegistry(),
        pauser,
        Sealing.NONE);
  }

  private Database open(String kind) throws Exception {
    ServerConfig.DbSettings db =
        kind.equals("h2") ? ServerConfig.DbSettings.EMBEDDED : TestPostgres.shared().newDatabase();
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-store"))
            .clusterName("store-test")
            .db(db)
            .build();
    Database d = Database.open(config, new SimpleMeterRegistry());
    opened.add(d);
    assertThat(d.dialect().name()).isEqualTo(kind.equals("h2") ? "H2" : "POSTGRESQL");
    return d;
  }

  @AfterEach
  void close() {
    opened.forEach(Database::close);
  }

  private static HazelcastJsonValue doc(String id, String name) {
    return new HazelcastJsonValue("{\"id\":\"" + id + "\",\"name\":\"" + name + "\"}");
  }

  private static Map<String, String> everything(DocumentStore s) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    s.loadAllKeys().forEach(keys::add);
    s.loadAll(keys).forEach((k, v) -> out.put(k, v.getValue()));
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void store_twice_leavesOneRowWithTheLastDocument(String kind) throws Exception {
    DocumentStore s = store(kind);
    s.store("p1", doc("p1", "first"));
    s.store("p1", doc("p1", "first"));
    s.store("p1", doc("p1", "王芳 second"));
    assertThat(s.count()).isEqualTo(1);
    assertThat(everything(s)).containsExactly(Map.entry("p1", doc("p1", "王芳 second").getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void storeAll_thenLoad_returnsEveryDocumentExactly(String kind) throws Exception {
    DocumentStore s = store(kind);
    Map<String, HazelcastJsonValue> batch = new LinkedHashMap<>();
    for (int i = 0; i < 2_500; i++) {
      batch.put("p" + i, doc("p" + i, "社工 " + i));
    }
    // A document as large as a 10 000-vertex polygon makes it (about 400 KB).
    StringBuilder big = new StringBuilder("{\"id\":\"big\",\"ring\":[");
    for (int i = 0; i < 10_000; i++) {
      big.append(i == 0 ? "" : ",").append("[114.05791234567,22.5431123456]");
    }
    batch.put("big", new HazelcastJsonValue(big.append("]}").toString()));
    s.storeAll(batch);
    s.storeAll(batch); // idempotent
    assertThat(s.count()).isEqualTo(2_501);
    Map<String, String> loaded = everything(s);
    assertThat(loaded).hasSize(2_501);
    batch.forEach((k, v) -> assertThat(loaded.get(k)).as(k).isEqualTo(v.getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void delete_andDeleteAll_removeRows_andDeletingAMissingKeyIsHarmless(String kind)
      throws Exception {
    DocumentStore s = store(kind);
    s.storeAll(Map.of("a", doc("a", "a"), "b", doc("b", "b"), "c", doc("c", "c")));
    s.delete("a");
    s.delete("a");
    s.deleteAll(List.of("b", "nope"));
    assertThat(everything(s)).containsOnlyKeys("c");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void writes_whileTheProbeSaysDown_failFastAndChangeNothing(String kind) throws Exception {
    DocumentStore s = store(kind);
    s.store("a", doc("a", "kept"));
    reachable.set(false);
    assertThatThrownBy(() -> s.store("a", doc("a", "lost")))
        .isInstanceOfSatisfying(
            UnavailableException.class, e -> assertThat(e.code()).isEqualTo("store-unavailable"));
    assertThatThrownBy(() -> s.delete("a")).isInstanceOf(UnavailableException.class);
    reachable.set(true);
    assertThat(everything(s)).containsExactly(Map.entry("a", doc("a", "kept").getValue()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void storeAllAhead_thenTheSameWriteThrough_isSkipped(String kind) throws Exception {
    DocumentStore s = store(kind);
    s.storeAllAhead(Map.of("a", doc("a", "v1"), "b", doc("b", "v1")));
    reachable.set(false); // a skipped store needs no database
    s.store("a", doc("a", "v1"));
    reachable.set(true);
    assertThat(everything(s)).containsEntry("a", doc("a", "v1").getValue()).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void storeAllAhead_withARacingWriteOrDelete_endsWithTheLastWriteThrough(String kind)
      throws Exception {
    DocumentStore s = store(kind);
    s.storeAllAhead(Map.of("a", doc("a", "import"), "b", doc("b", "import")));
    s.store(
        "a", doc("a", "single")); // a single write lands between the import's commit and its setAll
    s.delete("b"); // so does a delete
    s.store("a", doc("a", "import")); // then the setAll's write-through: memory now holds "import"
    s.store("b", doc("b", "import"));
    s.forgetAhead(List.of("a", "b"));
    assertThat(everything(s))
        .containsEntry("a", doc("a", "import").getValue())
        .containsEntry("b", doc("b", "import").getValue());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void load_ofAKeyNotInMemory_isNull_withoutAskingTheDatabase(String kind) throws Exception {
    DocumentStore s = store(kind);
    s.store("a", doc("a", "a"));
    opened.get(0).close(); // a point load must not need the database at all
    assertThat(s.load("a")).isNull();
  }

  /**
   * Hazelcast asks for many batches at once at start; one that cannot have a connection within the
   * pool's wait (3 s) must wait longer and load, not fail (Hazelcast would go on with that batch
   * missing from memory).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void loadAll_whileEveryConnectionIsBusyLongerThanThePoolWaits_waitsThenLoadsEverything(
      String kind) throws Exception {
    DocumentStore s = store(kind);
    Map<String, HazelcastJsonValue> batch = new LinkedHashMap<>();
    for (int i = 0; i < 500; i++) {
      batch.put("p" + i, doc("p" + i, "社工 " + i));
    }
    s.storeAll(batch);
    Database d = opened.get(0);
    List<Connection> held = new ArrayList<>();
    for (int i = 0; i < d.pool().getMaximumPoolSize(); i++) {
      held.add(d.connection());
    }
    CompletableFuture<Map<String, HazelcastJsonValue>> load =
        CompletableFuture.supplyAsync(() -> s.loadAll(batch.keySet()));
    try {
      org.awaitility.Awaitility.await("the load waits while every connection is held")
          .during(java.time.Duration.ofSeconds(4))
          .atMost(java.time.Duration.ofSeconds(6))
          .until(() -> !load.isDone());
    } finally {
      for (Connection c : held) {
        c.close();
      }
    }
    assertThat(load.get(30, TimeUnit.SECONDS)).isEqualTo(batch);
    assertThat(s.failedLoads()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void
      loads_whenTheDatabaseStaysAway_tryAgainWithGrowingPauses_thenFailAndAreCounted_andLaterOnesFailAtOnce(
          String kind) throws Exception {
    List<Long> pauses = new ArrayList<>();
    DocumentStore s = store(kind, pauses::add);
    s.store("a", doc("a", "a"));
    opened.get(0).close();
    assertThatThrownBy(() -> s.loadAll(List.of("a")))
        .isInstanceOfSatisfying(
            UnavailableException.class, e -> assertThat(e.code()).isEqualTo("store-unavailable"));
    assertThat(pauses).containsExactly(250L, 500L, 1_000L, 2_000L, 4_000L, 5_000L, 5_000L);
    assertThat(s.failedLoads()).isEqualTo(1);
    // The member will not be ready now: later loads give up at once instead of each waiting out its
    // attempts.
    assertThatThrownBy(s::loadAllKeys).isInstanceOf(UnavailableException.class);
    assertThat(s.failedLoads()).isEqualTo(2);
    assertThat(pauses).hasSize(7);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void aLoadEndedOtherwise_byAnInterruptedPause_isCountedToo(String kind) throws Exception {
    DocumentStore s =
        store(
            kind,
            millis -> {
              throw new IllegalStateException("interrupted while pausing");
            });
    opened.get(0).close();
    assertThatThrownBy(() -> s.loadAll(List.of("a"))).isInstanceOf(IllegalStateException.class);
    assertThat(s.failedLoads()).isEqualTo(1);
  }
}
