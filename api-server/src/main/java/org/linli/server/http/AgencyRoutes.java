package org.linli.server.http;

import static org.linli.server.http.Http.bodyBytes;
import static org.linli.server.http.Http.caller;
import static org.linli.server.http.Http.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import org.linli.core.agency.Agency;
import org.linli.core.agency.AgencyLookup;
import org.linli.core.agency.AgencyRegistry;
import org.linli.core.error.InvalidInputException;
import org.linli.server.json.AgencyJson;
import org.linli.server.json.Json;

/** {@code /api/v1/agencies}: the registry of social organisations. Blocking calls on a worker. */
public final class AgencyRoutes {
  /** The flows the routes call. */
  public record Services(AgencyRegistry registry, AgencyLookup lookup) {}

  private final AgencyRegistry registry;
  private final AgencyLookup lookup;
  private final WorkerExecutor workers;

  AgencyRoutes(Services services, WorkerExecutor workers) {
    this.registry = services.registry();
    this.lookup = services.lookup();
    this.workers = workers;
  }

  /**
   * {@code GET /api/v1/public/agencies?q=&district=&grade=&limit=} (anyone): registered
   * organisations by name words or credit code.
   */
  void publicSearch(RoutingContext ctx) {
    String q = ctx.queryParams().get("q");
    String district = ctx.queryParams().get("district");
    String gradeName = ctx.queryParams().get("grade");
    Agency.Grade grade = null;
    if (gradeName != null) {
      try {
        grade = Agency.Grade.valueOf(gradeName);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException(
            "grade", "grade \"" + gradeName + "\" is not one of AAAAA, AAAA, AAA, AA, A");
      }
    }
    int limit = Query.integer(ctx, "limit", 20, 1, AgencyLookup.MAX_LIMIT);
    Agency.Grade g = grade;
    workers
        .executeBlocking(() -> lookup.search(q, district, g, limit), false)
        .onSuccess(
            found -> {
              ObjectNode answer = Json.object();
              ArrayNode list = answer.putArray("agencies");
              found.forEach(f -> list.add(AgencyJson.writePublic(f, false)));
              json(ctx, 200, answer);
            })
        .onFailure(ctx::fail);
  }

  /** {@code GET /api/v1/public/agencies/{id}} (anyone): one organisation with its services. */
  void publicGet(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    workers
        .executeBlocking(() -> lookup.get(id), false)
        .onSuccess(f -> json(ctx, 200, AgencyJson.writePublic(f, true)))
        .onFailure(ctx::fail);
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
