package org.linli.server;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.linli.server.config.ServerConfig;
import org.linli.server.store.EmbeddedBackup;

/**
 * The jar's entry point: {@code java -jar linli-server.jar [serve] [--name value …]}. Exit codes: 0 normal, 2
 * for a usage or configuration error (with a one-line message on standard error), 1 for a failure at start.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    String command = !rest.isEmpty() && !rest.get(0).startsWith("--") ? rest.remove(0) : "serve";
    switch (command) {
      case "serve" -> serve(rest);
      case "backup" -> backup(rest);
      case "restore" -> restore(rest);
      case "help", "--help", "-h" -> usage(0);
      default -> {
        System.err.println("linli: unknown command \"" + command + "\"");
        usage(2);
      }
    }
  }

  private static void serve(List<String> args) {
    ServerConfig config;
    try {
      config = ServerConfig.load(args, System.getenv());
    } catch (ServerConfig.ConfigException e) {
      System.err.println("linli: " + e.getMessage());
      System.exit(2);
      return;
    }
    try {
      LinliServer server = new LinliServer(config).start();
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "linli-shutdown"));
    } catch (Exception e) {
      System.err.println("linli: could not start: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
    }
  }

  /** {@code backup --to FILE.zip [--data-dir DIR]}: an online, consistent copy of the embedded store. */
  private static void backup(List<String> args) {
    Path zip = Path.of(take(args, "--to"));
    ServerConfig config = configOrExit(args);
    requireEmbedded(config);
    try {
      EmbeddedBackup.backup(config.dataDir(), zip);
      System.out.println("linli: backed up " + config.dataDir().toAbsolutePath() + " to " + zip.toAbsolutePath());
    } catch (RuntimeException e) {
      System.err.println("linli: " + e.getMessage());
      System.exit(1);
    }
  }

  /** {@code restore --from FILE.zip [--data-dir DIR]}: replaces the embedded store; the server must be stopped. */
  private static void restore(List<String> args) {
    Path zip = Path.of(take(args, "--from"));
    ServerConfig config = configOrExit(args);
    requireEmbedded(config);
    try {
      Path kept = EmbeddedBackup.restore(config.dataDir(), zip, Clock.systemDefaultZone());
      System.out.println("linli: restored " + zip.toAbsolutePath() + " into " + config.dataDir().toAbsolutePath()
          + (kept == null ? "" : "; the previous database is kept as " + kept));
    } catch (RuntimeException e) {
      System.err.println("linli: " + e.getMessage());
      System.exit(1);
    }
  }

  /** Removes {@code --name value} from {@code args} and returns the value, or exits with usage. */
  private static String take(List<String> args, String name) {
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals(name) && i + 1 < args.size()) {
        args.remove(i);
        return args.remove(i);
      }
      if (a.startsWith(name + "=")) {
        args.remove(i);
        return a.substring(name.length() + 1);
      }
    }
    System.err.println("linli: " + name + " FILE is required");
    usage(2);
    return null;
  }

  private static ServerConfig configOrExit(List<String> args) {
    try {
      return ServerConfig.load(args, System.getenv());
    } catch (ServerConfig.ConfigException e) {
      System.err.println("linli: " + e.getMessage());
      System.exit(2);
      return null;
    }
  }

  private static void requireEmbedded(ServerConfig config) {
    if (config.db().url() != null) {
      System.err.println("linli: backup and restore are for the embedded store; for PostgreSQL use pg_dump and"
          + " pg_restore (LINLI_DB_URL is set)");
      System.exit(2);
    }
  }

  private static void usage(int status) {
    (status == 0 ? System.out : System.err).println("""
        usage: java -jar linli-server.jar [serve] [--http-port N] [--data-dir DIR] [--demo true|false]
                                          [--cluster-members h:p,…] [--cluster-port N] [--cluster-name NAME]
                                          [--config FILE] [--db-url JDBC_URL --db-user U --db-password P]
               java -jar linli-server.jar backup --to FILE.zip [--data-dir DIR]     (online, while serving)
               java -jar linli-server.jar restore --from FILE.zip [--data-dir DIR]  (with the server stopped)
        Every setting can also be given as an environment variable (LINLI_HTTP_PORT, …) or in the config file.""");
    System.exit(status);
  }
}
