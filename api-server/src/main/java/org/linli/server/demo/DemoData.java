package org.linli.server.demo;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import java.util.List;
import org.linli.core.provider.Provider;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.server.cluster.ProviderRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo data set: a synthetic Shenzhen of {@value #PROVIDERS} providers from a fixed seed,
 * loaded only into an empty store, so that a first {@code java -jar} has something real to match
 * against. Entirely synthetic.
 */
public final class DemoData {
  public static final int PROVIDERS = 3_000;
  public static final long SEED = 20_261_126L;
  private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

  private DemoData() {}

  /** Loads {@code providers} (the demo's, {@link #providers}) if the map is empty. Blocking. */
  public static void loadIfEmpty(
      IMap<String, HazelcastJsonValue> map, ProviderRegistry registry, List<Provider> providers) {
    if (!map.isEmpty()) {
      return;
    }
    registry.importAll(providers);
    LOG.info(
        "Loaded {} synthetic demo providers (LINLI_DEMO=false turns this off)", providers.size());
  }

  /** Stores the demo city's made-up regions if there are no regions yet. Blocking. */
  public static void loadRegionsIfEmpty(IMap<String, HazelcastJsonValue> regions) {
    if (!regions.isEmpty()) {
      return;
    }
    SyntheticCity city = new SyntheticCity(SEED);
    java.util.Map<String, HazelcastJsonValue> docs = new java.util.HashMap<>();
    for (org.linli.geo.region.RegionIndex.Bounded b :
        org.linli.geo.region.SyntheticRegions.of(SEED, city.centres(), city.backgroundBox())) {
      docs.put(
          b.region().id(),
          new HazelcastJsonValue(
              org.linli.server.store.RegionCodec.encode(b.region(), b.geometry())));
    }
    regions.putAll(docs);
    LOG.info("Loaded {} synthetic demo regions (示范市; not real boundaries)", docs.size());
  }

  /**
   * The demo providers, ids {@code demo-1 … demo-3000}; four in five say how to reach them, when
   * they are open, what they cost and whom they serve.
   */
  public static List<Provider> providers() {
    org.linli.core.synthetic.SyntheticServices services =
        new org.linli.core.synthetic.SyntheticServices(SEED);
    java.util.Random some = new java.util.Random(SEED);
    return new SyntheticCity(SEED)
        .providers(PROVIDERS, "demo-").stream()
            .map(p -> some.nextInt(5) == 0 ? p : p.withDetails(services.details()))
            .toList();
  }
}
