package org.linli.server;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.linli.core.accounts.AccountSessions;
import org.linli.core.accounts.PasswordSignIn;
import org.linli.core.accounts.PhoneSignIn;
import org.linli.core.accounts.Users;
import org.linli.core.cases.CapacityReconciliation;
import org.linli.core.cases.CaseFlow;
import org.linli.core.cases.CaseNotifications;
import org.linli.core.cases.CaseRules;
import org.linli.core.feedback.FeedbackFlow;
import org.linli.core.intake.NeedIntake;
import org.linli.ranking.ProviderSearchIndex;
import org.linli.server.auth.Argon2Passwords;
import org.linli.server.auth.RateLimiter;
import org.linli.server.auth.Revocations;
import org.linli.server.auth.Tokens;
import org.linli.server.cases.BackgroundRounds;
import org.linli.server.cases.CaseEvents;
import org.linli.server.cluster.ClusterNode;
import org.linli.server.cluster.HazelcastCaseStore;
import org.linli.server.cluster.HazelcastProviderStore;
import org.linli.server.cluster.IndexFeeder;
import org.linli.server.cluster.ProviderRegistry;
import org.linli.server.config.DataDirectory;
import org.linli.server.config.ServerConfig;
import org.linli.server.coverage.CoverageService;
import org.linli.server.demo.DemoData;
import org.linli.server.http.AccountServices;
import org.linli.server.http.ApiRouter;
import org.linli.server.http.ConnectionGuard;
import org.linli.server.http.MatchWarmup;
import org.linli.server.http.ProblemMapper;
import org.linli.server.http.Readiness;
import org.linli.server.http.Uploads;
import org.linli.server.notify.OutboxDelivery;
import org.linli.server.regions.RegionService;
import org.linli.server.store.CaseSealing;
import org.linli.server.store.Database;
import org.linli.server.store.DocumentStore;
import org.linli.server.store.FeedbackLedger;
import org.linli.server.store.FieldCipher;
import org.linli.server.store.JdbcSignInStore;
import org.linli.server.store.ReadAudit;
import org.linli.server.store.StoreProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: wires configuration, the durable store, the Hazelcast member, the index and
 * its feeder, metrics and the HTTP server, and takes them down again in reverse order.
 *
 * <p>Start order: the data directory's lock, the database (schema migrated), the HTTP port, then
 * the member, so that a second server on the same data directory stops before it opens anything, a
 * server that cannot listen joins no cluster, and {@code /health/ready} can say DOWN while the
 * providers map loads from the database and the index is built from the map on a loader thread.
 * Readiness turns UP only when the index holds everything stored and the match path has been warmed
 * up ({@link MatchWarmup}); matches and writes are served from the moment the index is loaded.
 */
public final class LinliServer implements AutoCloseable, Readiness {
  private static final Logger LOG = LoggerFactory.getLogger(LinliServer.class);

  private final ServerConfig config;
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final CountDownLatch loaded = new CountDownLatch(1);

  /**
   * Counted down when the warm-up after the load has finished (or was off, or had nothing to warm).
   */
  private final CountDownLatch warm = new CountDownLatch(1);

  /** The load from the durable store lost documents: this member stays not ready. */
  private volatile boolean loadFailed;

  private Vertx vertx;
  private DataDirectory dataDirectory;
  private Database database;
  private StoreProbe probe;
  private DocumentStore providerStore;
  private DocumentStore caseStore;
  private HazelcastCaseStore cases;
  private HazelcastProviderStore providerRecords;
  private CaseFlow caseFlow;
  private FeedbackFlow feedbackFlow;
  private final BackgroundRounds rounds = new BackgroundRounds();
  private DocumentStore regionStore;
  private DocumentStore agencyStore;
  private final org.linli.server.cluster.HazelcastAgencyStore agencies =
      new org.linli.server.cluster.HazelcastAgencyStore();
  private final org.linli.server.cluster.AgencyDirectory agencyDirectory =
      new org.linli.server.cluster.AgencyDirectory();
  private RegionService regionService;
  private CoverageService coverageService;
  private volatile CapacityReconciliation reconciler;
  private CaseEvents caseEvents;
  private FieldCipher cipher;
  private JdbcSignInStore signInStore;
  private Revocations revocations;
  private PhoneSignIn signIn;
  private OutboxDelivery outbox;
  private ReadAudit readAudit;
  private ClusterNode cluster;
  private ProviderSearchIndex index;
  private ProviderRegistry registry;
  private volatile IndexFeeder feeder;
  private HttpServer http;
  private final List<HttpServer> moreHttp = new java.util.ArrayList<>();

  /** The loopback listener for scrapers ({@code LINLI_METRICS_PORT}), or null. */
  private HttpServer metricsHttp;

  /** HTTP servers sharing the port, one per event loop. */
  private static final int HTTP_EVENT_LOOPS =
      Math.max(1, Runtime.getRuntime().availableProcessors());

  private WorkerExecutor workers;

  /** Large uploads (region imports) received into files, at most this many at a time. */
  private static final int MAX_CONCURRENT_UPLOADS = 2;

  private Uploads uploads;
  private ConnectionGuard connectionGuard;
  private Thread loader;
  private java.util.function.Supplier<Router> unlimitedRouter;
  private Tokens tokens;
  private AccountServices accountServices;

  public LinliServer(ServerConfig config) {
    this.config = config;
  }

  /**
   * Starts everything; blocks until the HTTP port is bound and the member has joined its cluster
   * (readiness follows when the index is loaded). A start that fails on the way stops what it
   * started, leaving a cluster it joined gracefully, and releases the data directory.
   */
  public LinliServer start() throws Exception {
    try {
      return startUp();
    } catch (Exception | Error e) {
      LOG.error("Start failed; stopping what was started: {}", e.toString());
      close();
      throw e;
    }
  }

  private LinliServer startUp() throws Exception {
    long t0 = System.nanoTime();
    // First the data directory, so that a second server pointed at it stops here, before it opens
    // the database
    // or joins anything.
    dataDirectory = DataDirectory.lock(config.dataDir());
    vertx =
        Vertx.builder()
            // The native transport (epoll on Linux) where it loads, else NIO.
            .with(
                new VertxOptions()
                    .setPreferNativeTransport(true)
                    .setMetricsOptions(
                        new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
            .withMetrics(new MicrometerMetricsFactory(metrics))
            .build();
    database = Database.open(config, metrics);
    dataDirectory.secureContents(); // the database's files, just created with the process's umask
    probe = new StoreProbe(database, Duration.ofSeconds(1));
    cipher = FieldCipher.of(config);
    providerStore =
        new DocumentStore(database, "providers", Clock.systemUTC(), probe::isUp, metrics);
    caseStore =
        new DocumentStore(
                database, "cases", Clock.systemUTC(), probe::isUp, metrics, new CaseSealing(cipher))
            .withEffects(new org.linli.server.store.CaseOutbox(cipher));
    regionStore = new DocumentStore(database, "regions", Clock.systemUTC(), probe::isUp, metrics);
    agencyStore = new DocumentStore(database, "agencies", Clock.systemUTC(), probe::isUp, metrics);
    index = new ProviderSearchIndex(config.ratingPrior(), org.linli.core.match.ScoreBlend.DEFAULT);
    index.useAgencies(agencyDirectory);
    registry = new ProviderRegistry(Clock.systemUTC(), providerStore, id -> index.contains(id));
    workers = vertx.createSharedWorkerExecutor("linli-workers", config.matchThreads());
    tokens = Tokens.create(vertx, config);
    readAudit = new ReadAudit(database, Clock.systemUTC());
    java.util.concurrent.Executor blocking = ApiRouter.blocking(workers);
    CaseRules rules =
        new CaseRules(
            config.offerTimeout(),
            config.escalation().urgentOfferTimeout(),
            config.escalation().escalateAfter());
    cases = new HazelcastCaseStore(rules);
    caseEvents = new CaseEvents(new CaseNotifications(cases));
    providerRecords = new HazelcastProviderStore();
    regionService = new RegionService();
    caseFlow =
        new CaseFlow(
            index,
            cases,
            providerRecords,
            readAudit,
            rules,
            Clock.systemUTC(),
            blocking,
            CaseFlow::randomId,
            regionService,
            NeedIntake.standard());
    signInStore = new JdbcSignInStore(database, cipher);
    revocations = new Revocations(database, Clock.systemUTC());
    tokens.refuseRevoked(revocations::isRevoked);
    AccountSessions sessions =
        new AccountSessions(tokens, signInStore, revocations, Clock.systemUTC());
    signIn =
        new PhoneSignIn(
            signInStore,
            cipher::lookupHash,
            sessions,
            config.signIn().residentSession(),
            Clock.systemUTC(),
            blocking,
            PhoneSignIn.secureCodes());
    Argon2Passwords passwords = new Argon2Passwords();
    accountServices =
        new AccountServices(
            signIn,
            new PasswordSignIn(
                signInStore,
                passwords,
                cipher::lookupHash,
                sessions,
                account -> config.signIn().accountSession(),
                Clock.systemUTC(),
                blocking),
            new Users(
                signInStore,
                passwords,
                providerRecords::owners,
                sessions,
                Clock.systemUTC(),
                blocking),
            signInStore,
            revocations);
    outbox = new OutboxDelivery(database, cipher, config, Clock.systemUTC()).start();
    coverageService = new CoverageService(regionService);
    uploads = new Uploads(vertx, MAX_CONCURRENT_UPLOADS);
    feedbackFlow =
        new FeedbackFlow(
            caseFlow,
            new FeedbackLedger(database, Clock.systemUTC()),
            providerRecords,
            config.ratingPrior(),
            blocking);
    java.util.function.BiFunction<Integer, Integer, ApiRouter> routes =
        (perClient, perIp) ->
            new ApiRouter(
                vertx,
                registry,
                index,
                workers,
                metrics,
                this,
                tokens,
                new RateLimiter(perClient, System::nanoTime),
                new RateLimiter(perIp, System::nanoTime),
                caseFlow,
                caseEvents,
                feedbackFlow,
                regionService,
                coverageService,
                uploads,
                config.requestTimeout(),
                accountServices,
                config.tiles(),
                new org.linli.server.http.AgencyRoutes.Services(
                    new org.linli.core.agency.AgencyRegistry(agencies, Clock.systemUTC()),
                    new org.linli.core.agency.AgencyLookup(
                        agencies,
                        new org.linli.core.agency.AgencyLookup.Places() {
                          @Override
                          public List<org.linli.core.provider.Provider> providersOf(
                              String agencyId, int limit) {
                            return registry.members(agencyId, limit);
                          }

                          @Override
                          public String regionCodeAt(org.linli.core.geo.GeoPoint at) {
                            return regionService.regionCodeAt(at);
                          }
                        })));
    ApiRouter api =
        routes.apply(
            config.security().rateLimitPerMinute(), config.security().rateLimitPerIpPerMinute());
    // The warm-up's own loopback listener: the same routes, without rate limits (it sends tens of
    // thousands of
    // matches from one address in seconds).
    unlimitedRouter = () -> routes.apply(0, 0).router();
    // One server per core, each on its own event loop, sharing the port (Vert.x hands connections
    // round-robin):
    // parsing, routing and rendering then use every core instead of one event loop's thread.
    // Port 0 (any free port) is asked for as -1: Vert.x then picks one free port and shares it
    // between the
    // servers that ask for -1, where 0 would give each server a port of its own.
    Router router = api.router();
    connectionGuard =
        new ConnectionGuard(vertx, config.maxConnectionsPerAddress(), config.requestTimeout());
    int port = config.httpPort() == 0 ? -1 : config.httpPort();
    http = listen(router, port);
    for (int i = 1; i < HTTP_EVENT_LOOPS; i++) {
      moreHttp.add(listen(router, port));
    }
    if (config.metricsPort() >= 0) {
      Router scrape = Router.router(vertx);
      scrape.get("/metrics").handler(ctx -> ApiRouter.scrape(ctx, metrics));
      metricsHttp =
          vertx
              .createHttpServer()
              .requestHandler(scrape)
              .listen(config.metricsPort(), "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      LOG.info("Metrics for scrapers on http://127.0.0.1:{}/metrics", metricsHttp.actualPort());
    }
    // The member joins only once the HTTP port is bound: a start that cannot listen has touched no
    // cluster.
    cluster = ClusterNode.start(config, providerStore, caseStore, regionStore, agencyStore);
    LOG.info(
        "Linli listening on http://{}:{} ({} transport; started in {} ms; loading providers)",
        config.httpHost(),
        http.actualPort(),
        vertx.isNativeTransportEnabled() ? "native" : "NIO",
        (System.nanoTime() - t0) / 1_000_000);
    loader = new Thread(() -> load(t0), "linli-loader");
    loader.setDaemon(true);
    loader.start();
    return this;
  }

  /**
   * Binds one HTTP server for {@code router} on a fresh event-loop context (a deployment of its
   * own), so that servers on the same port run on different event loops.
   */
  private HttpServer listen(Router router, int port) throws Exception {
    HttpServer[] bound = new HttpServer[1];
    vertx
        .deployVerticle(
            new io.vertx.core.VerticleBase() {
              @Override
              public io.vertx.core.Future<?> start() {
                // No HTTP/2 over cleartext: it is not used, and while a server waits to tell it
                // from HTTP/1.1 it does not
                // hand new connections to the connection guard.
                return connectionGuard
                    .install(
                        vertx.createHttpServer(
                            new HttpServerOptions()
                                .setCompressionSupported(true)
                                .setHttp2ClearTextEnabled(false)),
                        router)
                    .invalidRequestHandler(ProblemMapper::invalidRequest)
                    .listen(port, config.httpHost())
                    .onSuccess(s -> bound[0] = s);
              }
            })
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    return bound[0];
  }

  /** The port each of the HTTP servers (one per event loop) is bound to: all the same one. */
  public List<Integer> httpPorts() {
    List<Integer> ports = new java.util.ArrayList<>();
    ports.add(http.actualPort());
    moreHttp.forEach(h -> ports.add(h.actualPort()));
    return ports;
  }

  /**
   * Loads the maps from the durable store, indexes the providers, and opens the registry. Runs on
   * the loader thread. A load that lost documents (the store failed even after its retries;
   * Hazelcast logs that and goes on without them) leaves this member failed: never ready and taking
   * no writes, since a write to a provider or case missing from memory would overwrite its stored
   * state.
   */
  private void load(long t0) {
    try {
      IMap<String, HazelcastJsonValue> providers =
          cluster.providers(); // eager load: blocks until complete
      cluster.cases(); // and the cases and regions, before anything reads or writes them
      cluster.regions();
      cluster.agencies();
      int failed =
          providerStore.failedLoads()
              + caseStore.failedLoads()
              + regionStore.failedLoads()
              + agencyStore.failedLoads();
      if (failed > 0) {
        throw new IllegalStateException(
            failed
                + " reads of the durable store failed while loading, so documents"
                + " are missing from memory; restart this member once the store is healthy (its errors are above)");
      }
      IndexFeeder f = new IndexFeeder(providers, index, coverageService::providersChanged);
      // The agencies' standings before the index is fed, then their changes as re-entries.
      agencyDirectory.attach(cluster.agencies(), f::agencyChanged);
      metrics.gauge("linli.index.backlog", f, IndexFeeder::backlog);
      metrics.gauge("linli.coverage.backlog", coverageService, CoverageService::backlog);
      metrics
          .more()
          .counter("linli.index.changes.applied", List.of(), f, IndexFeeder::appliedCount);
      f.start();
      feeder = f;
      registry.attach(providers, cluster.hazelcast().getPartitionService());
      providerRecords.attach(providers);
      cases.attach(cluster.cases()); // eager load of the cases too
      rounds.offers(caseFlow);
      caseEvents.attach(cluster.cases());
      reconciler = new CapacityReconciliation(cases, providerRecords, Clock.systemUTC());
      rounds.capacity(
          reconciler,
          Clock.systemUTC(),
          config.capacityGrace(),
          min(Duration.ofMinutes(1), config.capacityGrace()),
          Duration.ofMinutes(10));
      rounds.ratings(feedbackFlow); // ratings from the ledger, before this member reports ready
      HazelcastProviderStore records = providerRecords;
      rounds.statuses(() -> records.lapseStatuses(Instant.now()));
      if (config.demo()) {
        DemoData.loadRegionsIfEmpty(cluster.regions());
      }
      regionService.attach(cluster.regions());
      agencies.attach(cluster.agencies());
      revocations.attach(cluster.hazelcast().getReplicatedMap("revoked-tokens"));
      coverageService.attach(cluster.cases());
      // A member that dies takes with it the entry events of the writes it had just acknowledged:
      // what this member derives from the maps re-reads them (events are published by a
      // partition's owner, after the write, and are not replayed when a backup is promoted).
      cluster
          .hazelcast()
          .getCluster()
          .addMembershipListener(
              new com.hazelcast.cluster.MembershipAdapter() {
                @Override
                public void memberRemoved(com.hazelcast.cluster.MembershipEvent event) {
                  LOG.warn(
                      "Member {} left the cluster; re-reading the maps this member derives its"
                          + " index, regions and coverage from",
                      event.getMember().getAddress());
                  f.memberLeft();
                  regionService.memberLeft();
                  coverageService.memberLeft();
                }
              });
      if (config.demo()) {
        List<org.linli.core.provider.Provider> demo = DemoData.providers();
        DemoData.loadAgenciesIfEmpty(cluster.agencies(), DemoData.agencies(demo));
        DemoData.loadIfEmpty(providers, registry, demo);
        demo.stream()
            .filter(p -> p.kind() == org.linli.core.provider.ProviderKind.WORKER)
            .filter(p -> p.agencyId() != null)
            .findFirst()
            .ifPresent(
                first ->
                    org.linli.server.demo.DemoAccounts.createIfMissing(
                        accountServices.users(), config.dataDir(), first.agencyId(), first.id()));
      }
      f.awaitLoaded(Long.MAX_VALUE, TimeUnit.DAYS);
      loaded.countDown();
      LOG.info(
          "Index loaded: {} providers, {} ms after start",
          index.size(),
          (System.nanoTime() - t0) / 1_000_000);
      warmUp(f.takeSample(), Duration.ofNanos(System.nanoTime() - t0));
      warm.countDown();
      LOG.info(
          "Ready: {} providers loaded and indexed, {} ms after start",
          index.size(),
          (System.nanoTime() - t0) / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      loadFailed = true;
      LOG.error("Loading providers failed; this member stays not ready", e);
    }
  }

  /**
   * Runs the match path over needs made from {@code sample} for at most {@link
   * ServerConfig#warmup()} and no longer than {@code started} (from start to the index loaded): in
   * process on as many threads as match workers, then through the routes over loopback HTTP.
   * Traffic may arrive meanwhile; it is served.
   */
  private void warmUp(List<org.linli.core.provider.Provider> sample, Duration started)
      throws InterruptedException {
    MatchWarmup warmup = new MatchWarmup(index, sample, 0x11AB);
    // No longer than the start took so far: a small index that loaded in seconds is warmed for
    // seconds (being cold
    // costs it less), a million providers for the whole budget.
    Duration budget = min(config.warmup(), started);
    if (budget.isZero() || warmup.needCount() == 0) {
      return;
    }
    long start = System.nanoTime();
    // At most half the budget in process, so that the HTTP code gets its turn too.
    MatchWarmup.Outcome inProcess =
        warmup.run(config.matchThreads(), MatchWarmup.MAX_MATCHES, budget.dividedBy(2));
    MatchWarmup.Outcome http =
        warmup.runOverHttp(
            vertx,
            unlimitedRouter.get(),
            MatchWarmup.MAX_HTTP_REQUESTS,
            budget.minusNanos(System.nanoTime() - start));
    warmupGauge("linli.warmup.matches", "in-process", inProcess.matches());
    warmupGauge("linli.warmup.matches", "http", http.matches());
    warmupGauge("linli.warmup.errors", "http", http.errors());
    warmupGauge("linli.warmup.errors", "in-process", inProcess.errors());
    warmupGauge("linli.warmup.seconds", "in-process", inProcess.took().toNanos() / 1e9);
    warmupGauge("linli.warmup.seconds", "http", http.took().toNanos() / 1e9);
    LOG.info(
        "Warmed up the match path over {} needs: {} matches in process in {} ms, then {} over loopback HTTP in"
            + " {} ms ({} not answered 200)",
        warmup.needCount(),
        inProcess.matches(),
        inProcess.took().toMillis(),
        http.matches(),
        http.took().toMillis(),
        inProcess.errors() + http.errors());
  }

  private void warmupGauge(String name, String stage, double value) {
    io.micrometer.core.instrument.Gauge.builder(name, () -> value)
        .tag("stage", stage)
        .description("What the warm-up before readiness did")
        .strongReference(true)
        .register(metrics);
  }

  @Override
  public boolean warm() {
    return warm.getCount() == 0;
  }

  @Override
  public boolean indexLoaded() {
    return loaded.getCount() == 0;
  }

  @Override
  public boolean loadFailed() {
    return loadFailed;
  }

  @Override
  public boolean storeUp() {
    return probe != null && probe.isUp();
  }

  @Override
  public boolean clusterUp() {
    return cluster != null && cluster.isRunning();
  }

  /** True once the member runs, the store answers and this member's index holds the whole map. */
  public boolean isReady() {
    return ready();
  }

  /** Waits until {@link #isReady()}. */
  public boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
    return warm.await(timeout, unit) && isReady();
  }

  /** Whether Vert.x runs on a native transport (epoll on Linux x86-64) rather than NIO. */
  public boolean nativeTransport() {
    return vertx.isNativeTransportEnabled();
  }

  /** The bound metrics port for scrapers, or -1 when there is none. */
  public int metricsPort() {
    return metricsHttp == null ? -1 : metricsHttp.actualPort();
  }

  /** The bound HTTP port (useful with port 0). */
  public int port() {
    return http.actualPort();
  }

  public ClusterNode cluster() {
    return cluster;
  }

  /** This server's tokens (tests mint with them). */
  /** Residents' phone sign-in (tests find a phone's account with it). */
  public PhoneSignIn phoneSignIn() {
    return signIn;
  }

  public Tokens tokens() {
    return tokens;
  }

  /** The audit of STAFF reads (tests and tools look through it). */
  public ReadAudit readAudit() {
    return readAudit;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The coverage maps (benchmarks watch them settle). */
  public CoverageService coverage() {
    return coverageService;
  }

  /**
   * The capacity reconciler once the maps are loaded, else null (tests run its rounds directly).
   */
  public CapacityReconciliation capacityReconciler() {
    return reconciler;
  }

  /** What keeps this member's index equal to the providers map (null until loading starts). */
  public IndexFeeder indexFeeder() {
    return feeder;
  }

  /** This member's provider index (tests wait on it for a write to become visible to matching). */
  public org.linli.core.match.ProviderIndex index() {
    return index;
  }

  /** The providers table's store (tests and tools count rows through it). */
  public DocumentStore providerStore() {
    return providerStore;
  }

  /** The durable store (tests read the tables as they are on disk through it). */
  public Database database() {
    return database;
  }

  /** The cases table's store (tests read what is committed through it). */
  public DocumentStore caseDocuments() {
    return caseStore;
  }

  /**
   * Graceful stop: stop taking requests, let in-flight ones finish, leave the cluster, close the
   * store.
   */
  @Override
  public void close() {
    try {
      if (metricsHttp != null) {
        metricsHttp.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      for (HttpServer more : moreHttp) {
        more.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
      if (http != null) {
        http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      LOG.warn("HTTP server did not close cleanly", e);
    }
    if (loader != null) {
      loader.interrupt();
    }
    rounds.close();
    if (regionService != null) {
      regionService.close();
    }
    if (coverageService != null) {
      coverageService.close();
    }
    if (outbox != null) {
      outbox.close();
    }
    if (feeder != null) {
      feeder.close();
    }
    if (workers != null) {
      workers.close();
    }
    if (uploads != null) {
      uploads.close();
    }
    if (cluster != null) {
      cluster.close(); // write-through: nothing is pending, every acknowledged write is committed
      // already
    }
    if (probe != null) {
      probe.close();
    }
    if (database != null) {
      database.close();
    }
    if (dataDirectory != null) {
      dataDirectory.close();
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
