package org.linli.geo.coverage;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.linli.core.geo.GeoPoint;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.core.provider.ProviderStatus;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.core.taxonomy.Skill;
import org.linli.geo.region.RegionIndex;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * Supply against demand per region, kept up to date change by change rather than recomputed per request: each
 * provider and each need is assigned to the regions its location lies in (by {@link RegionIndex#lookup}), and
 * per region and skill the model keeps the counts a coverage map shows. The share of a region inside at least
 * one eligible provider's service area is exact geometry (a union of service areas cut by the region, in a local
 * flat projection); it is cached per region and skill and marked stale when a provider whose service area reaches
 * the region changes, then recomputed by {@link #refreshAreas} (until then the last value is shown). Thread-safe
 * (one lock).
 *
 * <p>Definitions: providers are counted by location, ACTIVE ones only; {@code capacity} and {@code spareCapacity}
 * are theirs; an eligible provider (for the covered area) is ACTIVE with spare capacity and, for a skill, offers
 * it; a need is unmet when its case found no provider ({@code UNMATCHED}); {@code avgRating} is the mean of all
 * ratings given to the region's providers.
 */
public final class CoverageModel {
  /**
   * One H3 cell: {@code supply} eligible providers cover its centre, with {@code spare} units of capacity between
   * them; {@code demand} needs lie in it; {@code gap} is the demand their spare capacity cannot take.
   */
  public record Hex(long cell, int supply, long spare, int demand, int gap) {}

  /** The most cells one hex request may cover. */
  public static final int MAX_HEXES = 60_000;

  /** What the model needs to know of a need. */
  public record Need(GeoPoint location, Set<Skill> skills, boolean unmet) {}

  /** The figures of one region for one skill (or all). */
  public record Figures(Region region, Map<ProviderKind, Integer> providers, long capacity, long spareCapacity,
      int needs, int unmetNeeds, Double avgRating, Double coveredAreaRatio) {}

  private static final int ALL = Skill.values().length;

  private static final class Tally {
    final int[] kinds = new int[ProviderKind.values().length];
    long capacity;
    long spare;
    int needs;
    int unmet;
    long ratingCount;
    double ratingSum;
  }

  private record Placed<T>(T value, List<String> regionIds) {}

  private RegionIndex regions;
  private final Map<String, Placed<Provider>> providers = new HashMap<>();
  private final Map<String, Placed<Need>> needs = new HashMap<>();
  private final Map<String, Tally[]> tallies = new HashMap<>();
  /** Service-area envelopes (WGS84) of all providers, for which-covers-this-point questions. */
  private org.locationtech.jts.index.quadtree.Quadtree serviceAreas =
      new org.locationtech.jts.index.quadtree.Quadtree();
  /** Region id → providers whose service area's envelope meets the region's boundary envelope. */
  private final Map<String, Set<String>> reaching = new HashMap<>();
  /** Region id → covered share per skill (index {@code ALL} for any); NaN = never computed. */
  private final Map<String, double[]> covered = new HashMap<>();
  /** Region id → whether a share needs recomputing, per skill. */
  private final Map<String, boolean[]> staleShares = new HashMap<>();
  private long version;

  public CoverageModel(RegionIndex regions) {
    this.regions = regions;
  }

  /** Replaces the regions and places everything again (after an import). */
  public synchronized void regions(RegionIndex next) {
    this.regions = next;
    List<Provider> ps = providers.values().stream().map(Placed::value).toList();
    Map<String, Need> ns = new HashMap<>();
    needs.forEach((id, n) -> ns.put(id, n.value()));
    providers.clear();
    needs.clear();
    tallies.clear();
    reaching.clear();
    covered.clear();
    staleShares.clear();
    serviceAreas = new org.locationtech.jts.index.quadtree.Quadtree();
    ps.forEach(this::upsertProvider);
    ns.forEach(this::upsertNeed);
  }

  /** Counts {@code p} (replacing its previous version). */
  public synchronized void upsertProvider(Provider p) {
    removeProvider(p.id());
    List<String> placed = ids(regions.lookup(p.location()));
    providers.put(p.id(), new Placed<>(p, placed));
    apply(p, placed, +1);
    serviceAreas.insert(ServiceAreaShapes.wgs84Envelope(p), p);
    for (Region r : regions.intersecting(ServiceAreaShapes.wgs84Envelope(p))) {
      reaching.computeIfAbsent(r.id(), k -> new HashSet<>()).add(p.id());
      stale(r.id(), p);
    }
    version++;
  }

  public synchronized void removeProvider(String id) {
    Placed<Provider> old = providers.remove(id);
    if (old == null) {
      return;
    }
    apply(old.value(), old.regionIds(), -1);
    serviceAreas.remove(ServiceAreaShapes.wgs84Envelope(old.value()), old.value());
    for (Region r : regions.intersecting(ServiceAreaShapes.wgs84Envelope(old.value()))) {
      Set<String> s = reaching.get(r.id());
      if (s != null) {
        s.remove(id);
      }
      stale(r.id(), old.value());
    }
    version++;
  }

  /** Counts need {@code id} (replacing its previous version). */
  public synchronized void upsertNeed(String id, Need n) {
    removeNeed(id);
    List<String> placed = ids(regions.lookup(n.location()));
    needs.put(id, new Placed<>(n, placed));
    apply(n, placed, +1);
    version++;
  }

  public synchronized void removeNeed(String id) {
    Placed<Need> old = needs.remove(id);
    if (old != null) {
      apply(old.value(), old.regionIds(), -1);
      version++;
    }
  }

  /**
   * The H3 cells of {@code resolution} whose centres lie in {@code bbox} (WGS84), each with its supply and
   * demand for {@code skill} (null: any), in cell order.
   *
   * @throws IllegalArgumentException when that would be more than {@link #MAX_HEXES} cells
   */
  public synchronized List<Hex> hexes(int resolution, Skill skill, Envelope bbox) {
    com.uber.h3core.H3Core h3 = H3.get();
    List<com.uber.h3core.util.LatLng> ring = List.of(new com.uber.h3core.util.LatLng(bbox.getMinY(), bbox.getMinX()),
        new com.uber.h3core.util.LatLng(bbox.getMinY(), bbox.getMaxX()),
        new com.uber.h3core.util.LatLng(bbox.getMaxY(), bbox.getMaxX()),
        new com.uber.h3core.util.LatLng(bbox.getMaxY(), bbox.getMinX()));
    double cellArea = h3.getHexagonAreaAvg(resolution, com.uber.h3core.AreaUnit.km2);
    double bboxArea = bbox.getWidth() * 111.32 * Math.cos(Math.toRadians(bbox.centre().y)) * bbox.getHeight()
        * 110.574;
    if (bboxArea / cellArea > MAX_HEXES) {
      throw new IllegalArgumentException("about " + Math.round(bboxArea / cellArea) + " cells of resolution "
          + resolution + " in that box; at most " + MAX_HEXES + ": choose a smaller box or a coarser resolution");
    }
    List<Long> cells = new ArrayList<>(h3.polygonToCells(ring, List.of(), resolution));
    java.util.Collections.sort(cells);
    int k = skill == null ? ALL : skill.ordinal();
    Map<Long, Integer> demand = new HashMap<>();
    for (Placed<Need> n : needs.values()) {
      if (skill == null || n.value().skills().contains(skill)) {
        GeoPoint at = n.value().location();
        demand.merge(h3.latLngToCell(at.lat(), at.lon(), resolution), 1, Integer::sum);
      }
    }
    List<Hex> out = new ArrayList<>(cells.size());
    for (long cell : cells) {
      com.uber.h3core.util.LatLng c = h3.cellToLatLng(cell);
      GeoPoint centre = new GeoPoint(c.lat, c.lng);
      int supply = 0;
      long spare = 0;
      for (Object o : serviceAreas.query(new Envelope(c.lng, c.lng, c.lat, c.lat))) {
        Provider p = (Provider) o;
        if (eligible(p, k) && org.linli.core.match.Eligibility.covers(p, centre)) {
          supply++;
          spare += p.capacity() - p.activeCases();
        }
      }
      int d = demand.getOrDefault(cell, 0);
      out.add(new Hex(cell, supply, spare, d, (int) Math.max(0, d - spare)));
    }
    return out;
  }

  /** Increases with every change, so that callers can cache what they derive. */
  public synchronized long version() {
    return version;
  }

  /**
   * The figures of every region of {@code level} for {@code skill} (null: all skills). A covered share never
   * computed is computed now; one made stale by a change is the last computed until {@link #refreshAreas}.
   */
  public synchronized List<Figures> figures(RegionLevel level, Skill skill) {
    int k = skill == null ? ALL : skill.ordinal();
    List<Figures> out = new ArrayList<>();
    for (Region r : regions.regions(level)) {
      Tally t = tally(r.id(), k);
      Map<ProviderKind, Integer> kinds = new EnumMap<>(ProviderKind.class);
      for (ProviderKind kind : ProviderKind.values()) {
        kinds.put(kind, t == null ? 0 : t.kinds[kind.ordinal()]);
      }
      out.add(new Figures(r, kinds, t == null ? 0 : t.capacity, t == null ? 0 : t.spare, t == null ? 0 : t.needs,
          t == null ? 0 : t.unmet, t == null || t.ratingCount == 0 ? null : t.ratingSum / t.ratingCount,
          coveredShare(r, k)));
    }
    return out;
  }

  /**
   * Recomputes stale covered shares (of every region and skill asked for once) for at most about
   * {@code budgetMillis}, so that the lock is not held long. Answers how many it recomputed.
   */
  public synchronized int refreshAreas(long budgetMillis) {
    long deadline = System.nanoTime() + budgetMillis * 1_000_000;
    int n = 0;
    for (Map.Entry<String, boolean[]> e : staleShares.entrySet()) {
      Region r = regions.region(e.getKey());
      boolean[] stale = e.getValue();
      for (int k = 0; k <= ALL && r != null; k++) {
        if (stale[k]) {
          if (System.nanoTime() > deadline) {
            return n;
          }
          covered.get(e.getKey())[k] = computeShare(r, k);
          stale[k] = false;
          n++;
        }
      }
    }
    return n;
  }

  /** Whether any covered share awaits recomputation. */
  public synchronized boolean hasStaleAreas() {
    for (boolean[] stale : staleShares.values()) {
      for (boolean b : stale) {
        if (b) {
          return true;
        }
      }
    }
    return false;
  }

  private double coveredShare(Region r, int k) {
    double[] shares = covered.computeIfAbsent(r.id(), id -> {
      double[] a = new double[ALL + 1];
      java.util.Arrays.fill(a, Double.NaN);
      return a;
    });
    if (Double.isNaN(shares[k])) {
      shares[k] = computeShare(r, k);
      staleShares.computeIfAbsent(r.id(), id -> new boolean[ALL + 1])[k] = false;
    }
    return shares[k];
  }

  /** The share of {@code r} inside at least one eligible provider's service area (skill index {@code k}). */
  private double computeShare(Region r, int k) {
    Geometry boundary = regions.geometry(r.id());
    Envelope env = boundary.getEnvelopeInternal();
    ServiceAreaShapes shapes = new ServiceAreaShapes(new GeoPoint(env.centre().y, env.centre().x));
    Geometry region = shapes.project(boundary);
    double area = region.getArea();
    if (area <= 0) {
      return 0;
    }
    List<Geometry> areas = new ArrayList<>();
    for (String id : reaching.getOrDefault(r.id(), Set.of())) {
      Provider p = providers.get(id).value();
      if (eligible(p, k)) {
        Geometry a = shapes.serviceArea(p);
        if (a.getEnvelopeInternal().intersects(region.getEnvelopeInternal())) {
          areas.add(a);
        }
      }
    }
    if (areas.isEmpty()) {
      return 0;
    }
    Geometry union = UnaryUnionOp.union(areas);
    return Math.min(1, union.intersection(region).getArea() / area);
  }

  /** ACTIVE, with spare capacity, and offering skill {@code k} (any when {@code k} is {@code ALL}). */
  static boolean eligible(Provider p, int k) {
    return p.status() == ProviderStatus.ACTIVE && p.activeCases() < p.capacity()
        && (k == ALL || p.skills().contains(Skill.values()[k]));
  }

  private void stale(String regionId, Provider p) {
    double[] shares = covered.get(regionId);
    if (shares == null) {
      return;
    }
    boolean[] stale = staleShares.computeIfAbsent(regionId, id -> new boolean[ALL + 1]);
    stale[ALL] = !Double.isNaN(shares[ALL]);
    for (Skill s : p.skills()) {
      stale[s.ordinal()] = !Double.isNaN(shares[s.ordinal()]);
    }
  }

  private void apply(Provider p, List<String> regionIds, int sign) {
    if (p.status() != ProviderStatus.ACTIVE) {
      return;
    }
    for (String id : regionIds) {
      for (int k : keys(p.skills())) {
        Tally t = tallyFor(id, k);
        t.kinds[p.kind().ordinal()] += sign;
        t.capacity += sign * (long) p.capacity();
        t.spare += sign * (long) Math.max(0, p.capacity() - p.activeCases());
        if (p.rating() != null && p.rating().count() > 0) {
          t.ratingCount += sign * p.rating().count();
          t.ratingSum += sign * p.rating().average() * p.rating().count();
        }
      }
    }
  }

  private void apply(Need n, List<String> regionIds, int sign) {
    for (String id : regionIds) {
      for (int k : keys(n.skills())) {
        Tally t = tallyFor(id, k);
        t.needs += sign;
        t.unmet += n.unmet() ? sign : 0;
      }
    }
  }

  private static int[] keys(Set<Skill> skills) {
    int[] out = new int[skills.size() + 1];
    int i = 0;
    for (Skill s : skills) {
      out[i++] = s.ordinal();
    }
    out[i] = ALL;
    return out;
  }

  private Tally tallyFor(String regionId, int k) {
    Tally[] ts = tallies.computeIfAbsent(regionId, id -> new Tally[ALL + 1]);
    if (ts[k] == null) {
      ts[k] = new Tally();
    }
    return ts[k];
  }

  private Tally tally(String regionId, int k) {
    Tally[] ts = tallies.get(regionId);
    return ts == null ? null : ts[k];
  }

  private static List<String> ids(List<RegionIndex.Hit> chain) {
    Set<String> out = new LinkedHashSet<>();
    chain.forEach(h -> out.add(h.region().id()));
    return List.copyOf(out);
  }
}
