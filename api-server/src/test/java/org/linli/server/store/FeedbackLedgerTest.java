package org.linli.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.linli.core.error.ConflictException;
import org.linli.core.feedback.HashChain;
import org.linli.core.rating.Dimension;
import org.linli.core.rating.RatingTally;
import org.linli.server.config.ServerConfig;

/**
 * The ledger on embedded H2 and on a real PostgreSQL: concurrent appends through separate pools (as
 * from separate members) form one chain; changing, deleting or swapping entries directly in the
 * database is found at that entry.
 */
class FeedbackLedgerTest {
  private final List<Database> opened = new ArrayList<>();

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("h2"), Arguments.of("postgresql"));
  }

  /** Two pools on one database, as two members would have. */
  private List<Database> databases(String kind) throws Exception {
    ServerConfig.DbSettings db;
    java.nio.file.Path dir = Files.createTempDirectory("linli-ledger");
    if (kind.equals("h2")) {
      db =
          new ServerConfig.DbSettings(
              Database.embeddedUrl(dir),
              Database.embeddedUser(),
              Database.embeddedPassword(dir),
              10);
    } else {
      db = TestPostgres.shared().newDatabase();
    }
    ServerConfig config = ServerConfig.loopback(dir).clusterName("ledger-test").db(db).build();
    List<Database> out =
        List.of(
            Database.open(config, new SimpleMeterRegistry()),
            Database.open(config, new SimpleMeterRegistry()));
    opened.addAll(out);
    return out;
  }

  @AfterEach
  void close() {
    opened.forEach(Database::close);
  }

  static FeedbackLedger.Draft draft(String caseId, String provider, String agency, int stars) {
    return new FeedbackLedger.Draft(
        caseId,
        provider,
        agency,
        stars,
        Map.of(
            Dimension.TIMELINESS,
            stars,
            Dimension.PROFESSIONALISM,
            5,
            Dimension.ATTITUDE,
            4,
            Dimension.OUTCOME,
            stars),
        "第" + caseId + "次 \"好\"");
  }

  static void sql(Database d, String statement) throws Exception {
    try (Connection c = d.connection();
        Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void concurrentAppendsFromTwoPools_formOneValidChain_andACaseIsRatedOnce(String kind)
      throws Exception {
    List<Database> dbs = databases(kind);
    List<FeedbackLedger> ledgers =
        dbs.stream().map(d -> new FeedbackLedger(d, Clock.systemUTC())).toList();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<HashChain.Link>> appended = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      FeedbackLedger.Draft d = draft("c" + i, "p" + (i % 7), i % 2 == 0 ? "a1" : null, 1 + i % 5);
      FeedbackLedger l = ledgers.get(i % 2);
      appended.add(pool.submit(() -> l.append(d)));
    }
    Set<Long> seqs = ConcurrentHashMap.newKeySet();
    for (Future<HashChain.Link> f : appended) {
      seqs.add(f.get().entry().seq());
    }
    // Ten more tries of one already-rated case, racing each other: every one is refused.
    List<Future<?>> again = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      FeedbackLedger l = ledgers.get(i % 2);
      again.add(pool.submit(() -> l.append(draft("c3", "p3", null, 5))));
    }
    for (Future<?> f : again) {
      assertThatThrownBy(f::get).hasCauseInstanceOf(ConflictException.class);
    }
    pool.shutdown();
    assertThat(seqs).hasSize(200).allMatch(s -> s >= 1 && s <= 200);
    HashChain.Verdict v = ledgers.get(1).verify();
    assertThat(v.valid()).as(v.reason()).isTrue();
    assertThat(v.entries()).isEqualTo(200);

    // Tallies against a brute-force count of what was appended.
    RatingTally p3 = ledgers.get(0).tally("p3");
    List<Integer> stars = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      if (i % 7 == 3) {
        stars.add(1 + i % 5);
      }
    }
    assertThat(p3.count()).isEqualTo(stars.size());
    assertThat(p3.overallSum()).isEqualTo(stars.stream().mapToLong(Integer::longValue).sum());
    assertThat(ledgers.get(0).tally("a1").count()).isEqualTo(100);
    assertThat(ledgers.get(0).tallies().get("a1").count()).isEqualTo(100);
    assertThat(ledgers.get(0).tallies().get("p3")).isEqualTo(p3);
    List<HashChain.Link> page = ledgers.get(0).about("p3", Long.MAX_VALUE, 5);
    assertThat(page).hasSize(5);
    assertThat(page.stream().map(l -> l.entry().seq()).toList())
        .isSortedAccordingTo((a, b) -> Long.compare(b, a));
    assertThat(ledgers.get(0).about("p3", page.get(4).entry().seq(), 100))
        .hasSize(stars.size() - 5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void changingDeletingOrSwappingEntriesInTheDatabase_isFoundAtThatEntry(String kind)
      throws Exception {
    Database d = databases(kind).get(0);
    FeedbackLedger ledger = new FeedbackLedger(d, Clock.systemUTC());
    for (int i = 1; i <= 8; i++) {
      ledger.append(draft("c" + i, "p1", null, 1 + i % 5));
    }
    assertThat(ledger.verify().valid()).isTrue();
    String head = ledger.verify().head();

    sql(d, "UPDATE feedback SET comment = 'edited' WHERE seq = 5");
    assertThat(ledger.verify())
        .extracting(HashChain.Verdict::valid, HashChain.Verdict::badSeq, HashChain.Verdict::badId)
        .containsExactly(false, 5L, "f5");
    sql(d, "UPDATE feedback SET comment = '第c5次 \"好\"' WHERE seq = 5");
    assertThat(ledger.verify().valid()).as("restored").isTrue();

    sql(d, "UPDATE feedback SET rating = 9 WHERE seq = 2");
    assertThat(ledger.verify().badSeq()).isEqualTo(2);
    sql(d, "UPDATE feedback SET rating = " + (1 + 2 % 5) + " WHERE seq = 2");

    // Swap entries 3 and 6 (their positions).
    sql(d, "UPDATE feedback SET seq = -3 WHERE seq = 3");
    sql(d, "UPDATE feedback SET seq = 3 WHERE seq = 6");
    sql(d, "UPDATE feedback SET seq = 6 WHERE seq = -3");
    assertThat(ledger.verify().badSeq()).isEqualTo(3);
    sql(d, "UPDATE feedback SET seq = -3 WHERE seq = 3");
    sql(d, "UPDATE feedback SET seq = 3 WHERE seq = 6");
    sql(d, "UPDATE feedback SET seq = 6 WHERE seq = -3");
    assertThat(ledger.verify().valid()).isTrue();

    sql(d, "DELETE FROM feedback WHERE seq = 4");
    HashChain.Verdict deleted = ledger.verify();
    assertThat(deleted.valid()).isFalse();
    assertThat(deleted.badSeq()).isEqualTo(4);
    assertThat(deleted.badId()).isEqualTo("f5");

    // Removing the last entry (and leaving the head alone) is found too.
    Database fresh = databases(kind).get(0);
    FeedbackLedger other = new FeedbackLedger(fresh, Clock.systemUTC());
    for (int i = 1; i <= 3; i++) {
      other.append(draft("c" + i, "p1", null, 3));
    }
    sql(fresh, "DELETE FROM feedback WHERE seq = 3");
    HashChain.Verdict tail = other.verify();
    assertThat(tail.valid()).isFalse();
    assertThat(tail.badSeq()).isEqualTo(3);
    assertThat(tail.reason()).contains("missing at the end");
    assertThat(head).hasSize(64);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void export_readsEveryEntryInOrder_inChunks(String kind) throws Exception {
    FeedbackLedger ledger = new FeedbackLedger(databases(kind).get(0), Clock.systemUTC());
    for (int i = 1; i <= 1_234; i++) {
      ledger.append(draft("c" + i, "p" + (i % 3), null, 4));
    }
    List<Long> seqs = new ArrayList<>();
    ledger.export(l -> seqs.add(l.entry().seq()));
    assertThat(seqs).hasSize(1_234);
    assertThat(seqs.stream().map(String::valueOf).collect(Collectors.joining(",")))
        .isEqualTo(
            java.util.stream.LongStream.rangeClosed(1, 1_234)
                .mapToObj(String::valueOf)
                .collect(Collectors.joining(",")));
  }
}
