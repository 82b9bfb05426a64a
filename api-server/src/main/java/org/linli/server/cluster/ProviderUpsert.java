package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.util.List;
import java.util.Map;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.core.cases.Reservations;
import org.linli.core.provider.Provider;
import org.linli.server.store.ProviderCodec;

/**
 * Creates or replaces one provider atomically on the partition that owns it. On replace, the state
 * that other parts of Linli own is kept: {@code activeCases} and its holds (the case lifecycle) and
 * {@code rating} (feedback). Answers whether the provider was created and the document as stored
 * (as a client sees it), so the caller needs no second read.
 */
public final class ProviderUpsert
    implements EntryProcessor<String, HazelcastJsonValue, Outcome<ProviderUpsert.Result>> {
  /** What the upsert did: whether it created the provider, and the document as stored. */
  public record Result(boolean created, String stored) implements java.io.Serializable {}

  private static final long serialVersionUID = 1L;

  /** The new provider, as {@link ProviderCodec} stores it (decoded once on the owning member). */
  private final String next;

  private final CallerRef caller;

  /**
   * @param provider the new record; its {@code updatedAt} should already be set
   * @param caller who writes; checked against the stored record on the owning partition, so the
   *     check and the write are one atomic step
   */
  public ProviderUpsert(Provider provider, Principal caller) {
    this.next = ProviderCodec.encode(provider);
    this.caller = CallerRef.of(caller);
  }

  /**
   * What to store for {@code next} over {@code previous} (the stored provider, null for a new one):
   * a replaced provider keeps what other parts of Linli own, its {@code rating} (feedback), {@code
   * activeCases} and holds (the case lifecycle); a new one is stored as given. The same inputs
   * always give the same result.
   */
  static ProviderCodec.Stored merged(Provider next, ProviderCodec.Stored previous) {
    if (previous == null) {
      return new ProviderCodec.Stored(next, new Reservations(next.activeCases(), List.of()));
    }
    return new ProviderCodec.Stored(
        next.withRating(previous.provider().rating()), previous.reservations());
  }

  @Override
  public Outcome<Result> process(Map.Entry<String, HazelcastJsonValue> entry) {
    return Outcome.of(() -> apply(entry));
  }

  private Result apply(Map.Entry<String, HazelcastJsonValue> entry) {
    Provider provider = ProviderCodec.decode(next).provider();
    HazelcastJsonValue old = entry.getValue();
    ProviderCodec.Stored previous = old == null ? null : ProviderCodec.decode(old.getValue());
    Access.requireProviderWrite(
        caller.principal(),
        previous != null,
        previous == null ? null : previous.provider().agencyId(),
        true,
        provider.agencyId());
    ProviderCodec.Stored m = merged(provider, previous);
    String stored = ProviderCodec.encode(m.provider(), m.reservations());
    entry.setValue(new HazelcastJsonValue(stored));
    return new Result(old == null, stored);
  }
}
