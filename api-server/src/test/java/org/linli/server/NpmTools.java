package org.linli.server;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The test helpers from npm that {@code .ci/run} installs ({@code npm ci --prefix <folder>}). */
final class NpmTools {
  private NpmTools() {}

  /**
   * Skips the calling test, saying how to install it, unless {@code file} (inside the npm folder
   * {@code folder}) is there.
   */
  static void require(String what, String folder, Path file) {
    if (!Files.exists(file)) {
      String why =
          "skipped: "
              + what
              + " is not installed in "
              + Path.of(folder).toAbsolutePath()
              + " (.ci/run installs it: npm ci --prefix api-server/"
              + folder
              + ")";
      System.err.println("[" + what + "] " + why);
      Assumptions.abort(why);
    }
  }
}
