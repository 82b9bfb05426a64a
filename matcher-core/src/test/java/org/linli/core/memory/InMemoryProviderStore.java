package org.linli.core.memory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.linli.core.cases.ReservationChange;
import org.linli.core.cases.Reservations;
import org.linli.core.provider.ProviderStore;
import org.linli.core.rating.Rating;

/**
 * {@link ProviderStore} in a map: each change is one atomic {@code compute} on the provider's
 * entry. For tests.
 */
public final class InMemoryProviderStore implements ProviderStore {
  /** What is stored of one provider. */
  public record Stored(String agencyId, int capacity, Reservations reservations, Rating rating) {}

  private final Map<String, Stored> providers = new ConcurrentHashMap<>();

  /** Adds or replaces a provider with no units taken and no rating. */
  public InMemoryProviderStore put(String id, String agencyId, int capacity) {
    providers.put(id, new Stored(agencyId, capacity, new Reservations(0, List.of()), null));
    return this;
  }

  /** Adds or replaces a provider as an import would: {@code activeCases} units taken, no holds. */
  public InMemoryProviderStore imported(String id, String agencyId, int capacity, int activeCases) {
    providers.put(
        id, new Stored(agencyId, capacity, new Reservations(activeCases, List.of()), null));
    return this;
  }

  public void remove(String id) {
    providers.remove(id);
  }

  public Stored stored(String id) {
    return providers.get(id);
  }

  @Override
  public Map<String, Owner> owners(Collection<String> ids) {
    Map<String, Owner> out = new HashMap<>();
    ids.forEach(
        id -> {
          Stored s = providers.get(id);
          if (s != null) {
            out.put(id, new Owner(s.agencyId()));
          }
        });
    return out;
  }

  @Override
  public CompletionStage<Boolean> reserve(String providerId, ReservationChange change) {
    boolean[] changed = new boolean[1];
    providers.computeIfPresent(
        providerId,
        (k, s) -> {
          Reservations after = change.applyTo(s.reservations(), s.capacity());
          if (after == null || after.equals(s.reservations())) {
            return s;
          }
          changed[0] = true;
          return new Stored(s.agencyId(), s.capacity(), after, s.rating());
        });
    return CompletableFuture.completedFuture(changed[0]);
  }

  @Override
  public Reservations reservations(String providerId) {
    Stored s = providers.get(providerId);
    return s == null ? null : s.reservations();
  }

  @Override
  public Collection<String> heldSince(long cutoffMillis) {
    return providers.entrySet().stream()
        .filter(
            e ->
                e.getValue().reservations().holds().stream()
                    .anyMatch(h -> h.atMillis() <= cutoffMillis))
        .map(Map.Entry::getKey)
        .toList();
  }

  @Override
  public boolean rate(String providerId, Rating rating, boolean force) {
    boolean[] changed = new boolean[1];
    providers.computeIfPresent(
        providerId,
        (k, s) -> {
          long stored = s.rating() == null ? 0 : s.rating().count();
          if (rating.equals(s.rating()) || (!force && rating.count() < stored)) {
            return s;
          }
          changed[0] = true;
          return new Stored(s.agencyId(), s.capacity(), s.reservations(), rating);
        });
    return changed[0];
  }
}
