package org.linli.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A stall meter for the machine, in the manner of jHiccup: a thread asks to sleep for one
 * millisecond, again and again, and records how much later than asked it woke. Nothing else runs on
 * it, so what it records is time the platform (scheduler, hypervisor, kernel memory scans, this
 * JVM's safepoints) took away from every thread. Run beside a load step, it shows how much of that
 * step's tail no server could have avoided.
 */
final class Hiccups {
  private static final long SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  private final Recorder recorder = new Recorder(TimeUnit.SECONDS.toNanos(60), 3);
  private final Thread thread;
  private volatile boolean running = true;

  private Hiccups() {
    thread = new Thread(this::measure, "hiccup-meter");
    thread.setDaemon(true);
    thread.start();
  }

  /** Starts measuring on a thread of its own. */
  static Hiccups start() {
    return new Hiccups();
  }

  private void measure() {
    while (running) {
      long before = System.nanoTime();
      LockSupport.parkNanos(SLEEP_NANOS);
      recorder.recordValue(Math.max(0, System.nanoTime() - before - SLEEP_NANOS));
    }
  }

  /** Stops the meter and returns how late each wake-up was, in nanoseconds. */
  Histogram stop() throws InterruptedException {
    running = false;
    thread.join();
    return recorder.getIntervalHistogram();
  }

  /** Measures an otherwise idle stretch of {@code seconds}; for the report's baseline. */
  static Histogram idle(double seconds) throws InterruptedException {
    Hiccups h = start();
    Thread.sleep((long) (seconds * 1000));
    return h.stop();
  }

  /**
   * The kernel's DAMON monitors that are running, as text for the report, or null if none (or none
   * visible). A monitor of physical memory samples page access bits on a timer, and on a small
   * virtual machine its rounds show up as stalls of every thread.
   */
  static String damon() {
    Path root = Path.of("/sys/kernel/mm/damon/admin/kdamonds");
    List<String> on = new ArrayList<>();
    try (var dirs = Files.list(root)) {
      for (Path k : dirs.filter(Files::isDirectory).sorted().toList()) {
        if (!read(k.resolve("state")).equals("on")) {
          continue;
        }
        Path c = k.resolve("contexts/0");
        String sample = read(c.resolve("monitoring_attrs/intervals/sample_us"));
        on.add(
            String.format(
                "kdamond %s (%s, sampling every %s)",
                k.getFileName(),
                read(c.resolve("operations")),
                sample.isEmpty() ? "?" : Long.parseLong(sample) / 1000 + " ms"));
      }
    } catch (IOException | RuntimeException unavailable) {
      return null; // no DAMON in this kernel, or not visible here
    }
    return on.isEmpty() ? null : String.join(", ", on);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      return "";
    }
  }
}
