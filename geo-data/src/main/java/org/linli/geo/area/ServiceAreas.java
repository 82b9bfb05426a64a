package org.linli.geo.area;

import java.util.Locale;
import org.linli.core.error.InvalidInputException;
import org.linli.core.geo.GeoPolygon;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Topological checks of service areas with JTS, beyond the structural ones {@link GeoPolygon} makes
 * itself. A service area must be a valid (OGC simple features) polygon: no self-intersections
 * (bow-ties), no self-touching rings, holes inside their shells. Invalid areas are reported, not
 * silently repaired: a provider's service area is a promise to residents, so its owner must fix it.
 * Stateless, thread-safe.
 */
public final class ServiceAreas {
  private ServiceAreas() {}

  /**
   * Checks {@code area}. Returns it unchanged when valid.
   *
   * @throws InvalidInputException naming {@code serviceArea} with JTS's reason and the location of
   *     the fault
   */
  public static GeoPolygon requireValid(GeoPolygon area) {
    TopologyValidationError error = validationError(area);
    if (error != null) {
      Coordinate at = error.getCoordinate();
      String where = at == null ? "" : String.format(Locale.ROOT, " at [%.7f, %.7f]", at.x, at.y);
      throw new InvalidInputException(
          "serviceArea", "invalid polygon: " + error.getMessage().toLowerCase(Locale.ROOT) + where);
    }
    return area;
  }

  /** JTS's first validity error for {@code area}, or null when it is valid. */
  public static TopologyValidationError validationError(GeoPolygon area) {
    Geometry g = JtsGeometries.geometry(area);
    return new IsValidOp(g).getValidationError();
  }
}
