package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.linli.server.config.ServerConfig;
import org.linli.server.json.Json;
import org.linli.server.store.TestPostgres;

/**
 * A real Linli server on a free port with its own Hazelcast cluster, and a small HTTP client for
 * it.
 */
final class TestServer implements AutoCloseable {
  final LinliServer server;
  final Path dataDir;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A parsed answer. */
  record Answer(int status, String contentType, String body, java.net.http.HttpHeaders headers) {
    Answer(int status, String contentType, String body) {
      this(
          status,
          contentType,
          body,
          java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true));
    }

    JsonNode json() {
      return Json.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    /** The first value of response header {@code name}, or null. */
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }
  }

  final ServerConfig.DbSettings db;

  TestServer(boolean demo) throws Exception {
    this(
        demo,
        "test-" + UUID.randomUUID(),
        List.of(),
        Files.createTempDirectory("linli-test"),
        testDatabase());
  }

  /** A server in cluster {@code clusterName} that joins {@code members} ({@code host:port}). */
  TestServer(
      boolean demo,
      String clusterName,
      List<String> members,
      Path dataDir,
      ServerConfig.DbSettings db)
      throws Exception {
    this(demo, clusterName, members, dataDir, db, ServerConfig.Security.DEFAULTS);
  }

  /** As above, with these security settings. */
  TestServer(
      boolean demo,
      String clusterName,
      List<String> members,
      Path dataDir,
      ServerConfig.DbSettings db,
      ServerConfig.Security security)
      throws Exception {
    this(
        ServerConfig.loopback(dataDir)
            .demo(demo)
            .clusterMembers(members)
            .clusterName(clusterName)
            .db(db)
            .security(security)
            .build());
  }

  /** A server for exactly {@code config} (port 0 and loopback expected), once it is ready. */
  TestServer(ServerConfig config) throws Exception {
    this(config, true);
  }

  /**
   * A server for exactly {@code config} as soon as its port is bound, ready or not (for tests of
   * start-up).
   */
  static TestServer starting(ServerConfig config) throws Exception {
    return new TestServer(config, false);
  }

  private TestServer(ServerConfig config, boolean awaitReady) throws Exception {
    this.dataDir = config.dataDir();
    this.db = config.db();
    // Without the warm-up before readiness: it would add seconds to every restart on a store with
    // providers, and
    // StartupReadinessTest covers it.
    server = new LinliServer(config.withWarmup(java.time.Duration.ZERO)).start();
    adminToken =
        config.security().jwtPublicKey() == null ? TestTokens.admin(server.tokens()) : null;
    if (awaitReady) {
      assertThat(server.awaitReady(120, TimeUnit.SECONDS)).as("server ready").isTrue();
    }
  }

  /**
   * A ten-minute token this server accepts, for {@code sub} in {@code role} (agency and provider
   * may be null).
   */
  String token(String sub, org.linli.core.access.Role role, String agency, String provider) {
    return server
        .tokens()
        .mint(
            new org.linli.core.access.Principal(sub, java.util.Set.of(role), agency, provider),
            Duration.ofMinutes(10));
  }

  /**
   * A token for ADMIN; the convenience methods below send it unless a test builds its own request.
   */
  final String adminToken;

  /**
   * The durable store API tests run on: embedded H2 in the server's data directory, or with {@code
   * -Dlinli.test.db=postgres} a fresh database on the test JVM's PostgreSQL. The build runs the API
   * tests both ways.
   */
  static ServerConfig.DbSettings testDatabase() {
    return usePostgres() ? TestPostgres.shared().newDatabase() : ServerConfig.DbSettings.EMBEDDED;
  }

  static boolean usePostgres() {
    return "postgres".equals(System.getProperty("linli.test.db"));
  }

  /**
   * Waits until this member's index holds every one of {@code ids} (a write is visible to
   * matching).
   */
  void awaitIndexed(String... ids) {
    org.awaitility.Awaitility.await("providers " + java.util.Arrays.toString(ids) + " indexed")
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> java.util.Arrays.stream(ids).allMatch(server.index()::contains));
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  Answer get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Answer delete(String path) {
    return send(asAdmin(HttpRequest.newBuilder(uri(path)).DELETE()));
  }

  Answer put(String path, String json) {
    return send(
        asAdmin(
            HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))));
  }

  Answer post(String path, String contentType, String body) {
    return send(
        asAdmin(
            HttpRequest.newBuilder(uri(path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))));
  }

  HttpRequest.Builder asAdmin(HttpRequest.Builder request) {
    return request.header("Authorization", "Bearer " + adminToken);
  }

  Answer post(String path, String json) {
    return post(path, "application/json", json);
  }

  Answer send(HttpRequest.Builder request) {
    try {
      HttpRequest built = request.timeout(Duration.ofSeconds(60)).build();
      HttpResponse<String> r =
          client.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String contentType = r.headers().firstValue("Content-Type").orElse("");
      ContractCheck.INSTANCE.require(
          built.method(), built.uri().getRawPath(), r.statusCode(), contentType, r.body());
      return new Answer(r.statusCode(), contentType, r.body(), r.headers());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
