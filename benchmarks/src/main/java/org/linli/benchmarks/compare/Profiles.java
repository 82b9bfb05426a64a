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
   * frames on the stack ("total", our and Vert.x's code only), as Markdown.
   */
  static String summary(Path jfr, int top) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
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
        if ((n.startsWith("org.linli") || n.startsWith("io.vertx")) && seen.add(n)) {
          total.merge(n, 1, Integer::sum);
        }
      }
    }
    StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%,d CPU samples (`%s`).%n%n", samples,
        jfr.getFileName()));
    md.append("| self | method | | total | method (org.linli, io.vertx) |\n| --- | --- | --- | --- | --- |\n");
    List<Map.Entry<String, Integer>> s = sorted(self);
    List<Map.Entry<String, Integer>> t = sorted(total);
    for (int i = 0; i < top; i++) {
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
