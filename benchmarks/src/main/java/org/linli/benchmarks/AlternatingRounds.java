package org.linli.benchmarks;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.linli.benchmarks.compare.Workload;
import org.linli.core.match.MatchRequest;
import org.linli.core.match.ProviderIndex;
import org.linli.core.provider.Provider;

/**
 * An A/B of builds of the {@code ranking} module on a noisy machine: each build's classes are
 * loaded in a class loader of their own (child-first for {@code org.linli.ranking}), each builds an
 * index of the same workload in the same JVM, and then they answer the workload's target queries
 * one after the other in alternating rounds, so that the machine's drift (on the 2-core VM, the
 * same code's p50 moves by a quarter within a minute) falls on all of them alike. Prints each
 * build's median over rounds of the round's p50 and p99, and each build's p50 relative to the
 * first's, paired by round.
 *
 * <p>Run (the data from {@code benchmarks/run.sh}, the builds as class directories, e.g. from
 * {@code git worktree} and {@code mvn -o -q compile -pl ranking}): {@code java -Xms14g -Xmx14g
 * -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar org.linli.benchmarks.AlternatingRounds
 * /tmp/linli-compare-data/data-1000000-1 16 /tmp/a/ranking/target/classes
 * /tmp/b/ranking/target/classes}
 */
public final class AlternatingRounds {
  private AlternatingRounds() {}

  /** Loads {@code org.linli.ranking} from its own directory, everything else from the parent. */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL url, ClassLoader parent) {
      super(new URL[] {url}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("org.linli.ranking.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: AlternatingRounds <data dir> <rounds> <ranking classes dir>...");
      System.exit(2);
    }
    Path data = Path.of(args[0]);
    int rounds = Integer.parseInt(args[1]);
    String[] builds = Arrays.copyOfRange(args, 2, args.length);
    List<Provider> providers = Workload.providers(data.resolve(Workload.PROVIDERS));
    List<MatchRequest> queries = new ArrayList<>();
    for (Workload.Query q : Workload.queries(data.resolve(Workload.TARGET))) {
      queries.add(q.request());
    }
    ProviderIndex[] indexes = new ProviderIndex[builds.length];
    for (int v = 0; v < builds.length; v++) {
      indexes[v] = load(Path.of(builds[v]), providers);
    }
    for (ProviderIndex index : indexes) {
      for (int i = 0; i < 2 * queries.size(); i++) {
        index.match(queries.get(i % queries.size()));
      }
    }
    double[][] p50 = new double[builds.length][rounds];
    double[][] p99 = new double[builds.length][rounds];
    long[] nanos = new long[queries.size()];
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < builds.length; k++) {
        int v = (k + r) % builds.length; // each build goes first in turn
        for (int i = 0; i < nanos.length; i++) {
          long t0 = System.nanoTime();
          indexes[v].match(queries.get(i));
          nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        p50[v][r] = nanos[nanos.length / 2] / 1e3;
        p99[v][r] = nanos[nanos.length * 99 / 100] / 1e3;
      }
    }
    for (int v = 0; v < builds.length; v++) {
      System.out.printf(
          Locale.ROOT,
          "%s: p50 median %.1f us (rounds %.1f-%.1f), p99 median %.1f us%n",
          builds[v],
          median(p50[v]),
          min(p50[v]),
          max(p50[v]),
          median(p99[v]));
    }
    for (int v = 1; v < builds.length; v++) {
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratio[r] = p50[v][r] / p50[0][r];
      }
      System.out.printf(
          Locale.ROOT,
          "%s / %s, p50 round by round: median %.3f (%.3f-%.3f)%n",
          builds[v],
          builds[0],
          median(ratio),
          min(ratio),
          max(ratio));
    }
  }

  private static ProviderIndex load(Path classes, List<Provider> providers) throws Exception {
    ClassLoader loader =
        new ChildFirst(classes.toUri().toURL(), AlternatingRounds.class.getClassLoader());
    Class<?> type = loader.loadClass("org.linli.ranking.ProviderSearchIndex");
    Object index = type.getConstructor().newInstance();
    Object load = type.getMethod("bulkLoad").invoke(index);
    var add = load.getClass().getMethod("add", Collection.class);
    for (int done = 0; done < providers.size(); done += 50_000) {
      add.invoke(load, providers.subList(done, Math.min(providers.size(), done + 50_000)));
    }
    ((AutoCloseable) load).close();
    return (ProviderIndex) index;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }
}
