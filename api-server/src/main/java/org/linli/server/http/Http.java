package org.linli.server.http;

import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.linli.core.access.Principal;
import org.linli.server.json.Json;

/**
 * What every route family shares: the caller, the body, answering JSON, and handing work to the
 * workers.
 */
final class Http {
  static final int JSON_LIMIT = 64 * 1024;
  static final int PROVIDER_LIMIT = 4 * 1024 * 1024;
  static final String JSON = "application/json";
  static final String NDJSON = "application/x-ndjson";
  static final String PRINCIPAL = "linli.principal";

  private Http() {}

  static Principal caller(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    return p == null ? Principal.ANONYMOUS : p;
  }

  /** {@code stage}'s outcome, delivered on the request's context. */
  static <T> io.vertx.core.Future<T> on(RoutingContext ctx, CompletionStage<T> stage) {
    return io.vertx.core.Future.fromCompletionStage(stage, ctx.vertx().getOrCreateContext());
  }

  /** The flows' blocking steps run on the worker pool (unordered), never on an event loop. */
  public static Executor blocking(WorkerExecutor workers) {
    return blocking(workers, false);
  }

  static Executor blocking(WorkerExecutor workers, boolean ordered) {
    return task ->
        workers.executeBlocking(
            () -> {
              task.run();
              return null;
            },
            ordered);
  }

  /**
   * As {@link #blocking(WorkerExecutor)}, one task after another: for a stream that must stay in
   * order.
   */
  static Executor ordered(WorkerExecutor workers) {
    return blocking(workers, true);
  }

  static Void json(RoutingContext ctx, int status, com.fasterxml.jackson.databind.JsonNode body) {
    return json(ctx, status, Json.bytes(body));
  }

  /** Sends a JSON document already rendered to UTF-8 bytes. */
  static Void json(RoutingContext ctx, int status, byte[] body) {
    return json(ctx, status, Buffer.buffer(body));
  }

  static Void json(RoutingContext ctx, int status, Buffer body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", JSON).end(body);
    return null;
  }

  static byte[] resource(String name) {
    try (InputStream in = ApiRouter.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The request body's bytes, or null when it has none (which the JSON readers answer as a 400).
   */
  /**
   * The request's JSON object: when nothing was sent, an empty one (unless {@code required}: 400);
   * anything but an object, 400.
   */
  static com.fasterxml.jackson.databind.JsonNode objectBody(RoutingContext ctx, boolean required) {
    byte[] bytes = bodyBytes(ctx);
    if (bytes == null || bytes.length == 0) {
      if (required) {
        throw new org.linli.core.error.InvalidInputException("", "the body must be a JSON object");
      }
      return org.linli.server.json.Json.object();
    }
    com.fasterxml.jackson.databind.JsonNode n = org.linli.server.json.Json.parse(bytes);
    if (!n.isObject()) {
      throw new org.linli.core.error.InvalidInputException("", "the body must be a JSON object");
    }
    return n;
  }

  /**
   * Text field {@code field} of {@code body}: null when absent (400 when required); 400 if not
   * text.
   */
  static String textField(
      com.fasterxml.jackson.databind.JsonNode body, String field, boolean required) {
    com.fasterxml.jackson.databind.JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new org.linli.core.error.InvalidInputException(
            field, field + " is required, as text");
      }
      return null;
    }
    if (!v.isTextual()) {
      throw new org.linli.core.error.InvalidInputException(field, field + " must be text");
    }
    return v.asText();
  }

  static byte[] bodyBytes(RoutingContext ctx) {
    return ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
  }
}
