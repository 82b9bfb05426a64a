package org.linli.geo.coverage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.Eligibility;
import org.linli.core.provider.Provider;
import org.linli.core.region.Region;
import org.linli.core.taxonomy.Skill;
import org.linli.geo.region.RegionIndex;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * The share of each region, per skill key, inside at least one eligible provider's service area:
 * exact geometry (a union of service areas cut by the region, in a local flat projection), cached,
 * and marked stale when a provider whose service area's envelope meets the region changes. Stale
 * shares are recomputed by {@link Job}s taken one at a time ({@link #nextJob}), computed outside
 * the model's lock and kept only if the region saw no change meanwhile ({@link #keep}). Not
 * thread-safe: {@link CoverageModel} holds its lock around every call but {@link Job#compute}.
 */
final class AreaShares {
  private static final int ALL = SkillKeys.ALL;

  private final Function<String, Provider> providers;
  private RegionIndex regions;

  /** Region id → providers whose service area's envelope meets the region's boundary envelope. */
  private final Map<String, Set<String>> reaching = new HashMap<>();

  /** Region id → covered share per skill key; NaN = never computed. */
  private final Map<String, double[]> covered = new HashMap<>();

  /** Region id → whether a share needs recomputing, per skill key. */
  private final Map<String, boolean[]> staleShares = new HashMap<>();

  /** Region id → a counter per skill key, bumped by every change that makes the share stale. */
  private final Map<String, long[]> stamps = new HashMap<>();

  /**
   * @param providers the provider counted now under an id
   */
  AreaShares(Function<String, Provider> providers, RegionIndex regions) {
    this.providers = providers;
    regions(regions);
  }

  /** Forgets everything and serves {@code next}, every share of it stale (to be precomputed). */
  void regions(RegionIndex next) {
    regions = next;
    reaching.clear();
    covered.clear();
    staleShares.clear();
    stamps.clear();
    next.all().forEach(r -> shares(r.id()));
  }

  /** {@code p} came (or came back): the shares of the regions it may reach are stale. */
  void add(Provider p) {
    for (Region r : regions.intersecting(ServiceAreaShapes.wgs84Envelope(p))) {
      reaching.computeIfAbsent(r.id(), k -> new HashSet<>()).add(p.id());
      stale(r.id(), p);
    }
  }

  /** {@code p} went: the shares of the regions it reached are stale. */
  void remove(Provider p) {
    for (Region r : regions.intersecting(ServiceAreaShapes.wgs84Envelope(p))) {
      Set<String> s = reaching.get(r.id());
      if (s != null) {
        s.remove(p.id());
      }
      stale(r.id(), p);
    }
  }

  /**
   * The covered share of {@code r} for key {@code k}: one never computed is computed now (the
   * background usually was first); a stale one is the last computed.
   */
  double share(Region r, int k) {
    double[] shares = shares(r.id());
    if (Double.isNaN(shares[k])) {
      shares[k] = share(regions.geometry(r.id()), eligibleReaching(r.id(), k));
      staleShares.computeIfAbsent(r.id(), id -> new boolean[ALL + 1])[k] = false;
    }
    return shares[k];
  }

  /** Whether any covered share awaits (re)computation. */
  boolean hasStale() {
    for (boolean[] stale : staleShares.values()) {
      for (boolean b : stale) {
        if (b) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * A covered-share computation on a snapshot: the region's boundary and the eligible providers
   * reaching it.
   */
  record Job(String regionId, int k, long stamp, Geometry boundary, List<Provider> eligible) {
    double compute() {
      return share(boundary, eligible);
    }
  }

  /** The next stale share to compute, or null when there is none. */
  Job nextJob() {
    for (Map.Entry<String, boolean[]> e : staleShares.entrySet()) {
      boolean[] stale = e.getValue();
      for (int k = 0; k <= ALL; k++) {
        if (stale[k]) {
          Region r = regions.region(e.getKey());
          if (r == null) {
            stale[k] = false;
            continue;
          }
          return new Job(
              r.id(), k, stamps(r.id())[k], regions.geometry(r.id()), eligibleReaching(r.id(), k));
        }
      }
    }
    return null;
  }

  /** Keeps {@code job}'s {@code share} unless its region changed meanwhile; answers whether. */
  boolean keep(Job job, double share) {
    boolean[] stale = staleShares.get(job.regionId());
    if (stale != null
        && stamps(job.regionId())[job.k()] == job.stamp()
        && regions.region(job.regionId()) != null) {
      covered.get(job.regionId())[job.k()] = share;
      stale[job.k()] = false;
      return true;
    }
    return false;
  }

  private long[] stamps(String regionId) {
    return stamps.computeIfAbsent(regionId, id -> new long[ALL + 1]);
  }

  private double[] shares(String regionId) {
    return covered.computeIfAbsent(
        regionId,
        id -> {
          double[] a = new double[ALL + 1];
          Arrays.fill(a, Double.NaN);
          boolean[] stale = staleShares.computeIfAbsent(id, x -> new boolean[ALL + 1]);
          Arrays.fill(stale, true); // to be precomputed in the background
          return a;
        });
  }

  private List<Provider> eligibleReaching(String regionId, int k) {
    List<Provider> out = new ArrayList<>();
    for (String id : reaching.getOrDefault(regionId, Set.of())) {
      Provider p = providers.apply(id);
      if (eligible(p, k)) {
        out.add(p);
      }
    }
    return out;
  }

  /** The share of {@code boundary} inside at least one of {@code eligible}'s service areas. */
  private static double share(Geometry boundary, List<Provider> eligible) {
    Envelope env = boundary.getEnvelopeInternal();
    ServiceAreaShapes shapes = new ServiceAreaShapes(new GeoPoint(env.centre().y, env.centre().x));
    Geometry region = shapes.project(boundary);
    double area = region.getArea();
    if (area <= 0) {
      return 0;
    }
    List<Geometry> areas = new ArrayList<>();
    for (Provider p : eligible) {
      Geometry a = shapes.serviceArea(p);
      if (a.getEnvelopeInternal().intersects(region.getEnvelopeInternal())) {
        areas.add(a);
      }
    }
    if (areas.isEmpty()) {
      return 0;
    }
    Geometry union = UnaryUnionOp.union(areas);
    return Math.min(1, union.intersection(region).getArea() / area);
  }

  /**
   * ACTIVE, with spare capacity, and offering skill {@code k} (any when {@code k} is {@code ALL}).
   */
  static boolean eligible(Provider p, int k) {
    return Eligibility.isMatchable(p) && (k == ALL || p.skills().contains(Skill.values()[k]));
  }

  private void stale(String regionId, Provider p) {
    shares(regionId);
    boolean[] stale = staleShares.get(regionId);
    long[] stamps = stamps(regionId);
    stale[ALL] = true;
    stamps[ALL]++;
    for (Skill s : p.skills()) {
      stale[s.ordinal()] = true;
      stamps[s.ordinal()]++;
    }
  }
}
