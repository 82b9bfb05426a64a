package org.linli.geo.region;

import java.util.Collection;

/**
 * Where regions live (port): in api-server, the cluster's regions map written through to the
 * database, with the {@link RegionIndex} every member rebuilds from it. Blocking; thread-safe.
 */
public interface RegionStore {
  /** The regions as indexed now (empty until loaded). */
  RegionIndex index();

  /**
   * Stores {@code regions} (replacing those of the same ids), durably, and answers once {@link
   * #index} shows them.
   */
  void putAll(Collection<RegionIndex.Bounded> regions);
}
