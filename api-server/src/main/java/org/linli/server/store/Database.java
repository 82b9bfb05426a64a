package org.linli.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.linli.server.config.SecretFile;
import org.linli.server.config.ServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable store: a HikariCP pool over embedded H2 in the data directory (the default, nothing
 * to set up) or PostgreSQL ({@code LINLI_DB_URL=jdbc:postgresql://…}), with the schema brought up
 * to date by Flyway at open. Every call here blocks: use it from worker threads or Hazelcast's
 * map-store threads, never an event loop. Thread-safe.
 */
public final class Database implements AutoCloseable {
  /** The SQL differences between the two databases, kept to this enum. */
  public enum Dialect {
    H2("CHARACTER VARYING", "CHARACTER LARGE OBJECT"),
    POSTGRESQL("TEXT", "TEXT");

    private final String textType;

    /** For documents that may pass a million characters (region boundaries); rarely written. */
    private final String largeTextType;

    Dialect(String textType, String largeTextType) {
      this.textType = textType;
      this.largeTextType = largeTextType;
    }

    /** An insert-or-replace of one row of a document table {@code (id, doc, stored_at)}. */
    String upsert(String table) {
      return switch (this) {
        case H2 -> "MERGE INTO " + table + " (id, doc, stored_at) KEY (id) VALUES (?, ?, ?)";
        case POSTGRESQL ->
            "INSERT INTO "
                + table
                + " (id, doc, stored_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE"
                + " SET doc = EXCLUDED.doc, stored_at = EXCLUDED.stored_at";
      };
    }

    static Dialect of(String url) {
      if (url.startsWith("jdbc:h2:")) {
        return H2;
      }
      if (url.startsWith("jdbc:postgresql:")) {
        return POSTGRESQL;
      }
      throw new ServerConfig.ConfigException(
          "LINLI_DB_URL must be a jdbc:postgresql:// or jdbc:h2: URL");
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** H2's setting for the address its servers bind to. */
  static final String H2_BIND_ADDRESS = "h2.bindAddress";

  static {
    // The port AUTO_SERVER opens (for the backup command) listens on loopback only, unless the
    // operator says
    // otherwise. H2 reads this once, when its classes load, which the first pool to open does.
    if (System.getProperty(H2_BIND_ADDRESS) == null) {
      System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
    }
  }

  /** Where the embedded database lives inside the data directory. */
  static final String EMBEDDED_NAME = "db/linli";

  private static final String EMBEDDED_USER = "linli";
  private static final String PASSWORD_FILE = "db/password";

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final String description;

  private Database(HikariDataSource pool, Dialect dialect, String description) {
    this.pool = pool;
    this.dialect = dialect;
    this.description = description;
  }

  /**
   * Opens the store {@code config} names and migrates its schema. Fails if the database cannot be
   * reached: a server that cannot make writes durable does not start.
   */
  public static Database open(ServerConfig config, MeterRegistry metrics) {
    ServerConfig.DbSettings db = config.db();
    String url;
    String user;
    String password;
    if (db.url() == null) {
      url = embeddedUrl(config.dataDir());
      user = EMBEDDED_USER;
      password = embeddedPassword(config.dataDir());
    } else {
      url = db.url();
      user = db.user();
      password = db.password();
    }
    Dialect dialect = Dialect.of(url);
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("linli-db");
    hc.setJdbcUrl(url);
    hc.setUsername(user);
    hc.setPassword(password);
    hc.setMaximumPoolSize(db.poolSize());
    hc.setMinimumIdle(1);
    // Fail a request quickly when the database is gone, rather than holding it for Hikari's default
    // 30 s.
    hc.setConnectionTimeout(3_000);
    hc.setValidationTimeout(2_000);
    hc.setInitializationFailTimeout(30_000);
    hc.setAutoCommit(true);
    hc.setMetricRegistry(metrics);
    if (dialect == Dialect.POSTGRESQL) {
      // One round trip per batch instead of one per row.
      hc.addDataSourceProperty("reWriteBatchedInserts", "true");
      hc.addDataSourceProperty("tcpKeepAlive", "true");
    }
    HikariDataSource pool = new HikariDataSource(hc);
    try {
      migrate(pool, dialect);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    String description =
        dialect == Dialect.H2
            ? "embedded H2 in " + config.dataDir().resolve("db").toAbsolutePath()
            : ServerConfig.DbSettings.redact(url);
    LOG.info("Durable store: {}", description);
    return new Database(pool, dialect, description);
  }

  /**
   * The embedded database's JDBC URL. {@code WRITE_DELAY=0} writes every commit to the file before
   * the commit returns, so a killed process loses nothing it acknowledged; {@code AUTO_SERVER} lets
   * the {@code backup} command reach the database while the server holds it.
   */
  public static String embeddedUrl(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().resolve(EMBEDDED_NAME)
        + ";WRITE_DELAY=0;AUTO_SERVER=TRUE";
  }

  /** The embedded database's user. */
  public static String embeddedUser() {
    return EMBEDDED_USER;
  }

  /**
   * The embedded database's password: made at random on first use and kept (owner-only) in the data
   * directory, so that the port {@code AUTO_SERVER} opens admits only those who can read the data
   * directory anyway.
   */
  public static String embeddedPassword(Path dataDir) {
    return SecretFile.readOrCreate(dataDir.resolve(PASSWORD_FILE), 24);
  }

  private static void migrate(DataSource ds, Dialect dialect) {
    Flyway.configure()
        .dataSource(ds)
        .locations("classpath:db/migration")
        .placeholders(
            Map.of("text_type", dialect.textType, "large_text_type", dialect.largeTextType))
        .load()
        .migrate();
  }

  /** A pooled connection (auto-commit on); close it when done. Blocking. */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Whether a connection can be had and answers within two seconds. Blocking. */
  public boolean ping() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** What this store is, for logs and errors (no credentials). */
  public String description() {
    return description;
  }

  /** The pool, for metrics. */
  public HikariDataSource pool() {
    return pool;
  }

  /** Closes the pool; the embedded database closes with its last connection. */
  @Override
  public void close() {
    pool.close();
    LOG.info("Durable store closed");
  }
}
