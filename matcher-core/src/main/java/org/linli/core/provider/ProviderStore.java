package org.linli.core.provider;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.linli.core.cases.ReservationChange;
import org.linli.core.cases.Reservations;
import org.linli.core.rating.Rating;

/**
 * What the case and feedback flows need of the stored providers (port): who owns them, their
 * capacity reservations, their ratings. Methods answering a {@link CompletionStage} never block
 * their caller; the others block. Implementations: in memory (tests) and the Hazelcast providers
 * map (api-server), which pass the same contract test.
 */
public interface ProviderStore {
  /**
   * The agencies of the providers with these ids that exist (a deleted one is missing). Blocking.
   */
  Map<String, Owner> owners(Collection<String> ids);

  /**
   * Applies {@code change} to the provider's reservations atomically, bounded by its capacity.
   *
   * @return whether it changed anything (false: refused for lack of capacity, nothing to change, or
   *     no such provider)
   */
  CompletionStage<Boolean> reserve(String providerId, ReservationChange change);

  /** The provider's reservations, or null when there is no such provider. Blocking. */
  Reservations reservations(String providerId);

  /**
   * Ids of the providers this member is responsible for that have a hold taken at or before {@code
   * cutoffMillis}. Blocking.
   */
  Collection<String> heldSince(long cutoffMillis);

  /**
   * Sets the provider's rating, unless a tally of more ratings is already there ({@code force}:
   * even then). Blocking.
   *
   * @return whether it changed anything (false also for an unknown provider)
   */
  boolean rate(String providerId, Rating rating, boolean force);

  /** A provider's owner: its agency, or null when it has none. */
  record Owner(String agencyId) {}
}
