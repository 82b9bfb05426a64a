package org.linli.server.http;

import static org.linli.server.http.Http.JSON;
import static org.linli.server.http.Http.bodyBytes;
import static org.linli.server.http.Http.caller;
import static org.linli.server.http.Http.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.core.error.InvalidInputException;
import org.linli.core.match.ProviderIndex;
import org.linli.server.cluster.ProviderRegistry;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;
import org.linli.server.store.ProviderCodec;

/** Provider records: one at a time, an agency's roster, and bulk NDJSON imports. */
final class ProviderRoutes {
  private final ProviderRegistry registry;
  private final ProviderIndex index;
  private final WorkerExecutor workers;

  private final org.linli.server.regions.RegionService regions;

  ProviderRoutes(
      ProviderRegistry registry,
      ProviderIndex index,
      WorkerExecutor workers,
      org.linli.server.regions.RegionService regions) {
    this.registry = registry;
    this.index = index;
    this.workers = workers;
    this.regions = regions;
  }

  /**
   * A provider as the contract shows it, with {@code regionCode}: the adcode of the deepest loaded
   * region holding it, looked up now (so a later region import shows at once), or null.
   */
  private ObjectNode render(org.linli.core.provider.Provider p) {
    ObjectNode o = ProviderJson.write(p, index.ratingPrior());
    String code = regions == null ? null : regions.regionCodeAt(p.location());
    if (code == null) {
      o.putNull("regionCode");
    } else {
      o.put("regionCode", code);
    }
    return o;
  }

  void putProvider(RoutingContext ctx) {
    Access.requireProviderWriter(caller(ctx));
    String id = ctx.pathParam("id");
    byte[] body = bodyBytes(ctx);
    workers
        .executeBlocking(() -> ProviderJson.fromRequest(Json.parse(body), id), false)
        .compose(
            p ->
                registry.upsert(
                    p, caller(ctx), index.ratingPrior(), ctx.vertx().getOrCreateContext()))
        // The answer is rendered from the stored document on a worker (decoding a large service
        // area is no work for the event loop), and sent from the event loop.
        .compose(
            r ->
                workers
                    .executeBlocking(
                        () -> Json.write(render(ProviderCodec.decode(r.stored()).provider())),
                        false)
                    .onSuccess(
                        answer ->
                            ctx.response()
                                .setStatusCode(r.created() ? 201 : 200)
                                .putHeader("Content-Type", JSON)
                                .end(answer)))
        .onFailure(ctx::fail);
  }

  /**
   * An agency's roster: its providers with their capacity. The agency itself (AGENCY of it) and
   * ADMIN.
   */
  /** {@code ?q=}: anyone finds providers by name or id; else an agency's roster. */
  void list(RoutingContext ctx) {
    String q = ctx.queryParams().get("q");
    if (q == null) {
      agencyRoster(ctx);
      return;
    }
    if (q.isBlank() || q.length() > 100) {
      throw new org.linli.core.error.InvalidInputException(
          "q", "q is 1 to 100 characters: words of a provider's name, or its id");
    }
    int limit = Query.integer(ctx, "limit", 20, 1, 100);
    workers
        .executeBlocking(
            () -> {
              ObjectNode o = Json.object().put("q", q);
              ArrayNode items = o.putArray("providers");
              for (org.linli.core.match.ProviderIndex.NameHit h : index.findByName(q, limit)) {
                ObjectNode item =
                    items
                        .addObject()
                        .put("providerId", h.providerId())
                        .put("name", h.name())
                        .put("kind", h.kind().name());
                ArrayNode skills = item.putArray("skills");
                h.skills().forEach(x -> skills.add(x.code()));
                item.set("rating", ProviderJson.write(index.ratingPrior().rescore(h.rating())));
              }
              return o;
            },
            false)
        .onSuccess(o -> json(ctx, 200, o))
        .onFailure(ctx::fail);
  }

  void agencyRoster(RoutingContext ctx) {
    Principal p = caller(ctx);
    String agency = Query.required(ctx, "agencyId");
    Access.requireRosterReader(p, agency);
    int limit = Query.integer(ctx, "limit", 500, 1, 5_000);
    registry
        .ofAgency(agency, limit, workers)
        // Rendered on a worker: each provider's regionCode is a point-in-polygon lookup.
        .compose(
            list ->
                workers.executeBlocking(
                    () -> {
                      ObjectNode o = Json.object().put("agencyId", agency);
                      ArrayNode items = o.putArray("providers");
                      list.forEach(x -> items.add(render(x)));
                      return o;
                    },
                    false))
        .onSuccess(o -> json(ctx, 200, o))
        .onFailure(ctx::fail);
  }

  void getProvider(RoutingContext ctx) {
    registry
        .get(ctx.pathParam("id"), ctx.vertx().getOrCreateContext())
        .compose(p -> workers.executeBlocking(() -> render(p), false)) // regionCode: a lookup
        .onSuccess(o -> json(ctx, 200, o))
        .onFailure(ctx::fail);
  }

  void deleteProvider(RoutingContext ctx) {
    registry
        .delete(ctx.pathParam("id"), caller(ctx), ctx.vertx().getOrCreateContext())
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  void bulk(RoutingContext ctx) {
    BulkImport importer = new BulkImport(registry, workers, caller(ctx));
    importer
        .run(ctx.request())
        .onSuccess(
            report -> {
              if (importer.accepted() == 0 && importer.rejectedCount() > 0) {
                ctx.fail(new InvalidInputException(importer.rejectedAsErrors()));
              } else {
                json(ctx, 200, report);
              }
            })
        .onFailure(ctx::fail);
  }
}
