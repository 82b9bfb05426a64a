package org.linli.server.http;

import static org.linli.server.http.Http.caller;
import static org.linli.server.http.Http.json;

import io.vertx.ext.web.RoutingContext;
import org.linli.core.region.RegionLevel;
import org.linli.core.taxonomy.Skill;
import org.linli.server.coverage.CoverageService;

/** Coverage maps and service gaps for STAFF. */
final class CoverageRoutes {
  private final CoverageService coverage;

  CoverageRoutes(CoverageService coverage) {
    this.coverage = coverage;
  }

  void coverageRegions(RoutingContext ctx) {
    RegionLevel level = Query.level(ctx, "level", RegionLevel.DISTRICT, false);
    Skill skill = Query.skill(ctx, "skill");
    coverage
        .regions(level, skill, caller(ctx))
        .onSuccess(fc -> json(ctx, 200, fc))
        .onFailure(ctx::fail);
  }

  void coverageHexes(RoutingContext ctx) {
    int resolution = Query.integer(ctx, "resolution", 8, 7, 9);
    Skill skill = Query.skill(ctx, "skill");
    coverage
        .hexes(resolution, skill, Query.bbox(ctx, "bbox"), caller(ctx))
        .onSuccess(fc -> json(ctx, 200, fc))
        .onFailure(ctx::fail);
  }

  void coverageDeserts(RoutingContext ctx) {
    RegionLevel level = Query.level(ctx, "level", RegionLevel.STREET, false);
    Skill skill = Query.skill(ctx, "skill");
    int limit = Query.integer(ctx, "limit", 20, 1, 1_000);
    coverage
        .deserts(level, skill, limit, caller(ctx))
        .onSuccess(d -> json(ctx, 200, d))
        .onFailure(ctx::fail);
  }
}
