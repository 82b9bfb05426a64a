package org.linli.geo.area;

import java.util.List;
import org.linli.core.geo.GeoPoint;
import org.linli.core.geo.GeoPolygon;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.PrecisionModel;

/**
 * The one place where Linli's (lat, lon) values become JTS coordinates (x = lon, y = lat) and back.
 * Axis-order bugs live elsewhere. Thread-safe.
 */
public final class JtsGeometries {
  /** Floating precision, SRID 4326. */
  public static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

  private JtsGeometries() {}

  /** The JTS coordinate of a point: x = longitude, y = latitude. */
  public static Coordinate coordinate(GeoPoint p) {
    return new Coordinate(p.lon(), p.lat());
  }

  /** A JTS point for {@code p}. */
  public static org.locationtech.jts.geom.Point point(GeoPoint p) {
    return FACTORY.createPoint(coordinate(p));
  }

  /** A JTS Polygon (one part) or MultiPolygon (several) for {@code area}. */
  public static Geometry geometry(GeoPolygon area) {
    return geometry(area, FACTORY, (lat, lon) -> new Coordinate(lon, lat));
  }

  /** Maps a (lat, lon) position to a JTS coordinate (a projection, or just the axis order). */
  @FunctionalInterface
  public interface Positions {
    Coordinate at(double lat, double lon);
  }

  /** {@code area} made with {@code factory}, each position placed by {@code positions}. */
  public static Geometry geometry(GeoPolygon area, GeometryFactory factory, Positions positions) {
    List<List<List<double[]>>> parts = area.coordinates();
    Polygon[] polygons = new Polygon[parts.size()];
    for (int p = 0; p < parts.size(); p++) {
      List<List<double[]>> rings = parts.get(p);
      LinearRing shell = ring(rings.get(0), factory, positions);
      LinearRing[] holes = new LinearRing[rings.size() - 1];
      for (int r = 1; r < rings.size(); r++) {
        holes[r - 1] = ring(rings.get(r), factory, positions);
      }
      polygons[p] = factory.createPolygon(shell, holes);
    }
    return polygons.length == 1 ? polygons[0] : factory.createMultiPolygon(polygons);
  }

  private static LinearRing ring(
      List<double[]> lonLat, GeometryFactory factory, Positions positions) {
    Coordinate[] cs = new Coordinate[lonLat.size()];
    for (int i = 0; i < cs.length; i++) {
      cs[i] = positions.at(lonLat.get(i)[1], lonLat.get(i)[0]);
    }
    return factory.createLinearRing(cs);
  }
}
