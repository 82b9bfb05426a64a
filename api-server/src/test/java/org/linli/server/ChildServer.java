package org.linli.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.linli.server.config.ServerConfig;

/**
 * A Linli server in its own JVM (the test's classpath, {@code Main serve}), configured through the
 * contract's environment variables, so that a test can kill it with SIGKILL and start another on
 * the same data.
 */
final class ChildServer {
  /**
   * Every child started, so that a failing test leaves none running (also killed when this JVM
   * exits).
   */
  private static final java.util.List<Process> STARTED =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ChildServer::killAll, "child-servers-kill"));
  }

  final Process process;
  final int port;

  /** An ADMIN token this child accepts (minted with the secret it keeps in its data directory). */
  final String adminToken;

  private ChildServer(Process process, int port, String adminToken) {
    this.process = process;
    this.port = port;
    this.adminToken = adminToken;
  }

  /** Starts a server on {@code dataDir} and {@code db}, and waits until it is ready. */
  static ChildServer start(Path dataDir, ServerConfig.DbSettings db, String clusterName, Path log)
      throws Exception {
    return start(dataDir, db, clusterName, log, Map.of());
  }

  /** As above, with more environment variables ({@code LINLI_OFFER_TIMEOUT}…). */
  static ChildServer start(
      Path dataDir,
      ServerConfig.DbSettings db,
      String clusterName,
      Path log,
      Map<String, String> moreEnv)
      throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            java,
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            "org.linli.server.Main",
            "serve");
    Map<String, String> env = pb.environment();
    env.put("LINLI_HTTP_PORT", Integer.toString(port));
    env.put("LINLI_HTTP_HOST", "127.0.0.1");
    env.put("LINLI_DATA_DIR", dataDir.toString());
    env.put("LINLI_DEMO", "false");
    env.put("LINLI_CLUSTER_NAME", clusterName);
    env.put("LINLI_MATCH_THREADS", "2");
    env.put(
        "LINLI_WARMUP",
        "PT0S"); // seconds on every restart; StartupReadinessTest covers the warm-up
    if (db.url() != null) {
      env.put("LINLI_DB_URL", db.url());
      env.put("LINLI_DB_USER", db.user());
      env.put("LINLI_DB_PASSWORD", db.password());
    }
    env.putAll(moreEnv);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    // Before the child starts: this creates the data directory's secret if it is new, and the child
    // reads it.
    String admin = TestTokens.admin(TestTokens.forDataDir(dataDir));
    ChildServer child = new ChildServer(pb.start(), port, admin);
    STARTED.add(child.process);
    child.awaitReady(Duration.ofSeconds(90));
    return child;
  }

  private void awaitReady(Duration timeout) {
    HttpClient client = HttpClient.newHttpClient();
    org.awaitility.Awaitility.await("child server ready")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new IllegalStateException("child server exited with " + process.exitValue());
              }
              try {
                return client
                        .send(
                            HttpRequest.newBuilder(URI.create(base() + "/health/ready")).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200;
              } catch (IOException notYet) {
                return false; // not listening yet
              }
            });
  }

  /** Kills every child still running; for {@code @AfterEach}. */
  static void killAll() {
    STARTED.forEach(Process::destroyForcibly);
    STARTED.clear();
  }

  /**
   * A request to this server with {@code token} (null: none) and a JSON {@code body} (null: none).
   */
  HttpRequest.Builder request(String token, String method, String path, String body) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base() + path))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return b;
  }

  static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) throws Exception {
    return checked(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
  }

  /** {@code r}, once it is seen to keep the contract ({@link ContractCheck}). */
  static HttpResponse<String> checked(HttpResponse<String> r) {
    ContractCheck.INSTANCE.require(
        r.request().method(),
        r.request().uri().getRawPath(),
        r.statusCode(),
        r.headers().firstValue("Content-Type").orElse(""),
        r.body());
    return r;
  }

  /** The answer, or null when the connection failed (the server was killed). */
  static HttpResponse<String> trySend(HttpClient http, HttpRequest.Builder request) {
    try {
      return checked(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * Waits until this child's index holds at least {@code providers} providers and its feed has
   * nothing left to apply (its {@code /metrics} gauges, read with {@code adminToken}), at most 30
   * s.
   */
  void awaitIndexed(HttpClient http, String adminToken, int providers) {
    org.awaitility.Awaitility.await("child index holds " + providers + " providers")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              HttpResponse<String> r = send(http, request(adminToken, "GET", "/metrics", null));
              if (r.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered " + r.statusCode());
              }
              String m = r.body();
              return gauge(m, "linli_index_providers") >= providers
                  && gauge(m, "linli_index_backlog") <= 0;
            });
  }

  /**
   * How many providers this child's index holds now (its metrics, read with {@code adminToken}).
   */
  int indexedProviders(HttpClient http, String adminToken) throws Exception {
    HttpResponse<String> r = send(http, request(adminToken, "GET", "/metrics", null));
    if (r.statusCode() != 200) {
      throw new IllegalStateException("/metrics answered " + r.statusCode());
    }
    return (int) gauge(r.body(), "linli_index_providers");
  }

  /** The value of gauge {@code name} in a Prometheus scrape (0 when it is absent). */
  private static double gauge(String scrape, String name) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([-+0-9.eE]+)$")
            .matcher(scrape);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  /** SIGKILL: no shutdown hook, no flush, nothing graceful. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM: the graceful stop; returns the exit code. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("child server did not stop within 60 s");
    }
    return process.exitValue();
  }
}
