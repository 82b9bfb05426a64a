package org.linli.benchmarks.compare;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.linli.core.provider.Provider;

/**
 * One way of answering a need: Linli or what a user would pick instead. Each is loaded with the
 * same providers and asked the same queries; {@link #query} must be safe to call from several
 * threads at once.
 */
interface Engine extends AutoCloseable {
  /** Short name for tables and the chart. */
  String name();

  /** What it checks and what it cannot express, for the report. */
  String semantics();

  /**
   * Whether it keeps the {@code Provider} objects it was loaded with, or parts of them as they are
   * (Linli's index shares their id and name strings and polygons): its retained heap includes them,
   * though a harness that holds them too would not see them grow it.
   */
  default boolean keepsRecords() {
    return false;
  }

  /**
   * Whether its answers must equal the full eligibility rules (else it is checked against {@link
   * Oracle#relaxed}).
   */
  default boolean exact() {
    return true;
  }

  /** Whether it runs inside this JVM (so single-thread latency is in-process, with no network). */
  boolean inProcess();

  /** How many requests to keep in flight when measuring its peak throughput. */
  int concurrency();

  /** Loads every provider; returns when all are queryable. */
  void load(Providers providers, java.nio.file.Path providersFile) throws Exception;

  /**
   * Adds or replaces one provider; returns when the write is acknowledged (not necessarily
   * visible).
   */
  void write(Provider p) throws Exception;

  /** Answers one query (blocking). */
  Answer query(Workload.Query q) throws Exception;

  /**
   * Answers one query without blocking the caller; blocking engines run {@link #query} on {@code
   * pool}.
   */
  default CompletableFuture<Answer> queryAsync(Workload.Query q, Executor pool) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return query(q);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        pool);
  }

  /** Bytes its data and indexes take (heap, relation or memory), or -1 when not measured. */
  long bytesUsed() throws Exception;

  @Override
  void close() throws Exception;

  /**
   * An answer: ids and distances best first, and the number of eligible providers (-1 when not
   * known).
   */
  record Answer(List<String> ids, double[] distances, int total) {}
}
