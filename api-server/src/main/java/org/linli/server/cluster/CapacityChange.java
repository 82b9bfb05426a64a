package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.util.Map;
import org.linli.core.cases.ReservationChange;
import org.linli.core.cases.Reservations;
import org.linli.server.store.ProviderCodec;

/**
 * One {@link ReservationChange} of a provider's {@link Reservations}, atomically on the partition
 * that owns it: reserve a unit for an acceptance attempt, free a case's units, settle a case's old
 * holds against its state, or adopt an accepted case. A reservation succeeds only while {@code
 * activeCases < capacity}, so no interleaving of acceptances can push a provider past its capacity.
 * The holds live in the stored document ({@code holds}, never shown to clients). Answers whether it
 * changed anything (false: full, nothing to free, or the provider is gone).
 */
public final class CapacityChange implements EntryProcessor<String, HazelcastJsonValue, Boolean> {
  private static final long serialVersionUID = 1L;

  /** The stored document's field with the holds. */
  public static final String HOLDS = ProviderCodec.HOLDS;

  private final ReservationChange change;

  public CapacityChange(ReservationChange change) {
    this.change = change;
  }

  /**
   * Reserves one unit for {@code caseId}'s acceptance attempt {@code token}, if capacity allows.
   */
  public static CapacityChange reserve(String caseId, String token, long nowMillis) {
    return new CapacityChange(ReservationChange.reserve(caseId, token, nowMillis));
  }

  @Override
  public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue v = entry.getValue();
    if (v == null) {
      return false;
    }
    ProviderCodec.Stored stored = ProviderCodec.decode(v.getValue());
    Reservations before = stored.reservations();
    Reservations after = change.applyTo(before, stored.provider().capacity());
    if (after == null || after.equals(before)) {
      return false;
    }
    entry.setValue(new HazelcastJsonValue(ProviderCodec.encode(stored.provider(), after)));
    return true;
  }
}
