package org.linli.geo.region;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.linli.core.region.Region;
import org.linli.core.region.RegionLevel;
import org.linli.geo.area.JtsGeometries;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.triangulate.VoronoiDiagramBuilder;

/**
 * A made-up administrative layer for a demo city, so that maps show something without real
 * boundaries: the city is its bounding box; its districts are the Voronoi cells of the demo's
 * cluster centres; each district's streets are the Voronoi cells of a few seeded points inside it.
 * Codes {@code 99…} are not real adcodes. Populations are made up too: a district's in proportion
 * to its centre's weight, split among its streets by area.
 */
public final class SyntheticRegions {
  private static final String[] NUMERALS = {
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"
  };

  private SyntheticRegions() {}

  /**
   * The regions of a demo city.
   *
   * @param centres {lat, lon, weight} of the districts' centres (at most 12)
   * @param box {minLat, minLon, latSpan, lonSpan} of the city
   */
  public static List<RegionIndex.Bounded> of(long seed, double[][] centres, double[] box) {
    Random random = new Random(seed);
    Envelope env = new Envelope(box[1], box[1] + box[3], box[0], box[0] + box[2]);
    Geometry city = JtsGeometries.FACTORY.toGeometry(env);
    List<RegionIndex.Bounded> out = new ArrayList<>();
    Region cityRegion = new Region("990000", "990000", "示范市", RegionLevel.CITY, null, null, null);
    out.add(new RegionIndex.Bounded(cityRegion, city));
    List<Coordinate> seeds = new ArrayList<>();
    for (double[] c : centres) {
      seeds.add(new Coordinate(c[1], c[0]));
    }
    List<Geometry> districtCells = cells(seeds, city);
    double weights = 0;
    for (double[] c : centres) {
      weights += c[2];
    }
    for (int d = 0; d < centres.length && d < NUMERALS.length; d++) {
      Geometry district = districtCells.get(d);
      String code = String.format("9901%02d", d + 1);
      long people = Math.round(centres[d][2] / weights * 17_000_000);
      Region dr =
          new Region(
              code, code, "示范" + NUMERALS[d] + "区", RegionLevel.DISTRICT, "990000", people, null);
      out.add(new RegionIndex.Bounded(dr, district));
      int streets = 3 + random.nextInt(4);
      List<Coordinate> inside = new ArrayList<>();
      Envelope de = district.getEnvelopeInternal();
      while (inside.size() < streets) {
        Coordinate c =
            new Coordinate(
                de.getMinX() + random.nextDouble() * de.getWidth(),
                de.getMinY() + random.nextDouble() * de.getHeight());
        if (district.contains(JtsGeometries.FACTORY.createPoint(c))) {
          inside.add(c);
        }
      }
      List<Geometry> streetCells = cells(inside, district);
      double area = district.getArea();
      for (int s = 0; s < streetCells.size(); s++) {
        String sc = code + String.format("%02d", s + 1);
        Geometry g = streetCells.get(s);
        Region sr =
            new Region(
                sc,
                sc,
                dr.name() + "第" + NUMERALS[s] + "街道",
                RegionLevel.STREET,
                code,
                Math.round(people * g.getArea() / area),
                null);
        out.add(new RegionIndex.Bounded(sr, g));
      }
    }
    return out;
  }

  /** The Voronoi cell of each seed, in seed order, clipped to {@code clip}. */
  private static List<Geometry> cells(List<Coordinate> seeds, Geometry clip) {
    VoronoiDiagramBuilder b = new VoronoiDiagramBuilder();
    b.setSites(seeds);
    b.setClipEnvelope(clip.getEnvelopeInternal());
    GeometryCollection diagram = (GeometryCollection) b.getDiagram(JtsGeometries.FACTORY);
    List<Geometry> out = new ArrayList<>();
    for (Coordinate seed : seeds) {
      Geometry cell = null;
      for (int i = 0; i < diagram.getNumGeometries(); i++) {
        Geometry g = diagram.getGeometryN(i);
        if (g.getUserData() instanceof Coordinate site && site.equals2D(seed)) {
          cell = g;
        }
      }
      if (cell == null) { // the builder gives each cell its site; fall back to containment
        cell =
            java.util.stream.IntStream.range(0, diagram.getNumGeometries())
                .mapToObj(diagram::getGeometryN)
                .filter(g -> g.contains(JtsGeometries.FACTORY.createPoint(seed)))
                .min(Comparator.comparingDouble(Geometry::getArea))
                .orElseThrow();
      }
      Geometry clipped = cell.intersection(clip);
      if (!(clipped instanceof Polygonal)) {
        clipped = clipped.buffer(0);
      }
      clipped.setSRID(4326);
      out.add(clipped);
    }
    return out;
  }
}
