package org.linli.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.linli.ranking.ProviderSearchIndex;
import org.linli.server.cluster.ClusterNode;
import org.linli.server.cluster.IndexFeeder;
import org.linli.server.cluster.ProviderRegistry;
import org.linli.server.config.ServerConfig;
import org.linli.server.demo.DemoData;
import org.linli.server.http.ApiRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: wires configuration, the Hazelcast member, the index and its feeder, metrics and the
 * HTTP server, and takes them down again in reverse order.
 */
public final class LinliServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LinliServer.class);

  private final ServerConfig config;
  private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private Vertx vertx;
  private ClusterNode cluster;
  private IndexFeeder feeder;
  private HttpServer http;
  private WorkerExecutor workers;

  public LinliServer(ServerConfig config) {
    this.config = config;
  }

  /** Starts everything; blocks until the HTTP port is bound (readiness follows when the index is loaded). */
  public LinliServer start() throws Exception {
    long t0 = System.nanoTime();
    vertx = Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
            .setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(metrics))
        .build();
    cluster = ClusterNode.start(config);
    ProviderSearchIndex index = new ProviderSearchIndex();
    feeder = new IndexFeeder(cluster.providers(), index);
    feeder.start();
    metrics.gauge("linli.index.backlog", feeder, IndexFeeder::backlog);
    metrics.more().counter("linli.index.changes.applied", java.util.List.of(), feeder, IndexFeeder::appliedCount);
    ProviderRegistry registry = new ProviderRegistry(cluster.providers(), Clock.systemUTC());
    if (config.demo()) {
      DemoData.loadIfEmpty(cluster.providers(), registry);
    }
    workers = vertx.createSharedWorkerExecutor("linli-workers", config.matchThreads());
    ApiRouter api = new ApiRouter(vertx, registry, index, workers, metrics, this::isReady);
    http = vertx.createHttpServer(new HttpServerOptions().setCompressionSupported(true))
        .requestHandler(api.router())
        .listen(config.httpPort(), config.httpHost())
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    LOG.info("Linli listening on http://{}:{} (started in {} ms)", config.httpHost(), http.actualPort(),
        (System.nanoTime() - t0) / 1_000_000);
    return this;
  }

  /** True once the member runs and this member's index holds the whole map. */
  public boolean isReady() {
    return cluster != null && cluster.isRunning() && feeder != null && feeder.isLoaded();
  }

  /** Waits until {@link #isReady()}. */
  public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
    return feeder.awaitLoaded(timeout, unit) && isReady();
  }

  /** The bound HTTP port (useful with port 0). */
  public int port() {
    return http.actualPort();
  }

  public ClusterNode cluster() {
    return cluster;
  }

  /** Graceful stop: stop taking requests, let in-flight ones finish, then leave the cluster. */
  @Override
  public void close() {
    try {
      if (http != null) {
        http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warn("HTTP server did not close cleanly", e);
    }
    if (feeder != null) {
      feeder.close();
    }
    if (workers != null) {
      workers.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (vertx != null) {
      Future<Void> closed = vertx.close();
      try {
        closed.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Vert.x did not close cleanly", e);
      }
    }
    LOG.info("Linli stopped");
  }
}
