package org.linli.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory of one running server, held for as long as the server runs: an exclusive lock
 * on {@value #LOCK_FILE} (a {@link FileChannel#tryLock} that the operating system releases when the
 * process dies, so a {@code kill -9} leaves nothing to clean up), and owner-only permissions on the
 * directory and everything Linli keeps in it (the embedded database holds phone numbers, locations
 * and descriptions). A second server pointed at the same directory, in this process or another, is
 * refused before it opens anything. Thread-safe.
 */
public final class DataDirectory implements AutoCloseable {
  /**
   * The lock file inside the data directory; it holds the owning process's id, for the message to a
   * second one.
   */
  public static final String LOCK_FILE = "data-dir.lock";

  static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

  private final Path dir;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectory(Path dir, FileChannel channel, FileLock lock) {
    this.dir = dir;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Creates {@code dir} if needed (owner-only), makes what is in it owner-only, and locks it for
   * this server.
   *
   * @throws ServerConfig.ConfigException when another server holds it, saying which process and
   *     what to do
   * @throws UncheckedIOException when the directory cannot be created or locked
   */
  public static DataDirectory lock(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    try {
      createOwnerOnly(abs);
      Path lockFile = abs.resolve(LOCK_FILE);
      FileChannel channel =
          FileChannel.open(
              lockFile,
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by another server in this process
      }
      if (lock == null) {
        String holder = readHolder(channel);
        channel.close();
        throw new ServerConfig.ConfigException(
            "the data directory "
                + abs
                + " is in use by another Linli server"
                + (holder.isEmpty() ? "" : " (process " + holder + ")")
                + "; give each server its own LINLI_DATA_DIR,"
                + " or stop that server first");
      }
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
          0);
      restrict(lockFile, OWNER_FILE);
      tighten(abs);
      return new DataDirectory(abs, channel, lock);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot lock the data directory " + abs + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates {@code dir}, its own level owner-only (its missing parents as the umask says); an
   * existing one is left to {@link #tighten}.
   */
  public static void createOwnerOnly(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
    } catch (UnsupportedOperationException notPosix) {
      Files.createDirectory(dir);
    } catch (java.nio.file.FileAlreadyExistsException racedWithAnother) {
      // made meanwhile; tighten() sets its permissions
    }
  }

  /**
   * Makes {@code dir} and the directories and files Linli keeps in it (two levels: the database's
   * folder and its files) owner-only, so that an installation made before this rule, or files a
   * library created with the process's umask, are not readable by other users.
   */
  static void tighten(Path dir) throws IOException {
    restrict(dir, OWNER_DIR);
    try (Stream<Path> inside = Files.walk(dir, 2)) {
      for (Path p : (Iterable<Path>) inside::iterator) {
        if (!p.equals(dir) && !Files.isSymbolicLink(p)) {
          restrict(p, Files.isDirectory(p) ? OWNER_DIR : OWNER_FILE);
        }
      }
    }
  }

  private static void restrict(Path p, Set<PosixFilePermission> permissions) throws IOException {
    try {
      Files.setPosixFilePermissions(p, permissions);
    } catch (UnsupportedOperationException notPosix) {
      // not a POSIX file system: it keeps its own access rules
    } catch (java.nio.file.NoSuchFileException gone) {
      // a temporary file removed while we walked
    }
  }

  private static String readHolder(FileChannel channel) {
    try {
      ByteBuffer b = ByteBuffer.allocate(32);
      int n = channel.read(b, 0);
      return n <= 0
          ? ""
          : new String(b.array(), 0, n, StandardCharsets.UTF_8).replaceAll("[^0-9]", "");
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Makes everything now in the directory owner-only again (after a library created files in it).
   */
  public void secureContents() {
    try {
      tighten(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restrict the permissions of " + dir, e);
    }
  }

  /** Releases the lock (the lock file stays; the next server takes it). */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the data directory lock in " + dir, e);
    }
  }
}
