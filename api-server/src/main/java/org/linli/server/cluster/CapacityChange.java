package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.util.Map;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/**
 * Reserves ({@code +1}) or frees ({@code -1}) one unit of a provider's capacity, atomically on its partition.
 * A reservation succeeds only while {@code activeCases < capacity}, so no interleaving of acceptances can push a
 * provider past its capacity. Answers whether it changed anything (false: full, or nothing to free, or gone).
 */
public final class CapacityChange implements EntryProcessor<String, HazelcastJsonValue, Boolean> {
  private static final long serialVersionUID = 1L;

  private final int delta;

  private CapacityChange(int delta) {
    this.delta = delta;
  }

  public static CapacityChange reserve() {
    return new CapacityChange(1);
  }

  public static CapacityChange free() {
    return new CapacityChange(-1);
  }

  @Override
  public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue v = entry.getValue();
    if (v == null) {
      return false;
    }
    Provider p = ProviderJson.fromStore(v.getValue());
    int next = p.activeCases() + delta;
    if (next < 0 || (delta > 0 && next > p.capacity())) {
      return false;
    }
    entry.setValue(new HazelcastJsonValue(Json.write(ProviderJson.write(p.withActiveCases(next),
        BayesianPrior.DEFAULT))));
    return true;
  }
}
