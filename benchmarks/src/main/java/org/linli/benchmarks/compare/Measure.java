package org.linli.benchmarks.compare;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How the engines are timed: one caller in sequence, a closed loop for the peak, and an open loop
 * at set rates.
 */
final class Measure {
  private Measure() {}

  /**
   * Latency figures in milliseconds, with the rates they were measured at; and, for open-loop
   * steps, how late the load generator's {@link Hiccups} meter woke during the step (p99 and max,
   * milliseconds; NaN if not measured) and, over HTTP, how long the server's threads were all
   * stopped ({@link ServerPauses}).
   */
  record Latency(
      double offeredPerSecond,
      double achievedPerSecond,
      double p50,
      double p99,
      double p999,
      double max,
      long count,
      long errors,
      boolean saturated,
      double stallP99,
      double stallMax,
      ServerPauses.Stops serverStops) {
    /**
     * Figures without the server's stops (not measured: an in-process engine, or a log without
     * wall-clock times).
     */
    Latency(
        double offeredPerSecond,
        double achievedPerSecond,
        double p50,
        double p99,
        double p999,
        double max,
        long count,
        long errors,
        boolean saturated,
        double stallP99,
        double stallMax) {
      this(
          offeredPerSecond,
          achievedPerSecond,
          p50,
          p99,
          p999,
          max,
          count,
          errors,
          saturated,
          stallP99,
          stallMax,
          ServerPauses.Stops.NONE);
    }

    static Latency of(
        Histogram h, double offered, double achieved, long errors, boolean saturated) {
      return new Latency(
          offered,
          achieved,
          h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(99) / 1e6,
          h.getValueAtPercentile(99.9) / 1e6,
          h.getMaxValue() / 1e6,
          h.getTotalCount(),
          errors,
          saturated,
          Double.NaN,
          Double.NaN);
    }

    /** These figures with the machine's stalls during the same step. */
    Latency withStalls(Histogram stalls) {
      return new Latency(
          offeredPerSecond,
          achievedPerSecond,
          p50,
          p99,
          p999,
          max,
          count,
          errors,
          saturated,
          stalls.getValueAtPercentile(99) / 1e6,
          stalls.getMaxValue() / 1e6,
          serverStops);
    }
  }

  /**
   * One caller asks the queries one after another ({@code warmup} first, not counted), {@code
   * count} of them or as many as 30 seconds allow (warm-up: 10 seconds), so that a slow engine does
   * not hold up the run.
   */
  static Latency sequential(Engine e, List<Workload.Query> queries, int warmup, int count)
      throws Exception {
    long warmEnd = System.nanoTime() + 10_000_000_000L;
    for (int i = 0; i < warmup && System.nanoTime() < warmEnd; i++) {
      e.query(queries.get(i % queries.size()));
    }
    Histogram h = new Histogram(3);
    long start = System.nanoTime();
    long end = start + 30_000_000_000L;
    int done = 0;
    for (int i = 0; i < count && (i < 50 || System.nanoTime() < end); i++) {
      long t0 = System.nanoTime();
      e.query(queries.get((warmup + i) % queries.size()));
      h.recordValue(System.nanoTime() - t0);
      done++;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return Latency.of(h, 0, done / seconds, 0, false);
  }

  /**
   * Asks one query after another, untimed, for {@code seconds} (at least one query): a step to
   * profile, long enough for the sampler to see it. Returns how many were asked.
   */
  static int repeatFor(Engine e, List<Workload.Query> queries, double seconds) throws Exception {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int done = 0;
    do {
      e.query(queries.get(done++ % queries.size()));
    } while (System.nanoTime() < end);
    return done;
  }

  /**
   * The peak: {@code inFlight} requests outstanding at all times for {@code seconds}; answers per
   * second.
   */
  static double closedLoop(
      Engine e, List<Workload.Query> queries, int inFlight, double seconds, ExecutorService pool)
      throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    AtomicLong done = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    int i = 0;
    while (System.nanoTime() < end) {
      permits.acquire();
      e.queryAsync(queries.get(i++ % queries.size()), pool)
          .whenComplete(
              (a, t) -> {
                (t == null ? done : failed).incrementAndGet();
                permits.release();
              });
    }
    permits.acquire(inFlight);
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (failed.get() > 0) {
      throw new IllegalStateException(
          e.name() + ": " + failed.get() + " requests failed under load");
    }
    return done.get() / elapsed;
  }

  /**
   * An open loop: requests are sent at {@code rate} per second on a fixed schedule whatever the
   * engine does, and each latency is counted from the moment its request was due, so that waiting
   * in a queue counts (no coordinated omission). Stops early, marked saturated, when more than two
   * seconds of requests are outstanding: its figures then describe a queue that was still growing.
   */
  static Latency openLoop(
      Engine e, List<Workload.Query> queries, double rate, double seconds, ExecutorService pool)
      throws InterruptedException {
    Recorder recorder = new Recorder(3);
    AtomicInteger outstanding = new AtomicInteger();
    AtomicLong errors = new AtomicLong();
    AtomicLong lastDone = new AtomicLong();
    long period = (long) (1e9 / rate);
    long start = System.nanoTime();
    long total = (long) (rate * seconds);
    long sent = 0;
    int backlogLimit = (int) Math.max(100, rate * 2);
    Hiccups stalls = Hiccups.start();
    while (sent < total) {
      long due = start + sent * period;
      long now = System.nanoTime();
      if (now < due) {
        LockSupport.parkNanos(due - now);
        continue;
      }
      if (outstanding.get() > backlogLimit) {
        break; // saturated: the queue grows without bound
      }
      final long intended = due;
      outstanding.incrementAndGet();
      e.queryAsync(queries.get((int) (sent % queries.size())), pool)
          .whenComplete(
              (a, t) -> {
                long finished = System.nanoTime();
                if (t == null) {
                  recorder.recordValue(finished - intended);
                } else {
                  errors.incrementAndGet();
                }
                lastDone.accumulateAndGet(finished, Math::max);
                outstanding.decrementAndGet();
              });
      sent++;
    }
    boolean saturated = sent < total;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (outstanding.get() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Histogram stalled = stalls.stop();
    Histogram h = recorder.getIntervalHistogram();
    double elapsed = (lastDone.get() - start) / 1e9;
    double achieved = h.getTotalCount() / Math.max(elapsed, 1e-9);
    return Latency.of(h, rate, achieved, errors.get() + outstanding.get(), saturated)
        .withStalls(stalled);
  }
}
