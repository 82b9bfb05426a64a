package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Role;

/**
 * Every provider answer carries {@code regionCode}: the adcode of the deepest loaded region holding
 * it, current whenever regions are imported.
 */
class RegionCodeApiTest {
  @Test
  void theDeepestRegionsCode_followsLaterImports() throws Exception {
    try (TestServer s = new TestServer(false)) {
      ClusterCasesApiTest.putWorker(s, "rc-in", "rc-a", 22.5200, 114.0200); // 福田, 福田街道
      ClusterCasesApiTest.putWorker(s, "rc-out", "rc-a", 30.0, 120.0); // far outside
      assertThat(s.get("/api/v1/providers/rc-in").json().get("regionCode").isNull())
          .as("no regions loaded yet")
          .isTrue();

      RegionSearchApiTest.importDistricts(s);
      assertThat(s.get("/api/v1/providers/rc-in").json().get("regionCode").asText())
          .as("regions imported after the provider: seen at once")
          .isEqualTo("440304");
      assertThat(s.get("/api/v1/providers/rc-out").json().get("regionCode").isNull()).isTrue();

      // A street without a code of its own gives its district's; one with a code gives its own.
      assertThat(
              RegionsApiTest.importAs(
                      s, s.adminToken, "level=street&nameProperty=n", RegionSearchApiTest.STREETS)
                  .status())
          .isEqualTo(200);
      assertThat(s.get("/api/v1/providers/rc-in").json().get("regionCode").asText())
          .isEqualTo("440304");
      String coded =
          RegionSearchApiTest.STREETS.replace(
              "\"n\": \"福田街道\"", "\"n\": \"福田街道\", \"c\": \"440304001\"");
      assertThat(
              RegionsApiTest.importAs(
                      s, s.adminToken, "level=street&nameProperty=n&codeProperty=c", coded)
                  .status())
          .isEqualTo(200);
      assertThat(s.get("/api/v1/providers/rc-in").json().get("regionCode").asText())
          .isEqualTo("440304001");

      // The other provider answers carry it too: the write's own answer and the roster.
      String doc =
          Documents.worker("rc-in", 22.5200, 114.0200)
              .replace("\"a7\"", "\"rc-a\"")
              .replace("\"activeCases\": 3", "\"activeCases\": 0");
      assertThat(s.put("/api/v1/providers/rc-in", doc).json().get("regionCode").asText())
          .isEqualTo("440304001");
      String agency = s.token("rc-ag", Role.AGENCY, "rc-a", null);
      JsonNode roster =
          CasesApiTest.as(s, agency, "GET", "/api/v1/providers?agencyId=rc-a", null).json();
      roster
          .get("providers")
          .forEach(p -> assertThat(p.has("regionCode")).as(p.get("id").asText()).isTrue());
    }
  }
}
