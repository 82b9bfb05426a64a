package org.linli.benchmarks.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.linli.core.provider.Provider;

/**
 * The workload's providers, handed to engines and the oracle part by part, in file order: either
 * held in memory (read once), or read from the NDJSON file again on every pass, for sizes whose
 * providers do not fit in memory beside an engine (ten million did not, on this 23 GB machine).
 */
abstract class Providers {
  /** Receives one part. */
  interface Part {
    void accept(List<Provider> part) throws Exception;
  }

  private final int size;

  Providers(int size) {
    this.size = size;
  }

  /** How many there are. */
  final int size() {
    return size;
  }

  /** Calls {@code part} with consecutive parts of at most {@code partSize}, in file order. */
  abstract void forEachPart(int partSize, Part part) throws Exception;

  /** Whether each pass reads the file (so it costs a parse). */
  abstract boolean streamed();

  /** All of them in one list; only when held in memory. */
  abstract List<Provider> all();

  /** The providers of {@code file}, read now and held. */
  static Providers inMemory(Path file) throws IOException {
    List<Provider> all = Workload.providers(file);
    return new Providers(all.size()) {
      @Override
      void forEachPart(int partSize, Part part) throws Exception {
        for (int i = 0; i < all.size(); i += partSize) {
          part.accept(all.subList(i, Math.min(all.size(), i + partSize)));
        }
      }

      @Override
      boolean streamed() {
        return false;
      }

      @Override
      List<Provider> all() {
        return all;
      }
    };
  }

  /** The {@code size} providers of {@code file}, read (on every core) again on each pass. */
  static Providers streamed(Path file, int size) {
    return new Providers(size) {
      @Override
      void forEachPart(int partSize, Part part) throws Exception {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
          List<String> lines = new ArrayList<>(partSize);
          for (String line = r.readLine(); ; line = r.readLine()) {
            if (line != null) {
              lines.add(line);
            }
            if (lines.size() == partSize || (line == null && !lines.isEmpty())) {
              part.accept(lines.parallelStream().map(Workload::provider).toList());
              lines.clear();
            }
            if (line == null) {
              return;
            }
          }
        }
      }

      @Override
      boolean streamed() {
        return true;
      }

      @Override
      List<Provider> all() {
        throw new IllegalStateException(
            "the providers are read from the file part by part, not held");
      }
    };
  }
}
