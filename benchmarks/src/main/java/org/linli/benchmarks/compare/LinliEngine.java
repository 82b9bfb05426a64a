package org.linli.benchmarks.compare;

import java.nio.file.Path;
import org.linli.core.provider.Provider;
import org.linli.ranking.ProviderSearchIndex;

/**
 * Linli's index in this JVM: the match path without HTTP, as the server runs it on a worker thread.
 */
final class LinliEngine implements Engine {
  private ProviderSearchIndex index;

  @Override
  public String name() {
    return "linli";
  }

  @Override
  public String semantics() {
    return "every rule of the contract: kinds, all skills, languages, spare capacity, the request radius and the"
        + " provider's own circle or polygon; exact total";
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
  public void load(Providers providers, Path file) throws Exception {
    // As the server loads its store at start: one bulk load, in parts of 50 000.
    index = new ProviderSearchIndex();
    try (ProviderSearchIndex.BulkLoad load = index.bulkLoad()) {
      providers.forEachPart(50_000, load::add);
    }
  }

  @Override
  public void write(Provider p) {
    index.upsert(p);
  }

  @Override
  public Answer query(Workload.Query q) {
    return Oracle.of(index.match(q.request()));
  }

  /** The answer with each match's score in the place of its distance ({@link Oracle#ofScores}). */
  Answer scored(Workload.Query q) {
    return Oracle.ofScores(index.match(q.request()));
  }

  @Override
  public long bytesUsed() {
    return -1; // measured by the harness as retained heap
  }

  @Override
  public void close() {
    index = null;
  }
}
