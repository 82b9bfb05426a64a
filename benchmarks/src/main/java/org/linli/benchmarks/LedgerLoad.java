package org.linli.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.linli.core.feedback.HashChain;
import org.linli.core.rating.Dimension;
import org.linli.server.config.ServerConfig;
import org.linli.server.store.Database;
import org.linli.server.store.FeedbackLedger;

/**
 * The feedback ledger under load: {@code n} appends from {@code threads} threads (each one
 * committed transaction that locks the chain's head), timed one by one; then a full verification
 * and a full export, both read from the database in chunks. Embedded H2 unless {@code LINLI_DB_URL}
 * (with {@code LINLI_DB_USER}, {@code LINLI_DB_PASSWORD}) names an empty database.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar org.linli.benchmarks.LedgerLoad
 * 100000 8}
 */
public final class LedgerLoad {
  private LedgerLoad() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    ServerConfig.DbSettings db =
        new ServerConfig.DbSettings(
            System.getenv("LINLI_DB_URL"),
            System.getenv("LINLI_DB_USER"),
            System.getenv("LINLI_DB_PASSWORD"),
            Math.max(10, threads));
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-ledgerload"))
            .clusterName("ledgerload")
            .db(db)
            .build();
    try (Database database = Database.open(config, new SimpleMeterRegistry())) {
      FeedbackLedger ledger = new FeedbackLedger(database, Clock.systemUTC());
      long[] nanos = new long[n];
      AtomicInteger next = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      long t0 = System.nanoTime();
      List<Future<?>> workers = new java.util.ArrayList<>();
      for (int t = 0; t < threads; t++) {
        workers.add(
            pool.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < n) {
                    int stars = 1 + i % 5;
                    long s = System.nanoTime();
                    ledger.append(
                        new FeedbackLedger.Draft(
                            "c-" + i,
                            "p-" + (i % 5_000),
                            "a-" + (i % 300),
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
                            i % 3 == 0 ? null : "服务很好，准时到达，态度亲切。第" + i + "次"));
                    nanos[i] = System.nanoTime() - s;
                  }
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
      pool.shutdown();
      double seconds = (System.nanoTime() - t0) / 1e9;
      Arrays.sort(nanos);
      System.out.printf(
          "ledger on %s: %,d appends from %d threads in %.1f s = %,.0f/s; append p50=%.2f ms"
              + " p99=%.2f ms max=%.2f ms%n",
          database.dialect(),
          n,
          threads,
          seconds,
          n / seconds,
          nanos[n / 2] / 1e6,
          nanos[(int) (n * 0.99)] / 1e6,
          nanos[n - 1] / 1e6);
      long v0 = System.nanoTime();
      HashChain.Verdict v = ledger.verify();
      System.out.printf(
          "verify: valid=%s entries=%,d in %.2f s%n",
          v.valid(), v.entries(), (System.nanoTime() - v0) / 1e9);
      long e0 = System.nanoTime();
      AtomicLong lines = new AtomicLong();
      ledger.export(l -> lines.incrementAndGet());
      System.out.printf(
          "export read: %,d entries in %.2f s%n", lines.get(), (System.nanoTime() - e0) / 1e9);
      long r0 = System.nanoTime();
      int rated = ledger.tallies().size();
      System.out.printf(
          "tallies of %,d providers and agencies in %.2f s%n",
          rated, (System.nanoTime() - r0) / 1e9);
    }
  }
}
