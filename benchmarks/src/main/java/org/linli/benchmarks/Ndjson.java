package org.linli.benchmarks;

import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.core.synthetic.SyntheticCity;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/**
 * Providers as an NDJSON bulk-import body, the way a client would send them (no read-only rating).
 */
final class Ndjson {
  private Ndjson() {}

  static String providers(SyntheticCity city, int count, String idPrefix) {
    StringBuilder ndjson = new StringBuilder(count * 700);
    for (Provider p : city.providers(count, idPrefix)) {
      var o = ProviderJson.write(p, BayesianPrior.DEFAULT);
      o.remove("rating");
      ndjson.append(Json.write(o)).append('\n');
    }
    return ndjson.toString();
  }
}
