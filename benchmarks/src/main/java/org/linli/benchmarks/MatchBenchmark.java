package org.linli.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.MatchResult;
import org.linli.core.match.SortOrder;
import org.linli.core.provider.Provider;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.core.synthetic.SyntheticServices;
import org.linli.ranking.ProviderSearchIndex;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The match path in-process, one thread: {@code providers} clustered providers spread like China's
 * urban population (36 cities by population, Gaussian spread growing with city size), needs drawn
 * from the same distribution, 5 km radius, one skill (Zipf-like), top 10. Sample-time mode reports
 * p50/p99/p99.9.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MatchBenchmark -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
// The heap touched at start: on this VM the first touch of each page costs a fault in the guest and
// one in the
// host. A match that allocates 12 KB (one with text) walked into fresh eden pages for the whole
// run: without it
// its mean grew from 48 to 143 us over the iterations, with it the mean held at 32-35 us.
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx8g", "-Xms8g", "-XX:+AlwaysPreTouch"})
@Threads(1)
public class MatchBenchmark {
  @Param({"1000000"})
  public int providers;

  /** Free text of the need; empty for none. */
  @Param({"", "需要陪同老人去医院复诊"})
  public String text;

  /** Whether every provider has service details (hours, cost, criteria, access, phones). */
  @Param({"false", "true"})
  public boolean details;

  private ProviderSearchIndex index;
  private List<MatchRequest> withRules;
  private List<MatchRequest> byDistance;
  private List<MatchRequest> byScore;
  private int next;

  @Setup(Level.Trial)
  public void build() {
    index = new ProviderSearchIndex();
    SyntheticCity city = SyntheticCity.nationwide(1);
    SyntheticServices services = new SyntheticServices(3);
    try (ProviderSearchIndex.BulkLoad load = index.bulkLoad()) {
      for (int done = 0; done < providers; done += 100_000) {
        List<Provider> part = city.providers(Math.min(100_000, providers - done), "p");
        if (details) {
          part = part.stream().map(p -> p.withDetails(services.details())).toList();
        }
        load.add(part);
      }
    }
    SyntheticCity needs = SyntheticCity.nationwide(2);
    byDistance = new ArrayList<>();
    byScore = new ArrayList<>();
    withRules = new ArrayList<>();
    for (int i = 0; i < 8_192; i++) {
      MatchRequest r = needs.need(5_000, 1, SortOrder.DISTANCE, text);
      byDistance.add(r);
      withRules.add(r.withService(services.filters()));
      byScore.add(
          new MatchRequest(
              r.location(),
              r.skills(),
              r.text(),
              r.kinds(),
              r.languages(),
              r.radiusMeters(),
              r.limit(),
              SortOrder.SCORE,
              false));
    }
  }

  @Benchmark
  public MatchResult sortByDistance() {
    return index.match(byDistance.get(next++ & 8_191));
  }

  /** Distance order with a resident's service rules (open at, cost, access, their profile). */
  @Benchmark
  public MatchResult sortByDistanceWithRules() {
    return index.match(withRules.get(next++ & 8_191));
  }

  @Benchmark
  public MatchResult sortByScore() {
    return index.match(byScore.get(next++ & 8_191));
  }

  /** Names people look up: a person, an agency by its place, a project by place and skill. */
  private static final String[] NAME_QUERIES = {"王芳", "福田 社工", "社工服务中心", "养老服务项目", "李"};

  /** {@code GET /providers?q=}: a scan of every matchable provider's name, 20 best kept. */
  @Benchmark
  public java.util.List<org.linli.core.match.ProviderIndex.NameHit> findByName() {
    return index.findByName(NAME_QUERIES[next++ % NAME_QUERIES.length], 20);
  }
}
