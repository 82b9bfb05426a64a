package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.linli.core.access.Principal;
import org.linli.core.error.NotFoundException;
import org.linli.core.error.UnavailableException;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.server.store.DocumentStore;
import org.linli.server.store.ProviderCodec;

/**
 * Provider reads and writes against the cluster map, through Hazelcast's async API so that the
 * event loop never blocks. The map holds each provider as its stored document ({@link
 * ProviderCodec}) and writes through to the durable store, so a write's future succeeds only after
 * the commit. Until the map has been loaded from the store ({@link #attach}), every call fails with
 * an {@link UnavailableException}. Thread-safe.
 */
public final class ProviderRegistry {
  private final Clock clock;
  private final DocumentStore store;
  private final java.util.function.Predicate<String> existing;
  private volatile IMap<String, HazelcastJsonValue> map;
  private volatile com.hazelcast.partition.PartitionService partitions;

  /**
   * @param store the providers map's own store, used directly by {@link #importAll}
   * @param existing whether a provider of an id exists, as far as this member knows without asking
   *     the store (its index); a hint that spares an import reading ids that are new
   */
  public ProviderRegistry(
      Clock clock, DocumentStore store, java.util.function.Predicate<String> existing) {
    this.clock = clock;
    this.store = store;
    this.existing = existing;
  }

  /**
   * Starts serving from {@code loaded}, the providers map once it holds everything stored; {@code
   * partitions} tells which partition owns a key (imports send each partition its own share).
   */
  public void attach(
      IMap<String, HazelcastJsonValue> loaded,
      com.hazelcast.partition.PartitionService partitions) {
    this.partitions = partitions;
    this.map = loaded;
  }

  private IMap<String, HazelcastJsonValue> map() {
    IMap<String, HazelcastJsonValue> m = map;
    if (m == null) {
      throw new UnavailableException(
          "loading",
          "Linli is still loading providers from the durable store; retry" + " shortly.");
    }
    return m;
  }

  /** The stored provider, or a failed future with {@link NotFoundException}. */
  public Future<Provider> get(String id, Context context) {
    return Future.fromCompletionStage(map().getAsync(id), context)
        .map(
            v -> {
              if (v == null) {
                throw new NotFoundException("provider " + id);
              }
              return ProviderCodec.decode(v.getValue()).provider();
            });
  }

  /**
   * Creates or replaces a provider, keeping the state the case lifecycle and feedback own, if
   * {@code caller} may (ADMIN, or the AGENCY that owns it); fails with the access exception
   * otherwise.
   */
  public Future<ProviderUpsert.Result> upsert(
      Provider p, Principal caller, BayesianPrior prior, Context context) {
    return Future.fromCompletionStage(
            map().submitToKey(p.id(), new ProviderUpsert(p.withUpdatedAt(clock.instant()), caller)),
            context)
        .map(Outcome::orThrow);
  }

  /**
   * Removes a provider if {@code caller} may, or fails with {@link NotFoundException} or the access
   * exception.
   */
  public Future<Void> delete(String id, Principal caller, Context context) {
    return Future.fromCompletionStage(map().submitToKey(id, new ProviderDelete(caller)), context)
        .map(
            outcome -> {
              if (!outcome.orThrow()) {
                throw new NotFoundException("provider " + id);
              }
              return null;
            });
  }

  /**
   * The agencies of those of {@code ids} that exist (a missing id is absent; an agency-less one
   * maps to "").
   */
  public Map<String, String> agenciesOf(java.util.Set<String> ids) {
    Map<String, String> out = new java.util.HashMap<>();
    map()
        .getAll(ids)
        .forEach(
            (id, v) -> {
              String agency = ProviderCodec.agencyIdOf(v.getValue());
              out.put(id, agency == null ? "" : agency);
            });
    return out;
  }

  /**
   * Stores a batch of whole provider records (an import). A provider that exists keeps its {@code
   * activeCases}, holds and rating, as a single replace does; a new one takes the file's {@code
   * activeCases}. The documents are first committed in one transaction ({@link
   * DocumentStore#storeAllAhead}); then the map takes them, and its per-entry write-through finds
   * each document already committed and skips it, so a batch costs one commit, not one per
   * provider.
   *
   * <p>The ids this member's index knows are read back and merged, then applied one partition's
   * share at a time by a {@link ProviderImport}, which merges again atomically on the entry: where
   * an acceptance raced the import, that merge differs from the committed one and is written
   * through on its own, so no held unit is lost. The ids it does not know are new (or were created
   * a few milliseconds ago on another member, too recently to have been matched, let alone
   * accepted) and are set as given, the cheaper way. Blocking: call it on a worker thread.
   */
  public void importAll(Iterable<Provider> providers) {
    IMap<String, HazelcastJsonValue> m = map();
    com.hazelcast.partition.PartitionService partitions = this.partitions;
    Set<String> known = new HashSet<>();
    Map<String, HazelcastJsonValue> fresh = new LinkedHashMap<>();
    Map<String, Provider> stamped = new HashMap<>();
    for (Provider p : providers) {
      Provider s = p.withUpdatedAt(clock.instant());
      stamped.put(p.id(), s);
      fresh.put(p.id(), new HazelcastJsonValue(ProviderImport.fresh(s)));
      if (existing.test(p.id())) {
        known.add(p.id());
      }
    }
    Map<String, HazelcastJsonValue> current = known.isEmpty() ? Map.of() : m.getAll(known);
    Map<String, HazelcastJsonValue> batch = new LinkedHashMap<>(fresh);
    Map<String, HazelcastJsonValue> created = new HashMap<>(fresh);
    Map<Integer, Map<String, String>> byPartition = new HashMap<>();
    current.forEach(
        (id, old) -> {
          batch.put(id, new HazelcastJsonValue(ProviderImport.merge(stamped.get(id), old)));
          created.remove(id);
          byPartition
              .computeIfAbsent(partitions.getPartition(id).getPartitionId(), x -> new HashMap<>())
              .put(id, fresh.get(id).getValue());
        });
    store.storeAllAhead(batch);
    try {
      List<CompletableFuture<?>> applied = new ArrayList<>();
      if (!created.isEmpty()) {
        applied.add(m.setAllAsync(created).toCompletableFuture());
      }
      byPartition
          .values()
          .forEach(
              docs ->
                  applied.add(
                      m.submitToKeys(docs.keySet(), new ProviderImport(docs))
                          .toCompletableFuture()));
      CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new)).join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    } finally {
      store.forgetAhead(batch.keySet());
    }
  }

  /**
   * Every provider id with its agency ("" for none), ordered by agency then id: the order of a
   * directory export. Reads the map in pages, decoding only each document's agency. Blocking.
   */
  public List<String[]> byAgency() {
    IMap<String, HazelcastJsonValue> m = map();
    List<String> ids = new ArrayList<>(m.keySet());
    List<String[]> out = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i += 2_000) {
      m.getAll(new HashSet<>(ids.subList(i, Math.min(ids.size(), i + 2_000))))
          .forEach(
              (id, v) -> {
                String agency = ProviderCodec.agencyIdOf(v.getValue());
                out.add(new String[] {agency == null ? "" : agency, id});
              });
    }
    out.sort(java.util.Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1]));
    return out;
  }

  /** The providers with these ids that exist, by id. Blocking. */
  public Map<String, Provider> load(java.util.Collection<String> ids) {
    Map<String, Provider> out = new HashMap<>();
    map()
        .getAll(new HashSet<>(ids))
        .forEach((id, v) -> out.put(id, ProviderCodec.decode(v.getValue()).provider()));
    return out;
  }

  /**
   * The providers of {@code agencyId} (the agency itself included when it is one), by id, at most
   * {@code limit}.
   */
  public Future<java.util.List<Provider>> ofAgency(
      String agencyId, int limit, io.vertx.core.WorkerExecutor workers) {
    return workers.executeBlocking(() -> members(agencyId, limit), false);
  }

  /** As {@link #ofAgency}, on the calling thread. Blocking. */
  public java.util.List<Provider> members(String agencyId, int limit) {
    IMap<String, HazelcastJsonValue> m = map();
    // The agency's members through the agencyId index, and the agency itself by its key: no scan.
    Map<String, Provider> byId = new TreeMap<>();
    m.values(com.hazelcast.query.Predicates.equal(ProviderCodec.AGENCY, agencyId))
        .forEach(v -> addTo(byId, v));
    HazelcastJsonValue self = m.get(agencyId);
    if (self != null) {
      addTo(byId, self);
    }
    return byId.values().stream().limit(limit).toList();
  }

  private static void addTo(Map<String, Provider> byId, HazelcastJsonValue v) {
    Provider p = ProviderCodec.decode(v.getValue()).provider();
    byId.put(p.id(), p);
  }

  /** Number of stored providers. */
  public int size() {
    return map().size();
  }
}
