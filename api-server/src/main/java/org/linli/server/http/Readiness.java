package org.linli.server.http;

/**
 * What {@code /health/ready} reports, asked without blocking. Ready means: this member's index holds every
 * stored provider, the durable store answers, and the member is in its cluster. Matching needs only the first;
 * writes need all three.
 */
public interface Readiness {
  /** This member's index has been loaded from the map, which has been loaded from the durable store. */
  boolean indexLoaded();

  /** Loading from the durable store lost documents: the index will not load (the member needs a restart). */
  default boolean loadFailed() {
    return false;
  }

  /** The durable store answered its last health ping. */
  boolean storeUp();

  /** The Hazelcast member is running. */
  boolean clusterUp();

  default boolean ready() {
    return indexLoaded() && storeUp() && clusterUp();
  }
}
