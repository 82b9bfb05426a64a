package org.linli.server.coverage;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.ReferralCase;
import org.linli.core.coverage.Box;
import org.linli.core.coverage.CoverageSource;
import org.linli.core.coverage.Figures;
import org.linli.core.coverage.Hex;
import org.linli.core.error.UnavailableException;
import org.linli.core.geo.GeoPoint;
import org.linli.core.provider.Provider;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.core.taxonomy.Skill;
import org.linli.geo.coverage.CoverageModel;
import org.linli.geo.region.RegionGeometry;
import org.linli.geo.region.RegionIndex;
import org.linli.server.regions.RegionService;
import org.linli.server.store.CaseCodec;
import org.linli.server.util.Daemons;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CoverageSource} of a member: a {@link CoverageModel} this member keeps up to date from
 * the provider changes its index feeder hands on ({@link #providersChanged}, already parsed: the
 * model shares the index's provider objects) and the cases map's entry events (every member sees
 * every change; a background thread applies them, so neither the index writer nor Hazelcast's event
 * threads wait) and follows region imports. Covered shares that a change made stale are recomputed
 * in the background a little at a time, so a request mostly reads figures. What may be shown, to
 * whom, is {@link org.linli.core.coverage.CoverageQueries}'s. Thread-safe.
 */
public final class CoverageService implements CoverageSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CoverageService.class);

  private final RegionService regions;
  private final ScheduledExecutorService background = Daemons.scheduler("linli-coverage");
  private final Map<String, String> simplified = new ConcurrentHashMap<>();

  /**
   * Changes from Hazelcast's event threads, applied by the background thread (event threads never
   * wait).
   */
  private final ConcurrentLinkedQueue<Runnable> changes = new ConcurrentLinkedQueue<>();

  /** The queue's length, kept as a count (the queue's own size() walks it). */
  private final AtomicLong backlog = new AtomicLong();

  private volatile CoverageModel model;
  private volatile IMap<String, HazelcastJsonValue> cases;
  private volatile long regionVersion = -1;

  public CoverageService(RegionService regions) {
    this.regions = regions;
  }

  /**
   * Provider changes as the index feeder applied them (its snapshot at start, then every change),
   * queued for the model. Called on the index writer's thread, from before {@link #attach}: the
   * queue keeps them until then.
   */
  public void providersChanged(List<Provider> upserts, List<String> removals) {
    enqueue(
        () -> {
          CoverageModel m = model;
          upserts.forEach(m::upsertProvider);
          removals.forEach(m::removeProvider);
        });
  }

  /**
   * Starts the model and fills it with the loaded cases (listening first, so no change is missed)
   * and the provider changes queued so far. Blocking.
   */
  public void attach(IMap<String, HazelcastJsonValue> cases) {
    regionVersion = regions.version();
    this.cases = cases;
    model = new CoverageModel(regions.index());
    cases.addEntryListener(new CaseChanges(), true);
    cases.values().forEach(v -> need(CaseCodec.decode(v.getValue())));
    background.scheduleWithFixedDelay(this::refresh, 0, 200, TimeUnit.MILLISECONDS);
    LOG.info("Coverage model started: {} cases; {} changes queued", cases.size(), backlog.get());
  }

  /**
   * Applies queued changes, follows region imports, and recomputes stale covered shares a little at
   * a time.
   */
  private void refresh() {
    try {
      CoverageModel m = model;
      Runnable change;
      while ((change = changes.poll()) != null) {
        backlog.decrementAndGet();
        change.run();
      }
      if (regions.version() != regionVersion) {
        regionVersion = regions.version();
        simplified.clear();
        m.regions(regions.index());
      }
      m.refreshAreas(300);
    } catch (RuntimeException e) {
      LOG.warn("Coverage refresh failed (retried shortly): {}", e.toString());
    }
  }

  /**
   * A member left: the events of the cases it had just changed may be lost, so every case is read
   * again (queued, after the changes already queued). Provider changes come from the index feeder,
   * which re-reads its own map.
   */
  public void memberLeft() {
    IMap<String, HazelcastJsonValue> m = cases;
    if (m != null) {
      enqueue(() -> m.values().forEach(v -> need(CaseCodec.decode(v.getValue()))));
    }
  }

  private void enqueue(Runnable change) {
    backlog.incrementAndGet();
    changes.add(change);
  }

  /**
   * Map changes queued and not yet applied to the model (a gauge: after a bulk import it drains for
   * a while).
   */
  public long backlog() {
    return backlog.get();
  }

  /**
   * Whether every change has been applied and every covered share computed (for benchmarks and
   * tests).
   */
  public boolean settled() {
    CoverageModel m = model;
    return m != null
        && changes.isEmpty()
        && regions.version() == regionVersion
        && !m.hasStaleAreas();
  }

  private void need(ReferralCase c) {
    CoverageModel m = model;
    if (m != null) {
      m.upsertNeed(
          c.id(),
          new CoverageModel.Need(
              c.need().match().location(),
              c.need().match().skills(),
              c.status() == CaseStatus.UNMATCHED));
    }
  }

  @Override
  public List<Figures> figures(RegionLevel level, Skill skill) {
    return model().figures(level, skill);
  }

  @Override
  public List<Hex> hexes(int resolution, Skill skill, Box box, long deadlineNanos) {
    return model()
        .hexes(
            resolution,
            skill,
            new Envelope(box.minLon(), box.maxLon(), box.minLat(), box.maxLat()),
            deadlineNanos);
  }

  @Override
  public Optional<Box> extent() {
    Envelope e = new Envelope();
    RegionIndex index = regions.index();
    for (Region r : index.all()) {
      e.expandToInclude(index.geometry(r.id()).getEnvelopeInternal());
    }
    if (e.isNull() || e.getWidth() <= 0 || e.getHeight() <= 0) {
      return Optional.empty();
    }
    return Optional.of(new Box(e.getMinY(), e.getMinX(), e.getMaxY(), e.getMaxX()));
  }

  @Override
  public List<String> lineage(String regionId) {
    RegionIndex index = regions.index();
    List<String> out = new java.util.ArrayList<>();
    Region r = index.region(regionId);
    for (int depth = 0; r != null && depth < 8; depth++) {
      out.add(r.id());
      if (r.adcode() != null) {
        out.add(r.adcode());
      }
      r = r.parentId() == null ? null : index.region(r.parentId());
    }
    return out;
  }

  @Override
  public List<String> regionsAt(long cell) {
    com.uber.h3core.util.LatLng c = org.linli.geo.coverage.H3.get().cellToLatLng(cell);
    return regions.regionsAt(new org.linli.core.geo.GeoPoint(c.lat, c.lng));
  }

  private CoverageModel model() {
    CoverageModel m = model;
    if (m == null) {
      throw new UnavailableException(
          "loading", "Linli is still loading cases for the coverage maps; retry shortly.");
    }
    return m;
  }

  /** Increases whenever the loaded regions change (a base map drawn from them is then stale). */
  public long regionsVersion() {
    return regions.version();
  }

  /** A region of the base map: its simplified boundary and where its name goes. */
  public record BaseRegion(Region region, String boundary, GeoPoint label) {}

  /**
   * The loaded regions of {@code level} for a base map drawn without tiles: each simplified
   * boundary (as {@link #boundary}) and a point inside it for its name.
   */
  public List<BaseRegion> base(RegionLevel level) {
    List<BaseRegion> out = new ArrayList<>();
    for (Region r : regions.index().regions(level)) {
      Geometry g = regions.index().geometry(r.id());
      if (g == null) {
        continue;
      }
      org.locationtech.jts.geom.Point inside = g.getInteriorPoint();
      out.add(new BaseRegion(r, boundary(r), new GeoPoint(inside.getY(), inside.getX())));
    }
    return out;
  }

  /**
   * The region's boundary as GeoJSON, simplified for display (about 20 m for streets, 50 m above).
   */
  public String boundary(Region r) {
    return simplified.computeIfAbsent(
        r.id(),
        id -> {
          Geometry g = regions.index().geometry(id);
          double tolerance = r.level() == RegionLevel.STREET ? 0.0002 : 0.0005;
          return RegionGeometry.write(TopologyPreservingSimplifier.simplify(g, tolerance));
        });
  }

  private final class CaseChanges
      implements EntryAddedListener<String, HazelcastJsonValue>,
          EntryUpdatedListener<String, HazelcastJsonValue> {
    @Override
    public void entryAdded(EntryEvent<String, HazelcastJsonValue> e) {
      String json = e.getValue().getValue();
      enqueue(() -> need(CaseCodec.decode(json)));
    }

    @Override
    public void entryUpdated(EntryEvent<String, HazelcastJsonValue> e) {
      entryAdded(e);
    }
  }

  @Override
  public void close() {
    background.shutdownNow();
  }
}
