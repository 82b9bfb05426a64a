package org.linli.server;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.server.auth.Tokens;
import org.linli.server.config.ServerConfig;

/**
 * Mints tokens the way a server on {@code dataDir} (its generated secret) or with a given secret
 * accepts them.
 */
final class TestTokens {
  private static final Vertx VERTX = Vertx.vertx();

  private TestTokens() {}

  static Tokens forDataDir(Path dataDir) {
    return Tokens.create(VERTX, ServerConfig.loopback(dataDir).clusterName("tokens").build());
  }

  static Tokens forSecurity(Path dataDir, ServerConfig.Security security) {
    return Tokens.create(
        VERTX, ServerConfig.loopback(dataDir).clusterName("tokens").security(security).build());
  }

  static String admin(Tokens tokens) {
    return tokens.mint(
        new Principal("test-admin", Set.of(Role.ADMIN), null, null), Duration.ofHours(2));
  }
}
