package org.linli.ranking;

import org.linli.core.geo.GreatCircle;

/** Small helpers for unit-sphere arithmetic. Stateless. */
final class Spherical {
  private Spherical() {}

  /** The angle in radians subtended by {@code meters}, capped at pi. */
  static double angle(double meters) {
    return Math.min(Math.PI, meters / GreatCircle.EARTH_RADIUS_METERS);
  }

  static double[] unit(double latDeg, double lonDeg) {
    double lat = Math.toRadians(latDeg);
    double lon = Math.toRadians(lonDeg);
    return new double[] {Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)};
  }
}
