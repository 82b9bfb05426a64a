package org.linli.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.util.Map;
import org.linli.core.rating.Rating;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/**
 * Sets a provider's rating, as tallied from the feedback ledger, atomically on its partition. The
 * ledger only grows, so a tally of more ratings is newer: unless forced, a tally of fewer ratings
 * than the stored one (read before a concurrent feedback) is ignored. Answers whether it changed
 * anything.
 */
public final class RatingSet implements EntryProcessor<String, HazelcastJsonValue, Boolean> {
  private static final long serialVersionUID = 1L;

  private final String rating;
  private final long count;
  private final boolean force;

  /**
   * @param force set even a tally of fewer ratings (the ledger is the truth; only when nothing
   *     races it)
   */
  public RatingSet(Rating r, boolean force) {
    this.rating = Json.write(ProviderJson.write(r));
    this.count = r.count();
    this.force = force;
  }

  @Override
  public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue v = entry.getValue();
    if (v == null) {
      return false;
    }
    ObjectNode doc = (ObjectNode) Json.parse(v.getValue());
    JsonNode next = Json.parse(rating);
    long stored = doc.path("rating").path("count").asLong(0);
    if (next.equals(doc.get("rating")) || (!force && count < stored)) {
      return false;
    }
    doc.set("rating", next);
    entry.setValue(new HazelcastJsonValue(Json.write(doc)));
    return true;
  }
}
