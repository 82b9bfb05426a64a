package org.linli.server.http;

import static org.linli.server.http.Http.JSON;
import static org.linli.server.http.Http.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.linli.core.geo.GeoPoint;
import org.linli.core.provider.ProviderKind;
import org.linli.core.taxonomy.Skill;
import org.linli.geo.crs.Crs;
import org.linli.server.json.Json;

/** Health, the contract, and the small reference routes (taxonomy, coordinate conversion). */
final class SystemRoutes {
  private final Readiness readiness;
  private final byte[] openApi;

  private final org.linli.server.config.ServerConfig.Tiles tiles;

  SystemRoutes(
      Readiness readiness, byte[] openApi, org.linli.server.config.ServerConfig.Tiles tiles) {
    this.readiness = readiness;
    this.openApi = openApi;
    this.tiles = tiles;
  }

  /**
   * {@code GET /api/v1/map/config}: the tile layer the pages draw ({@code null} without one), and
   * where the base drawn from the loaded regions is.
   */
  void mapConfig(RoutingContext ctx) {
    ObjectNode o = Json.object();
    if (tiles.url() == null) {
      o.putNull("tiles");
    } else {
      o.putObject("tiles")
          .put("url", tiles.template())
          .put("crs", tiles.crs())
          .put("attribution", tiles.attribution() == null ? "" : tiles.attribution());
    }
    o.put("base", "/api/v1/map/base");
    json(ctx, 200, o);
  }

  void live(RoutingContext ctx) {
    json(ctx, 200, Json.object().put("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    boolean up = readiness.ready();
    ObjectNode body = Json.object().put("status", up ? "UP" : "DOWN");
    body.putObject("checks")
        .put(
            "index", readiness.indexLoaded() ? "UP" : readiness.loadFailed() ? "FAILED" : "LOADING")
        .put("warmup", readiness.warm() ? "UP" : readiness.indexLoaded() ? "WARMING" : "PENDING")
        .put("store", readiness.storeUp() ? "UP" : "DOWN")
        .put("cluster", readiness.clusterUp() ? "UP" : "DOWN");
    json(ctx, up ? 200 : 503, body);
  }

  void openApi(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", JSON).end(Buffer.buffer(openApi));
  }

  void taxonomy(RoutingContext ctx) {
    ObjectNode o = Json.object();
    ArrayNode skills = o.putArray("skills");
    for (Skill s : Skill.values()) {
      skills
          .addObject()
          .put("code", s.code())
          .put("labelZh", s.labelZh())
          .put("labelEn", s.labelEn());
    }
    ArrayNode kinds = o.putArray("kinds");
    for (ProviderKind k : ProviderKind.values()) {
      kinds.add(k.name());
    }
    json(ctx, 200, o);
  }

  void convert(RoutingContext ctx) {
    GeoPoint p = Query.point(ctx);
    Crs from = Query.crs(ctx, "from");
    Crs to = Query.crs(ctx, "to");
    GeoPoint out = from.convert(p, to);
    json(ctx, 200, Json.object().put("lat", out.lat()).put("lon", out.lon()));
  }
}
