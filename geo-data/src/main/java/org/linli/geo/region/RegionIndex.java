package org.linli.geo.region;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GreatCircle;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.geo.area.JtsGeometries;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.operation.distance.IndexedFacetDistance;

/**
 * Which regions contain a point, level by level, through an R-tree of boundaries with indexed
 * point-in-area tests. Exact on the boundaries as imported, with two rules for imperfect layers (a
 * hand-traced street layer has gaps and overlaps). The chain is consistent: below the coarsest
 * loaded level, only the children of the region found at the level above count (and regions whose
 * parent is unknown).
 *
 * <ul>
 *   <li><b>In two regions of a level</b>: the one the point lies deepest in (farthest from its
 *       boundary); then the smaller id.
 *   <li><b>In none of a level</b>, but inside a region of the level above: the nearest of that
 *       region's children within {@value #SNAP_METERS} m, marked approximate; farther than that,
 *       the chain stops there.
 *   <li><b>In no region of a level before the chain has started</b> (a partial layer, or outside
 *       it): the chain starts at the first level that contains the point.
 * </ul>
 *
 * Immutable and thread-safe once built.
 */
public final class RegionIndex {
  /** How far a point in a gap may be from the child region it is given. */
  public static final double SNAP_METERS = 200;

  /**
   * A region containing the point; {@code approximate} when it was the nearest, not a container.
   */
  public record Hit(Region region, boolean approximate) {}

  /** A region with its boundary, for building. */
  public record Bounded(Region region, Geometry geometry) {}

  private static final class Item {
    final Region region;
    final Geometry geometry;
    final IndexedPointInAreaLocator locator;
    final IndexedFacetDistance boundary;

    Item(Region region, Geometry geometry) {
      this.region = region;
      this.geometry = geometry;
      this.locator = new IndexedPointInAreaLocator(geometry);
      this.boundary = new IndexedFacetDistance(geometry.getBoundary());
    }
  }

  private final Map<RegionLevel, STRtree> trees = new EnumMap<>(RegionLevel.class);
  private final Map<String, Item> byId = new HashMap<>();

  public RegionIndex(Collection<Bounded> regions) {
    for (Bounded b : regions) {
      Item item = new Item(b.region(), b.geometry());
      byId.put(b.region().id(), item);
      trees
          .computeIfAbsent(b.region().level(), l -> new STRtree())
          .insert(b.geometry().getEnvelopeInternal(), item);
    }
    trees.values().forEach(STRtree::build);
  }

  public int size() {
    return byId.size();
  }

  /** The region with this id, or null. */
  public Region region(String id) {
    Item i = byId.get(id);
    return i == null ? null : i.region;
  }

  /** The boundary of the region with this id, or null. */
  public Geometry geometry(String id) {
    Item i = byId.get(id);
    return i == null ? null : i.geometry;
  }

  /** The regions of any level whose boundary's envelope meets {@code wgs84} (x = lon, y = lat). */
  public List<Region> intersecting(Envelope wgs84) {
    List<Region> out = new ArrayList<>();
    for (STRtree tree : trees.values()) {
      for (Object o : tree.query(wgs84)) {
        out.add(((Item) o).region);
      }
    }
    return out;
  }

  /** A region a place search found: where to show it (a point inside it, and its box). */
  public record Found(Region region, GeoPoint centre, Envelope box) {}

  /**
   * The regions whose names match {@code query}, best first, at most {@code limit}: a name equal to
   * it, then one that starts with it, then one that holds it; the coarser level first among equals,
   * then the shorter name. A trailing 区, 街道, 镇 or 市 of the query is ignored, so "福田区" finds 福田 as
   * the boundary files name it. The centre is a point inside the region.
   */
  public List<Found> search(String query, int limit) {
    String q = query.strip();
    String stem = q.replaceFirst("(新区|区|街道|镇|市|社区)$", "");
    if (stem.isEmpty()) {
      stem = q;
    }
    String key = stem;
    record Scored(Item item, int rank) {}
    List<Scored> found = new ArrayList<>();
    for (Item i : byId.values()) {
      String name = i.region.name();
      int rank =
          name.equals(q) || name.equals(key)
              ? 0
              : name.startsWith(key) ? 1 : name.contains(key) ? 2 : -1;
      if (rank >= 0) {
        found.add(new Scored(i, rank));
      }
    }
    return found.stream()
        .sorted(
            Comparator.comparingInt(Scored::rank)
                .thenComparing(x -> x.item().region.level())
                .thenComparingInt(x -> x.item().region.name().length())
                .thenComparing(x -> x.item().region.id()))
        .limit(limit)
        .map(
            x -> {
              org.locationtech.jts.geom.Point inside = x.item().geometry.getInteriorPoint();
              return new Found(
                  x.item().region,
                  new GeoPoint(inside.getY(), inside.getX()),
                  x.item().geometry.getEnvelopeInternal());
            })
        .toList();
  }

  /** Every region, all levels. */
  public List<Region> all() {
    return byId.values().stream()
        .map(i -> i.region)
        .sorted(Comparator.comparing(Region::id))
        .toList();
  }

  /** The regions of {@code level}. */
  public List<Region> regions(RegionLevel level) {
    return byId.values().stream()
        .filter(i -> i.region.level() == level)
        .map(i -> i.region)
        .sorted(Comparator.comparing(Region::id))
        .toList();
  }

  /**
   * The chain of regions containing {@code p}, coarsest first, by the rules above; empty outside
   * them all.
   */
  public List<Hit> lookup(GeoPoint p) {
    Coordinate c = JtsGeometries.coordinate(p);
    List<Hit> chain = new ArrayList<>();
    Region above = null;
    for (RegionLevel level : RegionLevel.values()) {
      STRtree tree = trees.get(level);
      if (tree == null) {
        continue;
      }
      List<Item> containing = new ArrayList<>();
      for (Object o : tree.query(new Envelope(c))) {
        Item i = (Item) o;
        if (isChild(i, above) && i.locator.locate(c) != Location.EXTERIOR) {
          containing.add(i);
        }
      }
      Hit hit = choose(containing, c);
      if (hit == null && above != null) {
        hit = nearestChild(tree, above, p, c);
      }
      if (hit == null) {
        if (above != null) {
          break; // nothing finer is consistent with the chain so far
        }
        continue; // no region of this level here (a partial layer): the chain starts lower
      }
      chain.add(hit);
      above = hit.region();
    }
    return chain;
  }

  /** The region of {@code level} for {@code p} by the rules above, or null. */
  public Region at(RegionLevel level, GeoPoint p) {
    for (Hit h : lookup(p)) {
      if (h.region().level() == level) {
        return h.region();
      }
    }
    return null;
  }

  /**
   * Whether {@code i} may follow {@code above} in a chain: any region at the top, else its child or
   * an orphan.
   */
  private static boolean isChild(Item i, Region above) {
    return above == null || i.region.parentId() == null || above.id().equals(i.region.parentId());
  }

  private static Hit choose(List<Item> pool, Coordinate c) {
    if (pool.isEmpty()) {
      return null;
    }
    Item best = null;
    double bestDepth = -1;
    for (Item i : pool) {
      double depth =
          pool.size() == 1 ? 0 : i.boundary.distance(JtsGeometries.FACTORY.createPoint(c));
      if (best == null
          || depth > bestDepth
          || (depth == bestDepth && i.region.id().compareTo(best.region.id()) < 0)) {
        best = i;
        bestDepth = depth;
      }
    }
    return new Hit(best.region, false);
  }

  private static Hit nearestChild(STRtree tree, Region above, GeoPoint p, Coordinate c) {
    double degrees = SNAP_METERS / 111_000.0 / Math.max(0.1, Math.cos(Math.toRadians(p.lat())));
    Envelope around = new Envelope(c);
    around.expandBy(degrees);
    Item best = null;
    double bestMeters = Double.MAX_VALUE;
    for (Object o : tree.query(around)) {
      Item i = (Item) o;
      if (!isChild(i, above)) {
        continue;
      }
      Coordinate[] nearest = i.boundary.nearestPoints(JtsGeometries.FACTORY.createPoint(c));
      Coordinate q = nearest[0];
      double meters = GreatCircle.distanceMeters(p.lat(), p.lon(), q.y, q.x);
      if (meters <= SNAP_METERS
          && (meters < bestMeters
              || (meters == bestMeters && i.region.id().compareTo(best.region.id()) < 0))) {
        best = i;
        bestMeters = meters;
      }
    }
    return best == null ? null : new Hit(best.region, true);
  }

  /**
   * The parent of each of {@code children} among {@code parents}: the one it overlaps most (by
   * area), or none when it overlaps none. Answers child id → parent id.
   */
  public static Map<String, String> parentsByOverlap(
      Collection<Bounded> children, Collection<Bounded> parents) {
    STRtree tree = new STRtree();
    parents.forEach(p -> tree.insert(p.geometry().getEnvelopeInternal(), p));
    tree.build();
    Map<String, String> out = new HashMap<>();
    for (Bounded child : children) {
      Bounded best = null;
      double bestArea = 0;
      for (Object o : tree.query(child.geometry().getEnvelopeInternal())) {
        Bounded parent = (Bounded) o;
        double area = overlap(child.geometry(), parent.geometry());
        if (area > bestArea
            || (area == bestArea
                && area > 0
                && parent.region().id().compareTo(best.region().id()) < 0)) {
          best = parent;
          bestArea = area;
        }
      }
      if (best != null) {
        out.put(child.region().id(), best.region().id());
      }
    }
    return out;
  }

  private static double overlap(Geometry a, Geometry b) {
    if (!a.getEnvelopeInternal().intersects(b.getEnvelopeInternal())) {
      return 0;
    }
    try {
      return a.intersection(b).getArea();
    } catch (RuntimeException robustnessFailure) {
      return org.locationtech.jts.operation.overlayng.OverlayNGRobust.overlay(
              a, b, org.locationtech.jts.operation.overlayng.OverlayNG.INTERSECTION)
          .getArea();
    }
  }
}
