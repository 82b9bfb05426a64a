package org.linli.server.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.MapEvent;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryLoadedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import com.hazelcast.map.listener.MapClearedListener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.linli.core.provider.Provider;
import org.linli.ranking.ProviderSearchIndex;
import org.linli.server.store.ProviderCodec;
import org.linli.server.util.Reservoir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this member's {@link ProviderSearchIndex} equal to the cluster's providers map. The map's
 * entry events (from every member) go to a queue; one writer thread drains it in batches and
 * applies the last change per key, so bulk imports become few large index writes. At start the
 * listener is registered first, then a snapshot of the map is indexed, then the queued events are
 * applied in order: every write either is in the snapshot or produces an event after it, and
 * per-key event order is Hazelcast's, so the index ends equal to the map.
 *
 * <p>The documents are parsed once, here: each applied batch is handed on, as the same immutable
 * {@link Provider} objects, to a {@link Downstream} (the coverage model), which so sees the same
 * changes in the same order and shares the index's copies instead of parsing and holding its own.
 *
 * <p>Thread-safety: events arrive on Hazelcast threads; only the writer thread touches the index's
 * write side and calls the downstream.
 */
public final class IndexFeeder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IndexFeeder.class);
  private static final int MAX_BATCH = 50_000;
  private static final int SNAPSHOT_PAGE = 5_000;

  /** How many of the snapshot's providers {@link #takeSample()} hands out. */
  static final int SAMPLE_SIZE = 256;

  /**
   * A change to one key (the new document, or null for a removal), or the clearing of the whole
   * map.
   */
  private record Change(String id, String json, boolean clear, boolean resync, boolean agency) {
    Change(String id, String json) {
      this(id, json, false, false, false);
    }

    Change(String id, String json, boolean clear, boolean resync) {
      this(id, json, clear, resync, false);
    }
  }

  /** Re-read the whole map: events may have been lost (a member left without publishing them). */
  private static final Change RESYNC = new Change(null, null, false, true);

  /**
   * Receives every change once the index has applied it, on the writer thread (it should only
   * enqueue).
   */
  @FunctionalInterface
  public interface Downstream {
    /**
     * {@code upserts} were added or replaced, then {@code removals} (ids) removed; both in map
     * order.
     */
    void changed(List<Provider> upserts, List<String> removals);
  }

  private final IMap<String, HazelcastJsonValue> map;
  private final ProviderSearchIndex index;
  private final Downstream downstream;
  private final BlockingQueue<Change> queue = new LinkedBlockingQueue<>();
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private final Thread writer;

  /** A uniform sample of the snapshot, written by the writer thread. */
  private final Reservoir<Provider> sample = new Reservoir<>(SAMPLE_SIZE, 0x11AB);

  private volatile boolean running = true;
  private volatile UUID listener;

  public IndexFeeder(
      IMap<String, HazelcastJsonValue> map, ProviderSearchIndex index, Downstream downstream) {
    this.map = map;
    this.index = index;
    this.downstream = downstream;
    this.writer = new Thread(this::run, "linli-index-writer");
    this.writer.setDaemon(true);
  }

  /**
   * Registers the listener and starts indexing; {@link #isLoaded()} turns true once the snapshot is
   * in.
   */
  public void start() {
    listener = map.addEntryListener(new Listener(), true);
    writer.start();
  }

  public boolean isLoaded() {
    return loaded.getCount() == 0;
  }

  /** Waits until the snapshot is indexed. */
  public boolean awaitLoaded(long timeout, TimeUnit unit) throws InterruptedException {
    return loaded.await(timeout, unit);
  }

  /**
   * Up to {@value #SAMPLE_SIZE} providers drawn uniformly from the snapshot, what the warm-up makes
   * its needs from; handed out once (the feeder then forgets them). Empty before {@link
   * #isLoaded()} and after the first call.
   */
  public synchronized List<Provider> takeSample() {
    if (!isLoaded()) {
      return List.of();
    }
    List<Provider> out = sample.items();
    sample.clear();
    return out;
  }

  /**
   * A member left the cluster. The entry events of the partitions it owned may never come:
   * Hazelcast publishes an event from the partition's owner after the write, so a write
   * acknowledged just before the member died can be in the map (its backup, promoted) with no event
   * for this member's listener. So the writer re-reads the map once it has applied what is queued
   * before this call ({@link #resync}). Non-blocking.
   */
  public void memberLeft() {
    queue.add(RESYNC);
  }

  /** Re-reads of the whole map done so far (after members left). */
  /**
   * Enters the providers of {@code agencyId} again, read from the map when the change is applied
   * (after every change queued before it; a later write queues its own event), since the agency's
   * standing changed.
   */
  public void agencyChanged(String agencyId) {
    queue.add(new Change(agencyId, null, false, false, true));
  }

  public long resyncCount() {
    return resyncs.get();
  }

  /** Changes applied to the index so far (snapshot entries included). */
  public long appliedCount() {
    return applied.get();
  }

  /** Changes waiting to be applied. */
  public int backlog() {
    return queue.size();
  }

  private void run() {
    try {
      long start = System.nanoTime();
      List<String> snapshot = new ArrayList<>();
      // Partition by partition, a page at a time: the snapshot never holds the whole map's
      // documents at once.
      // One bulk load, so that each grid cell is built once however many parts the snapshot comes
      // in.
      Iterator<Map.Entry<String, HazelcastJsonValue>> it = map.iterator(SNAPSHOT_PAGE);
      try (ProviderSearchIndex.BulkLoad load = index.bulkLoad()) {
        while (it.hasNext()) {
          snapshot.add(it.next().getValue().getValue());
          if (snapshot.size() == MAX_BATCH) {
            indexSnapshotPart(load, snapshot);
            snapshot.clear();
          }
        }
        indexSnapshotPart(load, snapshot);
      }
      LOG.info(
          "Indexed {} providers in {} ms", index.size(), (System.nanoTime() - start) / 1_000_000);
      loaded.countDown();
      List<Change> batch = new ArrayList<>();
      while (running) {
        Change first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        apply(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("Index writer stopped; this member's index is no longer fed", e);
      running = false;
    }
  }

  /**
   * Parses documents on all cores (reading JSON is most of the cost at start), then indexes them.
   */
  private void indexSnapshotPart(ProviderSearchIndex.BulkLoad load, List<String> documents) {
    List<Provider> providers =
        documents.parallelStream()
            .map(IndexFeeder::readOrNull)
            .filter(java.util.Objects::nonNull)
            .toList();
    load.add(providers);
    sample(providers);
    downstream.changed(providers, List.of());
    applied.addAndGet(documents.size());
  }

  private synchronized void sample(List<Provider> providers) {
    providers.forEach(sample::offer);
  }

  private static Provider readOrNull(String json) {
    try {
      return ProviderCodec.decode(json).provider();
    } catch (RuntimeException e) {
      LOG.error(
          "A stored provider cannot be read; it is left out of the index: {}", e.getMessage());
      return null;
    }
  }

  private void apply(List<Change> batch) {
    Map<String, String> last = new LinkedHashMap<>();
    boolean resync = false;
    Set<String> agencies = new java.util.LinkedHashSet<>();
    for (Change c : batch) {
      if (c.agency()) {
        agencies.add(c.id());
        continue;
      }
      if (c.resync()) {
        resync = true; // once for the batch, after its changes: it reads what they wrote, or newer
        continue;
      }
      if (c.clear()) {
        applyLast(last);
        last.clear();
        List<String> all = new ArrayList<>();
        index.forEachId(all::add);
        index.removeAll(all);
        downstream.changed(List.of(), all);
        continue;
      }
      last.remove(c.id());
      last.put(c.id(), c.json());
    }
    applyLast(last);
    for (String agencyId : agencies) {
      Map<String, String> members = new LinkedHashMap<>();
      map.entrySet(com.hazelcast.query.Predicates.equal(ProviderCodec.AGENCY, agencyId))
          .forEach(e -> members.put(e.getKey(), e.getValue().getValue()));
      applyLast(members);
    }
    applied.addAndGet(batch.size());
    if (resync) {
      resync();
    }
  }

  /**
   * Makes the index equal to the map as it is now. Every value is read after every change queued
   * before the resync was applied, and any write after the read produces an event queued after it,
   * so nothing older overwrites anything newer. An id the index has that the paged read did not see
   * is looked up again before it is removed (a paged read of a changing map may miss entries).
   */
  private void resync() {
    long start = System.nanoTime();
    Set<String> seen = new HashSet<>();
    Map<String, String> current = new LinkedHashMap<>();
    Iterator<Map.Entry<String, HazelcastJsonValue>> it = map.iterator(SNAPSHOT_PAGE);
    while (it.hasNext()) {
      Map.Entry<String, HazelcastJsonValue> e = it.next();
      seen.add(e.getKey());
      current.put(e.getKey(), e.getValue().getValue());
      if (current.size() == MAX_BATCH) {
        applyLast(current);
        current.clear();
      }
    }
    applyLast(current);
    current.clear();
    Set<String> unseen = new HashSet<>();
    index.forEachId(
        id -> {
          if (!seen.contains(id)) {
            unseen.add(id);
          }
        });
    if (!unseen.isEmpty()) {
      Map<String, HazelcastJsonValue> still = map.getAll(unseen);
      for (String id : unseen) {
        HazelcastJsonValue v = still.get(id);
        current.put(id, v == null ? null : v.getValue());
      }
      applyLast(current);
    }
    resyncs.incrementAndGet();
    LOG.info(
        "Re-read the providers map after a member left: {} providers, {} gone, in {} ms",
        seen.size(),
        current.values().stream().filter(java.util.Objects::isNull).count(),
        (System.nanoTime() - start) / 1_000_000);
  }

  private void applyLast(Map<String, String> last) {
    List<Provider> upserts = new ArrayList<>();
    List<String> removals = new ArrayList<>();
    last.forEach(
        (id, json) -> {
          if (json == null) {
            removals.add(id);
          } else {
            try {
              upserts.add(ProviderCodec.decode(json).provider());
            } catch (RuntimeException e) {
              LOG.error(
                  "Provider {} in the map cannot be read; it is left out of the index", id, e);
            }
          }
        });
    if (!removals.isEmpty()) {
      index.removeAll(removals);
    }
    if (!upserts.isEmpty()) {
      index.upsertAll(upserts);
    }
    // Each id occurs once in the batch, so applying the upserts before the removals keeps the map's
    // outcome.
    if (!upserts.isEmpty() || !removals.isEmpty()) {
      downstream.changed(upserts, removals);
    }
  }

  @Override
  public void close() {
    running = false;
    UUID id = listener;
    if (id != null) {
      try {
        map.removeEntryListener(id);
      } catch (RuntimeException e) {
        LOG.debug("Listener already gone with the member", e);
      }
    }
    writer.interrupt();
  }

  private final class Listener
      implements EntryAddedListener<String, HazelcastJsonValue>,
          EntryLoadedListener<String, HazelcastJsonValue>,
          EntryUpdatedListener<String, HazelcastJsonValue>,
          EntryRemovedListener<String, HazelcastJsonValue>,
          MapClearedListener {
    @Override
    public void entryAdded(EntryEvent<String, HazelcastJsonValue> event) {
      queue.add(new Change(event.getKey(), event.getValue().getValue()));
    }

    @Override
    public void entryLoaded(EntryEvent<String, HazelcastJsonValue> event) {
      queue.add(new Change(event.getKey(), event.getValue().getValue()));
    }

    @Override
    public void entryUpdated(EntryEvent<String, HazelcastJsonValue> event) {
      queue.add(new Change(event.getKey(), event.getValue().getValue()));
    }

    @Override
    public void entryRemoved(EntryEvent<String, HazelcastJsonValue> event) {
      queue.add(new Change(event.getKey(), null));
    }

    @Override
    public void mapCleared(MapEvent event) {
      queue.add(new Change(null, null, true, false));
    }
  }
}
