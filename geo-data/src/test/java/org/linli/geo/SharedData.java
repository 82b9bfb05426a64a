package org.linli.geo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Real data for tests, by its path under the shared data sets ({@code testvectors/…}, {@code
 * boundaries/…}): a file whose licence allows it is vendored in this module's test resources
 * ({@code data/}, with its licence), the rest is read from {@code ../shared/data} beside the
 * repository (or {@code -Dlinli.shared.data=DIR}). A test that needs a file found in neither place
 * is skipped with a message naming the folder, so that a clone of the repository alone passes its
 * tests; CI has the shared data and runs them all.
 */
public final class SharedData {
  private SharedData() {}

  /**
   * The shared data folder: {@code -Dlinli.shared.data}, else {@code ../shared/data} from the
   * repository root.
   */
  public static Path folder() {
    String configured = System.getProperty("linli.shared.data");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path here = Path.of("").toAbsolutePath();
    // Tests run in the module's folder; the repository root is its parent.
    return Files.isDirectory(here.resolve("../shared/data"))
        ? here.resolve("../shared/data").normalize()
        : here.resolve("../../shared/data").normalize();
  }

  /**
   * The text of {@code relative}, vendored or shared; skips the calling test when it is in neither.
   */
  public static String read(String relative) {
    try (InputStream vendored = SharedData.class.getResourceAsStream("/data/" + relative)) {
      if (vendored != null) {
        return new String(vendored.readAllBytes(), StandardCharsets.UTF_8);
      }
      Path shared = folder().resolve(relative);
      if (!Files.isReadable(shared)) {
        String why =
            "skipped: needs "
                + relative
                + " from the shared data sets, not found in "
                + folder()
                + " (put the shared data beside the repository, or set -Dlinli.shared.data)";
        // Surefire reports a class skipped in @BeforeAll as zero tests, without the reason: say it
        // here too.
        System.err.println("[shared data] " + why);
        Assumptions.abort(why);
      }
      return Files.readString(shared, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relative, e);
    }
  }
}
