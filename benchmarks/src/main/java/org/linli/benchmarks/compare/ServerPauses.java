package org.linli.benchmarks.compare;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long the HTTP server's threads were all stopped during a step, from its JVM's safepoint log
 * ({@code -Xlog:safepoint:file=…:time,…}): collector pauses and every other stop-the-world
 * operation, which a request arriving then waits out. {@link Hiccups} measures the load generator's
 * machine; this measures the server itself, so a report can tell a collector's pause from a queue
 * or the scheduler.
 */
final class ServerPauses {
  /**
   * The {@code time} decorator: wall-clock time with milliseconds and offset, as HotSpot writes it.
   */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private static final Pattern SAFEPOINT =
      Pattern.compile(
          "^\\[([^\\]]+)\\].*\\[safepoint *\\] Safepoint \"([^\"]+)\".*, Total: (\\d+) ns");

  /** Stopped time in milliseconds: all of it, the longest stop, and how many stops. */
  record Stops(double totalMs, double longestMs, int count) {
    static final Stops NONE = new Stops(Double.NaN, Double.NaN, 0);
  }

  private ServerPauses() {}

  /**
   * The safepoints that ended between {@code fromMillis} and {@code toMillis} (epoch milliseconds),
   * read from {@code log}; {@link Stops#NONE} when the log is missing or has no wall-clock times
   * (an older format).
   */
  static Stops within(Path log, long fromMillis, long toMillis) throws IOException {
    if (!Files.isRegularFile(log)) {
      return Stops.NONE;
    }
    double total = 0;
    double longest = 0;
    int count = 0;
    boolean timed = false;
    try (BufferedReader r = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        Matcher m = SAFEPOINT.matcher(line);
        if (!m.find()) {
          continue;
        }
        long at;
        try {
          at = OffsetDateTime.parse(m.group(1), TIME).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
          continue; // an uptime-only decorator: no wall clock to place the stop in a step
        }
        timed = true;
        if (at < fromMillis || at > toMillis) {
          continue;
        }
        double ms = Long.parseLong(m.group(3)) / 1e6;
        total += ms;
        longest = Math.max(longest, ms);
        count++;
      }
    }
    return timed ? new Stops(total, longest, count) : Stops.NONE;
  }
}
