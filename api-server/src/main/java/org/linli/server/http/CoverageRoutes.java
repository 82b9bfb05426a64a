package org.linli.server.http;

import static org.linli.server.http.Http.caller;
import static org.linli.server.http.Http.json;
import static org.linli.server.http.Http.on;

import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.Executor;
import org.linli.core.coverage.CoverageQueries;
import org.linli.core.region.RegionLevel;
import org.linli.core.taxonomy.Skill;
import org.linli.server.coverage.CoverageService;
import org.linli.server.json.CoverageJson;
import org.linli.server.json.Json;

/**
 * Coverage maps and service gaps for STAFF: {@link CoverageQueries} answers, rendered on a worker
 * (a hex layer may hold 60 000 cells).
 */
final class CoverageRoutes {
  private final CoverageQueries coverage;
  private final CoverageService boundaries;
  private final Executor blocking;

  CoverageRoutes(CoverageService source, WorkerExecutor workers) {
    this.blocking = Http.blocking(workers);
    this.coverage = new CoverageQueries(source, blocking);
    this.boundaries = source;
  }

  void coverageRegions(RoutingContext ctx) {
    RegionLevel level = Query.level(ctx, "level", RegionLevel.DISTRICT, false);
    Skill skill = Query.skill(ctx, "skill");
    on(
            ctx,
            coverage
                .regions(level, skill, caller(ctx))
                .thenApplyAsync(r -> CoverageJson.regions(r, boundaries::boundary), blocking))
        .onSuccess(fc -> json(ctx, 200, fc))
        .onFailure(ctx::fail);
  }

  void coverageHexes(RoutingContext ctx) {
    int resolution = Query.integer(ctx, "resolution", 8, 7, 9);
    Skill skill = Query.skill(ctx, "skill");
    on(
            ctx,
            coverage
                .hexes(resolution, skill, Query.bbox(ctx, "bbox"), caller(ctx))
                .thenApplyAsync(CoverageJson::hexes, blocking))
        .onSuccess(fc -> json(ctx, 200, fc))
        .onFailure(ctx::fail);
  }

  void coverageDeserts(RoutingContext ctx) {
    RegionLevel level = Query.level(ctx, "level", RegionLevel.STREET, false);
    Skill skill = Query.skill(ctx, "skill");
    int limit = Query.integer(ctx, "limit", 20, 1, 1_000);
    on(
            ctx,
            coverage
                .deserts(level, skill, limit, caller(ctx))
                .thenApplyAsync(d -> CoverageJson.deserts(level, skill, d), blocking))
        .onSuccess(d -> json(ctx, 200, d))
        .onFailure(ctx::fail);
  }

  /**
   * {@code GET /api/v1/map/base?level=district}: the loaded regions of a level as a plain base map
   * (outlines and names), for pages without a tile server or offline. Anyone: boundaries are
   * public.
   */
  void mapBase(RoutingContext ctx) {
    RegionLevel level = Query.level(ctx, "level", RegionLevel.DISTRICT, false);
    long version = boundaries.regionsVersion();
    BaseMap cached = baseMaps.get(level);
    java.util.concurrent.CompletionStage<byte[]> answer =
        cached != null && cached.version() == version
            ? java.util.concurrent.CompletableFuture.completedFuture(cached.json())
            : java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                  byte[] json = Json.bytes(CoverageJson.base(boundaries.base(level)));
                  baseMaps.put(level, new BaseMap(version, json));
                  return json;
                },
                blocking);
    on(ctx, answer)
        .onSuccess(
            json -> {
              ctx.response().putHeader("Cache-Control", "public, max-age=300");
              json(ctx, 200, json);
            })
        .onFailure(ctx::fail);
  }

  /** A base map as rendered, and the version of the regions it was drawn from. */
  private record BaseMap(long version, byte[] json) {}

  /**
   * The base maps rendered so far, one per level: anyone may ask for them, so each is drawn once
   * per change of the regions, not per request.
   */
  private final java.util.Map<RegionLevel, BaseMap> baseMaps =
      new java.util.concurrent.ConcurrentHashMap<>();
}
