package org.linli.server.http;

import static org.linli.server.http.Http.bodyBytes;
import static org.linli.server.http.Http.json;

import io.micrometer.core.instrument.Timer;
import io.vertx.core.WorkerExecutor;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import org.linli.core.error.UnavailableException;
import org.linli.core.intake.NeedIntake;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.NearMisses;
import org.linli.core.match.ProviderIndex;
import org.linli.server.json.IntakeJson;
import org.linli.server.json.Json;
import org.linli.server.json.MatchJson;

/**
 * Matching, the hottest route, answered on a worker that also renders the answer; and the need
 * classifier, whose best skill a match with text and no skills uses.
 */
final class MatchRoutes {
  private final ProviderIndex index;
  private final NeedIntake intake;
  private final WorkerExecutor workers;
  private final Readiness readiness;
  private final Timer matchTimer;

  MatchRoutes(
      ProviderIndex index,
      NeedIntake intake,
      WorkerExecutor workers,
      Readiness readiness,
      Timer matchTimer) {
    this.index = index;
    this.intake = intake;
    this.workers = workers;
    this.readiness = readiness;
    this.matchTimer = matchTimer;
  }

  void match(RoutingContext ctx) {
    if (!readiness.indexLoaded()) {
      ctx.fail(
          new UnavailableException(
              "loading", "The provider index is still loading; retry shortly."));
      return;
    }
    MatchRequest request = MatchJson.fromRequest(Json.parse(bodyBytes(ctx)));
    // Rendered on the worker too, where the match has just read the same entries.
    workers
        .executeBlocking(
            () -> {
              NeedIntake.Inferred in = intake.match(request);
              MatchResult result = matchTimer.record(() -> index.match(in.request()));
              return MatchJson.render(
                  result, in.inferred(), Instant.now(), NearMisses.of(index, in.request(), result));
            },
            false)
        .onSuccess(body -> json(ctx, 200, body))
        .onFailure(ctx::fail);
  }

  /** {@code POST /api/v1/needs/classify}: up to three skills with their evidence, and sensitive. */
  void classify(RoutingContext ctx) {
    String text = IntakeJson.textFromRequest(Json.parse(bodyBytes(ctx)));
    workers
        .executeBlocking(() -> IntakeJson.classification(intake.classify(text)), false)
        .onSuccess(body -> json(ctx, 200, body))
        .onFailure(ctx::fail);
  }
}
