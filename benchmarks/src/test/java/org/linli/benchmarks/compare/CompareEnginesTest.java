package org.linli.benchmarks.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.linli.core.match.Eligibility;
import org.linli.core.match.MatchRequest;
import org.linli.core.provider.Provider;
import org.linli.core.taxonomy.Skill;

/**
 * The comparison's own parts on a small city: the workload files read back as written, the
 * in-process engines (Linli, plain Lucene, the brute force) agree with the oracle, the check
 * catches a wrong answer, the open loop counts queueing, and the report is written with its chart.
 */
class CompareEnginesTest {
  @TempDir static Path dir;
  static Workload.DataSet data;
  static Providers providers;
  static List<Workload.Query> queries;

  @BeforeAll
  static void workload() throws Exception {
    data = Workload.write(dir.resolve("data"), 3_000, 200, 5, false);
    providers = Providers.inMemory(data.providersFile());
    queries = new ArrayList<>(Workload.queries(data.dir().resolve(Workload.TARGET)));
    queries.addAll(Workload.queries(data.dir().resolve(Workload.MIXED)));
  }

  @Test
  void anUnreadableProfileIsReportedAndTheRunGoesOn() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.jfr"));
    String section = Compare.profileSection("the server at 15 000 answers/s", empty);
    assertThat(section)
        .startsWith(
            "### the server at 15 000 answers/s\n\nNo profile: empty.jfr could not be read (");
  }

  /** Work the sampler can see, in a method of its own. */
  static double burn(int rounds) {
    double x = 1;
    for (int i = 0; i < rounds; i++) {
      x = Math.sqrt(x + i);
    }
    return x;
  }

  /**
   * An engine that answers nothing, after {@link #burn}ing {@code rounds}; {@code asked[0]} counts
   * its queries.
   */
  static Engine burning(int rounds, int[] asked) {
    return new BruteForceEngine() {
      @Override
      public Answer query(Workload.Query q) {
        asked[0]++;
        return new Answer(List.of(), new double[0], burn(rounds) > 0 ? 0 : -1);
      }
    };
  }

  @Test
  void profiledStep_runsForItsWholeLength_andItsSummaryHasNoEmptyRows() throws Exception {
    int[] asked = {0};
    Path jfr = dir.resolve("spin.jfr");
    long t0 = System.nanoTime();
    int done = Profiles.record(jfr, () -> Measure.repeatFor(burning(20_000, asked), queries, 1.0));
    double took = (System.nanoTime() - t0) / 1e9;
    assertThat(took).isGreaterThanOrEqualTo(1.0);
    assertThat(done)
        .isEqualTo(asked[0])
        .isGreaterThan(queries.size()); // it went round the queries again
    // Asked for far more rows than the step has methods: each row printed names one.
    String summary = Profiles.summary(jfr, 200);
    List<String> rows =
        summary
            .lines()
            .filter(l -> l.startsWith("| ") && !l.startsWith("| self") && !l.startsWith("| ---"))
            .toList();
    assertThat(rows).isNotEmpty().allSatisfy(row -> assertThat(row).contains("`"));
    assertThat(summary).matches("(?s)[0-9,]+ CPU samples over .*").contains("spin.jfr");
  }

  @Test
  void asyncProfiler_samplesTheStepsThread_andItsSummaryNamesWhereTheTimeWent() throws Exception {
    int[] asked = {0};
    Path stacks = dir.resolve("burn" + Profiles.COLLAPSED);
    int done =
        Profiles.sample(stacks, () -> Measure.repeatFor(burning(50_000, asked), queries, 1.0));
    assertThat(done).isEqualTo(asked[0]).isPositive();
    String summary = Compare.profileSection("burning", stacks);
    // About one sample per millisecond of the thread's CPU time; JFR took 74-80 in 10 s of
    // matching.
    int samples =
        Integer.parseInt(
            summary.substring(summary.indexOf("\n\n") + 2).split(" ")[0].replace(",", ""));
    assertThat(samples).as(summary).isGreaterThan(200);
    assertThat(summary).contains("async-profiler").contains("burn" + Profiles.COLLAPSED);
    // The step's own method holds the most samples (a good share: the JIT compiling it is sampled
    // too, and more so on a busy machine), and its name is written as JFR writes names.
    String first =
        summary
            .lines()
            .filter(l -> l.startsWith("| ") && l.contains("`"))
            .findFirst()
            .orElseThrow();
    assertThat(first).contains("`org.linli.benchmarks.compare.CompareEnginesTest.burn`");
    assertThat(Double.parseDouble(first.substring(2, first.indexOf(" %"))))
        .as(summary)
        .isGreaterThan(25);
  }

  @Test
  void collapsedStacks_areSummedBySelfAndByEveryFrameOfOurs() throws Exception {
    Path stacks = dir.resolve("hand" + Profiles.COLLAPSED);
    Files.writeString(
        stacks,
        "# async-profiler 4.1, event cpu, every 1 ms of this thread's CPU time\n"
            + "org/linli/benchmarks/X.main;org/linli/ranking/MatchRun.run;org/linli/ranking/MatchRun.scan 6\n"
            + "org/linli/benchmarks/X.main;org/linli/ranking/MatchRun.run;org/linli/ranking/MatchRun.result 3\n"
            + "org/linli/ranking/MatchRun.run;do_syscall_64_[k] 1\n");
    String summary = Profiles.summary(stacks, 12);
    assertThat(summary)
        .startsWith("10 CPU samples (async-profiler 4.1, event cpu,")
        .contains(
            "| 60.0 % | `org.linli.ranking.MatchRun.scan` | | 100.0 % | `org.linli.ranking.MatchRun.run` |")
        .contains(
            "| 30.0 % | `org.linli.ranking.MatchRun.result` | | 60.0 % | `org.linli.ranking.MatchRun.scan` |")
        .contains(
            "| 10.0 % | `do_syscall_64_[k]` | | 30.0 % | `org.linli.ranking.MatchRun.result` |")
        .doesNotContain("benchmarks.X"); // the harness is left out of the totals
  }

  @Test
  void workloadFiles_areWrittenOnceAndReadBack() throws Exception {
    assertThat(providers.all()).hasSize(3_000);
    assertThat(queries).hasSize(400);
    long modified = Files.getLastModifiedTime(data.providersFile()).toMillis();
    Workload.write(dir.resolve("data"), 3_000, 200, 5, false);
    assertThat(Files.getLastModifiedTime(data.providersFile()).toMillis()).isEqualTo(modified);
    assertThat(queries.stream().filter(q -> !q.request().languages().isEmpty())).isNotEmpty();
    assertThat(queries.stream().filter(q -> q.request().skills().size() > 1)).isNotEmpty();
  }

  @Test
  void inProcessEngines_agreeWithTheOracle() throws Exception {
    for (Engine e : List.of(new LinliEngine(), new LuceneEngine(dir), new BruteForceEngine())) {
      try (e) {
        e.load(providers, data.providersFile());
        int nonEmpty = 0;
        for (Workload.Query q : queries) {
          Engine.Answer want = Oracle.of(Eligibility.bruteForce(providers.all(), q.request()));
          Engine.Answer got = e.query(q);
          assertThat(Oracle.agrees(want, got, 0.05))
              .as("%s on %s: %s against %s", e.name(), q.json(), got, want)
              .isTrue();
          nonEmpty += want.ids().isEmpty() ? 0 : 1;
        }
        assertThat(nonEmpty).isGreaterThan(50);
      }
    }
  }

  /**
   * The oracle's one pass over the providers, in parts (several here), from memory or read from the
   * file, equals {@link Eligibility#bruteForce} on each query over all of them; so does its geo-set
   * semantics against a plain filter, and its count of listed providers that break the rules.
   */
  @Test
  void oracleInParts_equalsBruteForceOverAll() throws Exception {
    List<MatchRequest> requests = queries.stream().map(Workload.Query::request).toList();
    List<Skill> skills = requests.stream().map(r -> r.skills().iterator().next()).toList();
    Providers streamed = Providers.streamed(data.providersFile(), 3_000);
    assertThat(streamed.streamed()).isTrue();
    for (Providers source : List.of(providers, streamed)) {
      List<Engine.Answer> full = Oracle.full(source, requests, 700);
      List<Engine.Answer> relaxed = Oracle.relaxed(source, requests, skills, 700);
      int totalIneligible = 0;
      for (int i = 0; i < requests.size(); i++) {
        MatchRequest r = requests.get(i);
        Skill skill = skills.get(i);
        Engine.Answer want = Oracle.of(Eligibility.bruteForce(providers.all(), r));
        assertThat(full.get(i).ids()).isEqualTo(want.ids());
        assertThat(full.get(i).distances()).isEqualTo(want.distances());
        assertThat(full.get(i).total()).isEqualTo(want.total());
        List<Provider> geo =
            providers.all().stream()
                .filter(
                    p ->
                        Eligibility.isMatchable(p)
                            && p.skills().contains(skill)
                            && p.location().distanceMeters(r.location()) <= r.radiusMeters())
                .sorted(
                    java.util.Comparator.comparingDouble(
                            (Provider p) -> p.location().distanceMeters(r.location()))
                        .thenComparing(Provider::id))
                .limit(r.limit())
                .toList();
        assertThat(relaxed.get(i).ids()).isEqualTo(geo.stream().map(Provider::id).toList());
        totalIneligible += (int) geo.stream().filter(p -> !Eligibility.isEligible(p, r)).count();
      }
      assertThat(full.stream().filter(a -> a.ids().size() >= 2).count())
          .as("answers of two or more")
          .isGreaterThan(40);
      assertThat(totalIneligible).isPositive();
      assertThat(Oracle.ineligible(source, requests, relaxed)).isEqualTo(totalIneligible);
    }
  }

  /**
   * The target queries ranked by score: the JSON says so and reads back as the same request but for
   * the order; the score oracle, in parts, from memory or streamed, equals the index's answers
   * (scores, ids, totals), which are not its distance-ordered ones; and the check refuses a ranking
   * with two entries swapped.
   */
  @Test
  void byScore_agreesWithTheScoreOracle_andIsNotTheDistanceOrder() throws Exception {
    List<Workload.Query> target = Workload.queries(data.dir().resolve(Workload.TARGET));
    List<Workload.Query> scored = Workload.byScore(target);
    assertThat(scored).hasSize(target.size());
    for (int i = 0; i < target.size(); i++) {
      MatchRequest d = target.get(i).request();
      MatchRequest s = scored.get(i).request();
      assertThat(scored.get(i).json()).contains("\"sort\":\"score\"");
      assertThat(s.sort()).isEqualTo(org.linli.core.match.SortOrder.SCORE);
      assertThat(
              new MatchRequest(
                  s.location(),
                  s.skills(),
                  s.text(),
                  s.kinds(),
                  s.languages(),
                  s.radiusMeters(),
                  s.limit(),
                  d.sort(),
                  s.explain()))
          .isEqualTo(d);
    }
    List<MatchRequest> requests = scored.stream().map(Workload.Query::request).toList();
    try (LinliEngine linli = new LinliEngine()) {
      linli.load(providers, data.providersFile());
      int reordered = 0;
      int swappedRefused = 0;
      for (Providers source : List.of(providers, Providers.streamed(data.providersFile(), 3_000))) {
        List<Engine.Answer> want = Oracle.scored(source, requests, 700);
        for (int i = 0; i < scored.size(); i++) {
          Engine.Answer got = linli.scored(scored.get(i));
          assertThat(Oracle.agrees(want.get(i), got, Compare.SCORE_TOLERANCE))
              .as("%s: %s against %s", scored.get(i).json(), got, want.get(i))
              .isTrue();
          reordered += got.ids().equals(linli.query(target.get(i)).ids()) ? 0 : 1;
          List<String> ids = got.ids();
          if (ids.size() >= 2 && Math.abs(got.distances()[0] - got.distances()[1]) > 1e-6) {
            List<String> swapped = new ArrayList<>(ids);
            java.util.Collections.swap(swapped, 0, 1);
            swappedRefused +=
                Oracle.agrees(
                        want.get(i),
                        new Engine.Answer(swapped, got.distances(), got.total()),
                        Compare.SCORE_TOLERANCE)
                    ? 0
                    : 1;
          }
        }
      }
      assertThat(reordered)
          .as("answers whose score order differs from their distance order")
          .isGreaterThan(20);
      assertThat(swappedRefused).as("swapped rankings refused").isGreaterThan(20);
    }
    assertThatThrownBy(() -> Oracle.scored(providers, List.of(target.get(0).request())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCheck_catchesWrongAnswers() {
    Engine.Answer right = new Engine.Answer(List.of("a", "b", "c"), new double[] {10, 20, 30}, 7);
    assertThat(Oracle.agrees(right, right, 0.001)).isTrue();
    assertThat(
            Oracle.agrees(
                right,
                new Engine.Answer(List.of("a", "c", "b"), new double[] {10, 30, 20}, 7),
                0.001))
        .isFalse();
    assertThat(
            Oracle.agrees(
                right,
                new Engine.Answer(List.of("a", "b", "x"), new double[] {10, 20, 30}, 7),
                0.001))
        .isTrue(); // "x" at the k-th distance: a tie the oracle broke the other way
    assertThat(
            Oracle.agrees(
                right,
                new Engine.Answer(List.of("a", "b", "x"), new double[] {10, 20, 31}, 7),
                0.001))
        .isFalse();
    assertThat(
            Oracle.agrees(
                right,
                new Engine.Answer(List.of("a", "b", "c"), new double[] {10, 20, 30}, 8),
                0.001))
        .isFalse();
    assertThat(
            Oracle.agrees(
                right, new Engine.Answer(List.of("a", "b"), new double[] {10, 20}, 7), 0.001))
        .isFalse();
  }

  @Test
  void openLoop_countsTimeSpentQueued() throws Exception {
    // An engine that takes 20 ms, on one thread, asked 200 times a second: four times what it can
    // serve.
    Engine slow =
        new BruteForceEngine() {
          @Override
          public Answer query(Workload.Query q) throws Exception {
            Thread.sleep(20);
            return new Answer(List.of(), new double[0], 0);
          }
        };
    ExecutorService one = Executors.newSingleThreadExecutor();
    try {
      Measure.Latency l = Measure.openLoop(slow, queries, 200, 1.5, one);
      assertThat(l.saturated() || l.p99() > 200).as("%s", l).isTrue();
      Measure.Latency easy = Measure.openLoop(slow, queries, 20, 1.5, one);
      assertThat(easy.saturated()).isFalse();
      assertThat(easy.p50()).isBetween(19.0, 60.0);
    } finally {
      one.shutdownNow();
    }
  }

  @Test
  void report_ratios_coverEveryMeasure_andDashWhatCannotBeCompared() throws Exception {
    // One caller p50 / p99 in ms, the open-loop step at 10 000/s (p99 5 ms) counts as sustained.
    Measure.Latency fast =
        new Measure.Latency(0, 40_000, 0.02, 0.08, 0.1, 1, 1000, 0, false, Double.NaN, Double.NaN);
    Measure.Latency sustained =
        new Measure.Latency(10_000, 10_000, 0.1, 5, 8, 9, 1000, 0, false, 0.1, 1);
    Measure.Latency slow =
        new Measure.Latency(0, 200, 5, 20, 30, 40, 1000, 0, false, Double.NaN, Double.NaN);
    Measure.Latency slowStep = new Measure.Latency(250, 250, 4, 8, 9, 10, 1000, 0, false, 0.1, 1);
    Measure.Latency linliLag =
        new Measure.Latency(0, 0, 0.05, 0.2, 0.3, 0.4, 100, 0, false, Double.NaN, Double.NaN);
    Measure.Latency pgLag =
        new Measure.Latency(0, 0, 0.5, 2, 3, 4, 100, 0, false, Double.NaN, Double.NaN);
    // The index's own bytes leave out the records; the second index's (ownBytes) hold them: 900 a
    // provider.
    Compare.Result linli =
        new Compare.Result(
            "linli",
            "rules",
            Report.BEYOND_RECORDS,
            2.0,
            700L * 3_000,
            300,
            300,
            0,
            0,
            fast,
            fast,
            50_000,
            List.of(sustained),
            linliLag,
            null,
            null,
            null,
            900L * 3_000);
    Compare.Result pg =
        new Compare.Result(
            "postgis",
            "rules",
            "table + indexes",
            10.0,
            800L * 3_000,
            300,
            300,
            0,
            0,
            slow,
            slow,
            400,
            List.of(slowStep),
            pgLag,
            null,
            null);
    Compare.Result brute =
        new Compare.Result(
            "brute-force",
            "rules",
            Report.BEYOND_RECORDS,
            0.0,
            9,
            300,
            300,
            0,
            0,
            slow,
            slow,
            10,
            List.of(),
            null,
            null,
            null);
    Compare.Result lucene =
        new Compare.Result(
            "lucene",
            "rules",
            "index files",
            1.0,
            40L * 3_000,
            300,
            300,
            0,
            0,
            slow,
            slow,
            600,
            List.of(),
            null,
            null,
            null);
    Path out = dir.resolve("ratios");
    Files.createDirectories(out);
    new Report(
            out,
            data,
            200,
            List.of(linli, pg, brute, lucene),
            new Report.Machine(0.1, 1, null),
            null)
        .write();
    String md = Files.readString(out.resolve("report.md"));
    assertThat(md)
        .contains(
            "| Linli | against | one caller p50 | one caller p99 | peak | sustained | build |"
                + " bytes per provider | update visible p50 |");
    // Only the brute force and Lucene are in-process baselines of in-process Linli; PostGIS is
    // compared over HTTP.
    assertThat(md)
        .contains("| linli | lucene | 250.0× | 250.0× | 83.3× | — | 0.50× | 0.04× | — |")
        .contains("| linli | brute-force | 250.0× | 250.0× | 250.0× | — | — | — | — |")
        .doesNotContain("| linli | postgis |");
    // Over HTTP against PostGIS, with the same figures under the HTTP engine's name.
    Compare.Result http =
        new Compare.Result(
            "linli-http",
            "rules",
            "the server's whole heap",
            2.0,
            2_000L * 3_000,
            300,
            300,
            0,
            0,
            fast,
            fast,
            50_000,
            List.of(sustained),
            linliLag,
            null,
            null);
    new Report(out, data, 200, List.of(http, pg), new Report.Machine(0.1, 1, null), null).write();
    assertThat(Files.readString(out.resolve("report.md")))
        .contains(
            "| linli-http | postgis | 250.0× | 250.0× | 125.0× | 40.0× | 5.0× | 0.40× | 10.0× |");
    assertThat(Report.times(3, 0)).isEqualTo("—");
    assertThat(Report.times(Double.POSITIVE_INFINITY, 1)).isEqualTo("—");
    assertThat(Report.times(1, 8)).isEqualTo("0.13×");
  }

  @Test
  void report_isWrittenWithTableCsvAndChart() throws Exception {
    Measure.Latency l =
        new Measure.Latency(1000, 990, 0.1, 0.5, 1.0, 2.0, 1000, 0, false, Double.NaN, Double.NaN);
    Measure.Latency byScore =
        new Measure.Latency(0, 5000, 0.16, 0.7, 1.1, 2.0, 20_000, 0, false, Double.NaN, Double.NaN);
    Compare.Result r =
        new Compare.Result(
            "linli",
            "rules",
            "retained heap",
            1.0,
            700L * 3_000,
            300,
            300,
            0,
            0,
            l,
            l,
            5_000,
            List.of(
                l,
                new Measure.Latency(
                    4000,
                    3990,
                    0.2,
                    5.0,
                    9.0,
                    12.0,
                    4000,
                    0,
                    false,
                    1.5,
                    42.0,
                    new ServerPauses.Stops(36.5, 21.25, 4))),
            l,
            null,
            null,
            new Compare.ScoreStep(150, 149, byScore),
            -1);
    Path out = dir.resolve("report");
    Files.createDirectories(out);
    new Report(
            out,
            data,
            200,
            List.of(r),
            new Report.Machine(2.5, 30.0, "kdamond 0 (paddr, sampling every 500 ms)"),
            null)
        .write();
    assertThat(Files.readString(out.resolve("report.md")))
        .contains("| linli | 300 / 300", "3,990")
        .contains(
            Runtime.getRuntime().availableProcessors() + " cores (" + Report.cpuModel() + "), ")
        .contains("woke up to 30.0 ms late (p99 2.500 ms)", "kdamond 0 (paddr")
        .contains("| 12.0 | 1.500 / 42.0 | 36.5 / 21.3 |", "| 2.000 | — | — |")
        .contains("in-process `sort=distance` p50 ≤ 20 µs | 100.0 µs | **missed** by 400 %")
        .contains("in-process `sort=score` p50 ≤ 150 µs | 160.0 µs | **missed** by 7 %")
        .contains(
            "in-process linli: 149 of 150 sample answers agree with the brute-force scores; one caller p50 /"
                + " p99 / p99.9 0.160 / 0.700 / 1.100 ms.");
    assertThat(Files.readAllLines(out.resolve("results.csv")))
        .anyMatch(line -> line.startsWith("linli,open-loop,4000.0"))
        .anyMatch(
            line ->
                line.startsWith("linli,open-loop,4000.0")
                    && line.endsWith(",1.50000,42.00000,36.50000,21.25000"))
        .anyMatch(
            line -> line.startsWith("linli,one-caller-target-by-score,0.0,5000.0,0.16000,0.70000"))
        .allMatch(line -> line.split(",", -1).length == 16);
    assertThat(Files.size(out.resolve("latency-throughput.png"))).isGreaterThan(5_000);

    // Bytes that leave out the records the harness holds are not judged against the heap target.
    Compare.Result beyond =
        new Compare.Result(
            "linli",
            "rules",
            Report.BEYOND_RECORDS,
            1.0,
            700L * 3_000,
            300,
            300,
            0,
            0,
            l,
            l,
            5_000,
            List.of(l),
            l,
            null,
            null);
    new Report(out, data, 200, List.of(beyond), new Report.Machine(2.5, 30.0, null), null).write();
    assertThat(Files.readString(out.resolve("report.md")))
        .contains(
            "| heap ≤ 1 KB per provider | 700 bytes beyond the provider records | not measured here")
        .doesNotContain("heap ≤ 1 KB per provider | 700.0");

    // With a second index loaded from the file, the heap target is judged on that one, records
    // included.
    Compare.Result own =
        new Compare.Result(
            "linli",
            "rules",
            Report.BEYOND_RECORDS,
            1.0,
            700L * 3_000,
            300,
            300,
            0,
            0,
            l,
            l,
            5_000,
            List.of(l),
            l,
            null,
            null,
            null,
            1_100L * 3_000);
    new Report(out, data, 200, List.of(own), new Report.Machine(2.5, 30.0, null), null).write();
    assertThat(Files.readString(out.resolve("report.md")))
        .contains(
            "| heap ≤ 1 KB per provider (a second index loaded from the file, its records' only holder) |"
                + " 1,100.0 bytes | **missed** by 7 % |")
        .doesNotContain("not measured here");
    assertThat(Files.readAllLines(out.resolve("results.csv")))
        .contains("linli,heap-with-records,,,,,,,,,,3300000,,,,");
  }

  /**
   * The second index's heap counts its records: far more than nothing, far less than the whole
   * heap. Measured twice: the first load may also fill the text analysis's shared memo, which
   * stays.
   */
  @Test
  void ownHeap_measuresAnIndexThatHoldsItsRecords() throws Exception {
    Compare.ownHeap(data.providersFile(), 3_000, 1);
    long bytes = Compare.ownHeap(data.providersFile(), 3_000, 1);
    assertThat(bytes / 3_000).isBetween(300L, 50_000L);
    // No second index where it could not fit.
    assertThat(Compare.ownHeap(data.providersFile(), 3_000, Runtime.getRuntime().maxMemory()))
        .isEqualTo(-1);
  }

  @Test
  void report_httpTargetRow_namesTheServersStopsInThatStep() throws Exception {
    Measure.Latency l =
        new Measure.Latency(1000, 990, 0.1, 0.5, 1.0, 2.0, 1000, 0, false, Double.NaN, Double.NaN);
    Measure.Latency atTarget =
        new Measure.Latency(
            Compare.HTTP_TARGET_RATE,
            14_000,
            3.0,
            40.0,
            60.0,
            80.0,
            140_000,
            0,
            false,
            2.0,
            8.0,
            new ServerPauses.Stops(36.5, 21.25, 4));
    Compare.Result http =
        new Compare.Result(
            "linli-http",
            "rules",
            "whole heap",
            1.0,
            700L * 3_000,
            300,
            300,
            0,
            0,
            l,
            l,
            16_000,
            List.of(l, atTarget),
            l,
            null,
            null);
    Path out = dir.resolve("report-http");
    Files.createDirectories(out);
    // Redis: one caller p50 0.25 ms against HTTP's 0.1; best throughput 1 000/s (its one caller's
    // 990 is less).
    Measure.Latency redisCaller =
        new Measure.Latency(0, 990, 0.25, 1.0, 2.0, 3.0, 1000, 0, false, Double.NaN, Double.NaN);
    Compare.Result redis =
        new Compare.Result(
            "redis",
            "geo sets",
            "used_memory",
            1.0,
            200L * 3_000,
            300,
            300,
            5,
            900,
            redisCaller,
            redisCaller,
            1_000,
            List.of(),
            null,
            null,
            null);
    new Report(out, data, 200, List.of(http, redis), new Report.Machine(2.5, 30.0, null), null)
        .write();
    assertThat(Files.readString(out.resolve("report.md")))
        .contains(
            "| over HTTP ≥ 15 000 matches/s with p99 ≤ 10 ms"
                + " | 14,000/s achieved, p99 40.0 ms; machine stalls in that step p99 2.000, max 8.000 ms; the server"
                + " stopped 36.5 ms in all, the longest stop 21.3 ms | **missed** |")
        .contains(
            "far ahead of Redis GEOSEARCH (judged here as ≥ 10× its best throughput and a lower one-caller"
                + " p50) | 16.0× its best throughput, 2.5× its one-caller p50 | met |");
    // Five times its throughput is not far ahead.
    Compare.Result closeRedis =
        new Compare.Result(
            "redis",
            "geo sets",
            "used_memory",
            1.0,
            200L * 3_000,
            300,
            300,
            5,
            900,
            redisCaller,
            redisCaller,
            3_200,
            List.of(),
            null,
            null,
            null);
    new Report(out, data, 200, List.of(http, closeRedis), new Report.Machine(2.5, 30.0, null), null)
        .write();
    assertThat(Files.readString(out.resolve("report.md")))
        .contains("| 5.0× its best throughput, 2.5× its one-caller" + " p50 | **missed** |");
  }

  @Test
  void httpCostSection_putsMatchesBesideTheBareGet_andTheirDifference() {
    Measure.Latency match =
        new Measure.Latency(
            15_000,
            12_749,
            500,
            1738.5,
            1750,
            1760,
            127_490,
            0,
            true,
            3.0,
            7.0,
            new ServerPauses.Stops(8.991, 7.053, 3));
    Measure.Latency get =
        new Measure.Latency(
            15_000,
            15_000,
            0.4,
            10.6,
            12,
            14,
            150_000,
            0,
            false,
            0.3,
            5.0,
            ServerPauses.Stops.NONE);
    String section =
        Compare.httpCostSection(
            15_000,
            new LinliHttpEngine.CpuStep(match, 115.1, 95),
            new LinliHttpEngine.CpuStep(get, 44.9, 64));
    assertThat(section)
        .contains(
            "| `POST /api/v1/match` (target queries) | 12,749 | 1738.5 | 115.1 | 95 % | 8.991 / 7.053 |")
        .contains(
            "| `GET /health/live` (HTTP and routing only) | 15,000 | 10.6 | 44.9 | 64 % | — |")
        .contains("The difference, 70.2 µs of the server's CPU per answer");
  }
}
