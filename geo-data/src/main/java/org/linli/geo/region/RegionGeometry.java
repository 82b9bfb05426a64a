package org.linli.geo.region;

import java.util.Locale;
import org.linli.core.error.InvalidInputException;
import org.linli.core.geo.GeoPoint;
import org.linli.geo.area.JtsGeometries;
import org.linli.geo.crs.Crs;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;
import org.locationtech.jts.io.geojson.GeoJsonWriter;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * A region's boundary: read from GeoJSON (Polygon or MultiPolygon) in WGS84 or GCJ-02, converted to
 * WGS84, checked with JTS, and repaired with {@link GeometryFixer} when it is invalid (the repair
 * is reported); rejected when it is not polygonal, is empty, lies outside the globe's coordinates
 * or is too large. Stateless.
 */
public final class RegionGeometry {
  /** The most vertices a region may have (a detailed coastal district has tens of thousands). */
  public static final int MAX_VERTICES = 500_000;

  private RegionGeometry() {}

  /** A checked boundary, and what was repaired (null when nothing). */
  public record Checked(Geometry geometry, String repaired) {}

  /**
   * Reads and checks one boundary.
   *
   * @throws InvalidInputException with the reason, naming field {@code geometry}
   */
  public static Checked read(String geometryJson, Crs crs) {
    if (geometryJson == null) {
      throw new InvalidInputException("geometry", "the feature has no geometry");
    }
    Geometry g;
    try {
      g = new GeoJsonReader(JtsGeometries.FACTORY).read(geometryJson);
    } catch (ParseException | RuntimeException e) {
      throw new InvalidInputException("geometry", "not a GeoJSON geometry: " + e.getMessage());
    }
    if (!(g instanceof Polygonal) || g.isEmpty()) {
      throw new InvalidInputException(
          "geometry",
          "a region must be a non-empty Polygon or MultiPolygon, not " + g.getGeometryType());
    }
    if (g.getNumPoints() > MAX_VERTICES) {
      throw new InvalidInputException("geometry", "more than " + MAX_VERTICES + " vertices");
    }
    for (Coordinate c : g.getCoordinates()) {
      if (!(Math.abs(c.y) <= 90 && Math.abs(c.x) <= 180)) {
        throw new InvalidInputException(
            "geometry",
            String.format(
                Locale.ROOT, "coordinate [%s, %s] is not a [longitude, latitude] pair", c.x, c.y));
      }
    }
    if (crs != Crs.WGS84) {
      g.apply(new ToWgs84(crs));
      g.geometryChanged();
    }
    g.setSRID(4326);
    TopologyValidationError error = new IsValidOp(g).getValidationError();
    if (error == null) {
      return new Checked(g, null);
    }
    Coordinate at = error.getCoordinate();
    String what =
        error.getMessage().toLowerCase(Locale.ROOT)
            + (at == null ? "" : String.format(Locale.ROOT, " at [%.7f, %.7f]", at.x, at.y));
    Geometry fixed = GeometryFixer.fix(g);
    if (!(fixed instanceof Polygonal) || fixed.isEmpty() || !fixed.isValid()) {
      throw new InvalidInputException(
          "geometry", "invalid boundary that cannot be repaired: " + what);
    }
    return new Checked(fixed, "repaired: " + what);
  }

  /** A boundary this code wrote and checked before (from the store): parsed, not checked again. */
  public static Geometry readTrusted(String geometryJson) {
    try {
      Geometry g = new GeoJsonReader(JtsGeometries.FACTORY).read(geometryJson);
      g.setSRID(4326);
      return g;
    } catch (ParseException e) {
      throw new IllegalStateException("a stored boundary does not parse: " + e.getMessage(), e);
    }
  }

  /** {@code g} as GeoJSON text (WGS84, [lon, lat]). */
  public static String write(Geometry g) {
    GeoJsonWriter w = new GeoJsonWriter(9);
    w.setEncodeCRS(false);
    return w.write(g);
  }

  /** Converts coordinates from a Chinese datum to WGS84 in place. */
  private static final class ToWgs84 implements CoordinateSequenceFilter {
    private final Crs from;

    ToWgs84(Crs from) {
      this.from = from;
    }

    @Override
    public void filter(CoordinateSequence seq, int i) {
      GeoPoint p = from.toWgs84(new GeoPoint(seq.getY(i), seq.getX(i)));
      seq.setOrdinate(i, 0, p.lon());
      seq.setOrdinate(i, 1, p.lat());
    }

    @Override
    public boolean isDone() {
      return false;
    }

    @Override
    public boolean isGeometryChanged() {
      return true;
    }
  }
}
