package org.linli.benchmarks.compare;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes the comparison as {@code report.md}, {@code results.csv} and {@code
 * latency-throughput.png}.
 */
public final class Report {
  private final Path out;
  private final Workload.DataSet data;
  private final int queries;
  private final List<Compare.Result> results;
  private final Machine machine;

  /**
   * What an in-process engine's bytes leave out when the harness holds the providers' records too.
   */
  static final String BEYOND_RECORDS =
      "retained heap beyond the provider records, which the harness holds too";

  private final String reading;

  /**
   * The machine's own stalls, measured by {@link Hiccups} with nothing else running (milliseconds),
   * and the kernel memory monitors running ({@link Hiccups#damon()}; null if none).
   */
  record Machine(double idleStallP99, double idleStallMax, String damon) {}

  /**
   * @param reading null when the providers were held in memory; else what one pass of reading them
   *     from the file cost, for the report to say that each build includes it
   */
  Report(
      Path out,
      Workload.DataSet data,
      int queries,
      List<Compare.Result> results,
      Machine machine,
      String reading) {
    this.reading = reading;
    this.out = out;
    this.data = data;
    this.queries = queries;
    this.results = results;
    this.machine = machine;
  }

  void write() throws IOException {
    chart();
    csv();
    Files.writeString(out.resolve("report.md"), markdown(), StandardCharsets.UTF_8);
  }

  private Compare.Result find(String engine) {
    return results.stream()
        .filter(r -> r.engine().equals(engine) && r.error() == null)
        .findFirst()
        .orElse(null);
  }

  /**
   * The highest open-loop rate an engine served with p99 within the bar and without saturating; 0
   * if none.
   */
  static double sustainable(Compare.Result r) {
    double best = 0;
    for (Measure.Latency l : r.open()) {
      if (!l.saturated()
          && l.errors() == 0
          && l.p99() <= Compare.SERVING_P99_MS
          && l.achievedPerSecond() >= 0.95 * l.offeredPerSecond()) {
        best = Math.max(best, l.achievedPerSecond());
      }
    }
    return best;
  }

  /**
   * The processor's model name from {@code /proc/cpuinfo}, else the architecture. The same code
   * measured half as fast on one VM as on another, so a run says what it ran on.
   */
  static String cpuModel() {
    try (var lines = java.nio.file.Files.lines(java.nio.file.Path.of("/proc/cpuinfo"))) {
      return lines
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse(System.getProperty("os.arch"));
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return System.getProperty("os.arch");
    }
  }

  private String markdown() {
    StringBuilder m = new StringBuilder();
    m.append("# Linli against PostGIS, Redis GEO, plain Lucene and a brute-force scan\n\n");
    m.append(
        String.format(
            Locale.ROOT,
            "Run %s on %d cores (%s), %d GiB, %s %s. Data: %,d providers, %s, seed %d "
                + "(`%s`); %,d queries per set. Written by `benchmarks/run.sh` "
                + "(`org.linli.benchmarks.compare.Compare`).%n%n",
            ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
            Runtime.getRuntime().availableProcessors(),
            cpuModel(),
            ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                    .getTotalMemorySize()
                >> 30,
            System.getProperty("java.vm.name"),
            System.getProperty("java.version"),
            data.providers(),
            data.uniform()
                ? "uniform over eastern China (control)"
                : "clustered like China's urban" + " population",
            data.seed(),
            data.dir().getFileName(),
            queries));
    if (reading != null) {
      m.append(
              "The providers do not fit in memory beside the engines at this size, so the oracle and every engine's"
                  + " load read them from the NDJSON file in parts (parsed on every core), and each build figure below"
                  + " includes that reading: ")
          .append(reading)
          .append(".\n\n");
    }
    m.append(
        String.format(
            Locale.ROOT,
            "The machine itself, idle before the engines started: a thread that asks to"
                + " sleep 1 ms woke up to %s ms late (p99 %s ms)%s.%n%n",
            ms(machine.idleStallMax()),
            ms(machine.idleStallP99()),
            machine.damon() == null
                ? ""
                : "; the kernel's DAMON memory monitor was running: "
                    + machine.damon()
                    + " (on the 2-core VM where it was found, its rounds stalled every thread: benchmarks/README.md)"));
    m.append(
        "Target queries: 5 km, one skill (Zipf-like), top 10, by distance, no text. Mixed queries: 1–10 km, one to"
            + " three skills, a language on a fifth, free text on half, by distance.\n\n");

    m.append("## Results\n\n");
    m.append(
        "| engine | answers agree with the oracle | build (providers/s) | bytes per provider | one caller p50 / p99 /"
            + " p99.9 (ms) | mixed p50 / p99 (ms) | peak (answers/s) | sustained at p99 ≤ 10 ms (answers/s) |"
            + " update visible p50 / p99 (ms) |\n");
    m.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Compare.Result r : results) {
      if (r.error() != null) {
        m.append("| ")
            .append(r.engine())
            .append(" | failed: ")
            .append(r.error().replace('|', '/'))
            .append(" | | | | | | | |\n");
        continue;
      }
      m.append(
          String.format(
              Locale.ROOT,
              "| %s | %d / %d%s | %s | %s | %s | %s | %,.0f | %s | %s |%n",
              r.engine(),
              r.agreed(),
              r.checked(),
              r.listed() > 0
                  ? String.format(
                      Locale.ROOT,
                      " (own semantics; %d of its %d matches" + " break the rules)",
                      r.refused(),
                      r.listed())
                  : "",
              buildSeconds(r) < 0
                  ? "—"
                  : String.format(Locale.ROOT, "%,.0f", data.providers() / r.buildSeconds()),
              r.bytes() < 0
                  ? "—"
                  : String.format(
                      Locale.ROOT, "%,d (%s)", r.bytes() / data.providers(), r.bytesWhat()),
              triple(r.sequential()),
              String.format(Locale.ROOT, "%s / %s", ms(r.mixed().p50()), ms(r.mixed().p99())),
              r.peak(),
              r.open().isEmpty() ? "—" : String.format(Locale.ROOT, "%,.0f", sustainable(r)),
              r.lag() == null ? "—" : ms(r.lag().p50()) + " / " + ms(r.lag().p99())));
    }
    Compare.Result scored = find("linli");
    if (scored != null && scored.byScore() != null) {
      Compare.ScoreStep st = scored.byScore();
      m.append(
          String.format(
              Locale.ROOT,
              "%nRanked by score (`sort=score`: distance, rating and spare capacity"
                  + " blended), the same target queries, in-process linli: %d of %d sample answers agree with the"
                  + " brute-force scores; one caller p50 / p99 / p99.9 %s ms.%n",
              st.agreed(),
              st.checked(),
              triple(st.latency())));
    }
    m.append(
        "\n\"One caller\" is one thread asking one query after another: in-process for linli, lucene and"
            + " brute-force; a loopback round trip for the others. Peak: a closed loop with the engine's own"
            + " concurrency (2 threads in-process; "
            + 2 * Runtime.getRuntime().availableProcessors()
            + " connections for PostgreSQL, twice the cores; 16 for Redis; 64 for HTTP). Sustained: the"
            + " highest open-loop rate below with p99 ≤ 10 ms, at least 95 % of it served, and no backlog. Everything,"
            + " load generators included, shares this machine's cores: PostgreSQL's and Redis's servers, the Linli"
            + " server's JVM and the HTTP load generator (its own small JVM) compete with each other for them, as they"
            + " would on one small host.\n\n");

    m.append("## Ratios (measured in this run)\n\n");
    m.append(
        "| Linli | against | one caller p50 | one caller p99 | peak | sustained | build | bytes per provider |"
            + " update visible p50 |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    ratio(m, "linli", "lucene");
    ratio(m, "linli", "brute-force");
    ratio(m, "linli-http", "postgis");
    ratio(m, "linli-http", "redis");
    ratio(m, "linli-http", "lucene");
    m.append(
        "\nA ratio above 1 means Linli is that many times better: faster (one caller's latency, the build, an"
            + " update becoming visible), serving more, or holding a provider in fewer bytes; below 1, worse. The peak"
            + " column compares best throughputs: the closed-loop peak, or one caller's rate where that was higher (an"
            + " engine whose throughput fell under concurrency is not credited with the fall). Bytes compare each"
            + " engine's own measure in the results table (in-process Linli's heap with its records where the run"
            + " measured it; Linli over HTTP's whole server heap, which also keeps every provider's JSON); a figure"
            + " that leaves out the records is not compared.\n\n");

    m.append("## Targets\n\n");
    targets(m);

    m.append("\n## Open-loop steps\n\n![latency against throughput](latency-throughput.png)\n\n");
    m.append(
        "| engine | offered (/s) | achieved (/s) | p50 (ms) | p99 (ms) | p99.9 (ms) | max (ms) |"
            + " machine stalls p99 / max (ms) | server stopped, all / longest (ms) |\n");
    m.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (Compare.Result r : results) {
      for (Measure.Latency l : r.open()) {
        m.append(
            String.format(
                Locale.ROOT,
                "| %s | %,.0f | %,.0f%s | %s | %s | %s | %s | %s | %s |%n",
                r.engine(),
                l.offeredPerSecond(),
                l.achievedPerSecond(),
                l.saturated() ? " (saturated)" : "",
                ms(l.p50()),
                ms(l.p99()),
                ms(l.p999()),
                ms(l.max()),
                stalls(l),
                stops(l.serverStops())));
      }
    }
    m.append(
        "\nEach step sends requests on a fixed schedule for the set time whatever the engine does, and counts each"
            + " latency from when its request was due, so time spent queued counts. A step that fell more than two"
            + " seconds behind was stopped and is marked saturated. Machine stalls: during the step, a thread in the JVM"
            + " that sends the load (`HttpLoad`'s for HTTP, the comparison JVM's otherwise, whose own collector pauses"
            + " it then counts too) asked to sleep 1 ms again and again, and this is how much later it woke (jHiccup's"
            + " method): time taken from every thread, which no engine's latency can fall below. Server stopped (over"
            + " HTTP): the time the server's JVM held all its threads at safepoints during the step (collector pauses and"
            + " other stop-the-world operations, from its safepoint log), in all and the longest stop; a request that"
            + " arrived then waited it out.\n\n");

    m.append("## Where the time goes (profiles)\n\n");
    for (Compare.Result r : results) {
      if (r.profile() != null) {
        m.append(r.profile()); // its own headings: one per profiled step
      }
    }
    m.append("## What each engine checks\n\n");
    for (Compare.Result r : results) {
      m.append("- **").append(r.engine()).append("**: ").append(r.semantics()).append('\n');
    }
    m.append(
        "\nEvery engine's answers were compared with the brute-force oracle on 300 sample queries before it was"
            + " timed: the same distances position by position (within 1 mm; 5 cm for Lucene's encoded coordinates, 1 m"
            + " for Redis's geohashes), the same ids except between near-equal distances, and the same total where the"
            + " engine counts one. Redis is compared with what it can express and its refused matches are counted.\n");
    return m.toString();
  }

  private void ratio(StringBuilder m, String ours, String theirs) {
    Compare.Result a = find(ours);
    Compare.Result b = find(theirs);
    if (a == null || b == null) {
      return;
    }
    m.append(
        String.format(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
            ours,
            theirs,
            times(b.sequential().p50(), a.sequential().p50()),
            times(b.sequential().p99(), a.sequential().p99()),
            times(best(a), best(b)),
            times(sustainable(a), sustainable(b)),
            times(buildSeconds(b), buildSeconds(a)),
            times(comparableBytes(b), comparableBytes(a)),
            times(lagP50(b), lagP50(a))));
  }

  /** {@code x / y} as a ratio cell, or a dash when either is not a positive figure. */
  static String times(double x, double y) {
    if (!(x > 0 && y > 0) || Double.isInfinite(x) || Double.isInfinite(y)) {
      return "—";
    }
    double r = x / y;
    return String.format(Locale.ROOT, r < 1 ? "%.2f×" : "%.1f×", r);
  }

  /**
   * An engine's build time, or -1 for the brute force, which has none: it reads the records the
   * harness holds.
   */
  private static double buildSeconds(Compare.Result r) {
    return r.engine().equals("brute-force") ? -1 : r.buildSeconds();
  }

  /** An engine's update-to-visible p50, or -1 where it was not measured. */
  private static double lagP50(Compare.Result r) {
    return r.lag() == null ? -1 : r.lag().p50();
  }

  /**
   * The bytes an engine holds its providers in, or -1 where the figure leaves out the records it
   * keeps.
   */
  private static double comparableBytes(Compare.Result r) {
    if (r.ownBytes() > 0) {
      return r.ownBytes();
    }
    return r.bytesWhat().equals(BEYOND_RECORDS) ? -1 : r.bytes();
  }

  /**
   * An engine's best throughput: its closed-loop peak, or one caller's rate if concurrency made it
   * slower.
   */
  static double best(Compare.Result r) {
    return Math.max(r.peak(), r.sequential().achievedPerSecond());
  }

  private void targets(StringBuilder m) {
    Compare.Result linli = find("linli");
    Compare.Result http = find("linli-http");
    Compare.Result pg = find("postgis");
    m.append("| target | measured | |\n| --- | --- | --- |\n");
    if (linli != null) {
      row(
          m,
          "in-process `sort=distance` p50 ≤ 20 µs",
          linli.sequential().p50() * 1000,
          20,
          "µs",
          true);
      row(
          m,
          "in-process `sort=distance` p99 ≤ 100 µs",
          linli.sequential().p99() * 1000,
          100,
          "µs",
          true);
      if (linli.byScore() != null) {
        row(
            m,
            "in-process `sort=score` p50 ≤ 150 µs",
            linli.byScore().latency().p50() * 1000,
            150,
            "µs",
            true);
      }
      row(
          m,
          "bulk import into memory and index ≥ 50 000 providers/s",
          data.providers() / linli.buildSeconds(),
          50_000,
          "/s",
          false);
      if (linli.ownBytes() > 0) {
        row(
            m,
            "heap ≤ 1 KB per provider (a second index loaded from the file, its records' only holder)",
            linli.ownBytes() / (double) data.providers(),
            1024,
            "bytes",
            true);
      } else if (linli.bytes() > 0 && linli.bytesWhat().equals(BEYOND_RECORDS)) {
        m.append(
            String.format(
                Locale.ROOT,
                "| heap ≤ 1 KB per provider | %,.0f bytes beyond the provider records |"
                    + " not measured here: the records are held for the oracle too (a `--stream` run measures them"
                    + " with the index) |%n",
                linli.bytes() / (double) data.providers()));
      } else if (linli.bytes() > 0) {
        row(
            m,
            "heap ≤ 1 KB per provider",
            linli.bytes() / (double) data.providers(),
            1024,
            "bytes",
            true);
      }
    }
    if (http != null) {
      Measure.Latency at =
          http.open().stream()
              .filter(l -> l.offeredPerSecond() == Compare.HTTP_TARGET_RATE)
              .findFirst()
              .orElse(null);
      if (at != null) {
        m.append(
            String.format(
                Locale.ROOT,
                "| over HTTP ≥ 15 000 matches/s with p99 ≤ 10 ms | %,.0f/s achieved,"
                    + " p99 %s ms%s%s | %s |%n",
                at.achievedPerSecond(),
                ms(at.p99()),
                at.saturated() ? " (saturated)" : "",
                (Double.isNaN(at.stallMax())
                        ? ""
                        : "; machine stalls in that step p99 "
                            + ms(at.stallP99())
                            + ", max "
                            + ms(at.stallMax())
                            + " ms")
                    + (Double.isNaN(at.serverStops().totalMs())
                        ? ""
                        : "; the server stopped "
                            + ms(at.serverStops().totalMs())
                            + " ms in all, the longest stop "
                            + ms(at.serverStops().longestMs())
                            + " ms"),
                !at.saturated()
                        && at.p99() <= 10
                        && at.achievedPerSecond() >= 0.95 * Compare.HTTP_TARGET_RATE
                    ? "met"
                    : "**missed**"));
      }
      if (pg != null) {
        double s = sustainable(http);
        double b = sustainable(pg);
        double ratio = b > 0 && s > 0 ? s / b : best(http) / best(pg);
        m.append(
            String.format(
                Locale.ROOT,
                "| over HTTP ≥ 15× PostGIS | %.1f× (%s) | %s |%n",
                ratio,
                b > 0 && s > 0
                    ? "sustained rates"
                    : "best throughputs: peak, or one caller's rate where higher",
                ratio >= 15 ? "met" : "**missed**"));
      }
      Compare.Result redis = find("redis");
      if (redis != null) {
        // "Far ahead" is judged here as ten times Redis's best throughput, and a lower one-caller
        // p50.
        double throughput = best(http) / best(redis);
        double latency = redis.sequential().p50() / http.sequential().p50();
        m.append(
            String.format(
                Locale.ROOT,
                "| over HTTP far ahead of Redis GEOSEARCH (judged here as ≥ 10× its best"
                    + " throughput and a lower one-caller p50) | %.1f× its best throughput, %.1f× its one-caller p50 | %s"
                    + " |%n",
                throughput,
                latency,
                throughput >= 10 && latency > 1 ? "met" : "**missed**"));
      }
    }
  }

  private static void row(
      StringBuilder m, String target, double value, double bar, String unit, boolean atMost) {
    boolean met = atMost ? value <= bar : value >= bar;
    m.append(
        String.format(
            Locale.ROOT,
            "| %s | %,.1f %s | %s |%n",
            target,
            value,
            unit,
            met
                ? "met"
                : String.format(
                    Locale.ROOT, "**missed** by %.0f %%", 100 * Math.abs(value - bar) / bar)));
  }

  /** The server's stops in a step, all and longest; a dash when not measured. */
  static String stops(ServerPauses.Stops s) {
    return Double.isNaN(s.totalMs()) ? "—" : ms(s.totalMs()) + " / " + ms(s.longestMs());
  }

  private static String stalls(Measure.Latency l) {
    return Double.isNaN(l.stallMax()) ? "—" : ms(l.stallP99()) + " / " + ms(l.stallMax());
  }

  private static String triple(Measure.Latency l) {
    return ms(l.p50()) + " / " + ms(l.p99()) + " / " + ms(l.p999());
  }

  static String ms(double v) {
    return v < 0.1
        ? String.format(Locale.ROOT, "%.4f", v)
        : v < 10 ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.1f", v);
  }

  private void csv() throws IOException {
    StringBuilder c =
        new StringBuilder(
            "engine,measure,offered_per_s,achieved_per_s,p50_ms,p99_ms,p999_ms,max_ms,"
                + "count,saturated,build_s,bytes,stall_p99_ms,stall_max_ms,server_stopped_ms,server_longest_stop_ms\n");
    for (Compare.Result r : results) {
      if (r.error() != null) {
        continue;
      }
      line(c, r, "one-caller-target", r.sequential());
      line(c, r, "one-caller-mixed", r.mixed());
      if (r.byScore() != null) {
        line(c, r, "one-caller-target-by-score", r.byScore().latency());
      }
      c.append(String.format(Locale.ROOT, "%s,peak,,%.1f,,,,,,,,,,,,%n", r.engine(), r.peak()));
      for (Measure.Latency l : r.open()) {
        line(c, r, "open-loop", l);
      }
      if (r.lag() != null) {
        line(c, r, "update-visible", r.lag());
      }
      c.append(
          String.format(
              Locale.ROOT,
              "%s,build,,,,,,,,,%.3f,%d,,,,%n",
              r.engine(),
              r.buildSeconds(),
              r.bytes()));
      if (r.ownBytes() > 0) {
        c.append(
            String.format(
                Locale.ROOT, "%s,heap-with-records,,,,,,,,,,%d,,,,%n", r.engine(), r.ownBytes()));
      }
    }
    Files.writeString(out.resolve("results.csv"), c.toString(), StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder c, Compare.Result r, String measure, Measure.Latency l) {
    c.append(
        String.format(
            Locale.ROOT,
            "%s,%s,%.1f,%.1f,%.5f,%.5f,%.5f,%.5f,%d,%b,,,%s,%s,%s,%s%n",
            r.engine(),
            measure,
            l.offeredPerSecond(),
            l.achievedPerSecond(),
            l.p50(),
            l.p99(),
            l.p999(),
            l.max(),
            l.count(),
            l.saturated(),
            csvOptional(l.stallP99()),
            csvOptional(l.stallMax()),
            csvOptional(l.serverStops().totalMs()),
            csvOptional(l.serverStops().longestMs())));
  }

  /** A figure for the CSV, or an empty field if it was not measured (NaN). */
  private static String csvOptional(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.5f", v);
  }

  private void chart() throws IOException {
    Map<String, List<double[]>> points = new LinkedHashMap<>();
    for (Compare.Result r : results) {
      for (Measure.Latency l : r.open()) {
        if (l.count() > 0 && l.p99() > 0) {
          points
              .computeIfAbsent(r.engine(), k -> new ArrayList<>())
              .add(new double[] {l.achievedPerSecond(), l.p99()});
        }
      }
    }
    chart(points, data.providers(), out.resolve("latency-throughput.png"));
  }

  /**
   * Draws p99 against achieved throughput per engine (points in the order of their offered rates),
   * log-log.
   */
  static void chart(Map<String, List<double[]>> points, int providers, Path png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYSeriesCollection p99 = new XYSeriesCollection();
    points.forEach(
        (engine, list) -> {
          XYSeries s = new XYSeries(engine, false);
          list.forEach(p -> s.add(p[0], p[1]));
          p99.addSeries(s);
        });
    java.text.DecimalFormat plain = new java.text.DecimalFormat("#,##0.###");
    LogAxis x = new LogAxis("answers per second (achieved, open loop)");
    LogAxis y = new LogAxis("p99 latency (ms), counted from when each request was due");
    for (LogAxis a : new LogAxis[] {x, y}) {
      a.setBase(10);
      a.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1));
      a.setNumberFormatOverride(plain);
      a.setMinorTickMarksVisible(true);
    }
    x.setSmallestValue(1);
    y.setSmallestValue(0.001);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    Color[] colours = {
      new Color(0xC0392B),
      new Color(0x2471A3),
      new Color(0x7D3C98),
      new Color(0x229954),
      new Color(0xD68910),
      new Color(0x566573)
    };
    for (int i = 0; i < p99.getSeriesCount(); i++) {
      renderer.setSeriesPaint(i, colours[i % colours.length]);
      renderer.setSeriesStroke(i, new BasicStroke(2f));
    }
    XYPlot plot = new XYPlot(p99, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    org.jfree.chart.plot.ValueMarker bar =
        new org.jfree.chart.plot.ValueMarker(Compare.SERVING_P99_MS);
    bar.setPaint(Color.GRAY);
    bar.setStroke(
        new BasicStroke(
            1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
    bar.setLabel("p99 = 10 ms");
    plot.addRangeMarker(bar);
    JFreeChart chart =
        new JFreeChart(
            String.format(
                Locale.ROOT,
                "Match latency against throughput, %,d providers (open loop; lower right is better)",
                providers),
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            true);
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 1100, 700);
  }

  /**
   * Redraws {@code latency-throughput.png} from a run's {@code results.csv}: {@code java -cp
   * benchmarks.jar org.linli.benchmarks.compare.Report <results dir> <providers>}.
   */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Map<String, List<double[]>> points = new LinkedHashMap<>();
    for (String line : Files.readAllLines(dir.resolve("results.csv"), StandardCharsets.UTF_8)) {
      String[] f = line.split(",", -1);
      if (f.length > 5 && f[1].equals("open-loop")) {
        points
            .computeIfAbsent(f[0], k -> new ArrayList<>())
            .add(new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[5])});
      }
    }
    chart(points, Integer.parseInt(args[1]), dir.resolve("latency-throughput.png"));
  }
}
