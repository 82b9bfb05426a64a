package org.linli.server.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.linli.core.match.ProviderIndex;
import org.linli.core.provider.Provider;
import org.linli.core.taxonomy.Skill;
import org.linli.server.json.Json;
import org.linli.server.json.MatchJson;

/**
 * Runs the match route's own code (parse the request body, match, render the answer) over
 * residents' needs made from a sample of the indexed providers, before the member reports ready: a
 * member that has just loaded a large index is correct but cold, and its first traffic would wait
 * on the JIT (after a restart with a million providers, the first 35–55 s of 8 000 matches/s
 * saturated two cores, C2 compiling the whole time).
 *
 * <p>The needs are what the route sees: a point within about 2 km of a provider, one of its skills,
 * 1–10 km, both sort orders, a third with free text, some with an explanation; each is sent as JSON
 * bytes and goes through {@link Json#parse(byte[])}, {@link MatchJson#fromRequest}, {@link
 * ProviderIndex#match} and {@link MatchJson#render}. The index only reads, so warming is safe while
 * writes arrive. It stops after {@code maxMatches} matches or after {@code budget}, whichever comes
 * first.
 */
public final class MatchWarmup {
  /** How many distinct needs are made; they are reused round robin. */
  static final int NEEDS = 512;

  /**
   * Enough for C2 to have compiled the match path's methods (a method is compiled after about 10
   * 000 calls; the scan's loops sooner).
   */
  public static final long MAX_MATCHES = 100_000;

  /**
   * Requests over HTTP after the in-process pass. A restarted member with a million providers,
   * warmed in process only, still saturated two cores for 25 s at 8 000 matches/s while its HTTP
   * code compiled; after 25 s at 2 000/s (50 000 requests) it did not, and after this many, sent as
   * fast as they are answered, it did not.
   */
  public static final long MAX_HTTP_REQUESTS = 30_000;

  static final int HTTP_CONNECTIONS = 16;

  /** What a warm-up did. */
  public record Outcome(long matches, long errors, Duration took) {}

  private final ProviderIndex index;
  private final List<byte[]> needs;

  /**
   * @param index the index to warm
   * @param sample providers to make the needs from (empty: nothing to warm)
   * @param seed for the needs' points, radii and orders
   */
  public MatchWarmup(ProviderIndex index, List<Provider> sample, long seed) {
    this.index = index;
    this.needs = needs(sample, seed);
  }

  /** The request bodies, as a client would send them. */
  static List<byte[]> needs(List<Provider> sample, long seed) {
    List<byte[]> out = new ArrayList<>();
    if (sample.isEmpty()) {
      return out;
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int i = 0; i < NEEDS; i++) {
      Provider p = sample.get(i % sample.size()); // a provider always has a location and a skill
      List<Skill> skills = List.copyOf(p.skills());
      Skill skill = skills.get(rnd.nextInt(skills.size()));
      double lat = p.location().lat() + (rnd.nextDouble() - 0.5) * 0.036; // ±2 km north-south
      double lon =
          p.location().lon() + (rnd.nextDouble() - 0.5) * 0.036 / Math.cos(Math.toRadians(lat));
      lat = Math.max(-90, Math.min(90, lat));
      lon = Math.max(-180, Math.min(180, lon));
      ObjectNode need = Json.object();
      need.putObject("location").put("lat", lat).put("lon", lon);
      need.put("radiusMeters", (double) (1_000 * (1 + rnd.nextInt(10))));
      need.putArray("skills").add(skill.code());
      if (i % 3 == 0) {
        need.put("text", skill.labelZh());
      }
      need.put("sort", i % 2 == 0 ? "distance" : "score");
      need.put("limit", 10);
      if (i % 4 == 1) {
        need.put("explain", true);
      }
      out.add(Json.bytes(need));
    }
    return out;
  }

  /** How many needs there are to warm with (0 when the sample was empty). */
  public int needCount() {
    return needs.size();
  }

  /**
   * Warms on {@code threads} threads of its own (the match workers' count, so that both cores'
   * compilers see the same code paths run concurrently), and waits for them.
   */
  public Outcome run(int threads, long maxMatches, Duration budget) throws InterruptedException {
    long start = System.nanoTime();
    if (needs.isEmpty() || maxMatches <= 0 || budget.isZero() || budget.isNegative()) {
      return new Outcome(0, 0, Duration.ofNanos(System.nanoTime() - start));
    }
    long deadline = start + budget.toNanos();
    AtomicLong claimed = new AtomicLong();
    AtomicLong ran = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "linli-warmup");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t * needs.size() / threads;
        tasks.add(
            () -> {
              int i = first;
              while (System.nanoTime() < deadline
                  && !Thread.currentThread().isInterrupted()
                  && claimed.getAndIncrement() < maxMatches) {
                try {
                  answer(needs.get(i));
                } catch (RuntimeException e) {
                  errors.incrementAndGet();
                }
                ran.incrementAndGet();
                i = next(i);
              }
              return null;
            });
      }
      for (Future<Void> f : pool.invokeAll(tasks)) {
        if (f.isCancelled()) {
          throw new InterruptedException("warm-up cancelled");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return new Outcome(ran.get(), errors.get(), Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Posts the needs to {@code router} (the member's own, with rate limits off) through a listener
   * of its own on the loopback interface, {@value #HTTP_CONNECTIONS} requests at a time, until
   * {@code maxRequests} have been answered or {@code budget} has passed: this compiles what the
   * in-process pass does not reach, Netty's and Vert.x's HTTP code, the router, the body handler
   * and the answer's way back. The listener is closed after. An answer other than 200 counts as an
   * error; a request that gets no answer (the listener or the client gone) counts as one too and
   * ends its chain, so a warm-up that cannot reach its listener stops at once.
   */
  public Outcome runOverHttp(Vertx vertx, Router router, long maxRequests, Duration budget)
      throws InterruptedException {
    long start = System.nanoTime();
    if (needs.isEmpty() || maxRequests <= 0 || budget.isZero() || budget.isNegative()) {
      return new Outcome(0, 0, Duration.ofNanos(System.nanoTime() - start));
    }
    long deadline = start + budget.toNanos();
    HttpServer server =
        join(
            vertx
                .createHttpServer(new HttpServerOptions().setCompressionSupported(true))
                .requestHandler(router)
                .listen(0, "127.0.0.1"));
    HttpClientAgent client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(server.actualPort())
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(HTTP_CONNECTIONS));
    Chains chains = new Chains(client, maxRequests, deadline);
    try {
      for (int c = 0; c < HTTP_CONNECTIONS; c++) {
        chains.post(c * needs.size() / HTTP_CONNECTIONS);
      }
      // Each chain stops at the deadline once its request in flight is answered (the route's
      // timeout is 30 s).
      chains.finished.await(budget.toMillis() + 35_000, TimeUnit.MILLISECONDS);
    } finally {
      chains.stopped.set(true);
      client.close();
      server.close();
    }
    return new Outcome(
        chains.ran.get(), chains.errors.get(), Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * {@value #HTTP_CONNECTIONS} chains of requests, each request sent when the one before it was
   * answered.
   */
  private final class Chains {
    final HttpClientAgent client;
    final long max;
    final long deadline;
    final AtomicLong claimed = new AtomicLong();
    final AtomicLong ran = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicBoolean stopped = new AtomicBoolean();
    final CountDownLatch finished = new CountDownLatch(HTTP_CONNECTIONS);

    Chains(HttpClientAgent client, long max, long deadline) {
      this.client = client;
      this.max = max;
      this.deadline = deadline;
    }

    void post(int i) {
      if (stopped.get() || System.nanoTime() >= deadline || claimed.getAndIncrement() >= max) {
        finished.countDown();
        return;
      }
      Buffer body = Buffer.buffer(needs.get(i));
      client
          .request(
              new RequestOptions()
                  .setMethod(HttpMethod.POST)
                  .setURI("/api/v1/match")
                  .putHeader("Content-Type", "application/json"))
          .compose(request -> request.send(body))
          .compose(response -> response.body().map(b -> response.statusCode()))
          .onComplete(
              answered -> {
                ran.incrementAndGet();
                if (answered
                    .failed()) { // no answer: this chain ends (and so cannot recurse on failed
                  // futures)
                  errors.incrementAndGet();
                  finished.countDown();
                  return;
                }
                if (answered.result() != 200) {
                  errors.incrementAndGet();
                }
                post(next(i));
              });
    }
  }

  private static <T> T join(io.vertx.core.Future<T> f) throws InterruptedException {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the warm-up's loopback listener did not start", e);
    }
  }

  /** The need after need {@code i}, round robin. */
  private int next(int i) {
    return i + 1 == needs.size() ? 0 : i + 1;
  }

  /** What the match route does with one body, minus the HTTP. */
  Buffer answer(byte[] body) {
    return MatchJson.render(index.match(MatchJson.fromRequest(Json.parse(body))));
  }
}
