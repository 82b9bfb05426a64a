package org.linli.benchmarks.compare;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.linli.core.match.Eligibility;
import org.linli.core.provider.Provider;

/**
 * The oracle as an engine (not final: tests make a slow one from it): every provider checked
 * against every rule, then sorted. What "no index" costs.
 */
class BruteForceEngine implements Engine {
  private List<Provider> providers;

  @Override
  public String name() {
    return "brute-force";
  }

  @Override
  public String semantics() {
    return "every rule, by scanning every provider (Eligibility.bruteForce: the oracle)";
  }

  @Override
  public boolean keepsRecords() {
    return true;
  }

  @Override
  public boolean inProcess() {
    return true;
  }

  @Override
  public int concurrency() {
    return 2;
  }

  @Override
  public void load(Providers all, Path file) {
    providers = new CopyOnWriteArrayList<>(all.all());
  }

  @Override
  public void write(Provider p) {
    providers.removeIf(old -> old.id().equals(p.id()));
    providers.add(p);
  }

  @Override
  public Answer query(Workload.Query q) throws Exception {
    return Oracle.of(Eligibility.bruteForce(providers, q.request()));
  }

  @Override
  public long bytesUsed() {
    return -1;
  }

  @Override
  public void close() {
    providers = null;
  }
}
