package org.linli.server.cluster;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.EntryProcessor;
import java.util.Map;
import org.linli.core.provider.Provider;
import org.linli.server.store.ProviderCodec;

/**
 * Stores imported providers of one partition, each atomically on its entry: a provider that exists
 * already keeps its {@code activeCases}, holds and rating, exactly as a single replace does ({@link
 * ProviderUpsert#merged}), so that re-importing a roster never frees capacity that accepted cases
 * hold; a new one is stored with the {@code activeCases} the file gives. Carries only the documents
 * of the keys it is submitted for.
 */
final class ProviderImport implements EntryProcessor<String, HazelcastJsonValue, Void> {
  private static final long serialVersionUID = 1L;

  /**
   * Imported documents by id, as a new provider is stored ({@link #fresh}: the file's activeCases
   * included); an existing one is merged on its entry.
   */
  private final Map<String, String> imported;

  ProviderImport(Map<String, String> imported) {
    this.imported = imported;
  }

  @Override
  public Void process(Map.Entry<String, HazelcastJsonValue> entry) {
    String doc = imported.get(entry.getKey());
    if (doc != null) {
      HazelcastJsonValue old = entry.getValue();
      entry.setValue(
          new HazelcastJsonValue(
              old == null ? doc : merge(ProviderCodec.decode(doc).provider(), old)));
    }
    return null;
  }

  /** The document an import of {@code p} stores when no provider of its id exists. */
  static String fresh(Provider p) {
    return ProviderCodec.encode(p);
  }

  /**
   * The document an import of {@code p} stores over {@code old}, an existing provider's stored
   * document.
   */
  static String merge(Provider p, HazelcastJsonValue old) {
    ProviderCodec.Stored m = ProviderUpsert.merged(p, ProviderCodec.decode(old.getValue()));
    return ProviderCodec.encode(m.provider(), m.reservations());
  }
}
