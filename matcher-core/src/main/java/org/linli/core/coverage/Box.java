package org.linli.core.coverage;

import org.linli.core.error.InvalidInputException;

/** A box of WGS84 coordinates: south-west and north-east corners, in degrees. */
public record Box(double minLat, double minLon, double maxLat, double maxLon) {
  public Box {
    if (!(minLon < maxLon
        && minLat < maxLat
        && minLon >= -180
        && maxLon <= 180
        && minLat >= -90
        && maxLat <= 90)) {
      throw new InvalidInputException(
          "bbox",
          "give minLon,minLat,maxLon,maxLat in degrees, west before east and south before north");
    }
  }
}
