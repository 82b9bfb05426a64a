package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Map;
import org.linli.core.error.NotFoundException;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/**
 * Provider reads and writes against the cluster map, through Hazelcast's async API so that the event loop never
 * blocks. The map holds each provider as the contract's JSON document. Thread-safe.
 */
public final class ProviderRegistry {
  private final IMap<String, HazelcastJsonValue> map;
  private final Clock clock;

  public ProviderRegistry(IMap<String, HazelcastJsonValue> map, Clock clock) {
    this.map = map;
    this.clock = clock;
  }

  /** The stored provider, or a failed future with {@link NotFoundException}. */
  public Future<Provider> get(String id, Context context) {
    return Future.fromCompletionStage(map.getAsync(id), context).map(v -> {
      if (v == null) {
        throw new NotFoundException("provider " + id);
      }
      return ProviderJson.fromStore(v.getValue());
    });
  }

  /** Creates or replaces a provider, keeping the state the case lifecycle and feedback own. */
  public Future<ProviderUpsert.Result> upsert(Provider p, Context context) {
    return Future.fromCompletionStage(map.submitToKey(p.id(), new ProviderUpsert(p.withUpdatedAt(clock.instant()))),
        context);
  }

  /** Removes a provider, or fails with {@link NotFoundException}. */
  public Future<Void> delete(String id, Context context) {
    return Future.fromCompletionStage(map.removeAsync(id), context).map(v -> {
      if (v == null) {
        throw new NotFoundException("provider " + id);
      }
      return null;
    });
  }

  /** Stores a batch of whole provider records (an import). Blocking: call it on a worker thread. */
  public void importAll(Iterable<Provider> providers) {
    Map<String, HazelcastJsonValue> batch = new java.util.HashMap<>();
    for (Provider p : providers) {
      Provider stamped = p.withUpdatedAt(clock.instant());
      batch.put(p.id(), new HazelcastJsonValue(Json.write(ProviderJson.write(stamped, BayesianPrior.DEFAULT))));
    }
    map.putAll(batch);
  }

  /** Number of stored providers. */
  public int size() {
    return map.size();
  }
}
