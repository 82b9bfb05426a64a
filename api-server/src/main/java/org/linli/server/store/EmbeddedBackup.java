package org.linli.server.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import org.h2.tools.Restore;

/**
 * Backup and restore of the embedded H2 store, for the {@code backup} and {@code restore} commands.
 * A backup is H2's online {@code BACKUP TO}: a zip of the database file that is transactionally
 * consistent while the server keeps running (the command reaches the running server's database
 * through H2's {@code AUTO_SERVER}). A restore needs the server stopped; it keeps the current
 * database beside the restored one rather than deleting it. (A PostgreSQL store is backed up with
 * PostgreSQL's own tools: {@code pg_dump}, {@code pg_basebackup}.)
 */
public final class EmbeddedBackup {
  private EmbeddedBackup() {}

  /** Writes a consistent backup of the embedded store in {@code dataDir} to {@code zip}. */
  public static void backup(Path dataDir, Path zip) {
    if (!Files.exists(databaseFile(dataDir))) {
      throw new IllegalArgumentException("no embedded database in " + dataDir.toAbsolutePath());
    }
    try (Connection c =
            DriverManager.getConnection(
                Database.embeddedUrl(dataDir),
                Database.embeddedUser(),
                Database.embeddedPassword(dataDir));
        PreparedStatement backup = c.prepareStatement("BACKUP TO ?")) {
      backup.setString(1, zip.toAbsolutePath().toString());
      backup.execute();
    } catch (SQLException e) {
      throw new IllegalStateException("backup failed: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the embedded store in {@code dataDir} with the one in {@code zip}. Refuses while a
   * server holds the database. The replaced database file is kept as {@code
   * linli.mv.db.before-restore-<time>}.
   *
   * @return the file the previous database was moved to, or null if there was none
   */
  public static Path restore(Path dataDir, Path zip, Clock clock) {
    if (!Files.isRegularFile(zip)) {
      throw new IllegalArgumentException("no backup file " + zip.toAbsolutePath());
    }
    Path file = databaseFile(dataDir);
    Path kept = null;
    try {
      if (Files.exists(file)) {
        requireNotInUse(dataDir);
        kept =
            file.resolveSibling(
                file.getFileName()
                    + ".before-restore-"
                    + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                        .withZone(clock.getZone())
                        .format(clock.instant()));
        Files.move(file, kept, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.createDirectories(file.getParent());
      Restore.execute(zip.toAbsolutePath().toString(), file.getParent().toString(), "linli");
      if (!Files.exists(file)) {
        throw new IllegalStateException(
            zip + " holds no Linli database (expected " + file.getFileName() + ")");
      }
      return kept;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Opens the database without {@code AUTO_SERVER}: this fails while any other process holds it.
   */
  private static void requireNotInUse(Path dataDir) {
    String url =
        "jdbc:h2:file:"
            + dataDir.toAbsolutePath().resolve(Database.EMBEDDED_NAME)
            + ";IFEXISTS=TRUE";
    try (Connection c =
        DriverManager.getConnection(
            url, Database.embeddedUser(), Database.embeddedPassword(dataDir))) {
      c.createStatement().execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "the database in "
              + dataDir.toAbsolutePath()
              + " is in use; stop the server before restoring ("
              + e.getMessage()
              + ")",
          e);
    }
  }

  private static Path databaseFile(Path dataDir) {
    return dataDir.toAbsolutePath().resolve(Database.EMBEDDED_NAME + ".mv.db");
  }
}
