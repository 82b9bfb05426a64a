package org.linli.server.http;

import static org.linli.server.http.Http.bodyBytes;
import static org.linli.server.http.Http.caller;
import static org.linli.server.http.Http.json;

import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import org.linli.core.agency.AgencyRegistry;
import org.linli.server.json.AgencyJson;
import org.linli.server.json.Json;

/** {@code /api/v1/agencies}: the registry of social organisations. Blocking calls on a worker. */
final class AgencyRoutes {
  private final AgencyRegistry registry;
  private final WorkerExecutor workers;

  AgencyRoutes(AgencyRegistry registry, WorkerExecutor workers) {
    this.registry = registry;
    this.workers = workers;
  }

  /** {@code PUT /api/v1/agencies/{id}} (STAFF, ADMIN): 201 when new, 200 when replaced. */
  void put(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    var agency = AgencyJson.fromRequest(Json.parse(bodyBytes(ctx)), id);
    workers
        .executeBlocking(() -> registry.register(caller(ctx), agency), false)
        .onSuccess(w -> json(ctx, w.created() ? 201 : 200, AgencyJson.write(w.agency())))
        .onFailure(ctx::fail);
  }

  /** {@code PATCH /api/v1/agencies/{id}} (the agency itself, STAFF, ADMIN): address and phone. */
  void patch(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    AgencyJson.Contact c = AgencyJson.contactFromRequest(Json.parse(bodyBytes(ctx)));
    workers
        .executeBlocking(
            () -> registry.changeContact(caller(ctx), id, c.address(), c.phone()), false)
        .onSuccess(a -> json(ctx, 200, AgencyJson.write(a)))
        .onFailure(ctx::fail);
  }

  /** {@code GET /api/v1/agencies/{id}} (STAFF, ADMIN, the agency's own accounts). */
  void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    workers
        .executeBlocking(() -> registry.get(caller(ctx), id), false)
        .onSuccess(a -> json(ctx, 200, AgencyJson.write(a)))
        .onFailure(ctx::fail);
  }
}
