package org.linli.geo.coverage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.linli.core.coverage.CoverageSource;
import org.linli.core.coverage.Figures;
import org.linli.core.coverage.Hex;
import org.linli.core.geo.GeoPoint;
import org.linli.core.provider.Provider;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.core.taxonomy.Skill;
import org.linli.geo.region.RegionIndex;
import org.locationtech.jts.geom.Envelope;

/**
 * Supply against demand per region and per H3 cell (the {@link Figures} and {@link Hex}es of {@link
 * CoverageSource}), kept up to date change by change rather than recomputed per request. The façade
 * of three parts, all guarded by this object's lock:
 *
 * <ul>
 *   <li>{@link RegionTallies}: each provider and need is placed in the regions its location lies in
 *       (by {@link RegionIndex#lookup}), and per region and skill the counts a coverage map shows
 *       are kept;
 *   <li>{@link AreaShares}: the share of a region inside at least one eligible provider's service
 *       area, exact geometry cached per region and skill, marked stale when a provider that may
 *       reach the region changes and recomputed by {@link #refreshAreas} (until then the last value
 *       is shown);
 *   <li>{@link HexSupply}: per H3 cell, the eligible providers covering its centre, computed per
 *       tile when first asked for and cached.
 * </ul>
 *
 * <p>Definitions: providers are counted by location, ACTIVE ones only; {@code capacity} and {@code
 * spareCapacity} are theirs; an eligible provider (for the covered area) is ACTIVE with spare
 * capacity and, for a skill, offers it; a need is unmet when its case found no provider ({@code
 * UNMATCHED}); {@code avgRating} is the mean of all ratings given to the region's providers.
 * Thread-safe (one lock; the geometry of hexes and shares is computed outside it).
 */
public final class CoverageModel {
  /** The most cells one hex request may cover. */
  public static final int MAX_HEXES = 60_000;

  /** The H3 resolutions served: 7, 8 and 9. */
  public static final int MIN_RESOLUTION = 7;

  public static final int MAX_RESOLUTION = 9;

  /** What the model needs to know of a need. */
  public record Need(GeoPoint location, Set<Skill> skills, boolean unmet) {}

  /** Something counted, with the regions it was placed in. */
  private record Placed<T>(T value, List<String> regionIds) {}

  private RegionIndex regions;
  private final Map<String, Placed<Provider>> providers = new HashMap<>();
  private final Map<String, Placed<Need>> needs = new HashMap<>();
  private final RegionTallies tallies = new RegionTallies();
  private final HexSupply hexSupply = new HexSupply(this::provider);
  private final AreaShares shares;
  private long version;

  public CoverageModel(RegionIndex regions) {
    this.regions = regions;
    this.shares = new AreaShares(this::provider, regions);
  }

  /** A counted provider (the parts ask under the lock). */
  private Provider provider(String id) {
    return providers.get(id).value();
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
    hexSupply.clear();
    shares.regions(next);
    ps.forEach(this::upsertProvider);
    ns.forEach(this::upsertNeed);
  }

  /** Counts {@code p} (replacing its previous version). */
  public synchronized void upsertProvider(Provider p) {
    removeProvider(p.id());
    List<String> placed = ids(regions.lookup(p.location()));
    providers.put(p.id(), new Placed<>(p, placed));
    tallies.add(p, placed, +1);
    hexSupply.add(p);
    shares.add(p);
    version++;
  }

  public synchronized void removeProvider(String id) {
    Placed<Provider> old = providers.remove(id);
    if (old == null) {
      return;
    }
    tallies.add(old.value(), old.regionIds(), -1);
    hexSupply.remove(old.value());
    shares.remove(old.value());
    version++;
  }

  /** Counts need {@code id} (replacing its previous version). */
  public synchronized void upsertNeed(String id, Need n) {
    removeNeed(id);
    List<String> placed = ids(regions.lookup(n.location()));
    needs.put(id, new Placed<>(n, placed));
    tallies.add(n, placed, +1);
    version++;
  }

  public synchronized void removeNeed(String id) {
    Placed<Need> old = needs.remove(id);
    if (old != null) {
      tallies.add(old.value(), old.regionIds(), -1);
      version++;
    }
  }

  /** As {@link #hexes(int, Skill, Envelope, long)} with no deadline. */
  public List<Hex> hexes(int resolution, Skill skill, Envelope bbox) {
    return hexes(resolution, skill, bbox, Long.MAX_VALUE);
  }

  /**
   * The H3 cells of {@code resolution} whose centres lie in {@code bbox} (WGS84), each with its
   * supply and demand for {@code skill} (null: any), in cell order. Supply comes from the tile
   * caches; a tile not cached is computed outside the model's lock (changes go on meanwhile, and a
   * computation that a change made stale is answered but not cached), rasterising only the
   * requested tiles' cells of each provider that can reach them.
   *
   * @param deadlineNanos the {@link System#nanoTime} after which the computation gives up
   * @throws CoverageSource.TooManyCells when that would be more than {@link #MAX_HEXES} cells
   * @throws CoverageSource.TimedOut when the deadline passes first
   */
  public List<Hex> hexes(int resolution, Skill skill, Envelope bbox, long deadlineNanos) {
    List<Long> cells = HexSupply.cells(resolution, bbox);
    Set<Long> tiles = HexSupply.tiles(cells);
    com.uber.h3core.H3Core h3 = H3.get();
    Map<Long, Integer> demand = new HashMap<>();
    HexSupply.Plan plan;
    synchronized (this) {
      for (Placed<Need> n : needs.values()) {
        if (skill == null || n.value().skills().contains(skill)) {
          GeoPoint at = n.value().location();
          demand.merge(h3.latLngToCell(at.lat(), at.lon(), resolution), 1, Integer::sum);
        }
      }
      plan = hexSupply.plan(resolution, tiles);
    }
    if (!plan.missing.isEmpty()) {
      Map<Long, Map<Long, long[]>> computed = null;
      try {
        computed = plan.compute(deadlineNanos);
      } finally {
        synchronized (this) {
          hexSupply.keep(plan, computed);
        }
      }
    }
    int k = SkillKeys.of(skill);
    List<Hex> out = new ArrayList<>(cells.size());
    for (long cell : cells) {
      long[] supply = plan.at(cell, k);
      int d = demand.getOrDefault(cell, 0);
      out.add(new Hex(cell, (int) supply[0], supply[1], d, (int) Math.max(0, d - supply[1])));
    }
    return out;
  }

  /**
   * How far a tile search looks for providers now, in metres: the largest reach counted, at most
   * the bound.
   */
  synchronized double searchReachMeters() {
    return hexSupply.searchReachMeters();
  }

  /** Increases with every change, so that callers can cache what they derive. */
  public synchronized long version() {
    return version;
  }

  /**
   * The figures of every region of {@code level} for {@code skill} (null: all skills). A covered
   * share never computed is computed now; one made stale by a change is the last computed until
   * {@link #refreshAreas}.
   */
  public synchronized List<Figures> figures(RegionLevel level, Skill skill) {
    int k = SkillKeys.of(skill);
    List<Figures> out = new ArrayList<>();
    for (Region r : regions.regions(level)) {
      RegionTallies.Tally t = tallies.get(r.id(), k);
      out.add(
          new Figures(
              r,
              t.kinds(),
              t.capacity,
              t.spare,
              t.needs,
              t.unmet,
              t.avgRating(),
              shares.share(r, k)));
    }
    return out;
  }

  /**
   * Recomputes stale covered shares (every region and skill starts stale, so this also precomputes
   * them) for about {@code budgetMillis}. The union itself runs outside the lock, on a snapshot of
   * the eligible providers; a result is kept only if the region saw no change meanwhile. Answers
   * how many shares it stored.
   */
  public int refreshAreas(long budgetMillis) {
    long deadline = System.nanoTime() + budgetMillis * 1_000_000;
    int n = 0;
    while (System.nanoTime() < deadline) {
      AreaShares.Job job;
      synchronized (this) {
        job = shares.nextJob();
      }
      if (job == null) {
        return n;
      }
      double share = job.compute();
      synchronized (this) {
        if (shares.keep(job, share)) {
          n++;
        }
      }
    }
    return n;
  }

  /** Whether any covered share awaits (re)computation. */
  public synchronized boolean hasStaleAreas() {
    return shares.hasStale();
  }

  private static List<String> ids(List<RegionIndex.Hit> chain) {
    Set<String> out = new LinkedHashSet<>();
    chain.forEach(h -> out.add(h.region().id()));
    return List.copyOf(out);
  }
}
