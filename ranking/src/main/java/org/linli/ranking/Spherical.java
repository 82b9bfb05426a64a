package org.linli.ranking;

import org.linli.core.geo.GreatCircle;

/** Small helpers for unit-sphere arithmetic. Stateless. */
final class Spherical {
  private Spherical() {}

  /** The angle in radians subtended by {@code meters}, capped at pi. */
  static double angle(double meters) {
    return Math.min(Math.PI, meters / GreatCircle.EARTH_RADIUS_METERS);
  }

  /**
   * The squared chord {@code (2 sin(angle / 2))²} of an angle in radians: strictly increasing on
   * [0, pi].
   */
  static double chord2(double angle) {
    double c = 2 * Math.sin(Math.min(Math.PI, angle) / 2);
    return c * c;
  }

  static double[] unit(double latDeg, double lonDeg) {
    double lat = Math.toRadians(latDeg);
    double lon = Math.toRadians(lonDeg);
    return new double[] {
      Math.cos(lat) * Math.cos(lon), Math.cos(lat) * Math.sin(lon), Math.sin(lat)
    };
  }
}
