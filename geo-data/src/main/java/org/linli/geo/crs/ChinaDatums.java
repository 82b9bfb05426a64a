package org.linli.geo.crs;

import org.linli.core.geo.GeoPoint;

/**
 * The public GCJ-02 and BD-09 formulas (Krasovsky ellipsoid, as reproduced by eviltransform and
 * gcoord), with inverses found by fixed-point iteration so that a round trip is within a few
 * millimetres. Outside the rough bounding box of China the offsets do not apply and points pass
 * through unchanged. Stateless, thread-safe.
 */
final class ChinaDatums {
  private static final double A = 6378245.0;
  private static final double EE = 0.006693421622965943;
  private static final double X_PI = Math.PI * 3000.0 / 180.0;

  /** Stop iterating once the forward image is this close (degrees, about 1 mm). */
  private static final double TOLERANCE_DEGREES = 1e-8;

  private static final int MAX_ITERATIONS = 30;

  private ChinaDatums() {}

  /** The bounding box in which the GCJ-02 offset applies. */
  static boolean outOfChina(double lat, double lon) {
    return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;
  }

  static GeoPoint wgs84ToGcj02(GeoPoint p) {
    if (outOfChina(p.lat(), p.lon())) {
      return p;
    }
    double[] d = delta(p.lat(), p.lon());
    return new GeoPoint(p.lat() + d[0], p.lon() + d[1]);
  }

  static GeoPoint gcj02ToWgs84(GeoPoint g) {
    if (outOfChina(g.lat(), g.lon())) {
      return g;
    }
    double lat = g.lat();
    double lon = g.lon();
    for (int i = 0; i < MAX_ITERATIONS; i++) {
      double[] d = delta(lat, lon);
      double errLat = lat + d[0] - g.lat();
      double errLon = lon + d[1] - g.lon();
      if (Math.abs(errLat) < TOLERANCE_DEGREES && Math.abs(errLon) < TOLERANCE_DEGREES) {
        break;
      }
      lat -= errLat;
      lon -= errLon;
    }
    return new GeoPoint(lat, lon);
  }

  static GeoPoint gcj02ToBd09(GeoPoint g) {
    if (outOfChina(g.lat(), g.lon())) {
      return g;
    }
    double x = g.lon();
    double y = g.lat();
    double z = Math.sqrt(x * x + y * y) + 0.00002 * Math.sin(y * X_PI);
    double theta = Math.atan2(y, x) + 0.000003 * Math.cos(x * X_PI);
    return new GeoPoint(z * Math.sin(theta) + 0.006, z * Math.cos(theta) + 0.0065);
  }

  static GeoPoint bd09ToGcj02(GeoPoint b) {
    if (outOfChina(b.lat(), b.lon())) {
      return b;
    }
    // Closed-form approximation, then refine against the exact forward formula.
    double x = b.lon() - 0.0065;
    double y = b.lat() - 0.006;
    double z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * X_PI);
    double theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * X_PI);
    double lat = z * Math.sin(theta);
    double lon = z * Math.cos(theta);
    for (int i = 0; i < MAX_ITERATIONS; i++) {
      GeoPoint f = gcj02ToBd09(new GeoPoint(lat, lon));
      double errLat = f.lat() - b.lat();
      double errLon = f.lon() - b.lon();
      if (Math.abs(errLat) < TOLERANCE_DEGREES && Math.abs(errLon) < TOLERANCE_DEGREES) {
        break;
      }
      lat -= errLat;
      lon -= errLon;
    }
    return new GeoPoint(lat, lon);
  }

  /** The GCJ-02 offset {dLat, dLon} in degrees at a WGS84 point. */
  private static double[] delta(double lat, double lon) {
    double x = lon - 105.0;
    double y = lat - 35.0;
    double dLat = transformLat(x, y);
    double dLon = transformLon(x, y);
    double radLat = lat / 180.0 * Math.PI;
    double magic = Math.sin(radLat);
    magic = 1 - EE * magic * magic;
    double sqrtMagic = Math.sqrt(magic);
    dLat = (dLat * 180.0) / ((A * (1 - EE)) / (magic * sqrtMagic) * Math.PI);
    dLon = (dLon * 180.0) / (A / sqrtMagic * Math.cos(radLat) * Math.PI);
    return new double[] {dLat, dLon};
  }

  private static double transformLat(double x, double y) {
    double ret =
        -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    ret += (20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
    ret += (160.0 * Math.sin(y / 12.0 * Math.PI) + 320 * Math.sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
    return ret;
  }

  private static double transformLon(double x, double y) {
    double ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    ret += (20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
    ret += (20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
    ret +=
        (150.0 * Math.sin(x / 12.0 * Math.PI) + 300.0 * Math.sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
    return ret;
  }
}
