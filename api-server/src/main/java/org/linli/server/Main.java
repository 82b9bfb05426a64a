package org.linli.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.linli.server.config.ServerConfig;

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

  private static void usage(int status) {
    (status == 0 ? System.out : System.err).println("""
        usage: java -jar linli-server.jar [serve] [--http-port N] [--data-dir DIR] [--demo true|false]
                                          [--cluster-members h:p,…] [--cluster-port N] [--cluster-name NAME]
                                          [--config FILE]
        Every setting can also be given as an environment variable (LINLI_HTTP_PORT, …) or in the config file.""");
    System.exit(status);
  }
}
