package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.util.Map;
import org.linli.core.access.Access;
import org.linli.core.access.Principal;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/**
 * Creates or replaces one provider atomically on the partition that owns it. On replace, the state
 * that other parts of Linli own is kept: {@code activeCases} and its holds (the case lifecycle) and
 * {@code rating} (feedback). Answers whether the provider was created and the document as stored
 * (as a client sees it), so the caller needs no second read.
 */
public final class ProviderUpsert
    implements EntryProcessor<String, HazelcastJsonValue, Outcome<ProviderUpsert.Result>> {
  /**
   * What the upsert did: whether it created the provider, and the stored document as a client sees
   * it.
   */
  public record Result(boolean created, String json) implements java.io.Serializable {}

  private static final long serialVersionUID = 1L;

  private final String json;
  private final CallerRef caller;
  private final double priorMean;
  private final double priorWeight;

  /**
   * @param provider the new document; its {@code updatedAt} should already be set
   * @param caller who writes; checked against the stored record on the owning partition, so the
   *     check and the write are one atomic step
   * @param prior the rating prior the answer's {@code rating} is scored with (the index's)
   */
  public ProviderUpsert(Provider provider, Principal caller, BayesianPrior prior) {
    this.json = Json.write(ProviderJson.write(provider, prior));
    this.caller = CallerRef.of(caller);
    this.priorMean = prior.mean();
    this.priorWeight = prior.weight();
  }

  /**
   * The document to store for {@code next} over {@code old} (the stored document, null for a new
   * provider, and {@code previous} its record): a replaced provider keeps what other parts of Linli
   * own, its {@code rating} (feedback), {@code activeCases} and holds (the case lifecycle); a new
   * one is stored as given. The same inputs always give the same document.
   */
  static com.fasterxml.jackson.databind.node.ObjectNode merged(
      Provider next, Provider previous, HazelcastJsonValue old, BayesianPrior prior) {
    com.fasterxml.jackson.databind.node.ObjectNode doc =
        ProviderJson.write(previous == null ? next : next.withRating(previous.rating()), prior);
    if (old != null) { // the case lifecycle's units and holds stay as they are
      CapacityChange.write(CapacityChange.read(Json.parse(old.getValue())), doc);
    }
    return doc;
  }

  @Override
  public Outcome<Result> process(Map.Entry<String, HazelcastJsonValue> entry) {
    return Outcome.of(() -> apply(entry));
  }

  private Result apply(Map.Entry<String, HazelcastJsonValue> entry) {
    Provider next = ProviderJson.fromStore(json);
    HazelcastJsonValue old = entry.getValue();
    Provider previous = old == null ? null : ProviderJson.fromStore(old.getValue());
    Access.requireProviderWrite(
        caller.principal(),
        previous != null,
        previous == null ? null : previous.agencyId(),
        true,
        next.agencyId());
    com.fasterxml.jackson.databind.node.ObjectNode doc =
        merged(next, previous, old, new BayesianPrior(priorMean, priorWeight));
    String stored = Json.write(doc);
    entry.setValue(new HazelcastJsonValue(stored));
    doc.remove(CapacityChange.HOLDS); // the client's view
    return new Result(old == null, Json.write(doc));
  }
}
