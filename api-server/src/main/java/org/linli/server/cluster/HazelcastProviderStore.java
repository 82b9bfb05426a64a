package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.linli.core.cases.ReservationChange;
import org.linli.core.cases.Reservations;
import org.linli.core.error.UnavailableException;
import org.linli.core.provider.ProviderStore;
import org.linli.core.rating.Rating;
import org.linli.server.store.ProviderCodec;

/**
 * The {@link ProviderStore} of a cluster: the {@code providers} IMap (written through to the
 * database). Capacity and rating changes are entry processors on the provider's partition ({@link
 * CapacityChange}, {@link RatingSet}). Until {@link #attach} it answers 503 {@code loading}.
 */
public final class HazelcastProviderStore implements ProviderStore {
  private volatile IMap<String, HazelcastJsonValue> providers;

  /** Serves from the loaded map from now on. */
  public HazelcastProviderStore attach(IMap<String, HazelcastJsonValue> loaded) {
    this.providers = loaded;
    return this;
  }

  private IMap<String, HazelcastJsonValue> map() {
    IMap<String, HazelcastJsonValue> m = providers;
    if (m == null) {
      throw new UnavailableException(
          "loading",
          "Linli is still loading providers from the durable store; retry" + " shortly.");
    }
    return m;
  }

  @Override
  public Map<String, Owner> owners(Collection<String> ids) {
    Map<String, Owner> out = new HashMap<>();
    map()
        .getAll(new HashSet<>(ids))
        .forEach((id, v) -> out.put(id, new Owner(ProviderCodec.agencyIdOf(v.getValue()))));
    return out;
  }

  @Override
  public CompletionStage<Boolean> reserve(String providerId, ReservationChange change) {
    return map().submitToKey(providerId, new CapacityChange(change));
  }

  @Override
  public Reservations reservations(String providerId) {
    HazelcastJsonValue v = map().get(providerId);
    return v == null ? null : ProviderCodec.decode(v.getValue()).reservations();
  }

  @Override
  public Collection<String> heldSince(long cutoffMillis) {
    return map().localKeySet(Predicates.lessEqual(ProviderCodec.HOLDS + "[any].at", cutoffMillis));
  }

  /**
   * Makes ACTIVE again each provider this member owns whose status has ended by {@code now} (a
   * {@code statusUntil} day begun in its zone; zones run at most 14 hours ahead of UTC, so the
   * indexed query asks for days up to tomorrow's and {@link StatusLapse} decides). Blocking.
   *
   * @return how many
   */
  public int lapseStatuses(Instant now) {
    String latest = now.atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).toString();
    Set<String> ids =
        map().localKeySet(Predicates.lessEqual(ProviderCodec.STATUS_UNTIL_PATH, latest));
    if (ids.isEmpty()) {
      return 0;
    }
    int changed = 0;
    for (Boolean done : map().executeOnKeys(ids, new StatusLapse(now.toEpochMilli())).values()) {
      changed += Boolean.TRUE.equals(done) ? 1 : 0;
    }
    return changed;
  }

  @Override
  public boolean rate(String providerId, Rating rating, boolean force) {
    return map().executeOnKey(providerId, new RatingSet(rating, force));
  }
}
