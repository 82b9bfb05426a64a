package org.linli.benchmarks.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import one.profiler.AsyncProfiler;
import one.profiler.Counter;

/**
 * Profiles of a measured step, summarised as the methods the CPU samples land in: async-profiler
 * for a step that runs on the comparison's own thread (in-process Linli), JFR recordings otherwise
 * (and for a process of its own, started by {@code jcmd}: {@link LinliHttpEngine}).
 */
final class Profiles {
  private Profiles() {}

  /**
   * async-profiler cannot profile in this JVM (no library for the platform, or no event the kernel
   * allows).
   */
  static final class Unavailable extends Exception {
    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Where a profile of collapsed stacks is written: one line per stack, frames outermost first,
   * then its count.
   */
  static final String COLLAPSED = ".collapsed";

  /**
   * Runs {@code step} on this thread under async-profiler, sampling this thread alone every
   * millisecond of its CPU time, and writes the samples as collapsed stacks to {@code file} (named
   * {@code *}{@value #COLLAPSED}). The event is perf_events' {@code cpu} clock; where the kernel
   * refuses perf events, setitimer's {@code itimer}. Why not JFR here: on JDK 17 its sampler walked
   * few of this thread's stacks in the match's tight loops (74 and 80 samples in 10 s of matching,
   * 2026-11-28) and, without {@code -XX:+DebugNonSafepoints}, put 65 % of them in a method whose
   * removal had saved 10-17 %.
   *
   * @throws Unavailable if async-profiler cannot load or start here; the step was not run then
   */
  static <T> T sample(Path file, Callable<T> step) throws Exception {
    AsyncProfiler profiler;
    try {
      profiler = AsyncProfiler.getInstance();
    } catch (Throwable t) { // UnsatisfiedLinkError, or no library for this platform
      throw new Unavailable("async-profiler does not load here: " + t, t);
    }
    String event = null;
    for (String candidate : List.of("cpu", "itimer")) {
      try {
        profiler.execute("start,event=" + candidate + ",interval=1ms,filter=");
        event = candidate;
        break;
      } catch (IllegalStateException | IOException e) {
        // the next event, or none
      }
    }
    if (event == null) {
      throw new Unavailable(
          "async-profiler could start neither the cpu nor the itimer event", null);
    }
    T result;
    try {
      profiler.addThread(Thread.currentThread());
      result = step.call();
    } finally {
      profiler.stop();
      profiler.removeThread(Thread.currentThread());
    }
    Files.writeString(
        file,
        "# async-profiler "
            + profiler.getVersion()
            + ", event "
            + event
            + ", every 1 ms of this thread's CPU time\n"
            + profiler.dumpCollapsed(Counter.SAMPLES));
    return result;
  }

  /**
   * Runs {@code step} under a JFR recording of this JVM ("profile" settings) written to {@code
   * file}.
   */
  static <T> T record(Path file, Callable<T> step) throws Exception {
    try (Recording r = new Recording(Configuration.getConfiguration("profile"))) {
      r.start();
      T result = step.call();
      r.stop();
      r.dump(file);
      return result;
    }
  }

  /**
   * The {@code top} methods by share of execution samples, by the frame that was running ("self")
   * and by the frames on the stack ("total", our, Vert.x's and Lucene's code only, without the
   * harness and lambda frames), as Markdown.
   */
  static String summary(Path jfr, int top) throws IOException {
    if (jfr.getFileName().toString().endsWith(COLLAPSED)) {
      return collapsedSummary(jfr, top);
    }
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
        if (ours(n) && seen.add(n)) {
          total.merge(n, 1, Integer::sum);
        }
      }
    }
    double seconds = first == null ? 0 : java.time.Duration.between(first, last).toNanos() / 1e9;
    StringBuilder md =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%,d CPU samples over %.1f s (`%s`); %d"
                    + " collections paused the JVM for %.0f ms in all (%.1f %% of the time), the longest for %.1f ms.%n%n",
                samples,
                seconds,
                jfr.getFileName(),
                collections,
                pausedMs,
                seconds > 0 ? pausedMs / 10 / seconds : 0,
                longestMs));
    return md.append(table(self, total, samples, top)).toString();
  }

  /** Like {@link #summary}, from the collapsed stacks {@link #sample} wrote. */
  static String collapsedSummary(Path file, int top) throws IOException {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    int samples = 0;
    String how = "async-profiler";
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("# ")) {
        how = line.substring(2);
        continue;
      }
      int space = line.lastIndexOf(' ');
      if (line.isBlank() || space < 0) {
        continue;
      }
      int count = Integer.parseInt(line.substring(space + 1));
      String[] frames = line.substring(0, space).split(";");
      samples += count;
      self.merge(frameName(frames[frames.length - 1]), count, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (String f : frames) {
        String n = frameName(f);
        if (ours(n) && seen.add(n)) {
          total.merge(n, count, Integer::sum);
        }
      }
    }
    return String.format(
            Locale.ROOT, "%,d CPU samples (%s; `%s`).%n%n", samples, how, file.getFileName())
        + table(self, total, samples, top);
  }

  /**
   * A Java frame of async-profiler's ({@code org/linli/ranking/MatchRun.scan}) as JFR names it;
   * others as they are.
   */
  private static String frameName(String frame) {
    return frame.contains("::") || frame.endsWith("_[k]") ? frame : frame.replace('/', '.');
  }

  /** Our, Vert.x's and Lucene's code, without the harness and lambda frames. */
  private static boolean ours(String n) {
    boolean ours =
        n.startsWith("org.linli") || n.startsWith("io.vertx") || n.startsWith("org.apache.lucene");
    boolean harness = n.startsWith("org.linli.benchmarks") || n.contains("$$Lambda");
    return ours && !harness;
  }

  private static String table(
      Map<String, Integer> self, Map<String, Integer> total, int samples, int top) {
    StringBuilder md =
        new StringBuilder(
            "| self | method | | total | method (org.linli, io.vertx, org.apache.lucene)"
                + " |\n| --- | --- | --- | --- | --- |\n");
    List<Map.Entry<String, Integer>> s = sorted(self);
    List<Map.Entry<String, Integer>> t = sorted(total);
    for (int i = 0; i < Math.min(top, Math.max(s.size(), t.size())); i++) {
      md.append(i < s.size() ? cell(s.get(i), samples) : "| | ")
          .append(" | ")
          .append(i < t.size() ? cell(t.get(i), samples) : "| ")
          .append(" |\n");
    }
    return md.toString();
  }

  private static String cell(Map.Entry<String, Integer> e, int samples) {
    return String.format(
        Locale.ROOT, "| %.1f %% | `%s`", 100.0 * e.getValue() / Math.max(1, samples), e.getKey());
  }

  private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> m) {
    return m.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .toList();
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }
}
