package org.linli.benchmarks;

import java.util.List;
import org.linli.core.provider.Provider;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.core.synthetic.SyntheticServices;
import org.linli.ranking.ProviderSearchIndex;

/**
 * Build rate and retained heap of the index: generates the providers first (not timed), then
 * bulk-loads them in parts of 50 000 and reports providers per second and the heap the index keeps
 * per provider after a full GC, once the providers themselves are dropped.
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar
 * org.linli.benchmarks.IndexFootprint 1000000 [details]}; {@code details} gives every provider
 * service details.
 */
public final class IndexFootprint {
  private IndexFootprint() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    // The heap before the providers exist: the index is what stays after they are dropped.
    long before = usedAfterGc();
    List<Provider> providers = SyntheticCity.nationwide(1).providers(n, "p");
    if (args.length > 1 && args[1].equals("details")) {
      SyntheticServices services = new SyntheticServices(3);
      providers = providers.stream().map(p -> p.withDetails(services.details())).toList();
    }
    ProviderSearchIndex index = new ProviderSearchIndex();
    long t0 = System.nanoTime();
    try (ProviderSearchIndex.BulkLoad load = index.bulkLoad()) {
      for (int i = 0; i < n; i += 50_000) {
        load.add(providers.subList(i, Math.min(n, i + 50_000)));
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    providers = null;
    long after = usedAfterGc();
    System.out.printf(
        "providers=%d build=%.1fs rate=%.0f/s retainedHeap=%d MB bytesPerProvider=%d cells=%d%n",
        n, seconds, n / seconds, (after - before) >> 20, (after - before) / n, index.cellCount());
  }

  /** Used heap after three full collections: what stays reachable. */
  public static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
