package org.linli.server.http;

/**
 * What {@code /health/ready} reports, asked without blocking. Ready means: this member's index
 * holds every stored provider, its match path has been warmed up, the durable store answers, and
 * the member is in its cluster. Matching needs only the index; writes need the index, the store and
 * the cluster.
 */
public interface Readiness {
  /**
   * This member's index has been loaded from the map, which has been loaded from the durable store.
   */
  boolean indexLoaded();

  /**
   * Loading from the durable store lost documents: the index will not load (the member needs a
   * restart).
   */
  default boolean loadFailed() {
    return false;
  }

  /**
   * The warm-up after the load has finished (or was off): a load balancer that waits for readiness
   * sends traffic to compiled code, not to the interpreter.
   */
  default boolean warm() {
    return true;
  }

  /** The durable store answered its last health ping. */
  boolean storeUp();

  /** The Hazelcast member is running. */
  boolean clusterUp();

  default boolean ready() {
    return indexLoaded() && warm() && storeUp() && clusterUp();
  }
}
