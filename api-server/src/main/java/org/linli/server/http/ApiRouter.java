package org.linli.server.http;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.linli.core.access.Principal;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.NotFoundException;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.error.UnavailableException;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.ProviderIndex;
import org.linli.core.taxonomy.Skill;
import org.linli.core.provider.ProviderKind;
import org.linli.geo.crs.Crs;
import org.linli.server.auth.RateLimiter;
import org.linli.server.auth.Tokens;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.Need;
import org.linli.core.cases.ReferralCase;
import org.linli.server.cases.CaseEvents;
import org.linli.core.cases.CaseFlow;
import org.linli.core.feedback.FeedbackFlow;
import org.linli.core.access.Access;
import org.linli.server.regions.RegionService;
import org.linli.server.coverage.CoverageService;
import org.linli.server.json.RegionJson;
import org.linli.core.region.RegionLevel;
import org.linli.server.json.FeedbackJson;
import io.vertx.core.http.HttpServerResponse;
import org.linli.server.cluster.ProviderRegistry;
import org.linli.server.json.CaseJson;
import org.linli.server.json.Json;
import org.linli.server.json.MatchJson;
import org.linli.server.json.ProviderJson;

/**
 * The HTTP API: the route table first, then one small handler per route (read the request, call the core or the
 * registry, render). Failures of any kind go to the {@link ProblemMapper}; no handler picks a status code for an
 * error. Matches and provider parsing run on a worker pool, never on the event loop.
 */
public final class ApiRouter {
  static final int JSON_LIMIT = 64 * 1024;
  static final int PROVIDER_LIMIT = 4 * 1024 * 1024;
  static final String JSON = "application/json";
  static final String NDJSON = "application/x-ndjson";
  private static final String PRINCIPAL = "linli.principal";

  private final Vertx vertx;
  private final ProviderRegistry registry;
  private final ProviderIndex index;
  private final WorkerExecutor workers;
  private final PrometheusMeterRegistry metrics;
  private final Readiness readiness;
  private final Tokens tokens;
  private final RateLimiter rateLimiter;
  private final RateLimiter ipRateLimiter;
  private final CaseFlow cases;
  private final CaseEvents caseEvents;
  private final FeedbackFlow feedback;
  private final RegionService regions;
  private final CoverageService coverage;
  private final Uploads uploads;
  /** Routes that stream for minutes (a large import or export): exempt from the 30 s request timeout. */
  private static final java.util.Set<String> LONG_RUNNING = java.util.Set.of("/api/v1/providers/bulk",
      "/api/v1/feedback/ledger/export", "/api/v1/regions/import");
  /** Largest region import: a country's streets, with detailed boundaries. */
  private static final long REGION_LIMIT = 256L * 1024 * 1024;
  private final Timer matchTimer;
  private final byte[] openApi;

  public ApiRouter(Vertx vertx, ProviderRegistry registry, ProviderIndex index, WorkerExecutor workers,
      PrometheusMeterRegistry metrics, Readiness readiness, Tokens tokens, RateLimiter rateLimiter,
      RateLimiter ipRateLimiter, CaseFlow cases, CaseEvents caseEvents, FeedbackFlow feedback,
      RegionService regions, CoverageService coverage, Uploads uploads) {
    this.vertx = vertx;
    this.registry = registry;
    this.index = index;
    this.workers = workers;
    this.metrics = metrics;
    this.readiness = readiness;
    this.tokens = tokens;
    this.rateLimiter = rateLimiter;
    this.ipRateLimiter = ipRateLimiter;
    this.cases = cases;
    this.caseEvents = caseEvents;
    this.feedback = feedback;
    this.regions = regions;
    this.coverage = coverage;
    this.uploads = uploads;
    this.matchTimer = Timer.builder("linli.match.requests").description("Time to answer a match, in the worker")
        .publishPercentiles(0.5, 0.99).register(metrics);
    metrics.gauge("linli.index.providers", index, ProviderIndex::size);
    this.openApi = resource("/openapi.json");
  }

  /** Builds the router. */
  public Router router() {
    Router r = Router.router(vertx);
    ProblemMapper problems = new ProblemMapper();
    // 30 s per request, except a streamed bulk import, which may take minutes for a large file (answering 503
    // while the import goes on would mislead the client), and the event stream, which has no end.
    r.route().handler(ctx -> {
      ctx.response().putHeader("X-Content-Type-Options", "nosniff");
      if (ctx.normalizedPath().equals("/api/v1/events")) {
        ctx.next(); // an event stream stays open as long as its client listens
      } else {
        deadline(ctx, LONG_RUNNING.contains(ctx.normalizedPath()) ? 30 * 60_000 : 30_000);
      }
    });

    r.get("/health/live").handler(this::live);
    r.get("/health/ready").handler(this::ready);
    r.get("/metrics").handler(this::metrics);
    r.get("/openapi.json").handler(this::openApi);
    r.route("/api/*").handler(this::authenticate);
    // Matching first: it is the hottest route, and a request is tried against each route above its own (the routes
    // with path parameters by a regular expression each).
    r.post("/api/v1/match").handler(this::rateLimited);
    r.post("/api/v1/match").consumes(JSON).handler(body(JSON_LIMIT)).handler(this::match);
    r.get("/api/v1/taxonomy").handler(this::taxonomy);
    r.get("/api/v1/geo/convert").handler(this::convert);
    r.post("/api/v1/providers/bulk").consumes(NDJSON).handler(this::bulk);
    r.put("/api/v1/providers/:id").handler(before(Access::requireProviderWriter));
    r.put("/api/v1/providers/:id").consumes(JSON).handler(body(PROVIDER_LIMIT)).handler(this::putProvider);
    r.get("/api/v1/providers").handler(this::agencyRoster);
    r.get("/api/v1/providers/:id").handler(this::getProvider);
    r.delete("/api/v1/providers/:id").handler(this::deleteProvider);
    r.post("/api/v1/needs").handler(this::rateLimited);
    r.post("/api/v1/needs").handler(before(Access::requireMayPostNeed));
    r.post("/api/v1/needs").consumes(JSON).handler(body(JSON_LIMIT)).handler(this::postNeed);
    r.get("/api/v1/cases").handler(this::inbox);
    r.get("/api/v1/events").handler(this::events);
    r.get("/api/v1/cases/:id").handler(this::getCase);
    r.get("/api/v1/cases/:id/history").handler(this::caseHistory);
    r.post("/api/v1/cases/:id/accept").handler(ctx -> caseAction(ctx, cases::accept));
    r.post("/api/v1/cases/:id/decline").handler(ctx -> caseAction(ctx, cases::decline));
    r.post("/api/v1/cases/:id/complete").handler(ctx -> caseAction(ctx, cases::complete));
    r.post("/api/v1/cases/:id/cancel").handler(ctx -> caseAction(ctx, cases::cancel));
    r.post("/api/v1/cases/:id/feedback").handler(this::rateLimited);
    r.post("/api/v1/cases/:id/feedback").handler(before(ApiRouter::requireSignedIn));
    r.post("/api/v1/cases/:id/feedback").consumes(JSON).handler(body(JSON_LIMIT)).handler(this::postFeedback);
    r.get("/api/v1/providers/:id/feedback").handler(this::providerFeedback);
    r.get("/api/v1/feedback/ledger/verify").handler(this::verifyLedger);
    r.get("/api/v1/feedback/ledger/export").handler(this::exportLedger);
    r.post("/api/v1/regions/import").handler(before(Access::requireRegionAdmin));
    r.post("/api/v1/regions/import").consumes(JSON).consumes("application/geo+json").handler(this::importRegions);
    r.post("/api/v1/regions/population").handler(before(Access::requireRegionAdmin));
    r.post("/api/v1/regions/population").consumes("text/csv").handler(body(JSON_LIMIT)).handler(this::population);
    r.get("/api/v1/regions/lookup").handler(this::lookupRegion);
    r.get("/api/v1/regions").handler(this::listRegions);
    r.get("/api/v1/coverage/regions").handler(this::coverageRegions);
    r.get("/api/v1/coverage/hexes").handler(this::coverageHexes);
    r.get("/api/v1/coverage/deserts").handler(this::coverageDeserts);

    // Pages: static files from the jar (no npm build), the browser libraries from their webjars.
    r.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(86_400));
    r.routeWithRegex("^/(?!api/|health/|metrics$|openapi\\.json$).*").handler(ApiRouter::pageHeaders)
        .handler(StaticHandler.create("webroot").setIndexPage("index.html").setDefaultContentEncoding("UTF-8"));
    r.route().failureHandler(problems::handle);
    for (int status : new int[] {400, 404, 405, 408, 413, 414, 415, 431, 500, 503}) {
      r.errorHandler(status, problems::handle);
    }
    return r;
  }

  /**
   * Fails the request if it is not answered within {@code millis}: 408 while its body is still arriving (a slow
   * client), 503 once the server has it all (the server is the slow one).
   */
  private static void deadline(RoutingContext ctx, long millis) {
    long timer = ctx.vertx().setTimer(millis, id -> {
      if (!ctx.response().ended() && !ctx.response().closed()) {
        ctx.fail(ctx.request().isEnded() ? 503 : 408);
      }
    });
    ctx.addBodyEndHandler(v -> ctx.vertx().cancelTimer(timer));
    ctx.addEndHandler(v -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }

  /** The pages load only this server's scripts, styles and data, and are never framed. */
  private static void pageHeaders(RoutingContext ctx) {
    ctx.response().putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
        + "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'")
        .putHeader("X-Content-Type-Options", "nosniff").putHeader("Referrer-Policy", "no-referrer");
    ctx.next();
  }

  private static BodyHandler body(long limit) {
    return BodyHandler.create(false).setBodyLimit(limit);
  }

  /**
   * A check of the caller, as a route of its own in front of the route that reads the body (Vert.x Web runs body
   * handlers before any other handler of the same route), so that a caller who may not use the route is answered
   * at once (401 or 403) and the body it sends is never buffered.
   */
  private static io.vertx.core.Handler<RoutingContext> before(java.util.function.Consumer<Principal> check) {
    return ctx -> {
      check.accept(caller(ctx));
      ctx.next();
    };
  }

  private static void requireSignedIn(Principal p) {
    Access.requireSignedIn(p, "this route needs a bearer token");
  }

  /**
   * Reads the bearer token, if any, into the request's {@link Principal}: no header is the anonymous caller (each
   * route decides whether that is enough); a header that is not a valid token is a 401, whatever the route.
   */
  private void authenticate(RoutingContext ctx) {
    authenticate(ctx, p -> {
      ctx.put(PRINCIPAL, p);
      ctx.next();
    });
  }

  /** Hands the request's principal to {@code then} (anonymous without a header); a bad token fails the request. */
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
    tokens.verify(header.substring(7).trim()).onSuccess(p -> {
      try {
        then.accept(p);
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    }).onFailure(ctx::fail);
  }

  /**
   * Counts the request against its address's budget (whatever principals it carries), then against its
   * client's: the principal's subject, else the address.
   */
  private void rateLimited(RoutingContext ctx) {
    Principal p = caller(ctx);
    String ip = ctx.request().remoteAddress().hostAddress();
    ipRateLimiter.acquire("ip:" + ip);
    rateLimiter.acquire(p.isAnonymous() ? "ip:" + ip : "sub:" + p.subject());
    ctx.next();
  }

  static Principal caller(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    return p == null ? Principal.ANONYMOUS : p;
  }

  private void live(RoutingContext ctx) {
    json(ctx, 200, Json.object().put("status", "UP"));
  }

  private void ready(RoutingContext ctx) {
    boolean up = readiness.ready();
    ObjectNode body = Json.object().put("status", up ? "UP" : "DOWN");
    body.putObject("checks")
        .put("index", readiness.indexLoaded() ? "UP" : readiness.loadFailed() ? "FAILED" : "LOADING")
        .put("warmup", readiness.warm() ? "UP" : readiness.indexLoaded() ? "WARMING" : "PENDING")
        .put("store", readiness.storeUp() ? "UP" : "DOWN")
        .put("cluster", readiness.clusterUp() ? "UP" : "DOWN");
    json(ctx, up ? 200 : 503, body);
  }

  /**
   * Prometheus text, for ADMIN tokens only on this port: it tells the JVM's, the pools' and the traffic's state. A
   * scraper without a token uses the metrics port ({@code LINLI_METRICS_PORT}, loopback) instead.
   */
  private void metrics(RoutingContext ctx) {
    authenticate(ctx, p -> {
      Access.requireMetricsReader(p);
      scrape(ctx, metrics);
    });
  }

  /** Answers {@code ctx} with the registry's Prometheus text. */
  public static void scrape(RoutingContext ctx, PrometheusMeterRegistry registry) {
    ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(registry.scrape());
  }

  private void openApi(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", JSON).end(Buffer.buffer(openApi));
  }

  private void taxonomy(RoutingContext ctx) {
    ObjectNode o = Json.object();
    ArrayNode skills = o.putArray("skills");
    for (Skill s : Skill.values()) {
      skills.addObject().put("code", s.code()).put("labelZh", s.labelZh()).put("labelEn", s.labelEn());
    }
    ArrayNode kinds = o.putArray("kinds");
    for (ProviderKind k : ProviderKind.values()) {
      kinds.add(k.name());
    }
    json(ctx, 200, o);
  }

  private void convert(RoutingContext ctx) {
    GeoPoint p = Query.point(ctx);
    Crs from = Query.crs(ctx, "from");
    Crs to = Query.crs(ctx, "to");
    GeoPoint out = from.convert(p, to);
    json(ctx, 200, Json.object().put("lat", out.lat()).put("lon", out.lon()));
  }

  /** The request body's bytes, or null when it has none (which the JSON readers answer as a 400). */
  private static byte[] bodyBytes(RoutingContext ctx) {
    return ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
  }

  private void putProvider(RoutingContext ctx) {
    Access.requireProviderWriter(caller(ctx));
    String id = ctx.pathParam("id");
    byte[] body = bodyBytes(ctx);
    workers.executeBlocking(() -> ProviderJson.fromRequest(Json.parse(body), id), false)
        .compose(p -> registry.upsert(p, caller(ctx), index.ratingPrior(), ctx.vertx().getOrCreateContext()))
        .onSuccess(r -> ctx.response().setStatusCode(r.created() ? 201 : 200).putHeader("Content-Type", JSON)
            .end(r.json()))
        .onFailure(ctx::fail);
  }

  /** An agency's roster: its providers with their capacity. The agency itself (AGENCY of it) and ADMIN. */
  private void agencyRoster(RoutingContext ctx) {
    Principal p = caller(ctx);
    String agency = Query.required(ctx, "agencyId");
    Access.requireRosterReader(p, agency);
    int limit = Query.integer(ctx, "limit", 500, 1, 5_000);
    registry.ofAgency(agency, limit, workers).onSuccess(list -> {
      ObjectNode o = Json.object().put("agencyId", agency);
      ArrayNode items = o.putArray("providers");
      list.forEach(x -> items.add(ProviderJson.write(x, index.ratingPrior())));
      json(ctx, 200, o);
    }).onFailure(ctx::fail);
  }

  private void getProvider(RoutingContext ctx) {
    registry.get(ctx.pathParam("id"), ctx.vertx().getOrCreateContext())
        .onSuccess(p -> json(ctx, 200, ProviderJson.write(p, index.ratingPrior())))
        .onFailure(ctx::fail);
  }

  private void deleteProvider(RoutingContext ctx) {
    registry.delete(ctx.pathParam("id"), caller(ctx), ctx.vertx().getOrCreateContext())
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void bulk(RoutingContext ctx) {
    BulkImport importer = new BulkImport(registry, workers, caller(ctx));
    importer.run(ctx.request()).onSuccess(report -> {
      if (importer.accepted() == 0 && importer.rejectedCount() > 0) {
        ctx.fail(new InvalidInputException(importer.rejectedAsErrors()));
      } else {
        json(ctx, 200, report);
      }
    }).onFailure(ctx::fail);
  }

  /** What a case action is: id and caller in; the case after it out. */
  private interface CaseAction {
    CompletionStage<ReferralCase> apply(String id, Principal caller);
  }

  /** {@code stage}'s outcome, delivered on the request's context. */
  private static <T> io.vertx.core.Future<T> on(RoutingContext ctx, CompletionStage<T> stage) {
    return io.vertx.core.Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext());
  }

  /** The flows' blocking steps run on the worker pool (unordered), never on an event loop. */
  public static Executor blocking(WorkerExecutor workers) {
    return blocking(workers, false);
  }

  /** As {@link #blocking(WorkerExecutor)}, one task after another: for a stream that must stay in order. */
  private static Executor ordered(WorkerExecutor workers) {
    return blocking(workers, true);
  }

  private static Executor blocking(WorkerExecutor workers, boolean ordered) {
    return task -> workers.executeBlocking(() -> {
      task.run();
      return null;
    }, ordered);
  }

  private void postNeed(RoutingContext ctx) {
    Need need = CaseJson.needFromRequest(Json.parse(bodyBytes(ctx)));
    on(ctx, cases.create(need, caller(ctx)))
        .onSuccess(c -> json(ctx, 201, CaseJson.created(c)))
        .onFailure(ctx::fail);
  }

  /** Server-sent events of the caller's cases; {@code Last-Event-ID} replays what a reconnecting client missed. */
  private void events(RoutingContext ctx) {
    Principal p = caller(ctx);
    if (p.isAnonymous()) {
      ctx.fail(new UnauthenticatedException("the event stream needs a bearer token"));
      return;
    }
    if (!readiness.indexLoaded()) {
      ctx.fail(new UnavailableException("loading", "Linli is still loading; retry shortly."));
      return;
    }
    var response = ctx.response().setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
        .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
    io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
    caseEvents.register(p, response, context); // before the stream opens: no event falls in between
    response.write(": linli case events\n\n");
    long ping = ctx.vertx().setPeriodic(15_000, id -> {
      if (!response.closed()) {
        response.write(": ping\n\n");
      }
    });
    response.closeHandler(v -> {
      ctx.vertx().cancelTimer(ping);
      caseEvents.unsubscribe(response);
    });
    String last = ctx.request().getHeader("Last-Event-ID");
    if (last != null) {
      workers.executeBlocking(() -> {
        caseEvents.replay(response, last);
        return null;
      }, false).onFailure(e -> response.end());
    }
  }

  private void inbox(RoutingContext ctx) {
    Principal p = caller(ctx);
    String providerId = ctx.queryParams().get("providerId");
    String statusName = ctx.queryParams().get("status");
    CaseStatus status = null;
    if (statusName != null) {
      try {
        status = CaseStatus.valueOf(statusName);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("status", "status \"" + statusName + "\" is not one of "
            + java.util.Arrays.toString(CaseStatus.values()));
      }
    }
    int limit = Query.integer(ctx, "limit", 50, 1, 500);
    on(ctx, cases.inbox(p, providerId, status, limit)).onSuccess(list -> {
      ObjectNode o = Json.object();
      ArrayNode items = o.putArray("cases");
      list.forEach(c -> items.add(CaseJson.view(c, p)));
      json(ctx, 200, o);
    }).onFailure(ctx::fail);
  }

  private void getCase(RoutingContext ctx) {
    Principal p = caller(ctx);
    on(ctx, cases.read(ctx.pathParam("id"), p, "case"))
        .onSuccess(c -> json(ctx, 200, CaseJson.view(c, p)))
        .onFailure(ctx::fail);
  }

  private void postFeedback(RoutingContext ctx) {
    FeedbackFlow.Input input = FeedbackJson.fromRequest(Json.parse(bodyBytes(ctx)));
    on(ctx, feedback.post(ctx.pathParam("id"), caller(ctx), input))
        .onSuccess(l -> json(ctx, 201, FeedbackJson.created(l)))
        .onFailure(ctx::fail);
  }

  /** A provider's feedback, newest first, a page at a time ({@code limit}, then {@code before} = the last seq). */
  private void providerFeedback(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    int limit = Query.integer(ctx, "limit", 20, 1, 200);
    long before = Query.integer(ctx, "before", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    registry.get(id, ctx.vertx().getOrCreateContext())
        .compose(p -> on(ctx, feedback.about(id, before, limit)))
        .onSuccess(page -> {
          ObjectNode o = Json.object().put("providerId", id);
          ArrayNode items = o.putArray("items");
          page.forEach(l -> items.add(FeedbackJson.publicView(l)));
          if (page.size() == limit) {
            o.put("next", page.get(page.size() - 1).entry().seq());
          } else {
            o.putNull("next");
          }
          json(ctx, 200, o);
        })
        .onFailure(ctx::fail);
  }

  private void verifyLedger(RoutingContext ctx) {
    on(ctx, feedback.verify(caller(ctx))).onSuccess(v -> json(ctx, 200, FeedbackJson.verdict(v))).onFailure(ctx::fail);
  }

  /** The whole ledger as NDJSON, streamed from the store with back-pressure. */
  private void exportLedger(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    NdjsonStream out = new NdjsonStream(response);
    on(ctx, feedback.export(caller(ctx), l -> out.line(Json.write(FeedbackJson.exported(l))), ordered(workers)))
        .onSuccess(v -> out.end())
        .onFailure(e -> {
          if (response.headWritten()) {
            response.reset(); // the client sees a cut stream, not a complete-looking export
          } else {
            ctx.fail(e);
          }
        });
  }

  /**
   * Lines written to a chunked response from a worker thread, in 64 KB pieces, waiting while the client's write
   * queue is full.
   */
  private static final class NdjsonStream {
    private final HttpServerResponse response;
    private final StringBuilder pending = new StringBuilder();
    private boolean started;

    NdjsonStream(HttpServerResponse response) {
      this.response = response;
    }

    void line(String json) {
      pending.append(json).append('\n');
      if (pending.length() >= 65_536) {
        flush();
      }
    }

    private void flush() {
      if (!started) {
        response.setChunked(true).putHeader("Content-Type", NDJSON + "; charset=utf-8");
        started = true;
      }
      if (response.closed()) {
        throw new IllegalStateException("the client went away");
      }
      response.write(pending.toString());
      pending.setLength(0);
      if (response.writeQueueFull()) {
        java.util.concurrent.CompletableFuture<Void> drained = new java.util.concurrent.CompletableFuture<>();
        response.drainHandler(v -> drained.complete(null));
        response.closeHandler(v -> drained.complete(null));
        if (response.writeQueueFull()) {
          try {
            drained.get(5, java.util.concurrent.TimeUnit.MINUTES);
          } catch (Exception e) {
            throw new IllegalStateException("the client stopped reading", e);
          }
        }
      }
    }

    void end() {
      flush();
      response.end();
    }
  }

  /** The body is received into a file (never the heap), then read a feature at a time on a worker. */
  private void importRegions(RoutingContext ctx) {
    RegionLevel level = Query.level(ctx, "level", null);
    String name = Query.required(ctx, "nameProperty");
    RegionService.ImportSpec spec = new RegionService.ImportSpec(level, name, ctx.queryParams().get("codeProperty"),
        Query.level(ctx, "parentLevel", level.parent(), false), Query.crs(ctx, "crs"));
    uploads.receive(ctx.request(), REGION_LIMIT)
        .compose(received -> regions.importRegions(received.file(), spec, caller(ctx))
            .onComplete(done -> received.close()))
        .onSuccess(report -> json(ctx, 200, report))
        .onFailure(ctx::fail);
  }

  private void population(RoutingContext ctx) {
    Access.requireRegionAdmin(caller(ctx));
    RegionService.PopulationSpec spec = new RegionService.PopulationSpec(Query.level(ctx, "level",
        RegionLevel.DISTRICT), Query.text(ctx, "nameColumn", "name"), ctx.queryParams().get("codeColumn"),
        Query.text(ctx, "populationColumn", "population"));
    String csv = ctx.body().asString();
    if (csv == null || csv.isBlank()) {
      throw new InvalidInputException("", "the body must be a CSV file with a header line");
    }
    regions.importPopulation(csv, spec, caller(ctx)).onSuccess(report -> json(ctx, 200, report))
        .onFailure(ctx::fail);
  }

  private void lookupRegion(RoutingContext ctx) {
    GeoPoint p = Query.crs(ctx, "crs").toWgs84(Query.point(ctx));
    var chain = regions.lookup(p);
    if (chain.isEmpty()) {
      throw new NotFoundException("region at " + p.lat() + ", " + p.lon() + " (outside every loaded region)");
    }
    ArrayNode out = Json.MAPPER.createArrayNode();
    chain.forEach(h -> {
      ObjectNode o = RegionJson.describe(h.region());
      if (h.approximate()) {
        o.put("approximate", true);
      }
      out.add(o);
    });
    json(ctx, 200, out);
  }

  private void coverageRegions(RoutingContext ctx) {
    RegionLevel level = Query.level(ctx, "level", RegionLevel.DISTRICT, false);
    Skill skill = Query.skill(ctx, "skill");
    coverage.regions(level, skill, caller(ctx)).onSuccess(fc -> json(ctx, 200, fc)).onFailure(ctx::fail);
  }

  private void coverageHexes(RoutingContext ctx) {
    int resolution = Query.integer(ctx, "resolution", 8, 7, 9);
    Skill skill = Query.skill(ctx, "skill");
    coverage.hexes(resolution, skill, Query.bbox(ctx, "bbox"), caller(ctx)).onSuccess(fc -> json(ctx, 200, fc))
        .onFailure(ctx::fail);
  }

  private void coverageDeserts(RoutingContext ctx) {
    RegionLevel level = Query.level(ctx, "level", RegionLevel.STREET, false);
    Skill skill = Query.skill(ctx, "skill");
    int limit = Query.integer(ctx, "limit", 20, 1, 1_000);
    coverage.deserts(level, skill, limit, caller(ctx)).onSuccess(d -> json(ctx, 200, d)).onFailure(ctx::fail);
  }

  /** The loaded regions without their boundaries, optionally of one level. */
  private void listRegions(RoutingContext ctx) {
    RegionLevel only = Query.level(ctx, "level", null, false);
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (RegionLevel level : RegionLevel.values()) {
      if (only != null && only != level) {
        continue;
      }
      regions.index().regions(level).forEach(r -> {
        ObjectNode o = RegionJson.describe(r).put("parentId", r.parentId());
        if (r.population() != null) {
          o.put("population", r.population());
        }
        out.add(o);
      });
    }
    json(ctx, 200, out);
  }

  private void caseHistory(RoutingContext ctx) {
    Principal p = caller(ctx);
    on(ctx, cases.read(ctx.pathParam("id"), p, "history"))
        .onSuccess(c -> json(ctx, 200, CaseJson.history(c, p)))
        .onFailure(ctx::fail);
  }

  private void caseAction(RoutingContext ctx, CaseAction action) {
    Principal p = caller(ctx);
    Access.requireSignedIn(p, "case actions need a bearer token");
    on(ctx, action.apply(ctx.pathParam("id"), p))
        .onSuccess(c -> json(ctx, 200, CaseJson.view(c, p)))
        .onFailure(ctx::fail);
  }

  private void match(RoutingContext ctx) {
    if (!readiness.indexLoaded()) {
      ctx.fail(new UnavailableException("loading", "The provider index is still loading; retry shortly."));
      return;
    }
    MatchRequest request = MatchJson.fromRequest(Json.parse(bodyBytes(ctx)));
    // Rendered on the worker too, where the match has just read the same entries.
    workers.executeBlocking(() -> MatchJson.render(matchTimer.record(() -> index.match(request))), false)
        .onSuccess(body -> json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  private static Void json(RoutingContext ctx, int status, com.fasterxml.jackson.databind.JsonNode body) {
    return json(ctx, status, Json.bytes(body));
  }

  /** Sends a JSON document already rendered to UTF-8 bytes. */
  private static Void json(RoutingContext ctx, int status, byte[] body) {
    return json(ctx, status, Buffer.buffer(body));
  }

  private static Void json(RoutingContext ctx, int status, Buffer body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body);
    return null;
  }

  private static byte[] resource(String name) {
    try (InputStream in = ApiRouter.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
