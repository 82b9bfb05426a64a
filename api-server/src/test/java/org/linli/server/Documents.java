package org.linli.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.linli.core.provider.Provider;
import org.linli.core.rating.BayesianPrior;
import org.linli.server.json.Json;
import org.linli.server.json.ProviderJson;

/** Request documents for tests. */
final class Documents {
  private Documents() {}

  /** A valid worker near Futian, as a client would send it. */
  static String worker(String id, double lat, double lon) {
    return """
        {"id": "%s", "kind": "WORKER", "name": "王芳", "agencyId": "a7",
         "location": {"lat": %s, "lon": %s}, "serviceRadiusMeters": 5000,
         "skills": ["ELDER_CARE", "MENTAL_HEALTH"], "description": "居家养老 心理疏导",
         "languages": ["zh", "yue"], "qualification": "SOCIAL_WORKER", "capacity": 12, "activeCases": 3}
        """
        .formatted(id, lat, lon);
  }

  /** A provider as one NDJSON line. */
  static String line(Provider p) {
    ObjectNode o = ProviderJson.write(p, BayesianPrior.DEFAULT);
    o.remove("rating");
    return Json.write(o);
  }
}
