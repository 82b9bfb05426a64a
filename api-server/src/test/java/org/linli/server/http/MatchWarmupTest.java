package org.linli.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.ranking.ProviderSearchIndex;
import org.linli.server.json.Json;
import org.linli.server.json.MatchJson;
import org.linli.server.json.ProviderJson;

class MatchWarmupTest {
  private static final String[] SKILLS = {
    "ELDER_CARE", "MENTAL_HEALTH", "CHILD_WELFARE", "DISABILITY_SUPPORT"
  };
  private static final List<Provider> PROVIDERS = new ArrayList<>();
  private static final ProviderSearchIndex INDEX = new ProviderSearchIndex();

  /** 400 workers over Shenzhen, each with one or two skills and a 3–8 km circle. */
  @BeforeAll
  static void index() {
    SplittableRandom rnd = new SplittableRandom(5);
    for (int i = 0; i < 400; i++) {
      String skills =
          "\"" + SKILLS[i % 4] + "\"" + (i % 3 == 0 ? ", \"" + SKILLS[(i + 1) % 4] + "\"" : "");
      String doc =
          """
          {"id": "w%d", "kind": "WORKER", "name": "社工%d", "location": {"lat": %s, "lon": %s},
           "serviceRadiusMeters": %d, "skills": [%s], "description": "居家养老 心理疏导 儿童关爱", "capacity": 5}
          """
              .formatted(
                  i,
                  i,
                  22.50 + rnd.nextDouble() * 0.15,
                  113.90 + rnd.nextDouble() * 0.25,
                  3_000 + rnd.nextInt(5_001),
                  skills);
      PROVIDERS.add(ProviderJson.fromRequest(Json.parse(doc), "w" + i));
    }
    INDEX.upsertAll(PROVIDERS);
  }

  /**
   * The needs are requests the match route accepts, in both orders, some with text, and most find
   * providers: a warm-up of empty answers would leave the scan, the ranking and the rendering of
   * entries cold.
   */
  @Test
  void needs_areValidRequestsNearTheSample_bothOrders_someWithText_mostMatched() {
    List<byte[]> needs = MatchWarmup.needs(PROVIDERS.subList(0, 100), 3);
    assertThat(needs).hasSize(MatchWarmup.NEEDS);
    int distance = 0;
    int text = 0;
    int explain = 0;
    int matched = 0;
    for (byte[] body : needs) {
      JsonNode node = Json.parse(body);
      MatchRequest r = MatchJson.fromRequest(node); // throws if the route would answer 400
      distance += r.sort() == SortOrder.DISTANCE ? 1 : 0;
      text += node.has("text") ? 1 : 0;
      explain += node.path("explain").asBoolean() ? 1 : 0;
      matched += INDEX.match(r).total() > 0 ? 1 : 0;
    }
    assertThat(distance).isBetween(200, 312);
    assertThat(text).isBetween(100, 250);
    assertThat(explain).isPositive();
    assertThat(matched)
        .as("needs with at least one match")
        .isGreaterThan(MatchWarmup.NEEDS * 3 / 4);
  }

  @Test
  void run_stopsAtTheCount_withoutRefusals() throws Exception {
    MatchWarmup w = new MatchWarmup(INDEX, PROVIDERS, 1);
    MatchWarmup.Outcome o = w.run(2, 3_000, Duration.ofMinutes(1));
    assertThat(o.matches()).isEqualTo(3_000);
    assertThat(o.errors()).isZero();
  }

  @Test
  void run_stopsAtTheBudget() throws Exception {
    MatchWarmup w = new MatchWarmup(INDEX, PROVIDERS, 1);
    MatchWarmup.Outcome o = w.run(2, Long.MAX_VALUE, Duration.ofMillis(300));
    assertThat(o.matches()).isPositive();
    assertThat(o.took()).isLessThan(Duration.ofSeconds(10));
  }

  /**
   * Over HTTP: every request reaches the route as a client's would, and is counted as answered or
   * refused.
   */
  @Test
  void overHttp_postsTheNeedsToTheRoute_countsWhatWasNot200() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      AtomicLong served = new AtomicLong();
      Router ok = Router.router(vertx);
      ok.post("/api/v1/match")
          .handler(BodyHandler.create())
          .handler(
              ctx -> {
                served.incrementAndGet();
                MatchRequest r = MatchJson.fromRequest(Json.parse(ctx.body().buffer().getBytes()));
                ctx.response()
                    .putHeader("Content-Type", "application/json")
                    .end(MatchJson.render(INDEX.match(r)));
              });
      MatchWarmup w = new MatchWarmup(INDEX, PROVIDERS, 1);
      MatchWarmup.Outcome o = w.runOverHttp(vertx, ok, 700, Duration.ofMinutes(1));
      assertThat(o.matches()).isEqualTo(700).isEqualTo(served.get());
      assertThat(o.errors()).isZero();

      Router limited = Router.router(vertx);
      limited.post("/api/v1/match").handler(ctx -> ctx.response().setStatusCode(429).end());
      MatchWarmup.Outcome refused = w.runOverHttp(vertx, limited, 50, Duration.ofMinutes(1));
      assertThat(refused.matches()).isEqualTo(50);
      assertThat(refused.errors()).isEqualTo(50);

      // No answer at all (the connection dropped): each chain ends at its first request instead of
      // spinning.
      Router dropping = Router.router(vertx);
      dropping.post("/api/v1/match").handler(ctx -> ctx.request().connection().close());
      MatchWarmup.Outcome dropped = w.runOverHttp(vertx, dropping, 10_000, Duration.ofMinutes(1));
      assertThat(dropped.matches()).isEqualTo(MatchWarmup.HTTP_CONNECTIONS);
      assertThat(dropped.errors()).isEqualTo(MatchWarmup.HTTP_CONNECTIONS);

      assertThat(w.runOverHttp(vertx, ok, Long.MAX_VALUE, Duration.ofMillis(300)).took())
          .isLessThan(Duration.ofSeconds(10));
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  void nothingToWarm_orOff_runsNoMatch() throws Exception {
    MatchWarmup empty = new MatchWarmup(INDEX, List.of(), 1);
    assertThat(empty.needCount()).isZero();
    assertThat(empty.run(2, 1_000, Duration.ofMinutes(1)).matches()).isZero();
    assertThat(new MatchWarmup(INDEX, PROVIDERS, 1).run(2, 1_000, Duration.ZERO).matches())
        .isZero();
  }
}
