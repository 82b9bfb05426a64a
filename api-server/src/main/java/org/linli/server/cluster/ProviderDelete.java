package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.util.Map;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.server.store.ProviderCodec;

/**
 * Removes one provider on the partition that owns it, if {@code caller} may (ADMIN, or the owning
 * AGENCY): the check and the removal are one atomic step. Answers whether there was a provider to
 * remove.
 */
public final class ProviderDelete
    implements EntryProcessor<String, HazelcastJsonValue, Outcome<Boolean>> {
  private static final long serialVersionUID = 1L;

  private final CallerRef caller;

  public ProviderDelete(Principal caller) {
    this.caller = CallerRef.of(caller);
  }

  @Override
  public Outcome<Boolean> process(Map.Entry<String, HazelcastJsonValue> entry) {
    return Outcome.of(() -> apply(entry));
  }

  private Boolean apply(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue old = entry.getValue();
    Principal p = caller.principal();
    if (old == null) {
      Access.requireProviderWrite(
          p, false, null, false, null); // anonymous callers learn nothing either way
      return false;
    }
    Access.requireProviderWrite(p, true, ProviderCodec.agencyIdOf(old.getValue()), false, null);
    entry.setValue(null);
    return true;
  }
}
