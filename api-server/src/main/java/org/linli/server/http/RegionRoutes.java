package org.linli.server.http;

import static org.linli.server.http.Http.caller;
import static org.linli.server.http.Http.json;
import static org.linli.server.http.Http.on;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import org.linli.core.access.Access;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.NotFoundException;
import org.linli.core.geo.GeoPoint;
import org.linli.core.region.RegionLevel;
import org.linli.geo.region.RegionImports;
import org.linli.server.json.GeoJsonFeatures;
import org.linli.server.json.Json;
import org.linli.server.json.RegionJson;
import org.linli.server.regions.RegionService;

/** Administrative regions: imports of boundaries and population, lookups, the list. */
final class RegionRoutes {
  /** Largest region import: a country's streets, with detailed boundaries. */
  private static final long REGION_LIMIT = 256L * 1024 * 1024;

  private final RegionService regions;
  private final RegionImports imports;
  private final Uploads uploads;

  RegionRoutes(RegionService regions, Uploads uploads, WorkerExecutor workers) {
    this.regions = regions;
    this.imports = new RegionImports(regions, Http.blocking(workers));
    this.uploads = uploads;
  }

  /**
   * The body is received into a file (never the heap), then read a feature at a time on a worker.
   */
  void importRegions(RoutingContext ctx) {
    RegionLevel level = Query.level(ctx, "level", null);
    String name = Query.required(ctx, "nameProperty");
    RegionImports.ImportSpec spec =
        new RegionImports.ImportSpec(
            level,
            name,
            ctx.queryParams().get("codeProperty"),
            Query.level(ctx, "parentLevel", level.parent(), false),
            Query.crs(ctx, "crs"));
    uploads
        .receive(ctx.request(), REGION_LIMIT)
        .compose(
            received ->
                on(
                        ctx,
                        imports.importRegions(
                            () -> GeoJsonFeatures.read(received.file()), spec, caller(ctx)))
                    .onComplete(done -> received.close()))
        .onSuccess(report -> json(ctx, 200, RegionJson.report(report)))
        .onFailure(ctx::fail);
  }

  void population(RoutingContext ctx) {
    Access.requireRegionAdmin(caller(ctx));
    RegionImports.PopulationSpec spec =
        new RegionImports.PopulationSpec(
            Query.level(ctx, "level", RegionLevel.DISTRICT),
            Query.text(ctx, "nameColumn", "name"),
            ctx.queryParams().get("codeColumn"),
            Query.text(ctx, "populationColumn", "population"));
    String csv = ctx.body().asString();
    if (csv == null || csv.isBlank()) {
      throw new InvalidInputException("", "the body must be a CSV file with a header line");
    }
    on(ctx, imports.importPopulation(csv, spec, caller(ctx)))
        .onSuccess(report -> json(ctx, 200, RegionJson.report(report)))
        .onFailure(ctx::fail);
  }

  void lookupRegion(RoutingContext ctx) {
    GeoPoint p = Query.crs(ctx, "crs").toWgs84(Query.point(ctx));
    var chain = regions.lookup(p);
    if (chain.isEmpty()) {
      throw new NotFoundException(
          "region at " + p.lat() + ", " + p.lon() + " (outside every loaded region)");
    }
    ArrayNode out = Json.MAPPER.createArrayNode();
    chain.forEach(
        h -> {
          ObjectNode o = RegionJson.describe(h.region());
          if (h.approximate()) {
            o.put("approximate", true);
          }
          out.add(o);
        });
    json(ctx, 200, out);
  }

  /**
   * A place search over the loaded regions' names ({@code q}, 1 to 50 characters; {@code limit}),
   * best first, each with a point inside it and its bounding box.
   */
  void searchRegions(RoutingContext ctx) {
    String q = ctx.queryParams().get("q");
    if (q == null || q.isBlank() || q.strip().length() > 50) {
      throw new org.linli.core.error.InvalidInputException(
          "q", "give a place name of 1 to 50 characters, such as 福田 or 华强北");
    }
    int limit = Query.integer(ctx, "limit", 10, 1, 50);
    ObjectNode answer = Json.object();
    ArrayNode out = answer.putArray("regions");
    for (var f : regions.index().search(q, limit)) {
      ObjectNode o = RegionJson.describe(f.region()).put("parentId", f.region().parentId());
      o.putObject("centre").put("lat", f.centre().lat()).put("lon", f.centre().lon());
      o.putArray("bbox")
          .add(f.box().getMinX())
          .add(f.box().getMinY())
          .add(f.box().getMaxX())
          .add(f.box().getMaxY());
      out.add(o);
    }
    json(ctx, 200, answer);
  }

  /** The loaded regions without their boundaries, optionally of one level. */
  void listRegions(RoutingContext ctx) {
    RegionLevel only = Query.level(ctx, "level", null, false);
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (RegionLevel level : RegionLevel.values()) {
      if (only != null && only != level) {
        continue;
      }
      regions
          .index()
          .regions(level)
          .forEach(
              r -> {
                ObjectNode o = RegionJson.describe(r).put("parentId", r.parentId());
                if (r.population() != null) {
                  o.put("population", r.population());
                }
                out.add(o);
              });
    }
    json(ctx, 200, out);
  }
}
