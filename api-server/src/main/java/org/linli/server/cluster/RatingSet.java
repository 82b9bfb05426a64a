package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.util.EnumMap;
import java.util.Map;
import org.linli.core.rating.Dimension;
import org.linli.core.rating.Rating;
import org.linli.server.store.ProviderCodec;

/**
 * Sets a provider's rating, as tallied from the feedback ledger, atomically on its partition. The
 * ledger only grows, so a tally of more ratings is newer: unless forced, a tally of fewer ratings
 * than the stored one (read before a concurrent feedback) is ignored. Answers whether it changed
 * anything.
 */
public final class RatingSet implements EntryProcessor<String, HazelcastJsonValue, Boolean> {
  private static final long serialVersionUID = 1L;

  private final Double average;
  private final long count;
  private final double score;
  private final EnumMap<Dimension, Double> dimensions;
  private final boolean force;

  /**
   * @param force set even a tally of fewer ratings (the ledger is the truth; only when nothing
   *     races it)
   */
  public RatingSet(Rating r, boolean force) {
    this.average = r.average();
    this.count = r.count();
    this.score = r.score();
    this.dimensions = new EnumMap<>(Dimension.class);
    this.dimensions.putAll(r.dimensions());
    this.force = force;
  }

  @Override
  public Boolean process(Map.Entry<String, HazelcastJsonValue> entry) {
    HazelcastJsonValue v = entry.getValue();
    if (v == null) {
      return false;
    }
    ProviderCodec.Stored s = ProviderCodec.decode(v.getValue());
    Rating next = new Rating(average, count, score, dimensions);
    Rating current = s.provider().rating();
    long stored = current == null ? 0 : current.count();
    if (next.equals(current) || (!force && count < stored)) {
      return false;
    }
    entry.setValue(
        new HazelcastJsonValue(
            ProviderCodec.encode(s.provider().withRating(next), s.reservations())));
    return true;
  }
}
