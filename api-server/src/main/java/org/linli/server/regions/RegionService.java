package org.linli.server.regions;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.linli.core.error.UnavailableException;
import org.linli.core.geo.GeoPoint;
import org.linli.geo.region.RegionIndex;
import org.linli.geo.region.RegionStore;
import org.linli.server.store.RegionCodec;
import org.linli.server.util.Daemons;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link RegionStore} of a member: administrative regions in the cluster's regions map, which
 * writes them through to the durable store, looked up through a {@link RegionIndex} that every
 * member rebuilds from the map when it changes (imports are {@link
 * org.linli.geo.region.RegionImports}'). Thread-safe.
 */
public final class RegionService
    implements RegionStore, org.linli.core.region.RegionLocator, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RegionService.class);
  private final ScheduledExecutorService rebuilder = Daemons.scheduler("linli-region-index");
  private final AtomicBoolean rebuildPending = new AtomicBoolean();
  private volatile IMap<String, HazelcastJsonValue> map;
  private volatile RegionIndex index = new RegionIndex(List.of());
  private volatile long version;

  public RegionService() {}

  /**
   * Serves from the loaded regions map: builds the index now and again (debounced) whenever the map
   * changes.
   */
  public void attach(IMap<String, HazelcastJsonValue> loaded) {
    this.map = loaded;
    loaded.addEntryListener(new Changes(), false);
    rebuild();
  }

  /** The current index (empty until attached). */
  @Override
  public RegionIndex index() {
    return index;
  }

  /** Increases whenever the index is rebuilt, so that derived data (coverage) knows to follow. */
  public long version() {
    return version;
  }

  /** Builds the index from the map; serialised, so the last build to finish read the map last. */
  private synchronized void rebuild() {
    IMap<String, HazelcastJsonValue> m = map;
    List<RegionIndex.Bounded> all = new ArrayList<>();
    m.values().forEach(v -> all.add(RegionCodec.decode(v.getValue())));
    index = new RegionIndex(all);
    version++;
    LOG.info("Region index built: {} regions", all.size());
  }

  /** A member left: its last writes' events may be lost, so the index is rebuilt from the map. */
  public void memberLeft() {
    if (map != null) {
      scheduleRebuild();
    }
  }

  private void scheduleRebuild() {
    if (rebuilder.isShutdown()) {
      return; // this member is stopping
    }
    if (rebuildPending.compareAndSet(false, true)) {
      try {
        rebuilder.schedule(
            () -> {
              rebuildPending.set(false);
              try {
                rebuild();
              } catch (RuntimeException e) {
                LOG.warn("Rebuilding the region index failed: {}", e.toString());
              }
            },
            100,
            TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        rebuildPending.set(false); // closed meanwhile: nothing to rebuild for
      }
    }
  }

  private IMap<String, HazelcastJsonValue> map() {
    IMap<String, HazelcastJsonValue> m = map;
    if (m == null) {
      throw new UnavailableException("loading", "Linli is still loading regions; retry shortly.");
    }
    return m;
  }

  /** The chain of regions containing {@code p} ({@link RegionIndex#lookup}). */
  public List<RegionIndex.Hit> lookup(GeoPoint p) {
    return index.lookup(p);
  }

  /**
   * The adcode of the deepest loaded region holding {@code p} that has one (a street without a code
   * gives its district's), or null outside every region with a code. Read from the regions loaded
   * now, so it follows later imports.
   */
  public String regionCodeAt(GeoPoint p) {
    String code = null;
    for (RegionIndex.Hit h : index.lookup(p)) { // coarsest first
      if (h.region().adcode() != null) {
        code = h.region().adcode();
      }
    }
    return code;
  }

  /** The ids and adcodes of the regions holding {@code p}, every level, coarsest first. */
  @Override
  public List<String> regionsAt(GeoPoint p) {
    List<String> out = new java.util.ArrayList<>();
    for (RegionIndex.Hit h : index.lookup(p)) {
      out.add(h.region().id());
      if (h.region().adcode() != null && !h.region().adcode().equals(h.region().id())) {
        out.add(h.region().adcode());
      }
    }
    return out;
  }

  @Override
  public void putAll(Collection<RegionIndex.Bounded> regions) {
    IMap<String, HazelcastJsonValue> m = map();
    Map<String, HazelcastJsonValue> writes = new LinkedHashMap<>();
    for (RegionIndex.Bounded b : regions) {
      writes.put(
          b.region().id(), new HazelcastJsonValue(RegionCodec.encode(b.region(), b.geometry())));
    }
    m.putAll(writes); // written through to the store before it returns
    rebuild();
    LOG.info("Stored {} regions", writes.size());
  }

  private final class Changes
      implements EntryAddedListener<String, HazelcastJsonValue>,
          EntryUpdatedListener<String, HazelcastJsonValue>,
          EntryRemovedListener<String, HazelcastJsonValue> {
    @Override
    public void entryAdded(EntryEvent<String, HazelcastJsonValue> event) {
      scheduleRebuild();
    }

    @Override
    public void entryUpdated(EntryEvent<String, HazelcastJsonValue> event) {
      scheduleRebuild();
    }

    @Override
    public void entryRemoved(EntryEvent<String, HazelcastJsonValue> event) {
      scheduleRebuild();
    }
  }

  @Override
  public void close() {
    rebuilder.shutdownNow();
  }
}
