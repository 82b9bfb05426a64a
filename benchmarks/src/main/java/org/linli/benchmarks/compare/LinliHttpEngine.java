package org.linli.benchmarks.compare;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.server.auth.Tokens;
import org.linli.server.config.ServerConfig;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/**
 * The Linli server as users run it: the server jar in its own JVM ({@code -Xmx8g}, G1's marking
 * threshold fixed at 70% as README advises for a large index; embedded H2, one Hazelcast member,
 * rate limits off), loaded with the bulk-import endpoint and asked over HTTP/1.1 keep-alive with
 * Vert.x's non-blocking client (up to 64 connections), so that this JVM's load generator stays
 * cheap.
 */
final class LinliHttpEngine implements Engine {
  private final Path jar;
  private final Path dataDir;
  private final Path gcLog;
  private Process server;
  private int port;
  private String adminToken;
  private Vertx vertx;
  private HttpClientAgent client;
  private final HttpClient blocking =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  LinliHttpEngine(Path jar, Path workDir) {
    this.jar = jar;
    this.dataDir = workDir.resolve("linli-http-" + UUID.randomUUID());
    this.gcLog = workDir.resolve("linli-http-gc.log");
  }

  @Override
  public String name() {
    return "linli-http";
  }

  @Override
  public String semantics() {
    return "the same rules as linli, through POST /api/v1/match (JSON in and out, validation, metrics)";
  }

  @Override
  public boolean inProcess() {
    return false;
  }

  @Override
  public int concurrency() {
    return 64;
  }

  @Override
  public void load(Providers providers, Path file) throws Exception {
    byte[] random = new byte[32];
    new SecureRandom()
        .nextBytes(random); // never blocks, unlike getInstanceStrong() or generateSeed()
    String secret = HexFormat.of().formatHex(random);
    port = freePort();
    Files.createDirectories(dataDir);
    // G1's marking threshold fixed, as README's "Memory and the JVM for a large index" advises (and
    // says why).
    ProcessBuilder pb =
        new ProcessBuilder(
                javaBinary(),
                "-Xmx8g",
                "-XX:-G1UseAdaptiveIHOP",
                "-XX:InitiatingHeapOccupancyPercent=70",
                // Wall-clock times too, so that each step's stops can be found in it
                // (ServerPauses).
                "-Xlog:gc*,safepoint:file=" + gcLog + ":time,uptime,level,tags",
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(dataDir.resolve("server.log").toFile());
    pb.environment().put("LINLI_HTTP_PORT", Integer.toString(port));
    pb.environment().put("LINLI_DATA_DIR", dataDir.toString());
    pb.environment().put("LINLI_DEMO", "false");
    pb.environment().put("LINLI_RATE_LIMIT", "0");
    pb.environment().put("LINLI_JWT_SECRET", secret);
    pb.environment().put("LINLI_CLUSTER_NAME", "compare-" + UUID.randomUUID());
    pb.environment().put("LINLI_CLUSTER_PORT", Integer.toString(freePort()));
    server = pb.start();
    awaitReady();
    ServerConfig config =
        ServerConfig.loopback(dataDir)
            .clusterName("tokens")
            .security(new ServerConfig.Security(secret, null, "linli", 0))
            .build();
    vertx = Vertx.vertx();
    adminToken =
        Tokens.create(vertx, config)
            .mint(new Principal("compare", Set.of(Role.ADMIN), null, null), Duration.ofHours(12));
    client =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(port)
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(64).setMaxWaitQueueSize(-1));
    List<String> chunk = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        chunk.add(line);
        if (chunk.size() == 100_000) {
          bulk(chunk);
          chunk.clear();
        }
      }
    }
    if (!chunk.isEmpty()) {
      bulk(chunk);
    }
    awaitIndexed(providers.size());
  }

  private void bulk(List<String> lines) throws IOException, InterruptedException {
    HttpResponse<String> r =
        blocking.send(
            HttpRequest.newBuilder(uri("/api/v1/providers/bulk"))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/x-ndjson")
                .timeout(Duration.ofMinutes(20))
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines) + "\n"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("bulk import: " + r.statusCode() + " " + r.body());
    }
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IllegalStateException("the server exited; see " + dataDir.resolve("server.log"));
      }
      try {
        if (blocking
                .send(
                    HttpRequest.newBuilder(uri("/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode()
            == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the server was not ready within 3 minutes");
  }

  /**
   * Waits until the server's index holds {@code n} providers and its feeds are drained (from
   * /metrics).
   */
  private void awaitIndexed(int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (System.nanoTime() < deadline) {
      String metrics =
          blocking
              .send(
                  HttpRequest.newBuilder(uri("/metrics"))
                      .header("Authorization", "Bearer " + adminToken)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      // Matching is ready once the index has them all; the run starts once the coverage model has
      // taken them in
      // too (it parses every change on its own thread), as the other engines start after their
      // index builds.
      if (gauge(metrics, "linli_index_providers") >= n
          && gauge(metrics, "linli_index_backlog") == 0
          && gauge(metrics, "linli_coverage_backlog") == 0) {
        return;
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException(
        "the index did not reach " + n + " providers within 10 minutes");
  }

  private static double gauge(String metrics, String name) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return -1;
  }

  @Override
  public void write(Provider p) throws Exception {
    var o = ProviderJson.write(p, BayesianPrior.DEFAULT);
    o.remove("rating");
    HttpResponse<String> r =
        blocking.send(
            HttpRequest.newBuilder(uri("/api/v1/providers/" + p.id()))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(Json.write(o)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException("PUT " + p.id() + ": " + r.statusCode() + " " + r.body());
    }
  }

  @Override
  public Answer query(Workload.Query q) throws Exception {
    return queryAsync(q, null).get(30, TimeUnit.SECONDS);
  }

  @Override
  public CompletableFuture<Answer> queryAsync(Workload.Query q, Executor unused) {
    Future<Buffer> body =
        client
            .request(HttpMethod.POST, "/api/v1/match")
            .compose(
                req ->
                    req.putHeader("Content-Type", "application/json")
                        .send(q.json())
                        .compose(
                            resp ->
                                resp.statusCode() == 200
                                    ? resp.body()
                                    : resp.body()
                                        .compose(
                                            b ->
                                                Future.failedFuture(resp.statusCode() + " " + b))));
    return body.map(LinliHttpEngine::answer).toCompletionStage().toCompletableFuture();
  }

  private static Answer answer(Buffer body) {
    JsonNode n = Json.parse(body.getBytes());
    JsonNode matches = n.get("matches");
    List<String> ids = new ArrayList<>(matches.size());
    double[] d = new double[matches.size()];
    for (int i = 0; i < matches.size(); i++) {
      ids.add(matches.get(i).get("providerId").asText());
      d[i] = matches.get(i).get("distanceMeters").asDouble();
    }
    return new Answer(ids, d, n.get("total").asInt());
  }

  /**
   * The server's whole heap after a full collection (index, providers map, coverage model, caches),
   * from /metrics.
   */
  @Override
  public long bytesUsed() throws Exception {
    Process gc =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(server.pid()),
                "GC.run")
            .redirectErrorStream(true)
            .start();
    gc.getInputStream().readAllBytes();
    gc.waitFor();
    String metrics =
        blocking
            .send(
                HttpRequest.newBuilder(uri("/metrics"))
                    .header("Authorization", "Bearer " + adminToken)
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    double used = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        used += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return (long) used;
  }

  /**
   * Runs {@link HttpLoad} in its own small JVM against this server: a closed-loop peak for {@code
   * "peak"}, else an open loop at each rate. Returns its output lines.
   */
  List<String> externalLoad(Path queries, double seconds, List<String> rates) throws Exception {
    return externalLoad(queries, seconds, rates, null);
  }

  /** As above; with a {@code getPath}, every request is {@code GET getPath} instead of a match. */
  private List<String> externalLoad(
      Path queries, double seconds, List<String> rates, String getPath) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(javaBinary(), "-Xmx512m", "-Dhttpload.serverPid=" + server.pid()));
    if (getPath != null) {
      command.add("-Dhttpload.get=" + getPath);
    }
    command.addAll(
        List.of(
            "-cp",
            Path.of(HttpLoad.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString(),
            HttpLoad.class.getName(),
            Integer.toString(port),
            queries.toString(),
            Double.toString(seconds),
            Integer.toString(concurrency())));
    command.addAll(rates);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = p.inputReader(StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("peak ") || Character.isDigit(line.isEmpty() ? ' ' : line.charAt(0))) {
          lines.add(line);
        }
      }
    }
    if (p.waitFor() != 0 || lines.size() != rates.size()) {
      throw new IllegalStateException("HttpLoad failed (exit " + p.exitValue() + "): " + lines);
    }
    return lines;
  }

  /** The closed-loop peak in answers per second, measured by {@link HttpLoad}. */
  double peak(Path queries, double seconds) throws Exception {
    return Double.parseDouble(externalLoad(queries, seconds, List.of("peak")).get(0).split(" ")[1]);
  }

  /** Open-loop steps measured by {@link HttpLoad}, in order of {@code rates}. */
  List<Measure.Latency> openLoop(Path queries, double seconds, List<Double> rates)
      throws Exception {
    List<Measure.Latency> out = new ArrayList<>();
    for (String line :
        externalLoad(
            queries, seconds, rates.stream().map(LinliHttpEngine::rateArgument).toList())) {
      out.add(step(line.split(" ")).latency());
    }
    return out;
  }

  /**
   * One open-loop step: its latency figures, the server's CPU per answer (µs) and the machine's
   * busy share (%).
   */
  record CpuStep(Measure.Latency latency, double cpuMicros, double busyPercent) {}

  /**
   * One open-loop step at {@code rate} (after {@link HttpLoad}'s own warm-up at that rate) of the
   * target matches, or of {@code GET getPath} when that is not null.
   */
  CpuStep cpuStep(Path queries, String getPath, double seconds, double rate) throws Exception {
    return step(
        externalLoad(queries, seconds, List.of(rateArgument(rate)), getPath).get(0).split(" "));
  }

  private static String rateArgument(double rate) {
    return String.format(java.util.Locale.ROOT, "%.1f", rate);
  }

  /**
   * The fields of an {@link HttpLoad} open-loop line (its class comment lists them), with the
   * server's stops.
   */
  private CpuStep step(String[] f) throws java.io.IOException {
    ServerPauses.Stops stops =
        ServerPauses.within(gcLog, Long.parseLong(f[13]), Long.parseLong(f[14]));
    Measure.Latency latency =
        new Measure.Latency(
            Double.parseDouble(f[0]),
            Double.parseDouble(f[1]),
            Double.parseDouble(f[2]),
            Double.parseDouble(f[3]),
            Double.parseDouble(f[4]),
            Double.parseDouble(f[5]),
            Long.parseLong(f[6]),
            Long.parseLong(f[7]),
            Boolean.parseBoolean(f[8]),
            Double.parseDouble(f[9]),
            Double.parseDouble(f[10]),
            stops);
    return new CpuStep(latency, Double.parseDouble(f[11]), Double.parseDouble(f[12]));
  }

  /**
   * Starts a JFR recording of the server ("profile" settings), to run until {@link #stopProfile}.
   */
  void startProfile() throws Exception {
    jcmd("JFR.start", "name=compare", "settings=profile");
  }

  /** Stops the recording and writes it to {@code file}; returns once the file is written. */
  void stopProfile(Path file) throws Exception {
    jcmd("JFR.stop", "name=compare", "filename=" + file.toAbsolutePath());
  }

  private void jcmd(String... command) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(server.pid())));
    args.addAll(List.of(command));
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("jcmd " + String.join(" ", command) + ": " + out);
    }
  }

  @Override
  public void close() throws Exception {
    if (client != null) {
      client.close().await();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (server != null) {
      server.destroy();
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
    }
    deleteTree(dataDir);
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
