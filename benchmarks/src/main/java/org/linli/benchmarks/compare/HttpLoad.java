package org.linli.benchmarks.compare;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The open-loop HTTP load generator, in a JVM of its own with a small heap (so that the comparison's
 * million-provider oracle heap and its collector pauses stay out of the measured latencies): one event loop sends
 * {@code POST /api/v1/match} bodies from a query file on a fixed schedule over keep-alive connections and counts
 * each latency from when its request was due, while a {@link Hiccups} meter records this machine's stalls. Prints one
 * line per rate: {@code rate achieved p50 p99 p999 max count errors saturated stallP99 stallMax} (milliseconds); a
 * rate of {@code peak} is a closed
 * loop instead, every connection busy all the time, and prints {@code peak <answers per second>}.
 *
 * <p>{@code java -Xmx512m -cp benchmarks.jar org.linli.benchmarks.compare.HttpLoad <port> <queries.ndjson>
 * <seconds> <connections> <rate>...}
 */
public final class HttpLoad {
  private HttpLoad() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    List<String> bodies = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
    double seconds = Double.parseDouble(args[2]);
    int connections = Integer.parseInt(args[3]);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(port).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(connections)
        .setMaxWaitQueueSize(-1));
    // Warm-up, not reported: this JVM's JIT and the server's, at the first step's load.
    if (args[4].equals("peak")) {
      peak(vertx, client, bodies, connections, Math.min(5, seconds));
    } else {
      run(vertx, client, bodies, Double.parseDouble(args[4]), Math.min(5, seconds));
    }
    for (int a = 4; a < args.length; a++) {
      System.out.println(args[a].equals("peak") ? peak(vertx, client, bodies, connections, seconds)
          : run(vertx, client, bodies, Double.parseDouble(args[a]), seconds));
      System.out.flush();
    }
    client.close().await();
    vertx.close().await();
  }

  /** A closed loop: {@code connections} requests outstanding at all times for {@code seconds}. */
  private static String peak(Vertx vertx, HttpClientAgent client, List<String> bodies, int connections,
      double seconds) throws InterruptedException {
    Context context = vertx.getOrCreateContext();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    long[] counts = new long[3]; // sent, completed, failed: on the context only
    CountDownLatch done = new CountDownLatch(1);
    long start = System.nanoTime();
    Runnable[] next = new Runnable[1];
    next[0] = () -> {
      if (System.nanoTime() >= end) {
        if (counts[1] == counts[0]) {
          done.countDown();
        }
        return;
      }
      String body = bodies.get((int) (counts[0]++ % bodies.size()));
      client.request(HttpMethod.POST, "/api/v1/match")
          .compose(req -> req.putHeader("Content-Type", "application/json").send(body))
          .compose(resp -> resp.statusCode() == 200 ? resp.end()
              : io.vertx.core.Future.failedFuture("status " + resp.statusCode()))
          .onComplete(ar -> {
            counts[1]++;
            counts[2] += ar.succeeded() ? 0 : 1;
            next[0].run();
          });
    };
    context.runOnContext(v -> {
      for (int i = 0; i < connections; i++) {
        next[0].run();
      }
    });
    done.await((long) seconds + 60, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    return String.format(Locale.ROOT, "peak %.1f %d", (counts[1] - counts[2]) / elapsed, counts[2]);
  }

  private static String run(Vertx vertx, HttpClientAgent client, List<String> bodies, double rate, double seconds)
      throws InterruptedException {
    Histogram h = new Histogram(3);
    AtomicLong errors = new AtomicLong();
    long total = (long) (rate * seconds);
    long period = (long) (1e9 / rate);
    long backlogLimit = (long) Math.max(100, 2 * rate);
    Context context = vertx.getOrCreateContext();
    AtomicLong completed = new AtomicLong();
    long[] last = new long[1]; // touched only on the context
    boolean saturated = false;
    Hiccups stalls = Hiccups.start();
    long start = System.nanoTime();
    long sent = 0;
    // This thread keeps the schedule (parkNanos is precise to tens of microseconds); the event loop sends.
    while (sent < total) {
      long due = start + sent * period;
      long now = System.nanoTime();
      if (now < due) {
        java.util.concurrent.locks.LockSupport.parkNanos(due - now);
        continue;
      }
      if (sent - completed.get() > backlogLimit) {
        saturated = true;
        break;
      }
      String body = bodies.get((int) (sent % bodies.size()));
      sent++;
      context.runOnContext(v -> client.request(HttpMethod.POST, "/api/v1/match")
          .compose(req -> req.putHeader("Content-Type", "application/json").send(body))
          .compose(resp -> resp.statusCode() == 200 ? resp.end()
              : io.vertx.core.Future.failedFuture("status " + resp.statusCode()))
          .onComplete(ar -> {
            long end = System.nanoTime();
            if (ar.succeeded()) {
              h.recordValue(end - due);
            } else {
              errors.incrementAndGet();
            }
            last[0] = Math.max(last[0], end);
            completed.incrementAndGet();
          }));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (completed.get() < sent && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    CountDownLatch read = new CountDownLatch(1);
    long[] lastSeen = new long[1];
    context.runOnContext(v -> {
      lastSeen[0] = last[0];
      read.countDown();
    });
    read.await();
    Histogram stalled = stalls.stop();
    double elapsed = (lastSeen[0] - start) / 1e9;
    return String.format(Locale.ROOT, "%.1f %.1f %.5f %.5f %.5f %.5f %d %d %b %.5f %.5f", rate,
        h.getTotalCount() / elapsed, h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
        h.getValueAtPercentile(99.9) / 1e6, h.getMaxValue() / 1e6, h.getTotalCount(),
        errors.get() + (sent - completed.get()), saturated, stalled.getValueAtPercentile(99) / 1e6,
        stalled.getMaxValue() / 1e6);
  }
}
