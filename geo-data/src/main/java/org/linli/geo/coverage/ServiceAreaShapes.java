package org.linli.geo.coverage;

import java.util.List;
import org.linli.core.geo.GeoPoint;
import org.linli.core.provider.Provider;
import org.linli.geo.area.JtsGeometries;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/**
 * Service areas and regions in a local flat projection around a reference point (metres east and
 * north: {@code x = Δlon · cos(lat0) · 111 320}, {@code y = Δlat · 110 574}), where areas of
 * city-sized shapes compare correctly. A circle becomes a {@value #CIRCLE_SIDES}-gon (its area
 * within 0.3 % of the circle's). Stateless.
 */
public final class ServiceAreaShapes {
  /** Sides of the polygon standing for a service circle. */
  public static final int CIRCLE_SIDES = 64;

  private static final GeometryFactory FLAT = new GeometryFactory();

  private final double lat0;
  private final double lon0;
  private final double kx;
  private final double ky = 110_574;

  /** A projection centred on {@code reference}. */
  public ServiceAreaShapes(GeoPoint reference) {
    this.lat0 = reference.lat();
    this.lon0 = reference.lon();
    this.kx = Math.cos(Math.toRadians(lat0)) * 111_320;
  }

  public Coordinate project(double lat, double lon) {
    return new Coordinate((lon - lon0) * kx, (lat - lat0) * ky);
  }

  /** A WGS84 JTS geometry (x = lon, y = lat) in this projection. */
  public Geometry project(Geometry wgs84) {
    Geometry g = wgs84.copy();
    g.apply(
        (org.locationtech.jts.geom.CoordinateFilter)
            c -> {
              Coordinate p = project(c.y, c.x);
              c.x = p.x;
              c.y = p.y;
            });
    g.geometryChanged();
    return FLAT.createGeometry(g);
  }

  /**
   * The provider's service area (its polygon, else the circle around its location) in this
   * projection.
   */
  public Geometry serviceArea(Provider p) {
    if (p.serviceArea() != null) {
      return JtsGeometries.geometry(p.serviceArea(), FLAT, this::project);
    }
    Coordinate centre = project(p.location().lat(), p.location().lon());
    double r = p.serviceRadiusMeters();
    Coordinate[] ring = new Coordinate[CIRCLE_SIDES + 1];
    for (int i = 0; i < CIRCLE_SIDES; i++) {
      double a = 2 * Math.PI * i / CIRCLE_SIDES;
      ring[i] = new Coordinate(centre.x + r * Math.cos(a), centre.y + r * Math.sin(a));
    }
    ring[CIRCLE_SIDES] = ring[0];
    return FLAT.createPolygon(ring);
  }

  /**
   * A WGS84 envelope holding every point of the provider's service area (x = lon, y = lat): a
   * polygon's envelope, or the circle's exact extent (every longitude across a pole or the
   * antimeridian).
   */
  public static Envelope wgs84Envelope(Provider p) {
    if (p.serviceArea() != null) {
      Envelope e = new Envelope();
      for (List<List<double[]>> part : p.serviceArea().coordinates()) {
        for (double[] c : part.get(0)) {
          e.expandToInclude(c[0], c[1]);
        }
      }
      return e;
    }
    // The circle's exact lat/lon extent, plus a metre: every point within r of the centre lies
    // within r of its
    // latitude, and within asin(sin(r/R) / cos(latitude farthest from the equator)) of its
    // longitude.
    double r = p.serviceRadiusMeters() * (1 + 1e-9) + 1;
    double angle = r / org.linli.core.geo.GreatCircle.EARTH_RADIUS_METERS;
    double dLat = Math.toDegrees(angle);
    double lat = p.location().lat();
    double maxAbsLat = Math.min(90, Math.abs(lat) + dLat);
    if (maxAbsLat >= 89.9) { // around a pole: every longitude
      return new Envelope(-180, 180, Math.max(-90, lat - dLat), Math.min(90, lat + dLat));
    }
    double dLon =
        Math.toDegrees(
            Math.asin(Math.min(1, Math.sin(angle) / Math.cos(Math.toRadians(maxAbsLat)))));
    double west = p.location().lon() - dLon;
    double east = p.location().lon() + dLon;
    if (west < -180
        || east > 180) { // across the antimeridian: every longitude, the exact test decides
      west = -180;
      east = 180;
    }
    return new Envelope(west, east, lat - dLat, lat + dLat);
  }
}
