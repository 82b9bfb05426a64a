package org.linli.core.agency;

import java.util.Optional;

/**
 * The registered agencies (port). Blocking; call on a worker. Implementations: in memory (tests)
 * and the Hazelcast {@code agencies} map written through to its table (api-server).
 */
public interface AgencyStore {
  /** Every registered agency. */
  java.util.List<Agency> all();

  /** The agency with this id, if registered. */
  Optional<Agency> get(String id);

  /**
   * Stores {@code agency} whole (create or replace).
   *
   * @return whether it was created
   */
  boolean put(Agency agency);

  /**
   * Replaces the contact fields of a registered agency atomically (null clears one).
   *
   * @return the agency after, or empty when there is none
   */
  Optional<Agency> changeContact(
      String id,
      @org.linli.core.Nullable String address,
      @org.linli.core.Nullable String phone,
      java.time.Instant at);
}
