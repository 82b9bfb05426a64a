package org.linli.server.http;

import static org.linli.server.http.Http.bodyBytes;
import static org.linli.server.http.Http.caller;
import static org.linli.server.http.Http.json;
import static org.linli.server.http.Http.on;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.CompletionStage;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.accounts.PhoneSignIn;
import org.linli.core.cases.CaseFlow;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.Need;
import org.linli.core.cases.ReferralCase;
import org.linli.core.cases.StepDetail;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.Problems;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.error.UnavailableException;
import org.linli.server.cases.CaseEvents;
import org.linli.server.json.CaseJson;
import org.linli.server.json.Json;
import org.linli.server.json.JsonInput;

/**
 * Needs and cases: posting a need, the inbox, a case and its history, its actions, the event
 * stream.
 */
final class CaseRoutes {
  private final CaseFlow cases;
  private final CaseEvents caseEvents;
  private final Readiness readiness;
  private final WorkerExecutor workers;
  private final PhoneSignIn phones;

  CaseRoutes(
      CaseFlow cases,
      CaseEvents caseEvents,
      Readiness readiness,
      WorkerExecutor workers,
      PhoneSignIn phones) {
    this.cases = cases;
    this.phones = phones;
    this.caseEvents = caseEvents;
    this.readiness = readiness;
    this.workers = workers;
  }

  /** What a case action is: id and caller in; the case after it out. */
  private interface CaseAction {
    CompletionStage<ReferralCase> apply(String id, Principal caller);
  }

  /**
   * A resident's need; or STAFF's on behalf of a resident ({@code onBehalfOf}): the case is the
   * account of the phone given, so that the resident can follow it, else a resident of its own.
   */
  void postNeed(RoutingContext ctx) {
    Principal p = caller(ctx);
    CaseJson.Posted posted = CaseJson.postedNeed(Json.parse(bodyBytes(ctx)));
    Need need = posted.need();
    CompletionStage<ReferralCase> created;
    if (need.onBehalfOf() == null) {
      created = cases.create(need, p);
    } else if (!p.has(Role.STAFF)) {
      throw new org.linli.core.error.ForbiddenException(
          "onBehalfOf is for staff posting for a resident; post your own need without it");
    } else {
      CompletionStage<String> resident =
          posted.onBehalfOfPhone() != null
              ? phones.residentIdFor(posted.onBehalfOfPhone())
              : java.util.concurrent.CompletableFuture.completedFuture(
                  "r-" + java.util.UUID.randomUUID().toString().replace("-", ""));
      created = resident.thenCompose(id -> cases.createOnBehalf(need, p, id));
    }
    on(ctx, created).onSuccess(c -> json(ctx, 201, CaseJson.created(c))).onFailure(ctx::fail);
  }

  /** {@code {"text"}}: a note on the case (the assigned provider, staff). */
  void addNote(RoutingContext ctx) {
    StepDetail note = StepDetail.note(text(Http.objectBody(ctx, true), "text"));
    Principal p = caller(ctx);
    on(ctx, cases.note(ctx.pathParam("id"), p, note))
        .compose(c -> on(ctx, cases.notes(c.id(), p)))
        .onSuccess(list -> json(ctx, 201, CaseJson.notes(ctx.pathParam("id"), list)))
        .onFailure(ctx::fail);
  }

  void notes(RoutingContext ctx) {
    Principal p = caller(ctx);
    Access.requireSignedIn(p, "a case's notes need a bearer token");
    on(ctx, cases.notes(ctx.pathParam("id"), p))
        .onSuccess(list -> json(ctx, 200, CaseJson.notes(ctx.pathParam("id"), list)))
        .onFailure(ctx::fail);
  }

  /** {@code {"providerId", "note"?}}: the agency moves the case to another of its providers. */
  void assign(RoutingContext ctx) {
    JsonNode body = Http.objectBody(ctx, true);
    String providerId = Http.textField(body, "providerId", true);
    StepDetail note = StepDetail.reassignment(text(body, "note"));
    caseAction(ctx, (id, p) -> cases.reassign(id, p, providerId, note));
  }

  /**
   * {@code {"providerId"?, "skills"?, "note"?}}: the assigned provider refers the resident onward;
   * 201 with the linked case.
   */
  void refer(RoutingContext ctx) {
    JsonNode body = Http.objectBody(ctx, true);
    Problems problems = new Problems();
    JsonInput in = JsonInput.root(body, problems);
    in.rejectUnknown(java.util.Set.of("providerId", "skills", "note"));
    String providerId = in.string("providerId", false);
    String note = in.string("note", false);
    problems.throwIfAny();
    java.util.Set<org.linli.core.taxonomy.Skill> given =
        org.linli.server.json.ProviderJson.skills(in, "skills", false);
    problems.throwIfAny();
    java.util.Set<org.linli.core.taxonomy.Skill> skills =
        given == null ? java.util.Set.of() : given;
    Principal p = caller(ctx);
    Access.requireSignedIn(p, "referring a case needs a bearer token");
    on(ctx, cases.refer(ctx.pathParam("id"), p, providerId, skills, note))
        .onSuccess(c -> json(ctx, 201, CaseJson.view(c, p)))
        .onFailure(ctx::fail);
  }

  /**
   * Server-sent events of the caller's cases; {@code Last-Event-ID} replays what a reconnecting
   * client missed.
   */
  void events(RoutingContext ctx) {
    Principal p = caller(ctx);
    if (p.isAnonymous()) {
      ctx.fail(new UnauthenticatedException("the event stream needs a bearer token"));
      return;
    }
    if (!readiness.indexLoaded()) {
      ctx.fail(new UnavailableException("loading", "Linli is still loading; retry shortly."));
      return;
    }
    var response =
        ctx.response()
            .setChunked(true)
            .putHeader("Content-Type", "text/event-stream; charset=utf-8")
            .putHeader("Cache-Control", "no-cache")
            .putHeader("X-Accel-Buffering", "no");
    io.vertx.core.Context context = ctx.vertx().getOrCreateContext();
    caseEvents.register(p, response, context); // before the stream opens: no event falls in between
    response.write(": linli case events\n\n");
    long ping =
        ctx.vertx()
            .setPeriodic(
                15_000,
                id -> {
                  if (!response.closed()) {
                    response.write(": ping\n\n");
                  }
                });
    response.closeHandler(
        v -> {
          ctx.vertx().cancelTimer(ping);
          caseEvents.unsubscribe(response);
        });
    String last = ctx.request().getHeader("Last-Event-ID");
    if (last != null) {
      workers
          .executeBlocking(
              () -> {
                caseEvents.replay(response, last);
                return null;
              },
              false)
          .onFailure(e -> response.end());
    }
  }

  void inbox(RoutingContext ctx) {
    Principal p = caller(ctx);
    boolean provider =
        (p.has(Role.AGENCY) && p.agencyId() != null)
            || (p.has(Role.WORKER) && p.providerId() != null);
    if (!provider && (p.has(Role.STAFF) || p.has(Role.ADMIN))) {
      queue(ctx, p);
      return;
    }
    String providerId = ctx.queryParams().get("providerId");
    org.linli.core.access.Access.inbox(p, providerId); // who may ask, before what they ask
    String statusName = ctx.queryParams().get("status");
    CaseStatus status = statusName == null ? null : status(statusName, "");
    int limit = Query.integer(ctx, "limit", 50, 1, 500);
    on(ctx, cases.inbox(p, providerId, status, limit))
        .onSuccess(list -> json(ctx, 200, CaseJson.list(list, p)))
        .onFailure(ctx::fail);
  }

  /**
   * A staff queue: {@code status} (a case status, or ESCALATED: escalated and still waiting),
   * {@code region} (an adcode), {@code olderThan} (an ISO-8601 duration); the oldest first.
   */
  private void queue(RoutingContext ctx, Principal p) {
    String statusName = ctx.queryParams().get("status");
    if (statusName == null) {
      throw new InvalidInputException(
          "status",
          "a staff queue needs status: ESCALATED (waiting for staff) or one of "
              + java.util.Arrays.toString(CaseStatus.values()));
    }
    boolean escalated = statusName.equals("ESCALATED");
    CaseStatus status = escalated ? null : status(statusName, "ESCALATED or ");
    String region = ctx.queryParams().get("region");
    if (region != null && !region.matches(org.linli.core.access.RegionScope.ADCODE)) {
      throw new InvalidInputException("region", "an adcode of 6 to 12 digits, such as 440304");
    }
    java.time.Duration olderThan = null;
    String age = ctx.queryParams().get("olderThan");
    if (age != null) {
      try {
        olderThan = java.time.Duration.parse(age);
      } catch (java.time.format.DateTimeParseException e) {
        throw new InvalidInputException(
            "olderThan", "an ISO-8601 duration such as PT2H, got \"" + age + "\"");
      }
      if (olderThan.isNegative()) {
        throw new InvalidInputException("olderThan", "must not be negative");
      }
    }
    int limit = Query.integer(ctx, "limit", 50, 1, 500);
    on(ctx, cases.queue(p, new CaseFlow.QueueQuery(status, escalated, region, olderThan), limit))
        .onSuccess(list -> json(ctx, 200, CaseJson.list(list, p)))
        .onFailure(ctx::fail);
  }

  void getCase(RoutingContext ctx) {
    Principal p = caller(ctx);
    on(ctx, cases.read(ctx.pathParam("id"), p, "case"))
        .onSuccess(c -> json(ctx, 200, CaseJson.view(c, p)))
        .onFailure(ctx::fail);
  }

  void caseHistory(RoutingContext ctx) {
    Principal p = caller(ctx);
    on(ctx, cases.read(ctx.pathParam("id"), p, "history"))
        .onSuccess(c -> json(ctx, 200, CaseJson.history(c, p)))
        .onFailure(ctx::fail);
  }

  void accept(RoutingContext ctx) {
    caseAction(ctx, cases::accept);
  }

  /** {@code {"reason", "note"}}, both optional: why the provider declines. */
  void decline(RoutingContext ctx) {
    JsonNode body = optionalBody(ctx);
    StepDetail reason =
        body.has("reason") || body.has("note")
            ? StepDetail.decline(text(body, "reason"), text(body, "note"))
            : null;
    caseAction(ctx, (id, p) -> cases.decline(id, p, reason));
  }

  /** {@code {"outcome" (required), "note", "serviceMinutes"}}: how the case ended. */
  void complete(RoutingContext ctx) {
    JsonNode body = optionalBody(ctx);
    JsonNode minutes = body.get("serviceMinutes");
    if (minutes != null && !minutes.isNull() && !minutes.canConvertToInt()) {
      throw new InvalidInputException("serviceMinutes", "a whole number of minutes");
    }
    StepDetail outcome =
        StepDetail.completion(
            text(body, "outcome"),
            text(body, "note"),
            minutes == null || minutes.isNull() ? null : minutes.intValue());
    caseAction(ctx, (id, p) -> cases.complete(id, p, outcome));
  }

  /** {@code name} as a case status; 400 saying which there are ({@code others} first). */
  private static CaseStatus status(String name, String others) {
    try {
      return CaseStatus.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "status",
          "status \""
              + name
              + "\" is not "
              + others
              + "one of "
              + java.util.Arrays.toString(CaseStatus.values()));
    }
  }

  private static JsonNode optionalBody(RoutingContext ctx) {
    return Http.objectBody(ctx, false);
  }

  private static String text(JsonNode body, String field) {
    return Http.textField(body, field, false);
  }

  void cancel(RoutingContext ctx) {
    caseAction(ctx, cases::cancel);
  }

  private void caseAction(RoutingContext ctx, CaseAction action) {
    Principal p = caller(ctx);
    Access.requireSignedIn(p, "case actions need a bearer token");
    on(ctx, action.apply(ctx.pathParam("id"), p))
        .onSuccess(c -> json(ctx, 200, CaseJson.view(c, p)))
        .onFailure(ctx::fail);
  }
}
