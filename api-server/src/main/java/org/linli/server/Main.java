package org.linli.server;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.server.auth.Tokens;
import org.linli.server.config.ServerConfig;
import org.linli.server.store.EmbeddedBackup;

/**
 * The jar's entry point: {@code java -jar linli-server.jar [serve] [--name value …]}. Exit codes: 0
 * normal, 2 for a usage or configuration error (with a one-line message on standard error), 1 for a
 * failure at start.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    String command = !rest.isEmpty() && !rest.get(0).startsWith("--") ? rest.remove(0) : "serve";
    switch (command) {
      case "serve" -> serve(rest);
      case "backup" -> backup(rest);
      case "token" -> token(rest);
      case "restore" -> restore(rest);
      case "import-regions" -> importRegions(rest);
      case "create-user" -> createUser(rest);
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
    } catch (
        ServerConfig.ConfigException
            e) { // a setting or the data directory: the message says what to do
      System.err.println("linli: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println("linli: could not start: " + e.getMessage());
      e.printStackTrace();
      System.exit(1);
    }
  }

  /**
   * {@code token --sub alice --role RESIDENT [--role …] [--agency a1] [--provider p1] [--ttl 1h]}:
   * prints a token signed with this installation's secret ({@code LINLI_JWT_SECRET}, or the one
   * kept in the data directory).
   */
  private static void token(List<String> args) {
    List<String> roles = new ArrayList<>();
    String sub = null;
    String agency = null;
    String provider = null;
    String ttl = "1h";
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String value = i + 1 < args.size() ? args.get(i + 1) : null;
      switch (a) {
        case "--sub" -> sub = value;
        case "--role" -> roles.add(value);
        case "--agency" -> agency = value;
        case "--provider" -> provider = value;
        case "--ttl" -> ttl = value;
        default -> {
          rest.add(a);
          continue;
        }
      }
      i++;
    }
    ServerConfig config = configOrExit(rest);
    Vertx vertx = Vertx.vertx();
    try {
      java.util.Set<Role> parsed = java.util.EnumSet.noneOf(Role.class);
      for (String r : roles) {
        parsed.add(Role.valueOf(String.valueOf(r).toUpperCase(java.util.Locale.ROOT)));
      }
      if (sub == null || sub.isBlank() || parsed.isEmpty()) {
        throw new IllegalArgumentException("--sub and at least one --role are required");
      }
      String token =
          Tokens.create(vertx, config)
              .mint(new Principal(sub, parsed, agency, provider), duration(ttl));
      System.out.println(token);
    } catch (IllegalArgumentException | IllegalStateException | ServerConfig.ConfigException e) {
      System.err.println(
          "linli: " + e.getMessage() + " (roles: RESIDENT, WORKER, AGENCY, STAFF, ADMIN)");
      vertx.close();
      System.exit(2);
    }
    vertx.close();
    System.exit(0);
  }

  /**
   * {@code create-user --username admin --role ADMIN [--role …] [--agency a1] [--region 440304]
   * [--phone 138…]}: creates an account in this installation's store, the password read from
   * standard input (asked twice, unechoed, at a terminal). For the first ADMIN; later accounts are
   * made through {@code POST /api/v1/users}. On the embedded store the server must be stopped.
   */
  private static void createUser(List<String> args) {
    List<String> roles = new ArrayList<>();
    List<String> regions = new ArrayList<>();
    String username = null;
    String agency = null;
    String phone = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String value = i + 1 < args.size() ? args.get(i + 1) : null;
      switch (a) {
        case "--username" -> username = value;
        case "--role" -> roles.add(value);
        case "--agency" -> agency = value;
        case "--region" -> regions.add(value);
        case "--phone" -> phone = value;
        default -> {
          rest.add(a);
          continue;
        }
      }
      i++;
    }
    ServerConfig config = configOrExit(rest);
    java.util.Set<Role> parsed = java.util.EnumSet.noneOf(Role.class);
    for (String r : roles) {
      try {
        parsed.add(Role.valueOf(String.valueOf(r).toUpperCase(java.util.Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        System.err.println("linli: unknown role \"" + r + "\" (WORKER, AGENCY, STAFF, ADMIN)");
        System.exit(2);
      }
    }
    if (parsed.contains(Role.WORKER)) {
      System.err.println(
          "linli: WORKER accounts belong to a provider; create them with POST /api/v1/users,"
              + " where the provider is checked");
      System.exit(2);
    }
    String password = readPassword();
    org.linli.server.config.DataDirectory locked = null;
    try {
      if (config.db().url() == null) {
        locked = org.linli.server.config.DataDirectory.lock(config.dataDir());
      }
      try (org.linli.server.store.Database db =
          org.linli.server.store.Database.open(
              config, new io.micrometer.core.instrument.simple.SimpleMeterRegistry())) {
        org.linli.server.store.JdbcSignInStore store =
            new org.linli.server.store.JdbcSignInStore(
                db, org.linli.server.store.FieldCipher.of(config));
        org.linli.core.accounts.Users users =
            new org.linli.core.accounts.Users(
                store,
                new org.linli.server.auth.Argon2Passwords(),
                ids -> java.util.Map.of(), // no WORKER here: no provider to look up
                null,
                Clock.systemUTC(),
                Runnable::run);
        org.linli.core.accounts.User u =
            users.bootstrap(
                new org.linli.core.accounts.Users.NewUser(
                    username, password, parsed, agency, null, regions, phone));
        System.out.println(
            "linli: created " + u.username() + " (" + u.account().id() + ") with roles " + parsed);
      }
    } catch (org.linli.core.error.InvalidInputException e) {
      System.err.println("linli: " + e.getMessage());
      System.exit(2);
    } catch (org.linli.core.error.LinliException | ServerConfig.ConfigException e) {
      System.err.println("linli: " + e.getMessage());
      System.exit(2);
    } finally {
      if (locked != null) {
        locked.close();
      }
    }
    System.exit(0);
  }

  /** The password from a terminal (twice, unechoed) or the first line of standard input. */
  private static String readPassword() {
    java.io.Console console = System.console();
    if (console != null) {
      char[] first = console.readPassword("Password (at least 12 characters): ");
      char[] again = console.readPassword("The same password again: ");
      if (first == null || again == null || !Arrays.equals(first, again)) {
        System.err.println("linli: the two passwords differ; nothing was created");
        System.exit(2);
      }
      return new String(first);
    }
    try {
      String line =
          new java.io.BufferedReader(
                  new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
              .readLine();
      if (line == null || line.isEmpty()) {
        System.err.println("linli: give the password on standard input");
        System.exit(2);
      }
      return line;
    } catch (java.io.IOException e) {
      System.err.println("linli: cannot read the password: " + e.getMessage());
      System.exit(2);
      return "";
    }
  }

  /** {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}, or ISO-8601 ({@code PT1H}); positive. */
  static Duration duration(String text) {
    if (text == null) {
      throw new IllegalArgumentException("--ttl needs a value");
    }
    Duration d;
    try {
      d =
          text.startsWith("P") || text.startsWith("p")
              ? Duration.parse(text)
              : switch (text.charAt(text.length() - 1)) {
                case 's' ->
                    Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
                case 'm' ->
                    Duration.ofMinutes(Long.parseLong(text.substring(0, text.length() - 1)));
                case 'h' -> Duration.ofHours(Long.parseLong(text.substring(0, text.length() - 1)));
                case 'd' -> Duration.ofDays(Long.parseLong(text.substring(0, text.length() - 1)));
                default ->
                    throw new IllegalArgumentException(
                        "--ttl \"" + text + "\" is not like 90s, 15m, 1h, 7d or PT1H");
              };
    } catch (NumberFormatException
        | java.time.format.DateTimeParseException
        | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          "--ttl \"" + text + "\" is not like 90s, 15m, 1h, 7d or PT1H");
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("--ttl must be positive");
    }
    return d;
  }

  /**
   * {@code backup --to FILE.zip [--data-dir DIR]}: an online, consistent copy of the embedded
   * store.
   */
  private static void backup(List<String> args) {
    Path zip = Path.of(take(args, "--to"));
    ServerConfig config = configOrExit(args);
    requireEmbedded(config);
    try {
      EmbeddedBackup.backup(config.dataDir(), zip);
      System.out.println(
          "linli: backed up " + config.dataDir().toAbsolutePath() + " to " + zip.toAbsolutePath());
    } catch (RuntimeException e) {
      System.err.println("linli: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * {@code restore --from FILE.zip [--data-dir DIR]}: replaces the embedded store; the server must
   * be stopped.
   */
  private static void restore(List<String> args) {
    Path zip = Path.of(take(args, "--from"));
    ServerConfig config = configOrExit(args);
    requireEmbedded(config);
    try {
      Path kept;
      // Held while restoring: a server still running on this directory makes the lock fail with its
      // process id.
      try (org.linli.server.config.DataDirectory locked =
          org.linli.server.config.DataDirectory.lock(config.dataDir())) {
        kept = EmbeddedBackup.restore(config.dataDir(), zip, Clock.systemDefaultZone());
      }
      System.out.println(
          "linli: restored "
              + zip.toAbsolutePath()
              + " into "
              + config.dataDir().toAbsolutePath()
              + (kept == null ? "" : "; the previous database is kept as " + kept));
    } catch (RuntimeException e) {
      System.err.println("linli: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * {@code import-regions --level district --name-property qh [--code-property C] [--parent-level
   * L] [--crs GCJ02] [--url http://127.0.0.1:8080] FILE}: sends a GeoJSON FeatureCollection to the
   * running server's import, as an ADMIN of this installation (a token minted with its secret), and
   * prints the report.
   */
  private static void importRegions(List<String> args) {
    List<String> query = new ArrayList<>();
    String url = null;
    Path file = null;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String value = i + 1 < args.size() ? args.get(i + 1) : null;
      String param =
          switch (a) {
            case "--level" -> "level";
            case "--name-property" -> "nameProperty";
            case "--code-property" -> "codeProperty";
            case "--parent-level" -> "parentLevel";
            case "--crs" -> "crs";
            default -> null;
          };
      if (param != null && value != null) {
        query.add(
            param
                + "="
                + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        i++;
      } else if (a.equals("--url") && value != null) {
        url = value;
        i++;
      } else if (!a.startsWith("--") && file == null) {
        file = Path.of(a);
      } else {
        rest.add(a);
        if (a.startsWith("--") && !a.contains("=") && value != null && !value.startsWith("--")) {
          rest.add(value);
          i++;
        }
      }
    }
    if (file == null) {
      System.err.println("linli: import-regions needs a GeoJSON FILE");
      usage(2);
    }
    ServerConfig config = configOrExit(rest);
    String base = url != null ? url : "http://127.0.0.1:" + config.httpPort();
    Vertx vertx = Vertx.vertx();
    int status = 1;
    try {
      String token =
          Tokens.create(vertx, config)
              .mint(
                  new Principal("import-regions", java.util.Set.of(Role.ADMIN), null, null),
                  Duration.ofHours(1));
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              base + "/api/v1/regions/import?" + String.join("&", query)))
                      .header("Authorization", "Bearer " + token)
                      .header("Content-Type", "application/geo+json")
                      .timeout(Duration.ofMinutes(30))
                      .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(file))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      System.out.println(r.body());
      status = r.statusCode() == 200 ? 0 : 1;
    } catch (java.io.IOException e) {
      System.err.println(
          "linli: cannot send " + file + " to " + base + " (is the server running?): " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IllegalStateException | ServerConfig.ConfigException e) {
      System.err.println("linli: " + e.getMessage());
    }
    vertx.close();
    System.exit(status);
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
      System.err.println(
          "linli: backup and restore are for the embedded store; for PostgreSQL use pg_dump and"
              + " pg_restore (LINLI_DB_URL is set)");
      System.exit(2);
    }
  }

  private static void usage(int status) {
    (status == 0 ? System.out : System.err)
        .println(
            """
        usage: java -jar linli-server.jar [serve] [--http-port N] [--data-dir DIR] [--demo true|false]
                                          [--cluster-members h:p,…] [--cluster-port N] [--cluster-name NAME]
                                          [--config FILE] [--db-url JDBC_URL --db-user U --db-password P]
               java -jar linli-server.jar token --sub alice --role RESIDENT [--role …] [--agency a1] [--provider p1]
                                                [--ttl 1h] [--data-dir DIR]
               java -jar linli-server.jar create-user --username admin --role ADMIN [--role …] [--agency a1]
                                                [--region 440304] [--phone 138…] [--data-dir DIR]  (password on stdin)
               java -jar linli-server.jar backup --to FILE.zip [--data-dir DIR]     (online, while serving)
               java -jar linli-server.jar restore --from FILE.zip [--data-dir DIR]  (with the server stopped)
               java -jar linli-server.jar import-regions --level district --name-property qh [--code-property C]
                                                [--parent-level L] [--crs GCJ02] [--url URL] FILE  (server running)
        Every setting can also be given as an environment variable (LINLI_HTTP_PORT, …) or in the config file.""");
    System.exit(status);
  }
}
