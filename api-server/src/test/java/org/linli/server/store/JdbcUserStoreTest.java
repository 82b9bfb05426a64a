package org.linli.server.store;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.security.SecureRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.linli.core.accounts.UserStore;
import org.linli.core.memory.UserStoreContract;
import org.linli.server.config.ServerConfig;

/** The database's {@link UserStore} does what the contract says, on H2 and on PostgreSQL. */
class JdbcUserStoreTest {
  static JdbcSignInStore open(ServerConfig.DbSettings db) throws Exception {
    ServerConfig config =
        ServerConfig.loopback(Files.createTempDirectory("linli-users"))
            .clusterName("users-test")
            .db(db)
            .build();
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new JdbcSignInStore(
        Database.open(config, new SimpleMeterRegistry()), new FieldCipher(key));
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OnH2 extends UserStoreContract {
    final JdbcSignInStore store;

    OnH2() throws Exception {
      store = open(ServerConfig.DbSettings.EMBEDDED);
    }

    @Override
    protected UserStore store() {
      return store;
    }

    @AfterAll
    void close() {
      store.database().close();
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class OnPostgres extends UserStoreContract {
    final JdbcSignInStore store;

    OnPostgres() throws Exception {
      store = open(TestPostgres.shared().newDatabase());
    }

    @Override
    protected UserStore store() {
      return store;
    }

    @AfterAll
    void close() {
      store.database().close();
    }
  }
}
