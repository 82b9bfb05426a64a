package org.linli.server.cluster;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.linli.core.Nullable;
import org.linli.core.agency.Agency;
import org.linli.core.match.AgencyStandings;
import org.linli.server.store.AgencyCodec;

/**
 * The agencies' standings as this member's index reads them: a copy of each registered agency's
 * status, kept current by an entry listener on the agencies map; a change of standing is passed on
 * (to enter that agency's providers again). Thread-safe.
 */
public final class AgencyDirectory implements AgencyStandings {
  private final Map<String, Agency.AgencyStatus> statuses = new ConcurrentHashMap<>();

  /**
   * Reads every agency of {@code agencies} (loaded), then follows its changes, calling {@code
   * changed} with the id of each agency whose standing changed.
   */
  public void attach(IMap<String, HazelcastJsonValue> agencies, Consumer<String> changed) {
    Listener listener = new Listener(changed);
    // Listen first, then read: a change between the two is applied twice, never missed.
    agencies.addEntryListener(listener, true);
    // What is read here is in place before the index is first fed: no agency needs entering again.
    agencies
        .values()
        .forEach(
            v -> {
              Agency a = AgencyCodec.decode(v.getValue());
              statuses.put(a.id(), a.status());
            });
  }

  @Override
  public boolean mayServe(@Nullable String agencyId) {
    return agencyId == null || statuses.get(agencyId) != Agency.AgencyStatus.REVOKED;
  }

  @Override
  public boolean verified(@Nullable String agencyId) {
    return agencyId != null && statuses.get(agencyId) == Agency.AgencyStatus.NORMAL;
  }

  private final class Listener
      implements EntryAddedListener<String, HazelcastJsonValue>,
          EntryUpdatedListener<String, HazelcastJsonValue>,
          EntryRemovedListener<String, HazelcastJsonValue> {
    private final Consumer<String> changed;

    Listener(Consumer<String> changed) {
      this.changed = changed;
    }

    void set(Agency a) {
      if (statuses.put(a.id(), a.status()) != a.status()) {
        changed.accept(a.id());
      }
    }

    @Override
    public void entryAdded(EntryEvent<String, HazelcastJsonValue> event) {
      set(AgencyCodec.decode(event.getValue().getValue()));
    }

    @Override
    public void entryUpdated(EntryEvent<String, HazelcastJsonValue> event) {
      set(AgencyCodec.decode(event.getValue().getValue()));
    }

    @Override
    public void entryRemoved(EntryEvent<String, HazelcastJsonValue> event) {
      if (statuses.remove(event.getKey()) != null) {
        changed.accept(event.getKey());
      }
    }
  }
}
