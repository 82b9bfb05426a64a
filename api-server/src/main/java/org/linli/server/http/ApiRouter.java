package org.linli.server.http;

import static org.linli.server.http.Http.JSON;
import static org.linli.server.http.Http.JSON_LIMIT;
import static org.linli.server.http.Http.NDJSON;
import static org.linli.server.http.Http.PRINCIPAL;
import static org.linli.server.http.Http.PROVIDER_LIMIT;
import static org.linli.server.http.Http.caller;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.concurrent.Executor;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.core.cases.CaseFlow;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.feedback.FeedbackFlow;
import org.linli.core.intake.NeedIntake;
import org.linli.core.match.ProviderIndex;
import org.linli.server.auth.RateLimiter;
import org.linli.server.auth.Tokens;
import org.linli.server.cases.CaseEvents;
import org.linli.server.cluster.ProviderRegistry;
import org.linli.server.coverage.CoverageService;
import org.linli.server.regions.RegionService;

/**
 * The HTTP API's route table, in one place, and what runs before every route: security headers, the
 * request's deadline, authentication, rate limits, the caller checks that must precede a large
 * body. Each route family ({@link SystemRoutes}, {@link MatchRoutes}, {@link ProviderRoutes},
 * {@link CaseRoutes}, {@link FeedbackRoutes}, {@link RegionRoutes}, {@link CoverageRoutes}) holds
 * one small handler per route: read the request, call a flow or service, render. Failures of any
 * kind go to the {@link ProblemMapper}; no handler picks a status code for an error. Blocking work
 * runs on the worker pool, never on the event loop.
 *
 * <p>A new route: a line in {@link #router}, a handler in its family (or a new family), its
 * operation in {@code openapi.json}, and the rule it needs in {@link Access}.
 */
public final class ApiRouter {
  /**
   * Routes that stream for minutes (a large import or export): exempt from the 30 s request
   * timeout.
   */
  private static final java.util.Set<String> LONG_RUNNING =
      java.util.Set.of(
          "/api/v1/providers/bulk",
          "/api/v1/feedback/ledger/export",
          "/api/v1/regions/import",
          "/api/v1/hsds/import",
          "/api/v1/hsds/export");

  private final Vertx vertx;

  /** How long a request may take; a streamed import or export 60 times that. */
  private final long requestMillis;

  private final PrometheusMeterRegistry metrics;
  private final Tokens tokens;
  private final RateLimiter rateLimiter;

  /** The pages' Content-Security-Policy: this server's own, and the tile server's images. */
  private final String pageSecurity;

  private final RateLimiter ipRateLimiter;
  private final SystemRoutes system;
  private final MatchRoutes matching;
  private final ProviderRoutes providers;
  private final CaseRoutes cases;
  private final FeedbackRoutes feedback;
  private final RegionRoutes regions;
  private final CoverageRoutes coverage;
  private final AccountRoutes accounts;
  private final HsdsRoutes hsds;
  private final AgencyRoutes agencies;

  public ApiRouter(
      Vertx vertx,
      ProviderRegistry registry,
      ProviderIndex index,
      WorkerExecutor workers,
      PrometheusMeterRegistry metrics,
      Readiness readiness,
      Tokens tokens,
      RateLimiter rateLimiter,
      RateLimiter ipRateLimiter,
      CaseFlow caseFlow,
      CaseEvents caseEvents,
      FeedbackFlow feedbackFlow,
      RegionService regionService,
      CoverageService coverageService,
      Uploads uploads,
      java.time.Duration requestTimeout,
      AccountServices accountServices,
      org.linli.server.config.ServerConfig.Tiles tiles,
      AgencyRoutes.Services agencyServices) {
    this.vertx = vertx;
    this.requestMillis = requestTimeout.toMillis();
    this.metrics = metrics;
    this.tokens = tokens;
    this.rateLimiter = rateLimiter;
    this.ipRateLimiter = ipRateLimiter;
    Timer matchTimer =
        Timer.builder("linli.match.requests")
            .description("Time to answer a match, in the worker")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    metrics.gauge("linli.index.providers", index, ProviderIndex::size);
    org.linli.server.config.ServerConfig.Tiles t =
        tiles == null ? org.linli.server.config.ServerConfig.Tiles.NONE : tiles;
    this.system = new SystemRoutes(readiness, Http.resource("/openapi.json"), t);
    String tileSource = t.cspSource() == null ? "" : " " + t.cspSource();
    this.pageSecurity =
        "default-src 'self'; img-src 'self' data:"
            + tileSource
            + "; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self';"
            + " frame-ancestors 'none'";
    NeedIntake intake = NeedIntake.standard();
    this.matching = new MatchRoutes(index, intake, workers, readiness, matchTimer);
    this.hsds = new HsdsRoutes(registry, intake, uploads, workers);
    this.agencies = agencyServices == null ? null : new AgencyRoutes(agencyServices, workers);
    this.providers = new ProviderRoutes(registry, index, workers, regionService);
    this.cases =
        new CaseRoutes(
            caseFlow,
            caseEvents,
            readiness,
            workers,
            accountServices == null ? null : accountServices.phone());
    this.feedback = new FeedbackRoutes(feedbackFlow, registry, workers);
    this.regions = new RegionRoutes(regionService, uploads, workers);
    this.coverage = new CoverageRoutes(coverageService, workers);
    this.accounts =
        new AccountRoutes(
            accountServices == null
                ? new AccountServices(null, null, null, null, null)
                : accountServices,
            caseFlow,
            workers);
  }

  /** The flows' blocking steps run on the worker pool (unordered), never on an event loop. */
  public static Executor blocking(WorkerExecutor workers) {
    return Http.blocking(workers);
  }

  /** Builds the router. */
  public Router router() {
    Router r = Router.router(vertx);
    ProblemMapper problems = new ProblemMapper();
    // 30 s per request (requestMillis), except a streamed bulk import or export, which may take
    // minutes for a
    // large file (answering 503 while the import goes on would mislead the client), and the event
    // stream, which
    // has no end.
    r.route()
        .handler(
            ctx -> {
              ctx.response().putHeader("X-Content-Type-Options", "nosniff");
              if (ctx.normalizedPath().equals("/api/v1/events")) {
                ctx.next(); // an event stream stays open as long as its client listens
              } else {
                deadline(
                    ctx,
                    LONG_RUNNING.contains(ctx.normalizedPath())
                        ? 60 * requestMillis
                        : requestMillis);
              }
            });

    r.get("/health/live").handler(system::live);
    r.get("/health/ready").handler(system::ready);
    r.get("/metrics").handler(this::metrics);
    r.get("/openapi.json").handler(system::openApi);
    r.route("/api/*").handler(this::authenticate);
    // Matching first: it is the hottest route, and a request is tried against each route above its
    // own (the routes
    // with path parameters by a regular expression each).
    r.post("/api/v1/match").handler(this::rateLimited);
    r.post("/api/v1/match").consumes(JSON).handler(body(JSON_LIMIT)).handler(matching::match);
    r.post("/api/v1/needs/classify").handler(this::rateLimited);
    r.post("/api/v1/needs/classify")
        .consumes(JSON)
        .handler(body(JSON_LIMIT))
        .handler(matching::classify);
    r.post("/api/v1/auth/otp").handler(this::rateLimited);
    r.post("/api/v1/auth/otp")
        .consumes(JSON)
        .handler(body(JSON_LIMIT))
        .handler(accounts::requestCode);
    r.post("/api/v1/auth/login").handler(this::rateLimited);
    r.post("/api/v1/auth/login").consumes(JSON).handler(body(JSON_LIMIT)).handler(accounts::login);
    r.post("/api/v1/auth/password").handler(this::rateLimited);
    r.post("/api/v1/auth/password")
        .consumes(JSON)
        .handler(body(JSON_LIMIT))
        .handler(accounts::password);
    r.post("/api/v1/auth/logout").handler(accounts::logout);
    r.post("/api/v1/users").consumes(JSON).handler(body(JSON_LIMIT)).handler(accounts::createUser);
    r.get("/api/v1/users").handler(accounts::listUsers);
    r.get("/api/v1/users/:id").handler(accounts::getUser);
    r.patch("/api/v1/users/:id")
        .consumes(JSON)
        .handler(body(JSON_LIMIT))
        .handler(accounts::patchUser);
    r.delete("/api/v1/users/:id").handler(accounts::deleteUser);
    r.get("/api/v1/me").handler(accounts::me);
    r.get("/api/v1/me/cases").handler(accounts::myCases);
    r.get("/api/v1/taxonomy").handler(system::taxonomy);
    r.get("/api/v1/map/config").handler(system::mapConfig);
    r.get("/api/v1/map/base").handler(coverage::mapBase);
    r.get("/api/v1/geo/convert").handler(system::convert);
    r.post("/api/v1/providers/bulk").consumes(NDJSON).handler(providers::bulk);
    r.put("/api/v1/providers/:id").handler(before(Access::requireProviderWriter));
    r.put("/api/v1/providers/:id")
        .consumes(JSON)
        .handler(body(PROVIDER_LIMIT))
        .handler(providers::putProvider);
    r.get("/api/v1/providers").handler(this::rateLimited);
    r.get("/api/v1/providers").handler(providers::list);
    r.get("/api/v1/providers/:id").handler(providers::getProvider);
    r.delete("/api/v1/providers/:id").handler(providers::deleteProvider);
    r.post("/api/v1/needs").handler(this::rateLimited);
    r.post("/api/v1/needs").handler(before(Access::requireMayPostNeed));
    r.post("/api/v1/needs").consumes(JSON).handler(body(JSON_LIMIT)).handler(cases::postNeed);
    r.get("/api/v1/cases").handler(cases::inbox);
    r.get("/api/v1/events").handler(cases::events);
    r.get("/api/v1/cases/:id").handler(cases::getCase);
    r.get("/api/v1/cases/:id/history").handler(cases::caseHistory);
    r.post("/api/v1/cases/:id/accept").handler(cases::accept);
    r.post("/api/v1/cases/:id/decline").handler(before(ApiRouter::requireSignedIn));
    r.post("/api/v1/cases/:id/decline").handler(body(JSON_LIMIT)).handler(cases::decline);
    r.post("/api/v1/cases/:id/complete").handler(before(ApiRouter::requireSignedIn));
    r.post("/api/v1/cases/:id/complete").handler(body(JSON_LIMIT)).handler(cases::complete);
    r.post("/api/v1/cases/:id/cancel").handler(cases::cancel);
    r.get("/api/v1/cases/:id/notes").handler(cases::notes);
    r.post("/api/v1/cases/:id/notes").handler(before(ApiRouter::requireSignedIn));
    r.post("/api/v1/cases/:id/notes")
        .consumes(JSON)
        .handler(body(JSON_LIMIT))
        .handler(cases::addNote);
    r.post("/api/v1/cases/:id/assign").handler(before(ApiRouter::requireSignedIn));
    r.post("/api/v1/cases/:id/assign")
        .consumes(JSON)
        .handler(body(JSON_LIMIT))
        .handler(cases::assign);
    r.post("/api/v1/cases/:id/refer").handler(before(ApiRouter::requireSignedIn));
    r.post("/api/v1/cases/:id/refer")
        .consumes(JSON)
        .handler(body(JSON_LIMIT))
        .handler(cases::refer);
    r.post("/api/v1/cases/:id/feedback").handler(this::rateLimited);
    r.post("/api/v1/cases/:id/feedback").handler(before(ApiRouter::requireSignedIn));
    r.post("/api/v1/cases/:id/feedback")
        .consumes(JSON)
        .handler(body(JSON_LIMIT))
        .handler(feedback::postFeedback);
    r.get("/api/v1/providers/:id/feedback").handler(feedback::providerFeedback);
    r.get("/api/v1/feedback/ledger/verify").handler(feedback::verifyLedger);
    r.get("/api/v1/public/ledger").handler(this::rateLimited);
    r.get("/api/v1/public/ledger").handler(feedback::ledgerHead);
    r.get("/api/v1/public/ledger/proof").handler(this::rateLimited);
    r.get("/api/v1/public/ledger/proof").handler(feedback::ledgerProof);
    r.get("/api/v1/public/ledger/consistency").handler(this::rateLimited);
    r.get("/api/v1/public/ledger/consistency").handler(feedback::ledgerConsistency);
    r.get("/api/v1/feedback/ledger/export").handler(feedback::exportLedger);
    r.post("/api/v1/regions/import").handler(before(Access::requireRegionAdmin));
    r.post("/api/v1/regions/import")
        .consumes(JSON)
        .consumes("application/geo+json")
        .handler(regions::importRegions);
    r.post("/api/v1/regions/population").handler(before(Access::requireRegionAdmin));
    r.post("/api/v1/regions/population")
        .consumes("text/csv")
        .handler(body(JSON_LIMIT))
        .handler(regions::population);
    if (agencies != null) {
      r.put("/api/v1/agencies/:id").handler(before(Access::requireAgencyRegistrar));
      r.put("/api/v1/agencies/:id").consumes(JSON).handler(body(JSON_LIMIT)).handler(agencies::put);
      r.patch("/api/v1/agencies/:id")
          .handler(
              ctx -> {
                Access.requireAgencyContactEditor(caller(ctx), ctx.pathParam("id"));
                ctx.next();
              });
      r.patch("/api/v1/agencies/:id")
          .consumes(JSON)
          .handler(body(JSON_LIMIT))
          .handler(agencies::patch);
      r.get("/api/v1/agencies/:id").handler(agencies::get);
      r.get("/api/v1/public/agencies").handler(this::rateLimited);
      r.get("/api/v1/public/agencies").handler(agencies::publicSearch);
      r.get("/api/v1/public/agencies/:id").handler(this::rateLimited);
      r.get("/api/v1/public/agencies/:id").handler(agencies::publicGet);
    }
    r.get("/api/v1/hsds/export").handler(hsds::export);
    r.post("/api/v1/hsds/import").handler(before(Access::requireDirectoryImporter));
    r.post("/api/v1/hsds/import")
        .consumes(JSON)
        .consumes("application/zip")
        .handler(hsds::importDirectory);
    r.get("/api/v1/regions/lookup").handler(regions::lookupRegion);
    r.get("/api/v1/regions/search").handler(regions::searchRegions);
    r.get("/api/v1/regions").handler(regions::listRegions);
    r.get("/api/v1/coverage/regions").handler(coverage::coverageRegions);
    r.get("/api/v1/coverage/hexes").handler(coverage::coverageHexes);
    r.get("/api/v1/coverage/deserts").handler(coverage::coverageDeserts);

    // Pages: static files from the jar (no npm build), the browser libraries from their webjars.
    r.route("/webjars/*")
        .handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400));
    r.routeWithRegex("^/(?!api/|health/|metrics$|openapi\\.json$).*")
        .handler(this::pageHeaders)
        .handler(
            StaticHandler.create("webroot")
                .setIndexPage("index.html")
                .setDefaultContentEncoding("UTF-8"));
    r.route().failureHandler(problems::handle);
    for (int status : new int[] {400, 404, 405, 408, 413, 414, 415, 431, 500, 503}) {
      r.errorHandler(status, problems::handle);
    }
    return r;
  }

  /**
   * Fails the request if it is not answered within {@code millis}: 408 while its body is still
   * arriving (a slow client), 503 once the server has it all (the server is the slow one).
   */
  private static void deadline(RoutingContext ctx, long millis) {
    long timer =
        ctx.vertx()
            .setTimer(
                millis,
                id -> {
                  if (!ctx.response().ended() && !ctx.response().closed()) {
                    ctx.fail(ctx.request().isEnded() ? 503 : 408);
                  }
                });
    ctx.addBodyEndHandler(v -> ctx.vertx().cancelTimer(timer));
    ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }

  /**
   * The pages load only this server's scripts, styles and data (and the tile server's images, when
   * one is set), and are never framed.
   */
  private void pageHeaders(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", pageSecurity)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  private static BodyHandler body(long limit) {
    return BodyHandler.create(false).setBodyLimit(limit);
  }

  /**
   * A check of the caller, as a route of its own in front of the route that reads the body (Vert.x
   * Web runs body handlers before any other handler of the same route), so that a caller who may
   * not use the route is answered at once (401 or 403) and the body it sends is never buffered.
   */
  private static io.vertx.core.Handler<RoutingContext> before(
      java.util.function.Consumer<Principal> check) {
    return ctx -> {
      check.accept(caller(ctx));
      ctx.next();
    };
  }

  private static void requireSignedIn(Principal p) {
    Access.requireSignedIn(p, "this route needs a bearer token");
  }

  /**
   * Reads the bearer token, if any, into the request's {@link Principal}: no header is the
   * anonymous caller (each route decides whether that is enough); a header that is not a valid
   * token is a 401, whatever the route.
   */
  private void authenticate(RoutingContext ctx) {
    authenticate(
        ctx,
        p -> {
          ctx.put(PRINCIPAL, p);
          ctx.next();
        });
  }

  /**
   * Hands the request's principal to {@code then} (anonymous without a header); a bad token fails
   * the request.
   */
  private void authenticate(RoutingContext ctx, java.util.function.Consumer<Principal> then) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null) {
      then.accept(Principal.ANONYMOUS);
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() < 8) {
      ctx.fail(new UnauthenticatedException("the Authorization header must be \"Bearer <token>\""));
      return;
    }
    tokens
        .verify(header.substring(7).trim())
        .onSuccess(
            p -> {
              try {
                then.accept(p);
              } catch (RuntimeException e) {
                ctx.fail(e);
              }
            })
        .onFailure(ctx::fail);
  }

  /**
   * Counts the request against its address's budget (whatever principals it carries), then against
   * its client's: the principal's subject, else the address.
   */
  private void rateLimited(RoutingContext ctx) {
    Principal p = caller(ctx);
    String ip = ctx.request().remoteAddress().hostAddress();
    ipRateLimiter.acquire("ip:" + ip);
    rateLimiter.acquire(p.isAnonymous() ? "ip:" + ip : "sub:" + p.subject());
    ctx.next();
  }

  /**
   * Prometheus text, for ADMIN tokens only on this port: it tells the JVM's, the pools' and the
   * traffic's state. A scraper without a token uses the metrics port ({@code LINLI_METRICS_PORT},
   * loopback) instead.
   */
  private void metrics(RoutingContext ctx) {
    authenticate(
        ctx,
        p -> {
          Access.requireMetricsReader(p);
          scrape(ctx, metrics);
        });
  }

  /** Answers {@code ctx} with the registry's Prometheus text. */
  public static void scrape(RoutingContext ctx, PrometheusMeterRegistry registry) {
    ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape());
  }
}
