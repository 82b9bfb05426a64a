package org.linli.server.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.handler.HttpException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Semaphore;
import org.linli.core.error.UnavailableException;

/**
 * Large request bodies (a region import may be hundreds of megabytes) received into a file of their
 * own instead of the heap, with back-pressure, at most a given size, and at most a few at a time,
 * so that large uploads cannot exhaust the server's memory or disk whatever their number. Only
 * routes whose caller is already authorised use it. The files live in an owner-only directory made
 * for this server and are deleted when their request is done. Thread-safe.
 */
public final class Uploads implements AutoCloseable {
  private final Vertx vertx;
  private final Path dir;
  private final Semaphore permits;

  /** A body received into {@link #file}; closing it deletes the file and frees its permit. */
  public final class Received implements AutoCloseable {
    private final Path file;
    private boolean closed;

    private Received(Path file) {
      this.file = file;
    }

    public Path file() {
      return file;
    }

    @Override
    public synchronized void close() {
      if (!closed) {
        closed = true;
        delete(file);
        permits.release();
      }
    }
  }

  /**
   * @param maxConcurrent how many uploads may be received or processed at once; another one is
   *     refused with 503 and {@code Retry-After}
   */
  public Uploads(Vertx vertx, int maxConcurrent) {
    this.vertx = vertx;
    this.permits = new Semaphore(maxConcurrent);
    this.dir = ownerOnlyTempDirectory();
  }

  private static Path ownerOnlyTempDirectory() {
    try {
      try {
        return Files.createTempDirectory(
            "linli-uploads-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } catch (UnsupportedOperationException notPosix) {
        return Files.createTempDirectory("linli-uploads-"); // the platform's own access rules
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for uploads", e);
    }
  }

  /**
   * Receives the body of {@code request} into a new file. Fails with {@link UnavailableException}
   * when {@code maxConcurrent} uploads are already under way, with 413 when the body passes {@code
   * limitBytes}. Call it from the request's event loop, before anything else has read the body.
   */
  public Future<Received> receive(HttpServerRequest request, long limitBytes) {
    String length = request.getHeader("Content-Length");
    if (length != null && length.matches("\\d{1,19}") && Long.parseLong(length) > limitBytes) {
      return Future.failedFuture(new HttpException(413));
    }
    if (!permits.tryAcquire()) {
      return Future.failedFuture(
          new UnavailableException(
              "uploads-busy",
              "Other large uploads are being received"
                  + " or processed right now; send this one again in a minute."));
    }
    request.pause(); // until the file is open: nothing may arrive while no handler takes it
    Path file = dir.resolve("upload-" + java.util.UUID.randomUUID() + ".part");
    Promise<Received> done = Promise.promise();
    vertx
        .fileSystem()
        .open(
            file.toString(),
            new OpenOptions().setCreateNew(true).setWrite(true).setPerms("rw-------"))
        .onFailure(
            e -> {
              permits.release();
              done.tryFail(e);
            })
        .onSuccess(out -> copy(request, out, file, limitBytes, done));
    return done.future();
  }

  private void copy(
      HttpServerRequest request,
      AsyncFile out,
      Path file,
      long limitBytes,
      Promise<Received> done) {
    long[] size = {0};
    Runnable abandon =
        () ->
            out.close()
                .onComplete(
                    x -> {
                      delete(file);
                      permits.release();
                    });
    request.handler(
        chunk -> {
          size[0] += chunk.length();
          if (size[0] > limitBytes) {
            request.pause();
            if (done.tryFail(new HttpException(413))) {
              abandon.run();
            }
            return;
          }
          out.write(chunk);
          if (out.writeQueueFull()) {
            request.pause();
            out.drainHandler(v -> request.resume());
          }
        });
    request.exceptionHandler(
        e -> {
          if (done.tryFail(e)) {
            abandon.run();
          }
        });
    request.endHandler(
        v ->
            out.close()
                .onComplete(
                    closed -> {
                      if (done.future().isComplete()) {
                        return;
                      }
                      if (closed.failed()) {
                        done.fail(closed.cause());
                        delete(file);
                        permits.release();
                      } else {
                        done.complete(new Received(file));
                      }
                    }));
    request.resume();
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the directory goes with the server; a leftover part file is harmless and owner-only
    }
  }

  /** Deletes the uploads directory and anything left in it. */
  @Override
  public void close() {
    try (var files = Files.list(dir)) {
      files.forEach(Uploads::delete);
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // best effort: a temporary directory
    }
  }
}
