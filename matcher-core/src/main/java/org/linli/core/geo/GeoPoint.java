package org.linli.core.geo;

import org.linli.core.error.Problems;

/**
 * A point on the WGS84 datum, in decimal degrees. Immutable and thread-safe.
 *
 * <p>Its constructor throws {@link org.linli.core.error.InvalidInputException} naming {@code lat}
 * and/or {@code lon} when a value is NaN, infinite or out of range
 *
 * @param lat latitude in degrees, in [-90, 90]
 * @param lon longitude in degrees, in [-180, 180]
 */
public record GeoPoint(double lat, double lon) {
  public GeoPoint {
    // NaN fails every comparison, so this one test passes exactly the valid points; the messages
    // are built only
    // for a bad one (points are made for every request and every provider read).
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
      reject(lat, lon);
    }
  }

  private static void reject(double lat, double lon) {
    Problems problems = new Problems();
    if (problems.require(
        Double.isFinite(lat), "lat", "latitude " + lat + " is not a finite number")) {
      String hint =
          Math.abs(lat) > 90 && Math.abs(lon) <= 90 ? " (are latitude and longitude swapped?)" : "";
      problems.require(
          lat >= -90 && lat <= 90, "lat", "latitude " + lat + " outside [-90, 90]" + hint);
    }
    if (problems.require(
        Double.isFinite(lon), "lon", "longitude " + lon + " is not a finite number")) {
      problems.require(
          lon >= -180 && lon <= 180, "lon", "longitude " + lon + " outside [-180, 180]");
    }
    problems.throwIfAny();
  }

  /** Great-circle distance to {@code other} in metres; see {@link GreatCircle#distanceMeters}. */
  public double distanceMeters(GeoPoint other) {
    return GreatCircle.distanceMeters(lat, lon, other.lat, other.lon);
  }
}
