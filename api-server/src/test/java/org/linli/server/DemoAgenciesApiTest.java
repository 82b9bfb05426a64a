package org.linli.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.linli.core.access.Principal;
import org.linli.core.access.Role;
import org.linli.core.agency.CreditCode;
import org.linli.core.provider.Provider;
import org.linli.core.provider.ProviderKind;
import org.linli.server.demo.DemoData;

/**
 * The demo registers its agencies: every demo provider belongs to a registered agency, so an offer
 * to any of them, an AGENCY or PROJECT included, can be answered by that agency's accounts.
 */
class DemoAgenciesApiTest {
  @Test
  void everyDemoProvider_hasARegisteredAgency_whoseAccountsAnswerItsOffers() throws Exception {
    List<Provider> demo = DemoData.providers();
    assertThat(demo).allMatch(p -> p.agencyId() != null);
    try (TestServer s = new TestServer(true)) {
      String staff = s.token("demo-staff", Role.STAFF, null, null);
      for (Provider p :
          demo.stream().filter(p -> p.kind() != ProviderKind.WORKER).limit(40).toList()) {
        JsonNode agency =
            CasesApiTest.as(s, staff, "GET", "/api/v1/agencies/" + p.agencyId(), null).json();
        assertThat(CreditCode.isValid(agency.get("creditCode").asText())).as(p.id()).isTrue();
      }
      // A need that only a PROJECT can take, accepted by its agency's account.
      Provider project =
          demo.stream()
              .filter(p -> p.kind() == ProviderKind.PROJECT && p.serviceArea() == null)
              .filter(p -> p.status() == org.linli.core.provider.ProviderStatus.ACTIVE)
              .filter(p -> p.activeCases() < p.capacity())
              .findFirst()
              .orElseThrow();
      String need =
          """
          {"location": {"lat": %s, "lon": %s}, "skills": ["%s"], "kinds": ["PROJECT"],
           "radiusMeters": 300, "sort": "distance", "description": "需要帮助", "urgency": "ROUTINE"}
          """
              .formatted(
                  project.location().lat(),
                  project.location().lon(),
                  project.skills().iterator().next().code());
      String resident =
          s.server
              .tokens()
              .mint(
                  new Principal("r-demo", Set.of(Role.RESIDENT), null, null),
                  Duration.ofMinutes(5));
      JsonNode created = CasesApiTest.as(s, resident, "POST", "/api/v1/needs", need).json();
      assertThat(created.get("status").asText()).as(created.toString()).isEqualTo("OFFERED");
      String offered = created.get("offer").get("providerId").asText();
      String offeredAgency = s.get("/api/v1/providers/" + offered).json().get("agencyId").asText();
      String agencyAccount = s.token("demo-agency", Role.AGENCY, offeredAgency, null);
      TestServer.Answer accepted =
          CasesApiTest.as(
              s,
              agencyAccount,
              "POST",
              "/api/v1/cases/" + created.get("caseId").asText() + "/accept",
              null);
      assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
    }
  }
}
