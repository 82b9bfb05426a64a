package org.linli.benchmarks;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.linli.core.intake.LabelledNeed;
import org.linli.core.intake.NeedClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The need classifier in-process, one thread, over the needs of its training set in turn (short
 * phrases to long sentences), and over a long description (4 000 characters, the most a need may
 * carry). Sample-time mode reports p50/p99/p99.9 per text.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ClassifyBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g", "-Xms1g"})
@Threads(1)
public class ClassifyBenchmark {
  private NeedClassifier classifier;
  private List<String> texts;
  private String longest;
  private int next;

  @Setup(Level.Trial)
  public void setUp() {
    classifier = NeedClassifier.standard();
    texts = NeedClassifier.standardTrainingSet().stream().map(LabelledNeed::text).toList();
    StringBuilder b = new StringBuilder();
    for (int i = 0; b.length() < 4_000; i++) {
      b.append(texts.get(i % texts.size())).append('，');
    }
    longest = b.substring(0, 4_000);
  }

  @Benchmark
  public NeedClassifier.Classification need() {
    String t = texts.get(next);
    next = next + 1 == texts.size() ? 0 : next + 1;
    return classifier.classify(t);
  }

  @Benchmark
  public NeedClassifier.Classification longestDescription() {
    return classifier.classify(longest);
  }
}
