package org.linli.server.coverage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.core.cases.CaseStatus;
import org.linli.core.cases.ReferralCase;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.core.taxonomy.Skill;
import org.linli.geo.coverage.CoverageModel;
import org.linli.geo.region.RegionGeometry;
import org.linli.server.json.Json;
import org.linli.server.regions.RegionService;
import org.linli.server.store.CaseCodec;
import org.linli.server.util.Daemons;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.simplify.TopologyPreservingSimplifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coverage maps for STAFF and ADMIN, from a {@link CoverageModel} this member keeps up to date from
 * the provider changes its index feeder hands on ({@link #providersChanged}, already parsed: the
 * model shares the index's provider objects) and the cases map's entry events (every member sees
 * every change; a background thread applies them, so neither the index writer nor Hazelcast's event
 * threads wait) and follows region imports. Covered shares that a change made stale are recomputed
 * in the background a little at a time, so a request mostly reads figures. Counts about residents
 * (needs) below {@value #WITHHELD_BELOW} are withheld (null). Thread-safe.
 */
public final class CoverageService implements AutoCloseable {
  /**
   * Needs and unmet needs below this count are not shown (they could point at individual
   * residents).
   */
  public static final int WITHHELD_BELOW = 5;

  private static final Logger LOG = LoggerFactory.getLogger(CoverageService.class);

  private final RegionService regions;
  private final WorkerExecutor workers;
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
  private volatile long regionVersion = -1;

  public CoverageService(RegionService regions, WorkerExecutor workers) {
    this.regions = regions;
    this.workers = workers;
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

  /**
   * The regions of {@code level} with their figures for {@code skill} (null: all), as a GeoJSON
   * FeatureCollection with simplified boundaries. STAFF and ADMIN. Runs on a worker.
   */
  public Future<ObjectNode> regions(RegionLevel level, Skill skill, Principal caller) {
    Access.requireCoverageReader(caller);
    return workers.executeBlocking(
        () -> {
          ObjectNode fc = Json.object().put("type", "FeatureCollection");
          ArrayNode features = fc.putArray("features");
          List<CoverageModel.Figures> figures = model.figures(level, skill);
          for (CoverageModel.Figures f : figures) {
            ObjectNode feature = features.addObject().put("type", "Feature");
            feature.set("geometry", Json.parse(boundary(f.region())));
            feature.set("properties", properties(f));
          }
          return fc;
        },
        false);
  }

  /**
   * H3 cells of {@code resolution} (7–9) in {@code bbox} (null: around every loaded region) with
   * supply and demand for {@code skill}, as GeoJSON; demand and gap below {@value #WITHHELD_BELOW}
   * withheld. STAFF, ADMIN.
   */
  /** How long a hex computation may run before it gives up: less than a request's 30 s. */
  static final java.time.Duration HEXES_BUDGET = java.time.Duration.ofSeconds(25);

  public Future<ObjectNode> hexes(
      int resolution, Skill skill, org.locationtech.jts.geom.Envelope bbox, Principal caller) {
    Access.requireCoverageReader(caller);
    org.locationtech.jts.geom.Envelope box = bbox;
    if (box == null) {
      box = new org.locationtech.jts.geom.Envelope();
      for (Region r : regions.index().all()) {
        box.expandToInclude(regions.index().geometry(r.id()).getEnvelopeInternal());
      }
      if (box.isNull()) {
        throw new org.linli.core.error.InvalidInputException(
            "bbox", "no regions are loaded: give a bbox");
      }
    }
    org.locationtech.jts.geom.Envelope area = box;
    // Within the request's 30 s, so that a computation nobody waits for any more stops and frees
    // its worker.
    long deadline = System.nanoTime() + HEXES_BUDGET.toNanos();
    return workers.executeBlocking(
        () -> {
          List<CoverageModel.Hex> hexes;
          try {
            hexes = model.hexes(resolution, skill, area, deadline);
          } catch (IllegalArgumentException e) {
            throw new org.linli.core.error.InvalidInputException("bbox", e.getMessage());
          } catch (CoverageModel.HexesTimedOut e) {
            throw new org.linli.core.error.UnavailableException(
                "hexes-timeout",
                "The hex layer for that box took too"
                    + " long to compute; ask for a smaller box or a coarser resolution, or try again shortly.");
          }
          com.uber.h3core.H3Core h3 = org.linli.geo.coverage.H3.get();
          ObjectNode fc = Json.object().put("type", "FeatureCollection");
          ArrayNode features = fc.putArray("features");
          for (CoverageModel.Hex h : hexes) {
            ObjectNode feature = features.addObject().put("type", "Feature");
            ObjectNode geometry = feature.putObject("geometry").put("type", "Polygon");
            ArrayNode ring = geometry.putArray("coordinates").addArray();
            List<com.uber.h3core.util.LatLng> boundary = h3.cellToBoundary(h.cell());
            for (com.uber.h3core.util.LatLng v : boundary) {
              ring.addArray().add(round(v.lng)).add(round(v.lat));
            }
            ring.addArray().add(round(boundary.get(0).lng)).add(round(boundary.get(0).lat));
            ObjectNode p =
                feature
                    .putObject("properties")
                    .put("h3", h3.h3ToString(h.cell()))
                    .put("supply", h.supply())
                    .put("spareCapacity", h.spare());
            withheld(p, "demand", h.demand());
            withheld(p, "gap", h.demand() < WITHHELD_BELOW ? 0 : h.gap());
          }
          return fc;
        },
        false);
  }

  private static double round(double degrees) {
    return Math.round(degrees * 1e6) / 1e6;
  }

  /**
   * The regions of {@code level} ranked as service deserts for {@code skill}: first by unmet needs
   * (counted only from {@value #WITHHELD_BELOW} up, so that the order reveals no withheld count),
   * then by the residents outside every eligible provider's reach (uncovered share × population),
   * then by the uncovered share. STAFF, ADMIN.
   */
  public Future<ObjectNode> deserts(RegionLevel level, Skill skill, int limit, Principal caller) {
    Access.requireCoverageReader(caller);
    return workers.executeBlocking(
        () -> {
          List<CoverageModel.Figures> ranked =
              new java.util.ArrayList<>(model.figures(level, skill));
          ranked.sort(
              java.util.Comparator.<CoverageModel.Figures>comparingInt(
                      f -> f.unmetNeeds() < WITHHELD_BELOW ? 0 : f.unmetNeeds())
                  .reversed()
                  .thenComparing(
                      java.util.Comparator.comparingDouble(CoverageService::uncoveredPopulation)
                          .reversed())
                  .thenComparing(
                      java.util.Comparator.<CoverageModel.Figures>comparingDouble(
                          f -> f.coveredAreaRatio()))
                  .thenComparing(f -> f.region().id()));
          ObjectNode out =
              Json.object()
                  .put("level", level.code())
                  .put("skill", skill == null ? null : skill.code());
          ArrayNode list = out.putArray("deserts");
          for (int i = 0; i < ranked.size() && i < limit; i++) {
            CoverageModel.Figures f = ranked.get(i);
            ObjectNode o = list.addObject().put("rank", i + 1);
            o.setAll(properties(f));
            double uncovered = uncoveredPopulation(f);
            if (f.region().population() == null) {
              o.putNull("uncoveredPopulation");
            } else {
              o.put("uncoveredPopulation", Math.round(uncovered));
            }
          }
          return out;
        },
        false);
  }

  private static double uncoveredPopulation(CoverageModel.Figures f) {
    Long people = f.region().population();
    return people == null ? -1 : (1 - f.coveredAreaRatio()) * people;
  }

  private ObjectNode properties(CoverageModel.Figures f) {
    Region r = f.region();
    ObjectNode p = Json.object().put("id", r.id());
    if (r.adcode() == null) {
      p.putNull("adcode");
    } else {
      p.put("adcode", r.adcode());
    }
    p.put("name", r.name()).put("level", r.level().code()).put("parentId", r.parentId());
    ObjectNode kinds = p.putObject("providers");
    for (ProviderKind k : ProviderKind.values()) {
      kinds.put(k.name(), f.providers().get(k));
    }
    p.put("capacity", f.capacity()).put("spareCapacity", f.spareCapacity());
    withheld(p, "needs", f.needs());
    withheld(p, "unmetNeeds", f.unmetNeeds());
    p.put("coveredAreaRatio", f.coveredAreaRatio());
    if (r.population() == null) {
      p.putNull("population");
      p.putNull("workersPer10k");
    } else {
      p.put("population", r.population());
      if (r.population() > 0) {
        p.put("workersPer10k", f.providers().get(ProviderKind.WORKER) * 10_000.0 / r.population());
      } else {
        p.putNull("workersPer10k");
      }
    }
    if (f.avgRating() == null) {
      p.putNull("avgRating");
    } else {
      p.put("avgRating", f.avgRating());
    }
    return p;
  }

  private static void withheld(ObjectNode p, String field, int count) {
    if (count < WITHHELD_BELOW) {
      p.putNull(field);
    } else {
      p.put(field, count);
    }
  }

  /**
   * The region's boundary as GeoJSON, simplified for display (about 20 m for streets, 50 m above).
   */
  private String boundary(Region r) {
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
