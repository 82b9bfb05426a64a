package org.linli.server.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps slow or greedy clients from holding the server's connections: at most {@code maxPerAddress}
 * open connections per client address (a further one is closed at once), and a connection that has
 * no request being answered must complete a request's head within {@code headTimeout}, whether it
 * sends nothing (idle) or sends its headers a byte at a time (slowloris). A connection whose
 * response is under way (a long import, an event stream) is left alone; a slow request body is the
 * route's timeout's business. One guard serves every HTTP server of the process (they share the
 * port). Thread-safe.
 */
public final class ConnectionGuard {
  private final Vertx vertx;
  private final int maxPerAddress;
  private final long checkMillis;
  private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  private final Map<HttpConnection, Watch> watches = new ConcurrentHashMap<>();

  /** What the guard knows of one connection; touched only on its event loop. */
  private static final class Watch {
    /** The response to the last request that arrived, or null before the first. */
    HttpServerResponse current;

    /** Whether a request arrived since the last check. */
    boolean arrived;

    long timer;
  }

  /**
   * @param maxPerAddress open connections allowed per client address, at least 1
   * @param headTimeout how long a connection may go without a request's head while nothing is being
   *     answered on it; it is closed between one and two such periods after it fell idle
   */
  public ConnectionGuard(Vertx vertx, int maxPerAddress, Duration headTimeout) {
    if (maxPerAddress < 1 || headTimeout.isNegative() || headTimeout.isZero()) {
      throw new IllegalArgumentException(
          "maxPerAddress "
              + maxPerAddress
              + " < 1 or headTimeout "
              + headTimeout
              + " not positive");
    }
    this.vertx = vertx;
    this.maxPerAddress = maxPerAddress;
    this.checkMillis = headTimeout.toMillis();
  }

  /**
   * Guards {@code server}, whose requests then go to {@code requests}. The server must not accept
   * HTTP/2 over cleartext ({@code setHttp2ClearTextEnabled(false)}): Vert.x hands a connection to
   * its connection handler only once it knows the protocol, which with h2c on is after the first
   * request's head.
   */
  public HttpServer install(HttpServer server, Handler<HttpServerRequest> requests) {
    return server
        .connectionHandler(this::connected)
        .requestHandler(
            request -> {
              Watch w = watches.get(request.connection());
              if (w != null) {
                w.current = request.response();
                w.arrived = true;
              }
              requests.handle(request);
            });
  }

  private void connected(HttpConnection connection) {
    String address =
        connection.remoteAddress() == null ? "?" : connection.remoteAddress().hostAddress();
    AtomicInteger open = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
    if (open.incrementAndGet() > maxPerAddress) {
      release(address, open);
      connection.close();
      return;
    }
    Watch w = new Watch();
    watches.put(connection, w);
    w.timer =
        vertx.setPeriodic(
            checkMillis,
            id -> {
              boolean answering = w.current != null && !w.current.ended() && !w.current.closed();
              if (!w.arrived && !answering) {
                connection.close();
              }
              w.arrived = false;
            });
    connection.closeHandler(
        v -> {
          vertx.cancelTimer(w.timer);
          watches.remove(connection);
          release(address, open);
        });
  }

  private void release(String address, AtomicInteger open) {
    if (open.decrementAndGet() <= 0) {
      perAddress.remove(address, open);
    }
  }
}
