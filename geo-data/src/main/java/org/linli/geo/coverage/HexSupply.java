package org.linli.geo.coverage;

import com.uber.h3core.AreaUnit;
import com.uber.h3core.H3Core;
import com.uber.h3core.LengthUnit;
import com.uber.h3core.util.LatLng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.linli.core.coverage.CoverageSource;
import org.linli.core.geo.GeoPoint;
import org.linli.core.match.Eligibility;
import org.linli.core.provider.Provider;
import org.locationtech.jts.geom.Envelope;

/**
 * The supply side of the hex layer: per H3 cell, how many eligible providers cover its centre and
 * their spare capacity. Supply is computed per tile (an H3 cell of {@link #TILE_RESOLUTION}) when a
 * request first needs it, then cached; a change to a provider drops the tiles it can reach. The
 * work of a request is split so that the rasterising runs outside the model's lock: {@link #plan}
 * and {@link #keep} under it, {@link Plan#compute} without. Not thread-safe: {@link CoverageModel}
 * holds its lock around every call but {@link Plan#compute}.
 */
final class HexSupply {
  /** Hex supply is computed and cached per tile: an H3 cell of this resolution (about 250 km²). */
  static final int TILE_RESOLUTION = 5;

  /**
   * The most cells with supply kept in the tile caches, over all resolutions (about 400 bytes
   * each).
   */
  static final int MAX_CACHED_CELLS = 300_000;

  /**
   * The farthest a tile search looks for providers, in metres: a service area may reach at most 100
   * km from its provider (the largest match radius), so its envelope at most about 141 km. A
   * provider stored before that rule that reaches farther is kept in {@link #farReaching} and
   * considered for every tile instead.
   */
  static final double SEARCH_REACH_METERS = 150_000;

  private static final int ALL = SkillKeys.ALL;

  private final Function<String, Provider> providers;

  /**
   * Tile of a provider's location → the providers located there (for finding those that reach a
   * tile).
   */
  private final Map<Long, Set<String>> providersByTile = new HashMap<>();

  /**
   * The reaches of the providers counted now, in metres, with how many have each (the largest sizes
   * the search).
   */
  private final TreeMap<Double, Integer> reaches = new TreeMap<>();

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
      new Map[CoverageModel.MAX_RESOLUTION - CoverageModel.MIN_RESOLUTION + 1];

  private long cachedCells;

  /**
   * @param providers the provider counted now under an id (for the candidates of a tile)
   */
  HexSupply(Function<String, Provider> providers) {
    this.providers = providers;
    for (int i = 0; i < tileSupply.length; i++) {
      tileSupply[i] = new LinkedHashMap<>(64, 0.75f, true);
    }
  }

  /** Counts {@code p} (its previous version taken away first with {@link #remove}). */
  void add(Provider p) {
    providersByTile.computeIfAbsent(tile(p), t -> new HashSet<>()).add(p.id());
    double reach = reachMeters(p);
    reaches.merge(reach, 1, Integer::sum);
    if (reach > SEARCH_REACH_METERS) {
      farReaching.add(p.id());
    }
    dropTilesReachedBy(p);
  }

  /** Takes away {@code p}, counted before. */
  void remove(Provider p) {
    reaches.computeIfPresent(reachMeters(p), (r, n) -> n == 1 ? null : n - 1);
    farReaching.remove(p.id());
    long oldTile = tile(p);
    Set<String> here = providersByTile.get(oldTile);
    if (here != null) {
      here.remove(p.id());
      if (here.isEmpty()) {
        providersByTile.remove(oldTile);
      }
    }
    dropTilesReachedBy(p);
  }

  /** Forgets every provider and cached tile; computations under way are made stale. */
  void clear() {
    providersByTile.clear();
    reaches.clear();
    farReaching.clear();
    inFlight.values().forEach(stale -> stale[0] = true);
    for (Map<Long, Map<Long, long[]>> m : tileSupply) {
      m.clear();
    }
    cachedCells = 0;
  }

  /**
   * How far a tile search looks for providers now, in metres: the largest reach counted, at most
   * the bound.
   */
  double searchReachMeters() {
    return reaches.isEmpty() ? 0 : Math.min(reaches.lastKey(), SEARCH_REACH_METERS);
  }

  /**
   * The cells of {@code resolution} whose centres lie in {@code bbox} (WGS84), in cell order.
   *
   * @throws CoverageSource.TooManyCells when that would be more than {@link
   *     CoverageModel#MAX_HEXES}
   */
  static List<Long> cells(int resolution, Envelope bbox) {
    if (resolution < CoverageModel.MIN_RESOLUTION || resolution > CoverageModel.MAX_RESOLUTION) {
      throw new IllegalArgumentException(
          "resolution "
              + resolution
              + " is not "
              + CoverageModel.MIN_RESOLUTION
              + ".."
              + CoverageModel.MAX_RESOLUTION);
    }
    H3Core h3 = H3.get();
    double cellArea = h3.getHexagonAreaAvg(resolution, AreaUnit.km2);
    double bboxArea =
        bbox.getWidth()
            * 111.32
            * Math.cos(Math.toRadians(bbox.centre().y))
            * bbox.getHeight()
            * 110.574;
    if (bboxArea / cellArea > CoverageModel.MAX_HEXES) {
      throw new CoverageSource.TooManyCells(
          "about "
              + Math.round(bboxArea / cellArea)
              + " cells of resolution "
              + resolution
              + " in that box; at most "
              + CoverageModel.MAX_HEXES
              + ": choose a smaller box or a coarser resolution");
    }
    List<LatLng> ring =
        List.of(
            new LatLng(bbox.getMinY(), bbox.getMinX()),
            new LatLng(bbox.getMinY(), bbox.getMaxX()),
            new LatLng(bbox.getMaxY(), bbox.getMaxX()),
            new LatLng(bbox.getMaxY(), bbox.getMinX()));
    List<Long> cells = new ArrayList<>(h3.polygonToCells(ring, List.of(), resolution));
    Collections.sort(cells);
    return cells;
  }

  /**
   * One hex request's supply: the tiles found cached, and the tiles still to compute with the
   * providers that may reach them (a snapshot, so {@link #compute} needs no lock).
   */
  static final class Plan {
    final int resolution;
    final Map<Long, Map<Long, long[]>> supply = new HashMap<>();
    final Set<Long> missing = new HashSet<>();

    /** Each missing tile → whether a change has made this plan's computation of it stale. */
    final Map<Long, boolean[]> ours = new HashMap<>();

    List<Provider> candidates = List.of();

    private Plan(int resolution) {
      this.resolution = resolution;
    }

    /**
     * Computes the missing tiles (outside the lock) into {@link #supply}, answering them.
     *
     * @throws CoverageSource.TimedOut when {@code deadlineNanos} passes first
     */
    Map<Long, Map<Long, long[]>> compute(long deadlineNanos) {
      Map<Long, Map<Long, long[]>> computed =
          computeTiles(resolution, missing, candidates, deadlineNanos);
      supply.putAll(computed);
      return computed;
    }

    /** The supply of {@code cell} for skill key {@code k}: how many providers, and spare units. */
    long[] at(long cell, int k) {
      Map<Long, long[]> tile = supply.get(H3.get().cellToParent(cell, TILE_RESOLUTION));
      long[] counts = tile == null ? null : tile.get(cell);
      return counts == null ? new long[] {0, 0} : new long[] {counts[k], counts[ALL + 1 + k]};
    }
  }

  /** The tiles (H3 cells of {@link #TILE_RESOLUTION}) that hold {@code cells}. */
  static Set<Long> tiles(List<Long> cells) {
    H3Core h3 = H3.get();
    Set<Long> tiles = new HashSet<>();
    for (long cell : cells) {
      tiles.add(h3.cellToParent(cell, TILE_RESOLUTION));
    }
    return tiles;
  }

  /** What a request for {@code tiles} at {@code resolution} finds cached, and what it computes. */
  Plan plan(int resolution, Set<Long> tiles) {
    Plan plan = new Plan(resolution);
    Map<Long, Map<Long, long[]>> cache = tileSupply[resolution - CoverageModel.MIN_RESOLUTION];
    for (long t : tiles) {
      Map<Long, long[]> m = cache.get(t);
      if (m != null) {
        plan.supply.put(t, m);
      } else {
        plan.missing.add(t);
      }
    }
    if (!plan.missing.isEmpty()) {
      plan.candidates = reachingCandidates(plan.missing);
      for (long t : plan.missing) {
        boolean[] stale = {false};
        plan.ours.put(t, stale);
        if (inFlight.putIfAbsent(t, stale) != null) {
          stale[0] = true; // another request computes this tile: ours is answered, not cached
        }
      }
    }
    return plan;
  }

  /** Ends {@code plan}'s computation, caching {@code computed} (null: it failed) unless stale. */
  void keep(Plan plan, Map<Long, Map<Long, long[]>> computed) {
    plan.ours.forEach((t, stale) -> inFlight.remove(t, stale));
    if (computed == null) {
      return;
    }
    Map<Long, Map<Long, long[]>> cache = tileSupply[plan.resolution - CoverageModel.MIN_RESOLUTION];
    computed.forEach(
        (t, m) -> {
          boolean[] stale = plan.ours.get(t);
          if (!stale[0] && !cache.containsKey(t)) {
            cache.put(t, m);
            cachedCells += m.size();
          }
        });
    evictBeyondBudget();
  }

  /**
   * The matchable providers that may reach any of {@code tiles}: those located within the largest
   * reach of a counted provider (at most {@link #SEARCH_REACH_METERS}), and the few that reach
   * farther.
   */
  private List<Provider> reachingCandidates(Set<Long> tiles) {
    H3Core h3 = H3.get();
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
      Provider p = providers.apply(id);
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
    H3Core h3 = H3.get();
    Map<Long, Map<Long, long[]>> computed = new HashMap<>();
    List<TileCells> grids = new ArrayList<>();
    for (long t : tiles) {
      computed.put(t, new HashMap<>());
      grids.add(new TileCells(t, h3.cellToChildren(t, resolution)));
    }
    int checked = 0;
    for (Provider p : candidates) {
      if ((++checked & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
        throw new CoverageSource.TimedOut();
      }
      Envelope e = ServiceAreaShapes.wgs84Envelope(p);
      int[] keys = SkillKeys.of(p.skills());
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
      H3Core h3 = H3.get();
      for (int i = 0; i < cells.length; i++) {
        cells[i] = children.get(i);
        LatLng c = h3.cellToLatLng(cells[i]);
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
    boolean nothingCached = true;
    for (Map<Long, Map<Long, long[]>> cache : tileSupply) {
      nothingCached &= cache.isEmpty();
    }
    if (nothingCached && inFlight.isEmpty()) {
      return; // nothing cached or being computed: the common case during an import
    }
    if (reachMeters(p) > SEARCH_REACH_METERS) {
      // reaches too far to enumerate its tiles: forget them all
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
    double edge = H3.get().getHexagonEdgeLengthAvg(TILE_RESOLUTION, LengthUnit.m);
    return (int) Math.ceil(reachMeters / (1.5 * edge)) + 2;
  }
}
