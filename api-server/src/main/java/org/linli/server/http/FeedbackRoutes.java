package org.linli.server.http;

import static org.linli.server.http.Http.NDJSON;
import static org.linli.server.http.Http.bodyBytes;
import static org.linli.server.http.Http.caller;
import static org.linli.server.http.Http.json;
import static org.linli.server.http.Http.on;
import static org.linli.server.http.Http.ordered;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.linli.core.feedback.FeedbackFlow;
import org.linli.server.cluster.ProviderRegistry;
import org.linli.server.json.FeedbackJson;
import org.linli.server.json.Json;

/** Feedback on cases, a provider's feedback, and the ledger's verification and export. */
final class FeedbackRoutes {
  private final FeedbackFlow feedback;
  private final ProviderRegistry registry;
  private final WorkerExecutor workers;

  FeedbackRoutes(FeedbackFlow feedback, ProviderRegistry registry, WorkerExecutor workers) {
    this.feedback = feedback;
    this.registry = registry;
    this.workers = workers;
  }

  /** {@code GET /api/v1/public/ledger} (anyone): the head of the ledger's Merkle tree. */
  void ledgerHead(RoutingContext ctx) {
    workers
        .executeBlocking(() -> feedback.proofs().head(), false)
        .onSuccess(
            h ->
                json(
                    ctx,
                    200,
                    Json.object()
                        .put("size", h.size())
                        .put("root", h.root())
                        .put(
                            "tree",
                            "RFC 9162 SHA-256: leaf = SHA-256(0x00 ‖ UTF-8 canonical entry),"
                                + " node = SHA-256(0x01 ‖ left ‖ right)")))
        .onFailure(ctx::fail);
  }

  /** {@code GET /api/v1/public/ledger/proof?seq=&size=} (anyone): an entry's inclusion proof. */
  void ledgerProof(RoutingContext ctx) {
    long seq = Query.integer(ctx, "seq", 0, 1, Integer.MAX_VALUE);
    int size = Query.integer(ctx, "size", 0, 0, Integer.MAX_VALUE);
    workers
        .executeBlocking(() -> feedback.proofs().inclusion(seq, size), false)
        .onSuccess(
            p -> {
              var o =
                  Json.object()
                      .put("seq", p.seq())
                      .put("size", p.size())
                      .put("leafHash", p.leafHash())
                      .put("root", p.root());
              var path = o.putArray("path");
              p.path().forEach(path::add);
              json(ctx, 200, o);
            })
        .onFailure(ctx::fail);
  }

  /**
   * {@code GET /api/v1/public/ledger/consistency?from=&to=} (anyone): that a later head extends an
   * earlier one.
   */
  void ledgerConsistency(RoutingContext ctx) {
    int from = Query.integer(ctx, "from", 0, 1, Integer.MAX_VALUE);
    int to = Query.integer(ctx, "to", 0, 0, Integer.MAX_VALUE);
    workers
        .executeBlocking(() -> feedback.proofs().consistency(from, to), false)
        .onSuccess(
            c -> {
              var o =
                  Json.object()
                      .put("from", c.from())
                      .put("to", c.to())
                      .put("fromRoot", c.fromRoot())
                      .put("toRoot", c.toRoot());
              var proof = o.putArray("proof");
              c.proof().forEach(proof::add);
              json(ctx, 200, o);
            })
        .onFailure(ctx::fail);
  }

  void postFeedback(RoutingContext ctx) {
    FeedbackFlow.Input input = FeedbackJson.fromRequest(Json.parse(bodyBytes(ctx)));
    on(ctx, feedback.post(ctx.pathParam("id"), caller(ctx), input))
        .onSuccess(l -> json(ctx, 201, FeedbackJson.created(l)))
        .onFailure(ctx::fail);
  }

  /**
   * A provider's feedback, newest first, a page at a time ({@code limit}, then {@code before} = the
   * last seq).
   */
  void providerFeedback(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    int limit = Query.integer(ctx, "limit", 20, 1, 200);
    long before = Query.integer(ctx, "before", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
    registry
        .get(id, ctx.vertx().getOrCreateContext())
        .compose(p -> on(ctx, feedback.about(id, before, limit)))
        .onSuccess(
            page -> {
              ObjectNode o = Json.object().put("providerId", id);
              ArrayNode items = o.putArray("items");
              page.forEach(l -> items.add(FeedbackJson.publicView(l)));
              if (page.size() == limit) {
                o.put("next", page.get(page.size() - 1).entry().seq());
              } else {
                o.putNull("next");
              }
              json(ctx, 200, o);
            })
        .onFailure(ctx::fail);
  }

  void verifyLedger(RoutingContext ctx) {
    on(ctx, feedback.verify(caller(ctx)))
        .onSuccess(v -> json(ctx, 200, FeedbackJson.verdict(v)))
        .onFailure(ctx::fail);
  }

  /** The whole ledger as NDJSON, streamed from the store with back-pressure. */
  void exportLedger(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    NdjsonStream out = new NdjsonStream(response);
    on(
            ctx,
            feedback.export(
                caller(ctx), l -> out.line(Json.write(FeedbackJson.exported(l))), ordered(workers)))
        .onSuccess(v -> out.end())
        .onFailure(
            e -> {
              if (response.headWritten()) {
                response.reset(); // the client sees a cut stream, not a complete-looking export
              } else {
                ctx.fail(e);
              }
            });
  }

  /**
   * Lines written to a chunked response from a worker thread, in 64 KB pieces, waiting while the
   * client's write queue is full.
   */
  private static final class NdjsonStream {
    private final HttpServerResponse response;
    private final StringBuilder pending = new StringBuilder();
    private boolean started;

    NdjsonStream(HttpServerResponse response) {
      this.response = response;
    }

    void line(String json) {
      pending.append(json).append('\n');
      if (pending.length() >= 65_536) {
        flush();
      }
    }

    private void flush() {
      if (!started) {
        response.setChunked(true).putHeader("Content-Type", NDJSON + "; charset=utf-8");
        started = true;
      }
      if (response.closed()) {
        throw new IllegalStateException("the client went away");
      }
      response.write(pending.toString());
      pending.setLength(0);
      if (response.writeQueueFull()) {
        java.util.concurrent.CompletableFuture<Void> drained =
            new java.util.concurrent.CompletableFuture<>();
        response.drainHandler(v -> drained.complete(null));
        response.closeHandler(v -> drained.complete(null));
        if (response.writeQueueFull()) {
          try {
            drained.get(5, java.util.concurrent.TimeUnit.MINUTES);
          } catch (Exception e) {
            throw new IllegalStateException("the client stopped reading", e);
          }
        }
      }
    }

    void end() {
      flush();
      response.end();
    }
  }
}
