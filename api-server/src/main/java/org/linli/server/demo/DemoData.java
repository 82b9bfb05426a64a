package org.linli.server.demo;

import com.hazelcast.core.HazelcastJsonValue;
import com.hazelcast.map.IMap;
import java.util.List;
import org.linli.core.agency.Agency;
import org.linli.core.agency.CreditCode;
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
            .map(DemoData::owned)
            .map(p -> some.nextInt(5) == 0 ? p : p.withDetails(services.details()))
            .toList();
  }

  /**
   * The provider with an agency that can answer its offers: an AGENCY is its own agency, a PROJECT
   * belongs to one of the demo's agencies (workers already do).
   */
  private static Provider owned(Provider p) {
    String agency =
        switch (p.kind()) {
          case WORKER -> p.agencyId();
          case AGENCY -> p.id();
          case PROJECT -> "a" + (1 + Math.floorMod(p.id().hashCode(), 200));
        };
    return p.withAgency(agency);
  }

  /**
   * A registered record for every agency of {@code providers}, with a made-up credit code that
   * passes its check (registered in Shenzhen by civil affairs: 52 440300 …); most NORMAL and
   * graded, a few ABNORMAL.
   */
  public static List<Agency> agencies(List<Provider> providers) {
    java.util.Map<String, String> names = new java.util.TreeMap<>();
    for (Provider p : providers) {
      if (p.agencyId() != null) {
        names.putIfAbsent(p.agencyId(), "示范市第" + p.agencyId().replace("a", "") + "社工服务中心");
        if (p.kind() == org.linli.core.provider.ProviderKind.AGENCY) {
          names.put(p.agencyId(), p.name());
        }
      }
    }
    java.util.Random random = new java.util.Random(SEED);
    Agency.Grade[] grades = Agency.Grade.values();
    List<Agency> out = new java.util.ArrayList<>();
    int n = 0;
    for (java.util.Map.Entry<String, String> e : names.entrySet()) {
      String first17 = String.format(java.util.Locale.ROOT, "52440300MJ%07d", ++n);
      out.add(
          new Agency(
              e.getKey(),
              e.getValue(),
              first17 + CreditCode.checkCharacter(first17),
              "示范市民政局",
              java.time.LocalDate.of(2012 + random.nextInt(12), 1 + random.nextInt(12), 1),
              null,
              null,
              null,
              random.nextInt(4) == 0 ? null : grades[random.nextInt(grades.length)],
              new Agency.AnnualReport(
                  2025,
                  random.nextInt(10) == 0
                      ? Agency.ReportStatus.OVERDUE
                      : Agency.ReportStatus.SUBMITTED),
              random.nextInt(20) == 0 ? Agency.AgencyStatus.ABNORMAL : Agency.AgencyStatus.NORMAL,
              null));
    }
    return out;
  }

  /** Registers {@code agencies} if none is registered yet. Blocking. */
  public static void loadAgenciesIfEmpty(
      IMap<String, HazelcastJsonValue> map, List<Agency> agencies) {
    if (!map.isEmpty()) {
      return;
    }
    java.util.Map<String, HazelcastJsonValue> docs = new java.util.HashMap<>();
    java.time.Instant now = java.time.Instant.now();
    agencies.forEach(
        a ->
            docs.put(
                a.id(),
                new HazelcastJsonValue(
                    org.linli.server.store.AgencyCodec.encode(a.withUpdatedAt(now)))));
    map.putAll(docs);
    LOG.info("Registered {} demo agencies (made-up credit codes)", docs.size());
  }
}
