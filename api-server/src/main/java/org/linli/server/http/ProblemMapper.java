package org.linli.server.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.IndeterminateOperationStateException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.List;
import java.util.UUID;
import org.linli.core.error.ConflictException;
import org.linli.core.error.FieldError;
import org.linli.core.error.ForbiddenException;
import org.linli.core.error.InvalidInputException;
import org.linli.core.error.LinliException;
import org.linli.core.error.NotFoundException;
import org.linli.core.error.RateLimitedException;
import org.linli.core.error.UnauthenticatedException;
import org.linli.core.error.UnavailableException;
import org.linli.server.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP answers: RFC 9457 {@code application/problem+json} with
 * a stable {@code type} per kind of problem. Domain exceptions map by class; framework failures (no
 * route, wrong media type, body too large) by status. Anything else is a 500 with a generic detail,
 * logged once with a request id; no stack trace or internal name reaches a client.
 */
public final class ProblemMapper {
  /** Problem types are URIs under this base; the last segment is the stable code. */
  public static final String TYPE_BASE = "https://linli.org/problems/";

  private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

  private record Problem(
      int status,
      String code,
      String title,
      String detail,
      List<FieldError> errors,
      long retryAfterSeconds) {
    Problem(int status, String code, String title, String detail, List<FieldError> errors) {
      this(status, code, title, detail, errors, status == 503 ? 5 : 0);
    }
  }

  /** Handles a failed or unrouted request. */
  public void handle(RoutingContext ctx) {
    HttpServerResponse response = ctx.response();
    if (response.ended() || response.closed()) {
      return;
    }
    if (response
        .headWritten()) { // a stream already under way: no problem document can follow; cut it
      // short
      response.reset();
      return;
    }
    send(response, problemFor(ctx.failure(), ctx.statusCode(), ctx));
  }

  /**
   * Answers a request that could not even be parsed (a request line or headers too long, a
   * malformed head) with a problem, and closes the connection: what follows on it cannot be trusted
   * to start a request.
   */
  public static void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    int status =
        cause instanceof io.netty.handler.codec.http.TooLongHttpLineException
            ? 414
            : cause instanceof io.netty.handler.codec.http.TooLongHttpHeaderException ? 431 : 400;
    HttpServerResponse response = request.response();
    response.putHeader("Connection", "close"); // the server closes it once the answer is sent
    send(response, byStatus(status, null));
  }

  private static void send(HttpServerResponse response, Problem p) {
    ObjectNode body = Json.object();
    body.put("type", TYPE_BASE + p.code());
    body.put("title", p.title());
    body.put("status", p.status());
    body.put("detail", p.detail());
    if (!p.errors().isEmpty()) {
      ArrayNode errors = body.putArray("errors");
      for (FieldError e : p.errors()) {
        errors.addObject().put("field", e.field()).put("message", e.message());
      }
    }
    response.setStatusCode(p.status()).putHeader("Content-Type", "application/problem+json");
    if (p.retryAfterSeconds() > 0) {
      response.putHeader("Retry-After", Long.toString(p.retryAfterSeconds()));
    }
    if (p.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer realm=\"linli\"");
    }
    response.end(Json.write(body));
  }

  private Problem problemFor(Throwable failure, int status, RoutingContext ctx) {
    // Domain failures raised behind Hazelcast (in a map store, an entry processor, on another
    // member) arrive
    // wrapped in its or the JDK's execution exceptions: the first domain exception in the chain
    // decides.
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof LinliException e) {
        return domain(e);
      }
      if (t instanceof IndeterminateOperationStateException) {
        return new Problem(
            503,
            "outcome-unknown",
            "Unavailable",
            "The write's backup copy could not be"
                + " confirmed, so whether it took effect is not known. Retry it: writes are idempotent.",
            List.of());
      }
    }
    if (failure instanceof HttpException e) {
      return byStatus(e.getStatusCode(), e.getPayload());
    }
    if (failure == null && status >= 400 && status < 600 && status != 500) {
      return byStatus(status, null);
    }
    String requestId = UUID.randomUUID().toString();
    LOG.error(
        "Unexpected failure {} on {} {}",
        requestId,
        ctx.request().method(),
        ctx.normalizedPath(),
        failure);
    return new Problem(
        500,
        "internal",
        "Internal error",
        "The server could not complete the request; quote " + requestId + " when reporting it.",
        List.of());
  }

  private static Problem domain(LinliException e) {
    if (e instanceof InvalidInputException x) {
      return new Problem(400, x.code(), "Invalid input", x.getMessage(), x.errors());
    } else if (e instanceof NotFoundException x) {
      return new Problem(404, x.code(), "Not found", x.getMessage(), List.of());
    } else if (e instanceof ConflictException x) {
      return new Problem(409, x.code(), "Conflict", x.getMessage(), List.of());
    } else if (e instanceof UnavailableException x) {
      return new Problem(503, x.code(), "Unavailable", x.getMessage(), List.of());
    } else if (e instanceof UnauthenticatedException x) {
      return new Problem(401, x.code(), "Unauthenticated", x.getMessage(), List.of());
    } else if (e instanceof ForbiddenException x) {
      return new Problem(403, x.code(), "Forbidden", x.getMessage(), List.of());
    } else if (e instanceof RateLimitedException x) {
      return new Problem(
          429, x.code(), "Too many requests", x.getMessage(), List.of(), x.retryAfterSeconds());
    }
    throw new IllegalStateException("unmapped domain exception " + e.getClass().getName());
  }

  private static Problem byStatus(int status, String payload) {
    return switch (status) {
      case 400 ->
          new Problem(
              400,
              "bad-request",
              "Bad request",
              payload != null ? payload : "The request could not be read.",
              List.of());
      case 401 ->
          new Problem(
              401,
              "unauthenticated",
              "Unauthenticated",
              "A valid bearer token is required.",
              List.of());
      case 403 ->
          new Problem(403, "forbidden", "Forbidden", "This caller may not do that.", List.of());
      case 404 -> new Problem(404, "not-found", "Not found", "No such resource.", List.of());
      case 408 ->
          new Problem(
              408,
              "request-timeout",
              "Request timeout",
              "The request's body did not arrive in time; send it again, without pauses.",
              List.of());
      case 414 ->
          new Problem(
              414,
              "uri-too-long",
              "URI too long",
              "The request line is longer than this server accepts (4 096 bytes); shorten the path or query.",
              List.of());
      case 431 ->
          new Problem(
              431,
              "headers-too-large",
              "Request headers too large",
              "The request's headers are larger than this server accepts (8 192 bytes in all).",
              List.of());
      case 405 ->
          new Problem(
              405,
              "method-not-allowed",
              "Method not allowed",
              "This resource does not support that method.",
              List.of());
      case 413 ->
          new Problem(
              413,
              "body-too-large",
              "Body too large",
              "The request body is larger than this endpoint accepts.",
              List.of());
      case 415 ->
          new Problem(
              415,
              "unsupported-media-type",
              "Unsupported media type",
              "Send the Content-Type this endpoint documents (application/json, or application/x-ndjson for bulk).",
              List.of());
      case 429 ->
          new Problem(
              429, "rate-limited", "Too many requests", "Slow down and retry later.", List.of());
      case 503 ->
          new Problem(
              503,
              "unavailable",
              "Unavailable",
              "The service is not ready; retry shortly.",
              List.of());
      default ->
          new Problem(status, "http-" + status, "HTTP " + status, "The request failed.", List.of());
    };
  }
}
