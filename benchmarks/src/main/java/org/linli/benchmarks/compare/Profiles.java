package org.linli.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/** JFR profiles of a measured step, summarised as the methods the CPU samples land in. */
final class Profiles {
  private Profiles() {}

  /** Runs {@code step} under a JFR recording of this JVM ("profile" settings) written to {@code file}. */
  static <T> T record(Path file, java.util.concurrent.Callable<T> step) throws Exception {
    try (Recording r = new Recording(Configuration.getConfiguration("profile"))) {
      r.start();
      T result = step.call();
      r.stop();
      r.dump(file);
      return result;
    }
  }

  /**
   * The {@code top} methods by share of execution samples, by the frame that was running ("self") and by the
   * frames on the stack ("total", our, Vert.x's and Lucene's code only, without the harness and lambda frames),
   * as Markdown.
   */
  static String summary(Path jfr, int top) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    int samples = 0;
    int collections = 0;
    double pausedMs = 0;
    double longestMs = 0;
    java.time.Instant first = null;
    java.time.Instant last = null;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
      first = first == null || e.getStartTime().isBefore(first) ? e.getStartTime() : first;
      last = last == null || e.getEndTime().isAfter(last) ? e.getEndTime() : last;
      if (e.getEventType().getName().equals("jdk.GarbageCollection")) {
        collections++;
        pausedMs += e.getDuration("sumOfPauses").toNanos() / 1e6;
        longestMs = Math.max(longestMs, e.getDuration("longestPause").toNanos() / 1e6);
        continue;
      }
      if (!e.getEventType().getName().equals("jdk.ExecutionSample") || e.getStackTrace() == null) {
        continue;
      }
      List<RecordedFrame> frames = e.getStackTrace().getFrames();
      if (frames.isEmpty()) {
        continue;
      }
      samples++;
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        String n = name(f);
        boolean ours = n.startsWith("org.linli") || n.startsWith("io.vertx") || n.startsWith("org.apache.lucene");
        boolean harness = n.startsWith("org.linli.benchmarks") || n.contains("$$Lambda");
        if (ours && !harness && seen.add(n)) {
          total.merge(n, 1, Integer::sum);
        }
      }
    }
    double seconds = first == null ? 0 : java.time.Duration.between(first, last).toNanos() / 1e9;
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%,d CPU samples over %.1f s (`%s`); %d"
            + " collections paused the JVM for %.0f ms in all (%.1f %% of the time), the longest for %.1f ms.%n%n",
        samples, seconds, jfr.getFileName(), collections, pausedMs, seconds > 0 ? pausedMs / 10 / seconds : 0,
        longestMs));
    md.append("| self | method | | total | method (org.linli, io.vertx, org.apache.lucene) |\n"
        + "| --- | --- | --- | --- | --- |\n");
    List<Map.Entry<String, Integer>> s = sorted(self);
    List<Map.Entry<String, Integer>> t = sorted(total);
    for (int i = 0; i < Math.min(top, Math.max(s.size(), t.size())); i++) {
      md.append(i < s.size() ? cell(s.get(i), samples) : "| | ").append(" | ")
          .append(i < t.size() ? cell(t.get(i), samples) : "| ").append(" |\n");
    }
    return md.toString();
  }

  private static String cell(Map.Entry<String, Integer> e, int samples) {
    return String.format(Locale.ROOT, "| %.1f %% | `%s`", 100.0 * e.getValue() / Math.max(1, samples), e.getKey());
  }

  private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> m) {
    return m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }
}
