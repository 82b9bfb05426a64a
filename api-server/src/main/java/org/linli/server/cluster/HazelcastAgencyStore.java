package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.linli.core.agency.Agency;
import org.linli.core.agency.AgencyStore;
import org.linli.core.error.UnavailableException;
import org.linli.server.store.AgencyCodec;

/**
 * The {@link AgencyStore} over the {@code agencies} map, written through to its table before a
 * write returns. Until {@link #attach} it answers 503 {@code loading}. Blocking.
 */
public final class HazelcastAgencyStore implements AgencyStore {
  private volatile IMap<String, HazelcastJsonValue> map;

  /** Starts answering from {@code agencies} (loaded). */
  public void attach(IMap<String, HazelcastJsonValue> agencies) {
    this.map = agencies;
  }

  private IMap<String, HazelcastJsonValue> map() {
    IMap<String, HazelcastJsonValue> m = map;
    if (m == null) {
      throw new UnavailableException(
          "loading", "Linli is still loading agencies from the durable store; retry shortly.");
    }
    return m;
  }

  @Override
  public java.util.List<Agency> all() {
    return map().values().stream().map(v -> AgencyCodec.decode(v.getValue())).toList();
  }

  @Override
  public Optional<Agency> get(String id) {
    HazelcastJsonValue v = map().get(id);
    return v == null ? Optional.empty() : Optional.of(AgencyCodec.decode(v.getValue()));
  }

  @Override
  public boolean put(Agency agency) {
    return map().put(agency.id(), new HazelcastJsonValue(AgencyCodec.encode(agency))) == null;
  }

  @Override
  public Optional<Agency> changeContact(String id, String address, String phone, Instant at) {
    String doc = map().executeOnKey(id, new ContactChange(address, phone, at.toEpochMilli()));
    return doc == null ? Optional.empty() : Optional.of(AgencyCodec.decode(doc));
  }

  /** An agency's address and phone replaced atomically on its partition; the document after. */
  static final class ContactChange implements EntryProcessor<String, HazelcastJsonValue, String> {
    private static final long serialVersionUID = 1L;
    private final String address;
    private final String phone;
    private final long atMillis;

    ContactChange(String address, String phone, long atMillis) {
      this.address = address;
      this.phone = phone;
      this.atMillis = atMillis;
    }

    @Override
    public String process(Map.Entry<String, HazelcastJsonValue> entry) {
      HazelcastJsonValue v = entry.getValue();
      if (v == null) {
        return null;
      }
      Agency after =
          AgencyCodec.decode(v.getValue())
              .withContact(address, phone)
              .withUpdatedAt(Instant.ofEpochMilli(atMillis));
      String doc = AgencyCodec.encode(after);
      entry.setValue(new HazelcastJsonValue(doc));
      return doc;
    }
  }
}
