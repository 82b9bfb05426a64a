package org.linli.core.geo;

/**
 * Great-circle distances on a sphere of radius {@link #EARTH_RADIUS_METERS}, the distance that
 * Linli's contract defines. Stateless and thread-safe.
 */
public final class GreatCircle {
  /** Mean Earth radius (IUGG R1) in metres, as fixed by the public contract. */
  public static final double EARTH_RADIUS_METERS = 6_371_008.8;

  private GreatCircle() {}

  /**
   * Haversine distance in metres between two points given in degrees. Numerically stable for small
   * and antipodal separations; symmetric; returns 0 for identical points.
   */
  public static double distanceMeters(double lat1, double lon1, double lat2, double lon2) {
    double phi1 = Math.toRadians(lat1);
    double phi2 = Math.toRadians(lat2);
    double sinDPhi = Math.sin((phi2 - phi1) * 0.5);
    double sinDLambda = Math.sin(Math.toRadians(lon2 - lon1) * 0.5);
    double a = sinDPhi * sinDPhi + Math.cos(phi1) * Math.cos(phi2) * sinDLambda * sinDLambda;
    return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1.0, Math.sqrt(a)));
  }
}
