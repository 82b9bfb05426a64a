package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.util.Map;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/**
 * Stores imported providers of one partition, each atomically on its entry: a provider that exists already keeps
 * its {@code activeCases}, holds and rating, exactly as a single replace does ({@link ProviderUpsert#merged}), so
 * that re-importing a roster never frees capacity that accepted cases hold; a new one is stored with the
 * {@code activeCases} the file gives. Carries only the documents of the keys it is submitted for.
 */
final class ProviderImport implements EntryProcessor<String, HazelcastJsonValue, Void> {
  private static final long serialVersionUID = 1L;

  /** Imported documents by id, as {@link ProviderJson#write} gives them (the file's activeCases included). */
  private final Map<String, String> imported;

  ProviderImport(Map<String, String> imported) {
    this.imported = imported;
  }

  @Override
  public Void process(Map.Entry<String, HazelcastJsonValue> entry) {
    String doc = imported.get(entry.getKey());
    if (doc != null) {
      entry.setValue(new HazelcastJsonValue(merge(ProviderJson.fromStore(doc), entry.getValue())));
    }
    return null;
  }

  /** The document an import of {@code p} stores over {@code old} (null: a new provider). */
  static String merge(Provider p, HazelcastJsonValue old) {
    Provider previous = old == null ? null : ProviderJson.fromStore(old.getValue());
    return Json.write(ProviderUpsert.merged(p, previous, old, BayesianPrior.DEFAULT));
  }
}
