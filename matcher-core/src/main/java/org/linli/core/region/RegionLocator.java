package org.linli.core.region;

import java.util.List;
import org.linli.core.geo.GeoPoint;

/**
 * Which loaded regions hold a place (port): the region index each member keeps. Thread-safe; reads
 * memory.
 */
public interface RegionLocator {
  /** None: for servers and tests without regions. */
  RegionLocator NONE = p -> List.of();

  /** The ids of the regions holding {@code p}, every level, coarsest first; empty when none do. */
  List<String> regionsAt(GeoPoint p);
}
