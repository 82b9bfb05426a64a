package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.time.Instant;
import java.util.Map;
import org.linli.core.provider.Provider;
import org.linli.server.store.ProviderCodec;

/**
 * Makes a provider ACTIVE again, atomically on its partition, when its status has ended by the
 * given time ({@link Provider#statusLapsed}); answers whether it did. Written through like every
 * change, so the index and the database follow.
 */
public final class StatusLapse implements EntryProcessor<String, HazelcastJsonValue, Boolean> {
  private static final long serialVersionUID = 1L;

  private final long nowMillis;

  public StatusLapse(long nowMillis) {
    this.nowMillis = nowMillis;
  }

  @Override
  public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue v = entry.getValue();
    if (v == null) {
      return false;
    }
    ProviderCodec.Stored s = ProviderCodec.decode(v.getValue());
    Instant now = Instant.ofEpochMilli(nowMillis);
    if (!s.provider().statusLapsed(now)) {
      return false;
    }
    entry.setValue(
        new HazelcastJsonValue(
            ProviderCodec.encode(s.provider().reactivated().withUpdatedAt(now), s.reservations())));
    return true;
  }
}
