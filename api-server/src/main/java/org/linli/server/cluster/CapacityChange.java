package org.linli.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.linli.core.cases.ReservationChange;
import org.linli.core.cases.Reservations;
import org.linli.server.json.Json;

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
  public static final String HOLDS = "holds";

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
    ObjectNode doc = (ObjectNode) Json.parse(v.getValue());
    Reservations before = read(doc);
    Reservations after = change.applyTo(before, doc.path("capacity").asInt());
    if (after == null || after.equals(before)) {
      return false;
    }
    write(after, doc);
    entry.setValue(new HazelcastJsonValue(Json.write(doc)));
    return true;
  }

  /** The reservations recorded in a stored provider document. */
  public static Reservations read(JsonNode doc) {
    List<Reservations.Hold> holds = new ArrayList<>();
    for (JsonNode h : doc.path(HOLDS)) {
      holds.add(
          new Reservations.Hold(
              h.path("caseId").asText(), h.path("token").asText(), h.path("at").asLong()));
    }
    return new Reservations(Math.max(doc.path("activeCases").asInt(), holds.size()), holds);
  }

  /** Records {@code r} in a stored provider document ({@code activeCases} and {@code holds}). */
  public static void write(Reservations r, ObjectNode doc) {
    doc.put("activeCases", r.activeCases());
    if (r.holds().isEmpty()) {
      doc.remove(HOLDS);
      return;
    }
    ArrayNode a = doc.putArray(HOLDS);
    for (Reservations.Hold h : r.holds()) {
      a.addObject().put("caseId", h.caseId()).put("token", h.token()).put("at", h.atMillis());
    }
  }
}
