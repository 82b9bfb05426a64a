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
import org.linli.core.match.Eligibility;
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
 * Supply against demand per region, kept up to date change by change rather than recomputed per
 * request: each provider and each need is assigned to the regions its location lies in (by {@link
 * RegionIndex#lookup}), and per region and skill the model keeps the counts a coverage map shows.
 * The share of a region inside at least one eligible provider's service area is exact geometry (a
 * union of service areas cut by the region, in a local flat projection); it is cached per region
 * and skill and marked stale when a provider whose service area reaches the region changes, then
 * recomputed by {@link #refreshAreas} (until then the last value is shown). Thread-safe (one lock).
 *
 * <p>Definitions: providers are counted by location, ACTIVE ones only; {@code capacity} and {@code
 * spareCapacity} are theirs; an eligible provider (for the covered area) is ACTIVE with spare
 * capacity and, for a skill, offers it; a need is unmet when its case found no provider ({@code
 * UNMATCHED}); {@code avgRating} is the mean of all ratings given to the region's providers.
 */
public final class CoverageModel {
  /**
   * One H3 cell: {@code supply} eligible providers cover its centre, with {@code spare} units of
   * capacity between them; {@code demand} needs lie in it; {@code gap} is the demand their spare
   * capacity cannot take.
   */
  public record Hex(long cell, int supply, long spare, int demand, int gap) {}

  /** The most cells one hex request may cover. */
  public static final int MAX_HEXES = 60_000;

  /** What the model needs to know of a need. */
  public record Need(GeoPoint location, Set<Skill> skills, boolean unmet) {}

  /** The figures of one region for one skill (or all). */
  public record Figures(
      Region region,
      Map<ProviderKind, Integer> providers,
      long capacity,
      long spareCapacity,
      int needs,
      int unmetNeeds,
      Double avgRating,
      Double coveredAreaRatio) {}

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

  /** The H3 resolutions served: 7, 8 and 9. */
  public static final int MIN_RESOLUTION = 7;

  public static final int MAX_RESOLUTION = 9;

  /** Hex supply is computed and cached per tile: an H3 cell of this resolution (about 250 km²). */
  static final int TILE_RESOLUTION = 5;

  /**
   * The most cells with supply kept in the tile caches, over all resolutions (about 400 bytes
   * each).
   */
  static final int MAX_CACHED_CELLS = 300_000;

  /**
   * Tile of a provider's location → the providers located there (for finding those that reach a
   * tile).
   */
  private final Map<Long, Set<String>> providersByTile = new HashMap<>();

  /**
   * The reaches of the providers counted now, in metres, with how many have each (the largest sizes
   * the search).
   */
  private final java.util.TreeMap<Double, Integer> reaches = new java.util.TreeMap<>();

  /**
   * The farthest a tile search looks for providers, in metres: a service area may reach at most 100
   * km from its provider (the largest match radius), so its envelope at most about 141 km. A
   * provider stored before that rule that reaches farther is kept in {@link #farReaching} and
   * considered for every tile instead.
   */
  static final double SEARCH_REACH_METERS = 150_000;

  /** Providers whose reach passes {@link #SEARCH_REACH_METERS}: candidates for every tile. */
  private final Set<String> farReaching = new HashSet<>();

  /**
   * Tiles whose supply is being computed outside the lock → whether a change has made that
   * computation stale.
   */
  private final Map<Long, boolean[]> inFlight = new HashMap<>();

  /**
   * Per resolution: tile → (cell → how many eligible providers cover the cell's centre, and their
   * spare capacity, per skill key: {@code [k]} supply, {@code [ALL + 1 + k]} spare). Computed when
   * a hex request first needs the tile, dropped when a provider that can reach the tile changes;
   * least recently used tiles go first when the caches hold more than {@link #MAX_CACHED_CELLS}
   * cells. A bulk import thus costs nothing here, and a request pays only for the tiles it shows.
   */
  @SuppressWarnings("unchecked")
  private final Map<Long, Map<Long, long[]>>[] tileSupply =
      new Map[MAX_RESOLUTION - MIN_RESOLUTION + 1];

  private long cachedCells;

  {
    for (int i = 0; i < tileSupply.length; i++) {
      tileSupply[i] = new java.util.LinkedHashMap<>(64, 0.75f, true);
    }
  }

  /** Region id → providers whose service area's envelope meets the region's boundary envelope. */
  private final Map<String, Set<String>> reaching = new HashMap<>();

  /** Region id → covered share per skill (index {@code ALL} for any); NaN = never computed. */
  private final Map<String, double[]> covered = new HashMap<>();

  /** Region id → whether a share needs recomputing, per skill. */
  private final Map<String, boolean[]> staleShares = new HashMap<>();

  /** Region id → a counter per skill, bumped by every change that makes the share stale. */
  private final Map<String, long[]> stamps = new HashMap<>();

  private long version;

  public CoverageModel(RegionIndex regions) {
    this.regions = regions;
    regions.all().forEach(r -> shares(r.id()));
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
    stamps.clear();
    providersByTile.clear();
    reaches.clear();
    farReaching.clear();
    inFlight.values().forEach(stale -> stale[0] = true);
    for (Map<Long, Map<Long, long[]>> m : tileSupply) {
      m.clear();
    }
    cachedCells = 0;
    ps.forEach(this::upsertProvider);
    ns.forEach(this::upsertNeed);
    next.all().forEach(r -> shares(r.id()));
  }

  /** Counts {@code p} (replacing its previous version). */
  public synchronized void upsertProvider(Provider p) {
    removeProvider(p.id());
    List<String> placed = ids(regions.lookup(p.location()));
    providers.put(p.id(), new Placed<>(p, placed));
    apply(p, placed, +1);
    providersByTile.computeIfAbsent(tile(p), t -> new HashSet<>()).add(p.id());
    double reach = reachMeters(p);
    reaches.merge(reach, 1, Integer::sum);
    if (reach > SEARCH_REACH_METERS) {
      farReaching.add(p.id());
    }
    dropTilesReachedBy(p);
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
    reaches.computeIfPresent(reachMeters(old.value()), (r, n) -> n == 1 ? null : n - 1);
    farReaching.remove(id);
    long oldTile = tile(old.value());
    Set<String> here = providersByTile.get(oldTile);
    if (here != null) {
      here.remove(id);
      if (here.isEmpty()) {
        providersByTile.remove(oldTile);
      }
    }
    dropTilesReachedBy(old.value());
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
   * @throws IllegalArgumentException when that would be more than {@link #MAX_HEXES} cells
   * @throws HexesTimedOut when the deadline passes first
   */
  public List<Hex> hexes(int resolution, Skill skill, Envelope bbox, long deadlineNanos) {
    if (resolution < MIN_RESOLUTION || resolution > MAX_RESOLUTION) {
      throw new IllegalArgumentException(
          "resolution " + resolution + " is not " + MIN_RESOLUTION + ".." + MAX_RESOLUTION);
    }
    com.uber.h3core.H3Core h3 = H3.get();
    double cellArea = h3.getHexagonAreaAvg(resolution, com.uber.h3core.AreaUnit.km2);
    double bboxArea =
        bbox.getWidth()
            * 111.32
            * Math.cos(Math.toRadians(bbox.centre().y))
            * bbox.getHeight()
            * 110.574;
    if (bboxArea / cellArea > MAX_HEXES) {
      throw new IllegalArgumentException(
          "about "
              + Math.round(bboxArea / cellArea)
              + " cells of resolution "
              + resolution
              + " in that box; at most "
              + MAX_HEXES
              + ": choose a smaller box or a coarser resolution");
    }
    List<com.uber.h3core.util.LatLng> ring =
        List.of(
            new com.uber.h3core.util.LatLng(bbox.getMinY(), bbox.getMinX()),
            new com.uber.h3core.util.LatLng(bbox.getMinY(), bbox.getMaxX()),
            new com.uber.h3core.util.LatLng(bbox.getMaxY(), bbox.getMaxX()),
            new com.uber.h3core.util.LatLng(bbox.getMaxY(), bbox.getMinX()));
    List<Long> cells = new ArrayList<>(h3.polygonToCells(ring, List.of(), resolution));
    java.util.Collections.sort(cells);
    Set<Long> tiles = new HashSet<>();
    for (long cell : cells) {
      tiles.add(h3.cellToParent(cell, TILE_RESOLUTION));
    }
    int k = skill == null ? ALL : skill.ordinal();
    Map<Long, Integer> demand = new HashMap<>();
    Map<Long, Map<Long, long[]>> supply = new HashMap<>();
    Set<Long> missing = new HashSet<>();
    List<Provider> candidates = new ArrayList<>();
    Map<Long, boolean[]> ours = new HashMap<>();
    synchronized (this) {
      for (Placed<Need> n : needs.values()) {
        if (skill == null || n.value().skills().contains(skill)) {
          GeoPoint at = n.value().location();
          demand.merge(h3.latLngToCell(at.lat(), at.lon(), resolution), 1, Integer::sum);
        }
      }
      Map<Long, Map<Long, long[]>> cache = tileSupply[resolution - MIN_RESOLUTION];
      for (long t : tiles) {
        Map<Long, long[]> m = cache.get(t);
        if (m != null) {
          supply.put(t, m);
        } else {
          missing.add(t);
        }
      }
      if (!missing.isEmpty()) {
        candidates = reachingCandidates(missing);
        for (long t : missing) {
          boolean[] stale = {false};
          ours.put(t, stale);
          if (inFlight.putIfAbsent(t, stale) != null) {
            stale[0] = true; // another request computes this tile: ours is answered, not cached
          }
        }
      }
    }
    if (!missing.isEmpty()) {
      Map<Long, Map<Long, long[]>> computed;
      try {
        computed = computeTiles(resolution, missing, candidates, deadlineNanos);
      } finally {
        synchronized (this) {
          ours.forEach((t, stale) -> inFlight.remove(t, stale));
        }
      }
      synchronized (this) {
        Map<Long, Map<Long, long[]>> cache = tileSupply[resolution - MIN_RESOLUTION];
        computed.forEach(
            (t, m) -> {
              boolean[] stale = ours.get(t);
              if (!stale[0] && !cache.containsKey(t)) {
                cache.put(t, m);
                cachedCells += m.size();
              }
            });
        evictBeyondBudget();
      }
      supply.putAll(computed);
    }
    List<Hex> out = new ArrayList<>(cells.size());
    for (long cell : cells) {
      Map<Long, long[]> tile = supply.get(h3.cellToParent(cell, TILE_RESOLUTION));
      long[] counts = tile == null ? null : tile.get(cell);
      int providersHere = counts == null ? 0 : (int) counts[k];
      long spare = counts == null ? 0 : counts[ALL + 1 + k];
      int d = demand.getOrDefault(cell, 0);
      out.add(new Hex(cell, providersHere, spare, d, (int) Math.max(0, d - spare)));
    }
    return out;
  }

  /**
   * How far a tile search looks for providers now, in metres: the largest reach counted, at most
   * the bound.
   */
  synchronized double searchReachMeters() {
    return reaches.isEmpty() ? 0 : Math.min(reaches.lastKey(), SEARCH_REACH_METERS);
  }

  /** A hex request whose computation passed its deadline. */
  public static final class HexesTimedOut extends RuntimeException {
    HexesTimedOut() {
      super(
          "the hex layer for that box took too long to compute; ask for a smaller box or a coarser resolution");
    }
  }

  /**
   * The matchable providers that may reach any of {@code tiles}: those located within the largest
   * reach of a counted provider (at most {@link #SEARCH_REACH_METERS}), and the few that reach
   * farther. Caller holds the lock.
   */
  private List<Provider> reachingCandidates(Set<Long> tiles) {
    com.uber.h3core.H3Core h3 = H3.get();
    int k = ringsFor(searchReachMeters());
    Set<String> ids = new HashSet<>(farReaching);
    Set<Long> searched = new HashSet<>();
    for (long t : tiles) {
      for (long near : h3.gridDisk(t, k)) {
        if (searched.add(near)) {
          ids.addAll(providersByTile.getOrDefault(near, Set.of()));
        }
      }
    }
    List<Provider> out = new ArrayList<>(ids.size());
    for (String id : ids) {
      Provider p = providers.get(id).value();
      if (Eligibility.isMatchable(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * The supply of {@code tiles} at {@code resolution}: each cell of a tile whose centre lies in a
   * candidate's envelope is tested exactly ({@link Eligibility#covers}); nothing outside the tiles
   * is rasterised. Needs no lock (the candidates are immutable records).
   */
  private static Map<Long, Map<Long, long[]>> computeTiles(
      int resolution, Set<Long> tiles, List<Provider> candidates, long deadlineNanos) {
    com.uber.h3core.H3Core h3 = H3.get();
    Map<Long, Map<Long, long[]>> computed = new HashMap<>();
    List<TileCells> grids = new ArrayList<>();
    for (long t : tiles) {
      computed.put(t, new HashMap<>());
      grids.add(new TileCells(t, h3.cellToChildren(t, resolution)));
    }
    int checked = 0;
    for (Provider p : candidates) {
      if ((++checked & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
        throw new HexesTimedOut();
      }
      Envelope e = ServiceAreaShapes.wgs84Envelope(p);
      int[] keys = keys(p.skills());
      long spare = (long) p.capacity() - p.activeCases();
      for (TileCells g : grids) {
        if (!g.box.intersects(e)) {
          continue;
        }
        Map<Long, long[]> tile = computed.get(g.tile);
        for (int i = 0; i < g.cells.length; i++) {
          if (e.contains(g.lons[i], g.lats[i])
              && Eligibility.covers(p, new GeoPoint(g.lats[i], g.lons[i]))) {
            long[] counts = tile.computeIfAbsent(g.cells[i], c -> new long[2 * (ALL + 1)]);
            for (int key : keys) {
              counts[key]++;
              counts[ALL + 1 + key] += spare;
            }
          }
        }
      }
    }
    return computed;
  }

  /**
   * The cells of one tile at the requested resolution, with their centres and the box around those
   * centres.
   */
  private static final class TileCells {
    final long tile;
    final long[] cells;
    final double[] lats;
    final double[] lons;
    final Envelope box = new Envelope();

    TileCells(long tile, List<Long> children) {
      this.tile = tile;
      cells = new long[children.size()];
      lats = new double[cells.length];
      lons = new double[cells.length];
      com.uber.h3core.H3Core h3 = H3.get();
      for (int i = 0; i < cells.length; i++) {
        cells[i] = children.get(i);
        com.uber.h3core.util.LatLng c = h3.cellToLatLng(cells[i]);
        lats[i] = c.lat;
        lons[i] = c.lng;
        box.expandToInclude(c.lng, c.lat);
      }
    }
  }

  /**
   * Drops least recently used tiles (the finest resolution first) while the caches hold too many
   * cells.
   */
  private void evictBeyondBudget() {
    for (int i = tileSupply.length - 1; i >= 0 && cachedCells > MAX_CACHED_CELLS; i--) {
      var it = tileSupply[i].entrySet().iterator();
      while (cachedCells > MAX_CACHED_CELLS && it.hasNext()) {
        cachedCells -= it.next().getValue().size();
        it.remove();
      }
    }
  }

  /** Forgets the cached supply of every tile {@code p} can reach (it changed, came or went). */
  private void dropTilesReachedBy(Provider p) {
    if (tileSupply[0].isEmpty()
        && tileSupply[1].isEmpty()
        && tileSupply[2].isEmpty()
        && inFlight.isEmpty()) {
      return; // nothing cached or being computed: the common case during an import
    }
    if (reachMeters(p)
        > SEARCH_REACH_METERS) { // reaches too far to enumerate its tiles: forget them all
      for (Map<Long, Map<Long, long[]>> cache : tileSupply) {
        cache.clear();
      }
      cachedCells = 0;
      inFlight.values().forEach(stale -> stale[0] = true);
      return;
    }
    for (long t : H3.get().gridDisk(tile(p), ringsFor(reachMeters(p)))) {
      boolean[] stale = inFlight.get(t);
      if (stale != null) {
        stale[0] = true;
      }
      for (Map<Long, Map<Long, long[]>> cache : tileSupply) {
        Map<Long, long[]> m = cache.remove(t);
        if (m != null) {
          cachedCells -= m.size();
        }
      }
    }
  }

  private static long tile(Provider p) {
    return H3.get().latLngToCell(p.location().lat(), p.location().lon(), TILE_RESOLUTION);
  }

  /**
   * The farthest any point of {@code p}'s service area lies from its location (an upper bound), in
   * metres.
   */
  static double reachMeters(Provider p) {
    if (p.serviceArea() == null) {
      return p.serviceRadiusMeters();
    }
    Envelope e = ServiceAreaShapes.wgs84Envelope(p);
    double max = 0;
    for (double lat : new double[] {e.getMinY(), e.getMaxY()}) {
      for (double lon : new double[] {e.getMinX(), e.getMaxX()}) {
        max = Math.max(max, p.location().distanceMeters(new GeoPoint(lat, lon)));
      }
    }
    return max;
  }

  /**
   * Rings of tiles around a provider's tile that hold every tile with a child cell within {@code
   * reach}: tile centres are at least about 1.5 edge lengths apart per ring, and children of a tile
   * stray a little past its edge, hence two rings of slack.
   */
  private static int ringsFor(double reachMeters) {
    double edge = H3.get().getHexagonEdgeLengthAvg(TILE_RESOLUTION, com.uber.h3core.LengthUnit.m);
    return (int) Math.ceil(reachMeters / (1.5 * edge)) + 2;
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
    int k = skill == null ? ALL : skill.ordinal();
    List<Figures> out = new ArrayList<>();
    for (Region r : regions.regions(level)) {
      Tally t = tally(r.id(), k);
      Map<ProviderKind, Integer> kinds = new EnumMap<>(ProviderKind.class);
      for (ProviderKind kind : ProviderKind.values()) {
        kinds.put(kind, t == null ? 0 : t.kinds[kind.ordinal()]);
      }
      out.add(
          new Figures(
              r,
              kinds,
              t == null ? 0 : t.capacity,
              t == null ? 0 : t.spare,
              t == null ? 0 : t.needs,
              t == null ? 0 : t.unmet,
              t == null || t.ratingCount == 0 ? null : t.ratingSum / t.ratingCount,
              coveredShare(r, k)));
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
      Job job;
      synchronized (this) {
        job = nextJob();
      }
      if (job == null) {
        return n;
      }
      double share = job.compute();
      synchronized (this) {
        boolean[] stale = staleShares.get(job.regionId);
        long[] stamps = stamps(job.regionId);
        if (stale != null && stamps[job.k] == job.stamp && regions.region(job.regionId) != null) {
          covered.get(job.regionId)[job.k] = share;
          stale[job.k] = false;
          n++;
        }
      }
    }
    return n;
  }

  /** Whether any covered share awaits (re)computation. */
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

  /**
   * A covered-share computation on a snapshot: the region's boundary and the eligible providers
   * reaching it.
   */
  private record Job(
      String regionId, int k, long stamp, Geometry boundary, List<Provider> eligible) {
    double compute() {
      return share(boundary, eligible);
    }
  }

  private Job nextJob() {
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

  private long[] stamps(String regionId) {
    return stamps.computeIfAbsent(regionId, id -> new long[ALL + 1]);
  }

  private double coveredShare(Region r, int k) {
    double[] shares = shares(r.id());
    if (Double.isNaN(
        shares[k])) { // never computed yet: now, under the lock (the background usually was first)
      shares[k] = share(regions.geometry(r.id()), eligibleReaching(r.id(), k));
      staleShares.computeIfAbsent(r.id(), id -> new boolean[ALL + 1])[k] = false;
    }
    return shares[k];
  }

  private double[] shares(String regionId) {
    return covered.computeIfAbsent(
        regionId,
        id -> {
          double[] a = new double[ALL + 1];
          java.util.Arrays.fill(a, Double.NaN);
          boolean[] stale = staleShares.computeIfAbsent(id, x -> new boolean[ALL + 1]);
          java.util.Arrays.fill(stale, true); // to be precomputed in the background
          return a;
        });
  }

  private List<Provider> eligibleReaching(String regionId, int k) {
    List<Provider> out = new ArrayList<>();
    for (String id : reaching.getOrDefault(regionId, Set.of())) {
      Provider p = providers.get(id).value();
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
